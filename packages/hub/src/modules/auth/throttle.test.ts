import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_PASSWORD, startTestHub, type TestHub } from '../../../test/harness.js';
import { PasswordWorkBusy, PasswordWorkQueue, passwordWork } from './auth.crypto.js';

/*
 * Hostile test finding 2 (high): the throttle was read before the password check and failures recorded after it,
 * so 200 parallel guesses from one address gave 199 × 401 and 1 × 200, and filled the thread pool with argon2.
 */
describe('sign-in throttle under parallel guessing', () => {
  let hub: TestHub;
  beforeAll(async () => {
    hub = await startTestHub();
  });
  afterAll(async () => hub.dispose());

  const login = (email: string, password: string, remoteAddress: string) =>
    hub.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email, password }, remoteAddress });

  it('200 parallel guesses from one address reach the password check at most 5 times; the rest get 423/429', async () => {
    await hub.user('burst@throttle.example');
    const guesses = Array.from({ length: 200 }, (_, i) => (i === 199 ? TEST_PASSWORD : `guess ${i}`));
    const responses = await Promise.all(guesses.map((g) => login('burst@throttle.example', g, '10.20.0.1')));
    const statuses = responses.map((r) => r.statusCode);
    const checked = statuses.filter((s) => s === 401 || s === 200).length;
    expect(checked).toBeLessThanOrEqual(5);
    expect(statuses.filter((s) => s === 423 || s === 429).length).toBeGreaterThanOrEqual(195);
    for (const r of responses.filter((x) => x.statusCode === 423 || x.statusCode === 429)) {
      expect(Number(r.headers['retry-after'])).toBeGreaterThan(0);
    }
    // Locked now, even with the right password (the pair, and the address after more than 20 attempts).
    expect([423, 429]).toContain((await login('burst@throttle.example', TEST_PASSWORD, '10.20.0.1')).statusCode);
  });

  it("an attacker's guesses do not lock the owner out: the owner signs in from their own address", async () => {
    await hub.user('target@throttle.example');
    for (let i = 0; i < 8; i += 1) await login('target@throttle.example', `nope ${i}`, '10.21.0.1');
    expect((await login('target@throttle.example', TEST_PASSWORD, '10.21.0.1')).statusCode).toBe(423);
    expect((await login('target@throttle.example', TEST_PASSWORD, '10.21.0.2')).statusCode).toBe(200);
  });

  it('guesses spread over many addresses hit the account-wide back-off', async () => {
    await hub.user('spread@throttle.example');
    const statuses: number[] = [];
    for (let i = 0; i < 25; i += 1) {
      statuses.push((await login('spread@throttle.example', `wrong ${i}`, `10.22.${i}.1`)).statusCode);
    }
    expect(statuses.slice(0, 20).every((s) => s === 401)).toBe(true);
    expect(statuses.slice(20).every((s) => s === 429)).toBe(true);
    const backedOff = await login('spread@throttle.example', TEST_PASSWORD, '10.22.99.1');
    expect(backedOff.statusCode).toBe(429);
    const retryAfter = Number(backedOff.headers['retry-after']);
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(60);
  });

  it('one address trying many accounts is refused after 20 attempts', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 22; i += 1) {
      statuses.push((await login(`nobody-${i}@throttle.example`, 'whatever it is', '10.23.0.1')).statusCode);
    }
    expect(statuses.slice(0, 20).every((s) => s === 401)).toBe(true);
    expect(statuses.slice(20)).toEqual([429, 429]);
  });

  it('successful sign-ins are not held against the address', async () => {
    await hub.user('office@throttle.example');
    for (let i = 0; i < 21; i += 1) {
      expect((await login('office@throttle.example', TEST_PASSWORD, '10.24.0.1')).statusCode).toBe(200);
    }
  });

  it('never runs more than two password hashes at once, whatever the flood', async () => {
    passwordWork.peak = 0;
    await hub.user('flood@throttle.example');
    await Promise.all(
      Array.from({ length: 16 }, (_, i) => login(`flood-${i}@throttle.example`, 'wrong', `10.25.${i}.1`)),
    );
    expect(passwordWork.peak).toBeGreaterThan(0);
    expect(passwordWork.peak).toBeLessThanOrEqual(passwordWork.concurrency);
  });
});

describe(PasswordWorkQueue.name, () => {
  it('runs at most `concurrency` jobs at once and refuses work beyond the waiting room', async () => {
    const queue = new PasswordWorkQueue(2, 3);
    let running = 0;
    let most = 0;
    const releases: (() => void)[] = [];
    const job = () =>
      queue.run(async () => {
        running += 1;
        most = Math.max(most, running);
        await new Promise<void>((resolve) => releases.push(resolve));
        running -= 1;
      });
    const jobs = Array.from({ length: 5 }, job);
    await expect(job()).rejects.toBeInstanceOf(PasswordWorkBusy);
    while (releases.length > 0 || running > 0) {
      await new Promise((resolve) => setImmediate(resolve));
      releases.shift()?.();
    }
    await Promise.all(jobs);
    expect(most).toBe(2);
    expect(queue.peak).toBe(2);
  });
});
