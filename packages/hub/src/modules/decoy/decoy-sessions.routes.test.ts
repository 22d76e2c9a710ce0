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
});
