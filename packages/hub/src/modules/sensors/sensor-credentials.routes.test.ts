import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestHub, type TestHub } from '../../../test/harness.js';
import { auditLog } from '../audit/audit.table.js';
import { sha256Hex } from '../auth/auth.crypto.js';
import { batch, recent, sensorToken, upload } from '../telescope/telescope.fixtures.js';
import { SensorCredentialsService } from './sensor-credentials.service.js';
import { sensorCredentials } from './sensor-credentials.table.js';

type Headers = Record<string, string>;
const P = '/api/v1';
const CREDENTIALS = `${P}/sensors/credentials`;
const bearer = (secret: string) => ({ authorization: `Bearer ${secret}` });
const sighting = (sensorId: string) => ({
  sensorId,
  sightings: [{ key: 's-1', host: '192.0.2.9', kind: 'login', port: 22, firstSeen: recent(30) }],
});

describe(SensorCredentialsService.name, () => {
  let hub: TestHub;
  const logLines: string[] = [];
  let padmin: Headers;
  let analyst: Headers;

  const register = async (body: object, headers: Headers = padmin) =>
    hub.app.inject({ method: 'POST', url: CREDENTIALS, headers, payload: body });
  const registered = async (sensorId: string, purposes: string[]) => {
    const response = await register({ sensorId, name: `${sensorId} box`, purposes });
    expect(response.statusCode, response.body).toBe(201);
    return response.json<{ secret: string; item: { id: string } }>();
  };
  const postDecoy = (headers: Headers, sensorId: string) =>
    hub.app.inject({ method: 'POST', url: `${P}/telescope/decoy-sightings`, headers, payload: sighting(sensorId) });

  beforeAll(async () => {
    hub = await startTestHub({ logLevel: 'warn' }, { logStream: { write: (line: string) => logLines.push(line) } });
    const org = await hub.org('sensor-a');
    await hub.user('root@sensor.example', { platformAdmin: true });
    await hub.user('ana@sensor-a.example', { memberships: [{ orgId: org.id, role: 'analyst' }] });
    padmin = await hub.signIn('root@sensor.example');
    analyst = await hub.signIn('ana@sensor-a.example');
  });
  afterAll(async () => hub.dispose());

  it('registers, uploads for its own sensor only, keeps purposes apart, and stops working once revoked', async () => {
    const { secret, item } = await registered('tokyo-1', ['telescope']);
    expect(secret).toMatch(/^cnxs_[A-Za-z0-9_-]{43}$/);

    const own = await upload(hub, secret, batch({ sensorId: 'tokyo-1' }));
    expect(own.statusCode, own.body).toBe(200);

    const other = await upload(hub, secret, batch({ sensorId: 'osaka-1' }));
    expect(other.statusCode).toBe(403);
    expect(other.json().error).toMatchObject({ code: 'FORBIDDEN' });
    expect(other.json().error.message).toContain('uploads for sensor tokyo-1 only, not for osaka-1');

    const decoy = await postDecoy(bearer(secret), 'tokyo-1');
    expect(decoy.statusCode).toBe(403);
    expect(decoy.json().error.message).toContain('not registered to upload decoy sightings');

    const listed = (await hub.app.inject({ method: 'GET', url: CREDENTIALS, headers: padmin })).json().items;
    const row = listed.find((c: { id: string }) => c.id === item.id);
    expect(row).toMatchObject({ sensorId: 'tokyo-1', purposes: ['telescope'], revokedAt: null });
    expect(row.lastUsedAt).not.toBeNull();
    expect(row.lastUsedIp).toBe('127.0.0.1');
    expect(row.createdByEmail).toBe('root@sensor.example');
    expect(JSON.stringify(listed)).not.toContain(secret.slice(10));
    expect(row).not.toHaveProperty('secretHash');

    const revoked = await hub.app.inject({ method: 'DELETE', url: `${CREDENTIALS}/${item.id}`, headers: padmin });
    expect(revoked.statusCode, revoked.body).toBe(204);
    const after = await upload(hub, secret, batch({ sensorId: 'tokyo-1' }));
    expect(after.statusCode).toBe(401);
    expect(after.json().error).toMatchObject({
      code: 'UNAUTHENTICATED',
      message: 'the sensor credential is not valid',
    });
    const again = await hub.app.inject({ method: 'DELETE', url: `${CREDENTIALS}/${item.id}`, headers: padmin });
    expect(again.json().error.code).toBe('SENSOR_CREDENTIAL_NOT_FOUND');
  });

  it('a decoy credential posts sightings for its own sensor id only, and no darknet batches', async () => {
    const { secret } = await registered('decoy-7', ['decoy']);
    const own = await postDecoy(bearer(secret), 'decoy-7');
    expect(own.statusCode, own.body).toBe(200);
    expect(own.json()).toMatchObject({ sightings: 1, hosts: 1 });
    const other = await postDecoy(bearer(secret), 'decoy-8');
    expect(other.statusCode).toBe(403);
    expect(other.json().error.message).toContain('uploads for sensor decoy-7 only');
    expect((await upload(hub, secret, batch({ sensorId: 'decoy-7' }))).statusCode).toBe(403);
  });

  it('a credential for both purposes uploads both', async () => {
    const { secret } = await registered('both-1', ['decoy', 'telescope']);
    expect((await upload(hub, secret, batch({ sensorId: 'both-1' }))).statusCode).toBe(200);
    expect((await postDecoy(bearer(secret), 'both-1')).statusCode).toBe(200);
  });

  it('reads nothing: telescope statistics, alerts, cases, its own listing and the signed-in user are refused', async () => {
    const { secret } = await registered('reader-1', ['telescope', 'decoy']);
    for (const url of [
      `${P}/telescope/summary`,
      `${P}/telescope/series?granularity=1h`,
      `${P}/telescope/events?kind=scan`,
      `${P}/alerts`,
      `${P}/cases`,
      `${P}/telescope/reports`,
      `${P}/attack/tactics`,
      `${P}/auth/me`,
      CREDENTIALS,
      '/',
    ]) {
      const response = await hub.app.inject({ method: 'GET', url, headers: bearer(secret) });
      expect([401, 403], `${url}: ${response.statusCode}`).toContain(response.statusCode);
    }
    const minted = await hub.app.inject({
      method: 'POST',
      url: `${P}/tokens`,
      headers: bearer(secret),
      payload: { name: 'escalate', scopes: ['read', 'write'] },
    });
    expect(minted.statusCode).toBe(403);
  });

  it('a wrong or unknown cnxs_ secret is a 401, as a wrong API token is', async () => {
    for (const secret of ['cnxs_not-a-real-secret', `cnxs_${'A'.repeat(43)}`]) {
      const response = await upload(hub, secret, batch({ sensorId: 'tokyo-1' }));
      expect(response.statusCode).toBe(401);
      expect(response.json().error.code).toBe('UNAUTHENTICATED');
    }
  });

  it('stores only the SHA-256 of the secret', async () => {
    const { secret, item } = await registered('hash-1', ['telescope']);
    const rows = await hub.database.db.select().from(sensorCredentials).where(eq(sensorCredentials.id, item.id));
    expect(rows).toHaveLength(1);
    expect(rows[0]!.secretHash).toBe(sha256Hex(secret));
    expect(JSON.stringify(rows[0])).not.toContain(secret.slice(5));
    expect(rows[0]!.prefix).toBe(secret.slice(0, 10));
  });

  it('audits registration and revocation', async () => {
    const { item } = await registered('audit-1', ['telescope']);
    await hub.app.inject({ method: 'DELETE', url: `${CREDENTIALS}/${item.id}`, headers: padmin });
    const entries = await hub.database.db.select().from(auditLog).where(eq(auditLog.targetId, item.id));
    expect(entries.map((e) => [e.action, e.actorLabel])).toEqual([
      ['sensor_credential.create', 'root@sensor.example'],
      ['sensor_credential.revoke', 'root@sensor.example'],
    ]);
    expect(entries[0]!.details).toMatchObject({ sensorId: 'audit-1', purposes: ['telescope'] });
  });

  it('one active credential per sensor id; a new one after revoking', async () => {
    const first = await registered('unique-1', ['telescope']);
    const second = await register({ sensorId: 'unique-1', name: 'second', purposes: ['decoy'] });
    expect(second.statusCode).toBe(409);
    expect(second.json().error.code).toBe('SENSOR_CREDENTIAL_CONFLICT');
    await hub.app.inject({ method: 'DELETE', url: `${CREDENTIALS}/${first.item.id}`, headers: padmin });
    expect((await register({ sensorId: 'unique-1', name: 'third', purposes: ['decoy'] })).statusCode).toBe(201);
  });

  it('validates the sensor id and purposes', async () => {
    for (const body of [
      { sensorId: 'Tokyo 1', name: 'x', purposes: ['telescope'] },
      { sensorId: 'ok-1', name: 'x', purposes: [] },
      { sensorId: 'ok-1', name: 'x', purposes: ['admin'] },
    ]) {
      expect((await register(body)).statusCode, JSON.stringify(body)).toBe(400);
    }
  });

  it('only platform admins manage credentials, and API tokens do not register them', async () => {
    expect((await hub.app.inject({ method: 'GET', url: CREDENTIALS, headers: analyst })).statusCode).toBe(403);
    expect((await register({ sensorId: 'x-1', name: 'x', purposes: ['telescope'] }, analyst)).statusCode).toBe(403);
    expect((await hub.app.inject({ method: 'GET', url: CREDENTIALS })).statusCode).toBe(401);
    const token = await sensorToken(hub, 'tokens@sensor.example');
    const byToken = await register({ sensorId: 'x-1', name: 'x', purposes: ['telescope'] }, bearer(token));
    expect(byToken.statusCode).toBe(403);
    expect(byToken.json().error.message).toBe('API tokens cannot register sensor credentials');
    expect((await hub.app.inject({ method: 'GET', url: CREDENTIALS, headers: bearer(token) })).statusCode).toBe(200);
  });

  it('platform-admin API tokens still upload during the transition, with one deprecation warning per token', async () => {
    const token = await sensorToken(hub, 'legacy@sensor.example');
    const warnings = () => logLines.filter((line) => line.includes('platform-admin-token-upload'));
    const before = warnings().length;
    expect((await upload(hub, token, batch({ sensorId: 'legacy-1' }))).statusCode).toBe(200);
    expect((await upload(hub, token, batch({ sensorId: 'legacy-2' }))).statusCode).toBe(200);
    expect((await postDecoy(bearer(token), 'legacy-1')).statusCode).toBe(200);
    const logged = warnings().slice(before);
    expect(logged).toHaveLength(1);
    expect(JSON.parse(logged[0]!)).toMatchObject({ level: 40, user: 'legacy@sensor.example' });
    expect(logged[0]).not.toContain(token);
  });
});
