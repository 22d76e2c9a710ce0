import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestHub, type TestHub } from '../../../test/harness.js';
import { createWorld, SENSOR, sessionEvents } from '../decoy-analysis/decoy-analysis.fixtures.js';
import { batch, recent, sensorToken, upload } from '../telescope/telescope.fixtures.js';
import { DecoySessionFusionSource } from './decoy.fusion-source.js';
import type { LookupResult } from './fusion.service.js';

type Headers = Record<string, string>;

const ATTACKER = '198.51.100.61';
const COMMUNITY_ATTACKER = '198.51.100.62';
const VICTIM = '192.0.2.210';

describe(DecoySessionFusionSource.name, () => {
  let hub: TestHub;
  const h = {} as Record<'padmin' | 'anaA' | 'anaB', Headers>;

  const lookup = async (who: keyof typeof h, q: string) => {
    const response = await hub.app.inject({ url: `/api/v1/fusion?q=${encodeURIComponent(q)}`, headers: h[who] });
    expect(response.statusCode, response.body).toBe(200);
    return response.json<LookupResult>();
  };
  const sessionsListed = async (who: keyof typeof h) => {
    const response = await hub.app.inject({ url: '/api/v1/decoy/sessions?limit=200', headers: h[who] });
    expect(response.statusCode, response.body).toBe(200);
    return response.json<{ items: { id: string }[] }>().items.map((s) => s.id);
  };

  beforeAll(async () => {
    hub = await startTestHub();
    const a = (await hub.org('fusion-decoy-a')).id;
    const b = (await hub.org('fusion-decoy-b')).id;
    await hub.user('ana@fusion-decoy-a.example', { memberships: [{ orgId: a, role: 'analyst' }] });
    await hub.user('ana@fusion-decoy-b.example', { memberships: [{ orgId: b, role: 'analyst' }] });
    await hub.user('root@fusion-decoy.example', { platformAdmin: true });
    h.anaA = await hub.signIn('ana@fusion-decoy-a.example');
    h.anaB = await hub.signIn('ana@fusion-decoy-b.example');
    h.padmin = await hub.signIn('root@fusion-decoy.example');
    await createWorld(hub, { id: 'fusw', ownerOrgId: a, scope: 'organisation', marking: 'AMBER' });
    await createWorld(hub, { id: 'fuswc', ownerOrgId: a, scope: 'community', marking: 'GREEN' });
    const start = new Date(Date.now() - 3_600_000);
    for (const events of [
      sessionEvents({ world: 'fusw', session: 'fs1', ip: ATTACKER, start, commands: ['uname -a'] }),
      sessionEvents({ world: 'fuswc', session: 'fs2', ip: COMMUNITY_ATTACKER, start, commands: ['id'] }),
    ]) {
      const response = await hub.app.inject({
        method: 'POST',
        url: '/api/v1/decoy/events',
        headers: h.padmin,
        payload: { sensorId: SENSOR, events },
      });
      expect(response.statusCode, response.body).toBe(200);
    }
    // The analysis indexes the sessions it analysed (the hook after it), no reconcile needed.
    await hub.services.decoyAnalysis.drain();

    const token = await sensorToken(hub);
    const at = recent(60);
    const uploaded = await upload(
      hub,
      token,
      batch({
        dos: [
          {
            victim: VICTIM,
            start: at,
            end: new Date(Date.parse(at) + 600_000).toISOString(),
            packets: 9000,
            bytes: 540_000,
            maxRate: 40,
            attackerPorts: [80],
            protocol: 'tcp',
            method: 'moore',
          },
        ],
      }),
    );
    expect(uploaded.statusCode, uploaded.body).toBe(200);
  });
  afterAll(async () => hub.dispose());

  it('finds a decoy session by its attacker address, with the visibility the session routes apply', async () => {
    const own = await lookup('anaA', ATTACKER);
    const session = own.records.find((r) => r.recordType === 'decoy_session');
    expect(session).toMatchObject({ scope: 'organisation', marking: 'AMBER', value: ATTACKER });
    expect(session!.link).toBe(`/decoy/sessions/${session!.recordId}`);
    expect(await sessionsListed('anaA')).toContain(session!.recordId);

    // B lists neither A's organisation session in the decoy console nor through fusion; the community one in both.
    expect(await sessionsListed('anaB')).not.toContain(session!.recordId);
    expect((await lookup('anaB', ATTACKER)).records.filter((r) => r.recordType === 'decoy_session')).toEqual([]);
    const community = (await lookup('anaB', COMMUNITY_ATTACKER)).records.find((r) => r.recordType === 'decoy_session');
    expect(community).toMatchObject({ scope: 'community', marking: 'GREEN' });
    expect(await sessionsListed('anaB')).toContain(community!.recordId);
  });

  it('finds the victim of a denial-of-service attack the darknet saw, for every member', async () => {
    for (const who of ['anaA', 'anaB'] as const) {
      const result = await lookup(who, VICTIM);
      expect(result.records).toHaveLength(1);
      expect(result.records[0]).toMatchObject({
        recordType: 'telescope_event',
        ownerOrgId: null,
        scope: 'community',
        marking: 'GREEN',
        link: '/telescope/events',
      });
    }
  });
});
