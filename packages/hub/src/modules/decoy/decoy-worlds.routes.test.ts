import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog } from '../audit/audit.table.js';
import { DecoyWorldsService } from './decoy-worlds.service.js';
import {
  attack,
  bearer,
  createWorld,
  P,
  postEvents,
  sensorSecret,
  startDecoyHub,
  type DecoyHub,
  type Headers,
} from './decoy.fixtures.js';

describe(DecoyWorldsService.name, () => {
  let d: DecoyHub;
  let secret: string;

  beforeAll(async () => {
    d = await startDecoyHub('dworlds');
    secret = await sensorSecret(d, 'w-sensor');
  });
  afterAll(async () => d.hub.dispose());

  const call = (method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, headers: Headers, payload?: object) =>
    d.hub.app.inject({ method, url: `${P}${url}`, headers, ...(payload ? { payload } : {}) });
  const privateKeysOf = async (id: string) => {
    const response = await d.hub.app.inject({
      url: `${P}/decoy/sensors/w-sensor/assignments`,
      headers: bearer(secret),
    });
    const world = response.json<{ worlds: { worldId: string; hostKeys: Record<string, string[]> }[] }>().worlds;
    return Object.values(world.find((w) => w.worldId === id)!.hostKeys).flat();
  };

  it('creates a generated world, shows it to the owner organisation, and never shows host keys to users', async () => {
    const created = await createWorld(d, 'gen-one', 'w-sensor');
    expect(created).toMatchObject({
      id: 'gen-one',
      kind: 'generated',
      environmentCode: 'GENONE',
      sensorId: 'w-sensor',
      desired: 'stopped',
      state: 'unknown',
      revision: 1,
      resetGeneration: 0,
      lentTo: null,
      tlp: 'AMBER',
      scope: 'organisation',
      sessions: { total: 0, live: 0 },
    });
    const keys = await privateKeysOf('gen-one');
    expect(keys.length).toBeGreaterThan(0);
    for (const who of [d.padmin, d.analystA]) {
      const detail = await call('GET', '/decoy/worlds/gen-one', who);
      expect(detail.statusCode, detail.body).toBe(200);
      const list = await call('GET', '/decoy/worlds?q=gen-one', who);
      for (const body of [detail.body, list.body]) {
        for (const key of keys) expect(body).not.toContain(key.split('\n')[1]);
        expect(body).not.toContain('PRIVATE KEY');
      }
    }
    const admin = (await call('GET', '/decoy/worlds/gen-one', d.padmin)).json();
    expect(admin.hosts.length).toBe(6);
    expect(admin.hosts[0]).toEqual(
      expect.objectContaining({ hostname: expect.any(String), role: expect.any(String), address: expect.any(String) }),
    );
    expect(admin.employees).toBe(8);
    expect(admin.plantedCredentials.length).toBeGreaterThan(0);
    expect(admin.definition).toContain('plantedCredentials:');
    const analyst = (await call('GET', '/decoy/worlds/gen-one', d.analystA)).json();
    expect(analyst.plantedCredentials).toBeUndefined();
    expect(analyst.definition).toBeUndefined();
    expect(analyst.hosts.length).toBe(6);
    // Organisation scope: the other organisation's analyst does not see it at all.
    expect((await call('GET', '/decoy/worlds/gen-one', d.analystB)).statusCode).toBe(404);
    expect((await call('GET', '/decoy/worlds?q=gen-one', d.analystB)).json().items).toEqual([]);
  });

  it('lets only platform admins manage worlds, and says so', async () => {
    const body = {
      id: 'sneaky',
      sensorId: 'w-sensor',
      generate: { sector: 'finance', lang: 'en', employees: 5, hosts: 6, seed: 1 },
    };
    const refused = await call('POST', '/decoy/worlds', d.analystA, body);
    expect(refused.statusCode).toBe(403);
    expect(refused.json().error.message).toBe('only platform admins manage decoy worlds');
    await createWorld(d, 'managed', 'w-sensor');
    for (const [method, url, payload] of [
      ['PATCH', '/decoy/worlds/managed', { fetchEnabled: true }],
      ['POST', '/decoy/worlds/managed/start', undefined],
      ['POST', '/decoy/worlds/managed/reset', undefined],
      ['POST', '/decoy/worlds/managed/lend', { orgId: d.orgB.id }],
      ['DELETE', '/decoy/worlds/managed', undefined],
    ] as const) {
      const response = await call(method, url, d.analystA, payload);
      expect(response.statusCode, `${method} ${url}`).toBe(403);
    }
  });

  it('refuses invalid YAML with the line and field of every problem', async () => {
    const valid = (await call('GET', '/decoy/worlds/gen-one', d.padmin)).json<{ definition: string }>().definition;
    const lines = valid.split('\n');
    const portLine = lines.findIndex((l) => /^\s+port: \d+$/.test(l));
    lines[portLine] = lines[portLine]!.replace(/\d+$/, '99999');
    const response = await call('POST', '/decoy/worlds', d.padmin, {
      id: 'bad-yaml',
      sensorId: 'w-sensor',
      definition: lines.join('\n'),
    });
    expect(response.statusCode).toBe(400);
    const { error } = response.json<{ error: { code: string; fields: { path: string; message: string }[] } }>();
    expect(error.code).toBe('VALIDATION_FAILED');
    expect(error.fields[0]!.path).toMatch(/^definition\.hosts\[\d+\]\.services\[\d+\]\.port$/);
    expect(error.fields[0]!.message).toMatch(new RegExp(`^line ${portLine + 1}, column \\d+: `));

    const syntax = await call('POST', '/decoy/worlds', d.padmin, {
      id: 'bad-syntax',
      sensorId: 'w-sensor',
      definition: 'version: 1\norganisation: [unclosed\n',
    });
    expect(syntax.statusCode).toBe(400);
    expect(syntax.json().error.fields[0].message).toMatch(/^line \d+, column \d+: /);
    const neither = await call('POST', '/decoy/worlds', d.padmin, { id: 'neither', sensorId: 'w-sensor' });
    expect(neither.statusCode).toBe(400);
    expect(neither.json().error.fields[0].path).toBe('definition');
  });

  it('uploads YAML, keeps host keys across an edit, and bumps the revision', async () => {
    const yaml = (await call('GET', '/decoy/worlds/gen-one', d.padmin)).json<{ definition: string }>().definition;
    const created = await call('POST', '/decoy/worlds', d.padmin, {
      id: 'uploaded',
      sensorId: 'w-sensor',
      definition: yaml,
    });
    expect(created.statusCode, created.body).toBe(201);
    expect(created.json().kind).toBe('uploaded');
    const before = await privateKeysOf('uploaded');
    // Uploaded YAML names no private keys the hub has: it makes its own, never the other world's.
    const genKeys = await privateKeysOf('gen-one');
    expect(before.filter((k) => genKeys.includes(k))).toEqual([]);
    const current = (await call('GET', '/decoy/worlds/uploaded', d.padmin)).json<{ definition: string }>().definition;
    const edited = current.replace(/^(\s+description: ).*$/m, '$1edited by the test');
    const patched = await call('PATCH', '/decoy/worlds/uploaded', d.padmin, {
      definition: edited,
      bindings: { http: { host: '127.0.0.1', port: 8081 } },
    });
    expect(patched.statusCode, patched.body).toBe(200);
    expect(patched.json()).toMatchObject({ revision: 2, bindings: { http: { host: '127.0.0.1', port: 8081 } } });
    expect(await privateKeysOf('uploaded')).toEqual(before);
  });

  it('needs allowPublic to bind a non-loopback address', async () => {
    const refused = await call('PATCH', '/decoy/worlds/gen-one', d.padmin, {
      bindings: { ssh: { host: '0.0.0.0', port: 22 } },
    });
    expect(refused.statusCode).toBe(400);
    expect(refused.json().error.fields).toEqual([
      { path: 'bindings.ssh.host', message: '0.0.0.0 is not a loopback address; send allowPublic: true to bind it' },
    ]);
    const allowed = await call('PATCH', '/decoy/worlds/gen-one', d.padmin, {
      bindings: { ssh: { host: '0.0.0.0', port: 22 } },
      allowPublic: true,
    });
    expect(allowed.statusCode, allowed.body).toBe(200);
  });

  it('starts, stops, resets and deletes (only when stopped), auditing each change', async () => {
    await createWorld(d, 'life', 'w-sensor');
    expect((await call('POST', '/decoy/worlds/life/start', d.padmin)).json().desired).toBe('running');
    const running = await call('DELETE', '/decoy/worlds/life', d.padmin);
    expect(running.statusCode).toBe(409);
    expect(running.json().error.message).toContain('stop it before deleting it');
    expect((await call('POST', '/decoy/worlds/life/reset', d.padmin)).json().resetGeneration).toBe(1);
    expect((await call('POST', '/decoy/worlds/life/stop', d.padmin)).json().desired).toBe('stopped');
    expect((await call('DELETE', '/decoy/worlds/life', d.padmin)).statusCode).toBe(204);
    expect((await call('GET', '/decoy/worlds/life', d.padmin)).statusCode).toBe(404);
    const { db } = d.hub.database;
    const actions = (await db.select().from(auditLog).where(eq(auditLog.targetId, 'life'))).map((r) => r.action);
    expect(actions.sort()).toEqual(
      ['decoy_world.create', 'decoy_world.delete', 'decoy_world.reset', 'decoy_world.start', 'decoy_world.stop'].sort(),
    );
  });

  it('lends a world: the borrower sees the sessions from then on, another organisation does not', async () => {
    await createWorld(d, 'lent', 'w-sensor');
    await postEvents(d, bearer(secret), 'w-sensor', attack('w-sensor', 'lent', 'before-loan'));
    const lend = await call('POST', '/decoy/worlds/lent/lend', d.padmin, { orgId: d.orgB.id });
    expect(lend.statusCode, lend.body).toBe(200);
    expect(lend.json().lentTo).toEqual({ id: d.orgB.id, name: `${d.orgB.slug} Inc.` });
    await postEvents(d, bearer(secret), 'w-sensor', attack('w-sensor', 'lent', 'during-loan'));
    const seen = async (who: Headers) =>
      (await call('GET', '/decoy/sessions?world=lent', who))
        .json<{ items: { session: string }[] }>()
        .items.map((s) => s.session);
    expect(await seen(d.analystB)).toEqual(['during-loan']);
    expect(await seen(d.analystA)).toEqual(['before-loan']);
    // The borrower sees the world itself too.
    expect((await call('GET', '/decoy/worlds/lent', d.analystB)).statusCode).toBe(200);
    const ended = await call('POST', '/decoy/worlds/lent/lend', d.padmin, { orgId: null });
    expect(ended.json().lentTo).toBeNull();
    await postEvents(d, bearer(secret), 'w-sensor', attack('w-sensor', 'lent', 'after-loan'));
    expect(await seen(d.analystB)).toEqual(['during-loan']);
  });
});
