import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestHub, type TestHub } from '../../../test/harness.js';
import { SelfCheckService } from './self-check.service.js';
import { batch, recent, scan, sensorToken, source, upload } from './telescope.fixtures.js';

const SEEN = '198.51.100.7';
const UNSEEN = '198.51.100.8';
const LONG_AGO = '198.51.100.9';

async function seed(hub: TestHub): Promise<void> {
  const token = await sensorToken(hub);
  const threeDaysAgo = new Date(Date.now() - 3 * 86_400_000).toISOString();
  const response = await upload(
    hub,
    token,
    batch({
      sources: [source(SEEN, recent(90)), source(LONG_AGO, threeDaysAgo)],
      scans: [scan(SEEN, recent(90), { port: 5555 }), scan(LONG_AGO, threeDaysAgo)],
    }),
  );
  expect(response.statusCode, response.body).toBe(200);
}

describe(SelfCheckService.name, () => {
  let hub: TestHub;
  const check = (remoteAddress: string, url = '/api/v1/public/self-check', headers: Record<string, string> = {}) =>
    hub.app.inject({ method: 'GET', url, remoteAddress, headers });

  beforeAll(async () => {
    hub = await startTestHub();
    await seed(hub);
  });
  afterAll(async () => hub.dispose());

  it('reports what the darknet saw of the caller’s own address in the last 24 hours', async () => {
    const response = await check(SEEN);
    expect(response.statusCode, response.body).toBe(200);
    const body = response.json();
    expect(body).toMatchObject({
      address: SEEN,
      windowHours: 24,
      seen: true,
      darknet: { packets: 700, ports: ['tcp/23', 'tcp/2323', 'tcp/5555'] },
      decoy: null,
    });
    expect(Date.parse(body.darknet.firstSeen)).toBeLessThan(Date.parse(body.darknet.lastSeen));
    expect(Date.parse(body.checkedAt)).toBeGreaterThan(Date.now() - 60_000);
  });

  it('answers "not seen" for another address, and for one seen only before the window', async () => {
    for (const address of [UNSEEN, LONG_AGO]) {
      const body = (await check(address)).json();
      expect(body).toMatchObject({ address, seen: false, darknet: null, decoy: null });
    }
  });

  it('reads an IPv4 client of a dual-stack socket as IPv4', async () => {
    expect((await check(`::ffff:${SEEN}`)).json()).toMatchObject({ address: SEEN, seen: true });
  });

  it('includes decoy sightings of the address', async () => {
    await hub.services.alerts.recordDecoySighting({
      key: 'decoy-1:session-42',
      host: UNSEEN,
      sensorId: 'decoy-1',
      kind: 'login',
      port: 23,
      firstSeen: new Date(Date.now() - 3_600_000),
    });
    const body = (await check(UNSEEN)).json();
    expect(body).toMatchObject({ seen: true, darknet: null, decoy: { count: 1, kinds: ['login'], ports: ['23'] } });
  });

  it('says a loopback, private or carrier-grade NAT address cannot be checked, and why', async () => {
    for (const [address, reason] of [
      ['127.0.0.1', 'loopback'],
      ['::1', 'loopback'],
      ['10.20.30.40', 'private'],
      ['::ffff:192.168.1.20', 'private'],
      ['fd00::7', 'private'],
      ['100.64.1.1', 'shared'],
      ['169.254.1.1', 'link-local'],
    ] as const) {
      const response = await check(address);
      expect(response.statusCode, address).toBe(200);
      expect(response.json(), address).toMatchObject({ checkable: false, reason, seen: false, darknet: null });
    }
  });

  it('marks a public address as checkable', async () => {
    expect((await check(SEEN)).json()).toMatchObject({ checkable: true, reason: null, seen: true });
  });

  it('takes no address parameter, nor any other', async () => {
    for (const query of [`address=${SEEN}`, `ip=${SEEN}`, 'x=1']) {
      const response = await check(UNSEEN, `/api/v1/public/self-check?${query}`);
      expect(response.statusCode, query).toBe(400);
      expect(response.json().error.code).toBe('VALIDATION_FAILED');
    }
  });

  it('ignores X-Forwarded-For unless the hub trusts a proxy', async () => {
    const response = await check(UNSEEN, undefined, { 'x-forwarded-for': SEEN });
    expect(response.json()).toMatchObject({ address: UNSEEN });
  });
});

describe(`${SelfCheckService.name} behind a proxy, rate-limited`, () => {
  let hub: TestHub;

  beforeAll(async () => {
    hub = await startTestHub({ trustProxy: true, selfCheckLimit: 3, selfCheckWindowSeconds: 600 });
    await seed(hub);
  });
  afterAll(async () => hub.dispose());

  it('reads the client address from X-Forwarded-For', async () => {
    const response = await hub.app.inject({
      method: 'GET',
      url: '/api/v1/public/self-check',
      remoteAddress: '127.0.0.1',
      headers: { 'x-forwarded-for': SEEN },
    });
    expect(response.json()).toMatchObject({ address: SEEN, seen: true });
  });

  it('answers 429 with retry-after past the limit, per client address', async () => {
    const from = (address: string) =>
      hub.app.inject({ method: 'GET', url: '/api/v1/public/self-check', remoteAddress: address });
    for (let i = 0; i < 3; i += 1) expect((await from('203.0.113.50')).statusCode).toBe(200);
    const limited = await from('203.0.113.50');
    expect(limited.statusCode).toBe(429);
    expect(limited.json().error.code).toBe('RATE_LIMITED');
    const retryAfter = Number(limited.headers['retry-after']);
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(600);
    expect((await from('203.0.113.51')).statusCode).toBe(200);
  });
});
