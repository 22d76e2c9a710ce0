import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DecoyIngestService } from './decoy-ingest.service.js';
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

describe(DecoyIngestService.name, () => {
  let d: DecoyHub;
  let secret: string;
  let otherSecret: string;
  let telescopeSecret: string;

  beforeAll(async () => {
    d = await startDecoyHub('dsensor');
    secret = await sensorSecret(d, 'vm-1');
    otherSecret = await sensorSecret(d, 'vm-2');
    telescopeSecret = await sensorSecret(d, 'scope-1', ['telescope']);
    await createWorld(d, 'alpha', 'vm-1');
    await createWorld(d, 'beta', 'vm-2');
  });
  afterAll(async () => d.hub.dispose());

  const sessions = async (query = '') => {
    const response = await d.hub.app.inject({ url: `${P}/decoy/sessions${query}`, headers: d.padmin });
    expect(response.statusCode, response.body).toBe(200);
    return response.json<{ items: Record<string, unknown>[] }>().items;
  };

  it('gives a sensor its own worlds with definition and host keys, and refuses every other caller', async () => {
    const own = await d.hub.app.inject({ url: `${P}/decoy/sensors/vm-1/assignments`, headers: bearer(secret) });
    expect(own.statusCode, own.body).toBe(200);
    const body = own.json<{ sensorId: string; worlds: Record<string, unknown>[] }>();
    expect(body.worlds.map((w) => w.worldId)).toEqual(['alpha']);
    const alpha = body.worlds[0]!;
    expect(alpha).toMatchObject({ revision: 1, desired: 'stopped', resetGeneration: 0, fetchEnabled: false });
    expect(alpha.bindings).toEqual({ ssh: { host: '127.0.0.1', port: 2222 } });
    expect(String(alpha.definition)).toContain('organisation:');
    const keys = alpha.hostKeys as Record<string, string[]>;
    expect(Object.keys(keys).length).toBeGreaterThan(0);
    for (const list of Object.values(keys)) {
      expect(list).toHaveLength(3);
      for (const key of list) expect(key).toContain('BEGIN OPENSSH PRIVATE KEY');
    }

    const other = await d.hub.app.inject({ url: `${P}/decoy/sensors/vm-1/assignments`, headers: bearer(otherSecret) });
    expect(other.statusCode).toBe(403);
    expect(other.json().error.message).toContain('uploads for sensor vm-2 only, not for vm-1');
    const telescope = await d.hub.app.inject({
      url: `${P}/decoy/sensors/scope-1/assignments`,
      headers: bearer(telescopeSecret),
    });
    expect(telescope.statusCode).toBe(403);
    // A platform admin (a sensor still on an admin token) gets the worlds, but never the private keys.
    const admin = await d.hub.app.inject({ url: `${P}/decoy/sensors/vm-1/assignments`, headers: d.padmin });
    expect(admin.statusCode).toBe(200);
    expect(admin.json().worlds[0].hostKeys).toEqual({});
    expect(admin.body).not.toContain('PRIVATE KEY');
    const analyst = await d.hub.app.inject({ url: `${P}/decoy/sensors/vm-1/assignments`, headers: d.analystA });
    expect(analyst.statusCode).toBe(403);
    const anonymous = await d.hub.app.inject({ url: `${P}/decoy/sensors/vm-1/assignments` });
    expect(anonymous.statusCode).toBe(401);
  });

  it('stores events once, folds them into the session, and a retry stores nothing twice', async () => {
    const events = attack('vm-1', 'alpha', 'sess-retry');
    const first = await postEvents(d, bearer(secret), 'vm-1', events);
    expect(first.statusCode, first.body).toBe(200);
    expect(first.json()).toEqual({ accepted: 9, duplicates: 0 });
    const again = await postEvents(d, bearer(secret), 'vm-1', events);
    expect(again.json()).toEqual({ accepted: 0, duplicates: 9 });
    // A partial retry: three old events and one new.
    const extra = event('vm-1', 'alpha', 'sess-retry', 9, { kind: 'command', input: 'id' });
    const mixed = await postEvents(d, bearer(secret), 'vm-1', [...events.slice(0, 3), extra]);
    expect(mixed.json()).toEqual({ accepted: 1, duplicates: 3 });

    const [session] = await sessions('?world=alpha&src=203.0.113.9');
    expect(session).toMatchObject({
      session: 'sess-retry',
      worldId: 'alpha',
      host: 'web01',
      protocol: 'ssh',
      srcIp: '203.0.113.9',
      sensorId: 'vm-1',
      username: 'tanaka',
      authSuccess: true,
      authAttempts: 3,
      commands: 4,
      events: 10,
      live: false,
      tlp: 'AMBER',
    });
    expect(session!.endedAt).not.toBeNull();
  });

  it('gives each session the country of its source address, and a documentation address none', async () => {
    const fromJapan = attack('vm-1', 'alpha', 'sess-jp').map((e) => ({
      ...e,
      src: { ip: '203.178.141.194', port: 50_001 },
    }));
    expect((await postEvents(d, bearer(secret), 'vm-1', fromJapan)).statusCode).toBe(200);
    const [japan] = await sessions('?world=alpha&src=203.178.141.194');
    expect(japan).toMatchObject({ session: 'sess-jp', srcCountry: 'JP' });
    const [documentation] = await sessions('?world=alpha&src=203.0.113.9');
    expect(documentation?.srcCountry).toBeNull();
  });

  it('refuses uploads for another sensor, with a telescope credential, or from an analyst', async () => {
    const events = attack('vm-1', 'alpha', 'sess-refused');
    expect((await postEvents(d, bearer(otherSecret), 'vm-1', events)).statusCode).toBe(403);
    expect((await postEvents(d, bearer(telescopeSecret), 'vm-1', events)).statusCode).toBe(403);
    expect((await postEvents(d, d.analystA, 'vm-1', events)).statusCode).toBe(403);
    expect((await postEvents(d, {}, 'vm-1', events)).statusCode).toBe(401);
    expect(await sessions('?world=alpha&src=203.0.113.9')).toHaveLength(1);
  });

  it('refuses the whole batch when one event is invalid, naming its index and field', async () => {
    const events = attack('vm-1', 'alpha', 'sess-invalid');
    const broken = { ...events[4]!, time: 'yesterday' };
    const response = await postEvents(d, bearer(secret), 'vm-1', [...events.slice(0, 4), broken, ...events.slice(5)]);
    expect(response.statusCode).toBe(400);
    const { error } = response.json<{ error: { code: string; fields: { path: string }[] } }>();
    expect(error.code).toBe('VALIDATION_FAILED');
    expect(error.fields.map((f) => f.path)).toContain('events.4.time');
    // Nothing of the batch is stored: the sensor keeps it spooled, fixes nothing, and the hub counts it rejected.
    expect((await sessions()).map((s) => s.session)).not.toContain('sess-invalid');
  });

  it('refuses an events body over its size limit before reading it all', async () => {
    const big = event('vm-1', 'alpha', 'sess-big', 0, { kind: 'command', input: 'x'.repeat(60_000) });
    const events = Array.from({ length: 150 }, (_, i) => ({ ...big, id: `big-${i}` }));
    const response = await postEvents(d, bearer(secret), 'vm-1', events);
    expect(response.statusCode).toBe(413);
    expect(response.json().error.code).toBe('PAYLOAD_TOO_LARGE');
  });

  it('refuses events of a world not assigned to the sensor, naming the world', async () => {
    const response = await postEvents(d, bearer(secret), 'vm-1', attack('vm-1', 'beta', 'sess-beta'));
    expect(response.statusCode).toBe(400);
    const { error } = response.json<{ error: { message: string; fields: { path: string; message: string }[] } }>();
    expect(error.fields).toEqual([{ path: 'events.0.world', message: 'world beta is not assigned to sensor vm-1' }]);
  });

  it('stores recordings once per chunk and serves them for live polling and as an asciicast file', async () => {
    await postEvents(d, bearer(secret), 'vm-1', attack('vm-1', 'alpha', 'sess-rec').slice(0, 5));
    const chunk = (seq: number, lines: string, final = false) => ({
      world: 'alpha',
      host: 'web01',
      session: 'sess-rec',
      seq,
      ...(seq === 0 ? { header: { version: 2, width: 100, height: 30, title: 'web01' } } : {}),
      lines,
      final,
    });
    const upload = (chunks: object[]) =>
      d.hub.app.inject({
        method: 'POST',
        url: `${P}/decoy/recordings`,
        headers: bearer(secret),
        payload: { sensorId: 'vm-1', chunks },
      });
    const first = await upload([chunk(0, '[0.1, "o", "$ "]\n[1.2, "i", "uname -a\\r"]\n')]);
    expect(first.json()).toEqual({ accepted: 1, duplicates: 0 });
    // Chunk 2 arrives before chunk 1: the live view stops at the gap.
    await upload([chunk(2, '[3.0, "o", "bye\\r\\n"]', true)]);
    const [session] = (await sessions('?world=alpha')).filter((s) => s.session === 'sess-rec');
    expect(session!.live).toBe(true);
    const url = `${P}/decoy/sessions/${String(session!.id)}/recording`;
    const poll1 = (await d.hub.app.inject({ url: `${url}?fromSeq=0`, headers: d.analystA })).json();
    expect(poll1).toEqual({
      header: { version: 2, width: 100, height: 30, title: 'web01' },
      lines: ['[0.1, "o", "$ "]', '[1.2, "i", "uname -a\\r"]'],
      nextSeq: 1,
      final: false,
    });
    const retry = await upload([chunk(0, 'changed'), chunk(1, '[2.0, "o", "Linux web01\\r\\n"]')]);
    expect(retry.json()).toEqual({ accepted: 1, duplicates: 1 });
    const poll2 = (await d.hub.app.inject({ url: `${url}?fromSeq=1`, headers: d.analystA })).json();
    expect(poll2).toEqual({
      header: null,
      lines: ['[2.0, "o", "Linux web01\\r\\n"]', '[3.0, "o", "bye\\r\\n"]'],
      nextSeq: 3,
      final: true,
    });
    const cast = await d.hub.app.inject({ url: `${url}.cast`, headers: d.analystA });
    expect(cast.statusCode).toBe(200);
    expect(cast.headers['content-type']).toContain('application/x-asciicast');
    expect(cast.body.trim().split('\n')).toEqual([
      '{"version":2,"width":100,"height":30,"title":"web01"}',
      '[0.1, "o", "$ "]',
      '[1.2, "i", "uname -a\\r"]',
      '[2.0, "o", "Linux web01\\r\\n"]',
      '[3.0, "o", "bye\\r\\n"]',
    ]);
    // Another organisation's analyst does not see the session (organisation scope), so neither its recording.
    expect((await d.hub.app.inject({ url: `${url}?fromSeq=0`, headers: d.analystB })).statusCode).toBe(404);
  });

  it('stores captured files after checking their hash, and serves them only as attachments', async () => {
    const bytes = Buffer.from('#!/bin/sh\nid\n');
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    const put = (hash: string, body: Buffer, headers = bearer(secret)) =>
      d.hub.app.inject({
        method: 'PUT',
        url: `${P}/decoy/captures/${hash}`,
        headers: { ...headers, 'content-type': 'application/octet-stream' },
        payload: body,
      });
    const wrong = await put(sha256, Buffer.from('something else'));
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json().error.fields[0].path).toBe('sha256');
    expect((await put(sha256, bytes, d.analystA)).statusCode).toBe(403);
    const stored = await put(sha256, bytes);
    expect(stored.json()).toEqual({ sha256, size: bytes.length, created: true });
    expect((await put(sha256, bytes)).json()).toEqual({ sha256, size: bytes.length, created: false });

    await postEvents(d, bearer(secret), 'vm-1', attack('vm-1', 'alpha', 'sess-capture', sha256));
    const download = await d.hub.app.inject({ url: `${P}/decoy/captures/${sha256}`, headers: d.analystA });
    expect(download.statusCode, download.body).toBe(200);
    expect(download.headers['content-type']).toBe('application/octet-stream');
    expect(download.headers['content-disposition']).toBe(`attachment; filename="${sha256}.bin"`);
    expect(download.headers['x-content-type-options']).toBe('nosniff');
    expect(download.rawPayload.equals(bytes)).toBe(true);
    expect((await d.hub.app.inject({ url: `${P}/decoy/captures/${sha256}`, headers: d.analystB })).statusCode).toBe(
      404,
    );
    const [session] = (await sessions('?world=alpha')).filter((s) => s.session === 'sess-capture');
    const detail = await d.hub.app.inject({ url: `${P}/decoy/sessions/${String(session!.id)}`, headers: d.analystA });
    expect(detail.json().captures).toEqual([expect.objectContaining({ sha256, size: bytes.length, stored: true })]);
    expect(detail.json().events.map((e: { kind: string }) => e.kind)).toEqual([
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
  });

  it('stores the sensor status with its counters and shows the reported state on the world', async () => {
    const status = {
      sensorId: 'vm-1',
      version: '0.1.0',
      spooled: 4,
      dropped: 2,
      rejected: 1,
      worlds: [
        {
          worldId: 'alpha',
          revision: 1,
          resetGeneration: 0,
          state: 'failed',
          error: 'port 2222 in use',
          listening: [],
          sessions: 0,
        },
      ],
    };
    const post = (headers: Record<string, string>, sensorId = 'vm-1') =>
      d.hub.app.inject({ method: 'POST', url: `${P}/decoy/sensors/${sensorId}/status`, headers, payload: status });
    expect((await post(bearer(otherSecret))).statusCode).toBe(403);
    expect((await post(bearer(secret))).statusCode).toBe(204);
    const world = await d.hub.app.inject({ url: `${P}/decoy/worlds/alpha`, headers: d.padmin });
    expect(world.json()).toMatchObject({
      state: 'failed',
      error: 'port 2222 in use',
      sensorReport: { version: '0.1.0', spooled: 4, dropped: 2, rejected: 1 },
    });
  });
});
