import { readFile } from 'node:fs/promises';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestHub, type TestHub } from '../../../test/harness.js';
import { auditLog } from '../audit/audit.table.js';
import { signLabViewToken } from './lab-view-token.js';
import { LabsService } from './labs.service.js';
import { labFlagSubmissions, labSolves } from './labs.table.js';

const P = '/api/v1';
type Headers = Record<string, string>;
const UNION = "zz' UNION SELECT username, password, 'x', 'x', 'x' FROM accounts --";
const CORRECT_HANDLER = new URL('../../../../labs/apps/sqli/levels/correct/handler.mjs', import.meta.url);
const VULNERABLE_HANDLER = new URL('../../../../labs/apps/sqli/levels/vulnerable/handler.mjs', import.meta.url);

interface Instance {
  id: string;
  state: string;
  level: string;
  viewPath: string;
}

describe(LabsService.name, { timeout: 180_000 }, () => {
  let hub: TestHub;
  let orgA: string;
  let orgB: string;
  const users = {} as Record<'learner1' | 'learner2', string>;
  const h = {} as Record<'learner1' | 'learner2' | 'instructorA' | 'adminA' | 'instructorB', Headers>;

  const call = (headers: Headers, method: 'GET' | 'POST' | 'PUT', url: string, payload?: object) =>
    hub.app.inject({ method, url, headers, ...(payload ? { payload } : {}) });
  const start = async (headers: Headers, level = 'vulnerable') => {
    const r = await call(headers, 'POST', `${P}/labs/sqli/instances`, { level });
    expect(r.statusCode, r.body).toBeLessThan(300);
    return r.json<Instance>();
  };
  /** Follows a view link the way a browser does: the token for a cookie, then the page. */
  const openView = async (headers: Headers, instanceId: string) => {
    const link = await call(headers, 'GET', `${P}/lab-instances/${instanceId}/view`);
    expect(link.statusCode, link.body).toBe(200);
    const url = new URL(link.json<{ url: string }>().url);
    const exchanged = await fetch(url, { redirect: 'manual' });
    expect(exchanged.status).toBe(303);
    const cookie = exchanged.headers.getSetCookie()[0]!.split(';')[0]!;
    expect(exchanged.headers.get('location')).toBe(`/i/${instanceId}/`);
    return { origin: url.origin, cookie };
  };
  let flag1: string;
  let instance1: Instance;
  let instance2: Instance;

  beforeAll(async () => {
    hub = await startTestHub();
    orgA = (await hub.org('lab-a')).id;
    orgB = (await hub.org('lab-b')).id;
    users.learner1 = await hub.user('l1@lab-a.example', { memberships: [{ orgId: orgA, role: 'learner' }] });
    users.learner2 = await hub.user('l2@lab-a.example', { memberships: [{ orgId: orgA, role: 'learner' }] });
    await hub.user('teach@lab-a.example', { memberships: [{ orgId: orgA, role: 'instructor' }] });
    await hub.user('admin@lab-a.example', { memberships: [{ orgId: orgA, role: 'org_admin' }] });
    await hub.user('teach@lab-b.example', { memberships: [{ orgId: orgB, role: 'instructor' }] });
    h.learner1 = await hub.signIn('l1@lab-a.example');
    h.learner2 = await hub.signIn('l2@lab-a.example');
    h.instructorA = await hub.signIn('teach@lab-a.example');
    h.adminA = await hub.signIn('admin@lab-a.example');
    h.instructorB = await hub.signIn('teach@lab-b.example');
  }, 120_000);

  afterAll(async () => {
    await hub?.dispose();
  });

  it('lists the catalogue and starts one instance per learner and lab', async () => {
    const catalogue = await call(h.learner1, 'GET', `${P}/labs`);
    expect(catalogue.statusCode).toBe(200);
    expect(catalogue.json().items.map((l: { id: string }) => l.id)).toContain('sqli');
    expect((await hub.app.inject({ url: `${P}/labs` })).statusCode).toBe(401);
    expect((await call(h.learner1, 'POST', `${P}/labs/nope/instances`, { level: 'vulnerable' })).statusCode).toBe(404);
    expect((await call(h.learner1, 'POST', `${P}/labs/sqli/instances`, { level: 'nope' })).statusCode).toBe(400);

    instance1 = await start(h.learner1);
    expect(instance1).toMatchObject({ state: 'running', level: 'vulnerable', viewPath: `/i/${instance1.id}/` });
    const again = await call(h.learner1, 'POST', `${P}/labs/sqli/instances`, { level: 'vulnerable' });
    expect(again.statusCode).toBe(200);
    expect(again.json().id).toBe(instance1.id);
    const mine = await call(h.learner1, 'GET', `${P}/lab-instances`);
    expect(mine.json().items.map((i: Instance) => i.id)).toEqual([instance1.id]);
    instance2 = await start(h.learner2);
    expect(instance2.id).not.toBe(instance1.id);
  });

  it('exploits the lab through the view listener and submits the flag', async () => {
    const { origin, cookie } = await openView(h.learner1, instance1.id);
    const home = await fetch(`${origin}/i/${instance1.id}/?lang=en`, { headers: { cookie } });
    expect(home.status).toBe(200);
    expect(home.headers.get('content-security-policy')).toContain('sandbox');
    const page = await home.text();
    expect(page).toContain('href="search?lang=en"');
    expect(page).not.toMatch(/(href|action)="\//);

    const attack = await fetch(`${origin}/i/${instance1.id}/search?lang=en&q=${encodeURIComponent(UNION)}`, {
      headers: { cookie },
    });
    const flag = /cynex\{[0-9a-f]{32}\}/.exec(await attack.text())?.[0];
    expect(flag).toBeDefined();
    flag1 = flag!;

    const wrong = await call(h.learner1, 'POST', `${P}/lab-instances/${instance1.id}/flag`, { flag: 'cynex{nope}' });
    expect(wrong.json()).toEqual({ verdict: 'wrong' });
    const right = await call(h.learner1, 'POST', `${P}/lab-instances/${instance1.id}/flag`, { flag: ` ${flag1}\n` });
    expect(right.json()).toEqual({ verdict: 'correct' });
    const solves = await hub.database.db.select().from(labSolves).where(eq(labSolves.userId, users.learner1));
    expect(solves.map((s) => s.objective)).toEqual(['sqli-union']);
    const stored = await hub.database.db
      .select()
      .from(labFlagSubmissions)
      .where(eq(labFlagSubmissions.instanceId, instance1.id));
    expect(stored.map((s) => s.submittedSha256)).not.toContain(flag1);
  });

  it("another learner's flag is wrong to them, recorded as shared and audited", async () => {
    const r = await call(h.learner2, 'POST', `${P}/lab-instances/${instance2.id}/flag`, { flag: flag1 });
    expect(r.json()).toEqual({ verdict: 'wrong' });
    const [row] = await hub.database.db
      .select()
      .from(labFlagSubmissions)
      .where(eq(labFlagSubmissions.instanceId, instance2.id));
    expect(row).toMatchObject({ verdict: 'shared', sharedFromUserId: users.learner1 });
    const audit = await hub.database.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, 'lab.flag_shared'), eq(auditLog.targetId, instance2.id)));
    expect(audit).toHaveLength(1);
    expect(audit[0]!.details).toMatchObject({ sharedFromUserId: users.learner1 });
  });

  it('limits flag submissions to 10 a minute per instance', async () => {
    const own = await start(h.learner2); // the running instance again
    expect(own.id).toBe(instance2.id);
    const statuses: number[] = [];
    for (let i = 0; i < 10; i += 1) {
      statuses.push(
        (await call(h.learner2, 'POST', `${P}/lab-instances/${own.id}/flag`, { flag: `x${i}` })).statusCode,
      );
    }
    expect(statuses.filter((s) => s === 429)).toHaveLength(1);
  });

  it('reports progress: an exploit as soon as it happened, hints at a cost, attempts and the score', async () => {
    const catalogue = await call(h.learner2, 'GET', `${P}/labs`);
    const sqli = catalogue.json().items.find((l: { id: string }) => l.id === 'sqli');
    expect(sqli.hints.map((x: object) => Object.keys(x).sort())).toEqual([
      ['id', 'penalty'],
      ['id', 'penalty'],
      ['id', 'penalty'],
    ]);
    const before = await call(h.learner2, 'GET', `${P}/labs/sqli/progress`);
    expect(before.statusCode, before.body).toBe(200);
    expect(before.json()).toMatchObject({ solved: [], score: { earned: 0, penalties: 0, total: 0, max: 350 } });
    expect(before.json().hints.every((x: { revealed: boolean; text?: unknown }) => !x.revealed && !x.text)).toBe(true);

    const { origin, cookie } = await openView(h.learner2, instance2.id);
    await fetch(`${origin}/i/${instance2.id}/search?q=${encodeURIComponent(UNION)}`, { headers: { cookie } });
    const after = (await call(h.learner2, 'GET', `${P}/labs/sqli/progress`)).json();
    expect(after.solved.map((s: { objective: string }) => s.objective)).toEqual(['sqli-union']);
    expect(after.score).toMatchObject({ earned: 100, total: 100 });
    expect(after.attempts.flags).toEqual({ correct: 0, wrong: 10 });

    const hint = await call(h.learner2, 'POST', `${P}/lab-instances/${instance2.id}/hints/union-shape`);
    expect(hint.statusCode, hint.body).toBe(200);
    const shown = hint.json().hints.find((x: { id: string }) => x.id === 'union-shape');
    expect(shown).toMatchObject({ revealed: true, penalty: 20 });
    expect(shown.text.en).toContain('UNION');
    expect(shown.text.ja).toContain('UNION');
    expect(hint.json().score).toMatchObject({ earned: 100, penalties: 20, total: 80 });
    const twice = await call(h.learner2, 'POST', `${P}/lab-instances/${instance2.id}/hints/union-shape`);
    expect(twice.json().score.penalties).toBe(20);
    expect((await call(h.learner2, 'POST', `${P}/lab-instances/${instance2.id}/hints/nope`)).statusCode).toBe(404);
    expect((await call(h.learner1, 'POST', `${P}/lab-instances/${instance2.id}/hints/the-fix`)).statusCode).toBe(404);
    const learner1 = (await call(h.learner1, 'GET', `${P}/labs/sqli/progress`)).json();
    expect(learner1.hints.every((x: { revealed: boolean }) => !x.revealed)).toBe(true);
    // The staff directory has no terminal.
    const shell = await call(h.learner2, 'POST', `${P}/lab-instances/${instance2.id}/shell`, {
      line: 'id',
      sid: 'terminal-1',
    });
    expect(shell.statusCode).toBe(400);
  });

  it('keeps others out of an instance and its view; refuses forged and expired view tokens', async () => {
    for (const path of ['', '/files', '/view']) {
      expect((await call(h.learner2, 'GET', `${P}/lab-instances/${instance1.id}${path}`)).statusCode).toBe(404);
    }
    expect((await call(h.learner2, 'POST', `${P}/lab-instances/${instance1.id}/stop`)).statusCode).toBe(404);
    expect((await call(h.instructorA, 'GET', `${P}/lab-instances/${instance1.id}`)).statusCode).toBe(404);

    const { origin, cookie } = await openView(h.learner2, instance2.id);
    const base = `${origin}/i/${instance1.id}/`;
    expect((await fetch(base, { headers: { cookie } })).status).toBe(403);
    expect((await fetch(`${base}?t=forged.token`, { redirect: 'manual' })).status).toBe(403);
    const key = await hub.services.labs.viewKey();
    const claims = { instanceId: instance1.id, userId: users.learner1 };
    const expired = signLabViewToken(key, 'link', claims, Date.now() - 1000);
    expect((await fetch(`${base}?t=${expired}`, { redirect: 'manual' })).status).toBe(403);
    const otherKey = signLabViewToken(Buffer.alloc(32, 7), 'link', claims, Date.now() + 60_000);
    expect((await fetch(`${base}?t=${otherKey}`, { redirect: 'manual' })).status).toBe(403);
    // A genuine token for learner 2 does not open learner 1's instance (it names its own instance).
    const theirs = signLabViewToken(
      key,
      'link',
      { instanceId: instance1.id, userId: users.learner2 },
      Date.now() + 60_000,
    );
    expect((await fetch(`${base}?t=${theirs}`, { redirect: 'manual' })).status).toBe(404);
    expect((await fetch(`${base}`)).status).toBe(403);
  });

  it('saves the fixed handler and passes the defence check', async () => {
    const handler = await readFile(CORRECT_HANDLER, 'utf8');
    const tooBig = await call(h.learner1, 'PUT', `${P}/lab-instances/${instance1.id}/files`, {
      files: { 'server.mjs': 'x' },
    });
    expect(tooBig.statusCode).toBe(400);
    const saved = await call(h.learner1, 'PUT', `${P}/lab-instances/${instance1.id}/files`, {
      files: { 'handler.mjs': handler },
    });
    expect(saved.statusCode, saved.body).toBe(200);
    const files = await call(h.learner1, 'GET', `${P}/lab-instances/${instance1.id}/files`);
    expect(files.json().files['handler.mjs']).toBe(handler);
    const defence = await call(h.learner1, 'POST', `${P}/lab-instances/${instance1.id}/defence`);
    expect(defence.statusCode, defence.body).toBe(200);
    expect(
      defence.json().passed,
      JSON.stringify(defence.json().checks.filter((c: { passed: boolean }) => !c.passed)),
    ).toBe(true);
  });

  it("shows the organisation's results to its instructors and admins only", async () => {
    const r = await call(h.instructorA, 'GET', `${P}/orgs/${orgA}/lab-results`);
    expect(r.statusCode, r.body).toBe(200);
    const items = r.json().items as {
      userId: string;
      labId: string;
      solves: { objective: string }[];
      flags: { correct: number; wrong: number; shared: { fromUserId: string }[] };
      defence: { last: { passed: boolean } | null; best: { passed: boolean } | null };
      instances: { id: string }[];
      hints: { hintId: string; penalty: number }[];
      score: { total: number } | null;
    }[];
    const one = items.find((i) => i.userId === users.learner1)!;
    expect(one.labId).toBe('sqli');
    expect(one.instances.map((i) => i.id)).toEqual([instance1.id]);
    expect(one.solves.map((s) => s.objective).sort()).toEqual(['sqli-defence', 'sqli-union']);
    expect(one.flags).toMatchObject({ correct: 1, wrong: 1, shared: [] });
    expect(one.defence.last?.passed).toBe(true);
    expect(one.defence.best?.passed).toBe(true);
    const two = items.find((i) => i.userId === users.learner2)!;
    expect(two.flags.shared.map((s) => s.fromUserId)).toEqual([users.learner1]);
    expect(two).toMatchObject({
      hints: [{ hintId: 'union-shape', penalty: 20 }],
      score: { earned: 100, penalties: 20, total: 80, max: 350 },
    });
    expect((await call(h.adminA, 'GET', `${P}/orgs/${orgA}/lab-results`)).statusCode).toBe(200);
    expect((await call(h.instructorB, 'GET', `${P}/orgs/${orgA}/lab-results`)).statusCode).toBe(403);
    expect((await call(h.learner1, 'GET', `${P}/orgs/${orgA}/lab-results`)).statusCode).toBe(403);
  });

  it("passes each lab's correct level and fails its vulnerable one in the defence check, through the hub", async () => {
    for (const labId of ['cmdi', 'xss', 'csrf', 'traversal']) {
      for (const level of ['correct', 'vulnerable']) {
        const r = await call(h.learner2, 'POST', `${P}/labs/${labId}/instances`, { level });
        expect(r.statusCode, r.body).toBe(201);
        const id = r.json<Instance>().id;
        const defence = await call(h.learner2, 'POST', `${P}/lab-instances/${id}/defence`);
        expect(defence.statusCode, defence.body).toBe(200);
        const failed = defence.json().checks.filter((c: { passed: boolean }) => !c.passed);
        if (level === 'correct') expect(failed, `${labId}: ${JSON.stringify(failed)}`).toEqual([]);
        else expect(failed.length, labId).toBeGreaterThan(0);
        expect((await call(h.learner2, 'POST', `${P}/lab-instances/${id}/stop`)).statusCode).toBe(200);
      }
    }
  });

  it('stops and resets an instance', async () => {
    const stopped = await call(h.learner1, 'POST', `${P}/lab-instances/${instance1.id}/stop`);
    expect(stopped.json()).toMatchObject({ state: 'stopped', stopReason: 'stopped' });
    expect((await call(h.learner1, 'GET', `${P}/lab-instances/${instance1.id}/view`)).statusCode).toBe(409);
    const reset = await call(h.learner1, 'POST', `${P}/lab-instances/${instance1.id}/reset`, {});
    expect(reset.json()).toMatchObject({ state: 'running' });
    // The learner's fixed handler survived the reset; a pristine reset brings the level's own back.
    const kept = await call(h.learner1, 'GET', `${P}/lab-instances/${instance1.id}/files`);
    expect(kept.json().files['handler.mjs']).toBe(await readFile(CORRECT_HANDLER, 'utf8'));
    const pristine = await call(h.learner1, 'POST', `${P}/lab-instances/${instance1.id}/reset`, { pristine: true });
    expect(pristine.json()).toMatchObject({ state: 'running' });
    const original = await call(h.learner1, 'GET', `${P}/lab-instances/${instance1.id}/files`);
    expect(original.json().files['handler.mjs']).toBe(await readFile(VULNERABLE_HANDLER, 'utf8'));
    const { origin, cookie } = await openView(h.learner1, instance1.id);
    const page = await fetch(`${origin}/i/${instance1.id}/search?lang=en&q=Tanaka`, { headers: { cookie } });
    expect(page.status).toBe(200);
  });
});

describe('a hub whose lab slots are all in use', { timeout: 120_000 }, () => {
  let hub: TestHub;
  afterAll(async () => {
    await hub?.dispose();
  });

  it('refuses another instance with 429 until one stops', async () => {
    hub = await startTestHub({ labsMaxInstances: 1 });
    const org = (await hub.org('lab-full')).id;
    await hub.user('one@lab-full.example', { memberships: [{ orgId: org, role: 'learner' }] });
    await hub.user('two@lab-full.example', { memberships: [{ orgId: org, role: 'analyst' }] });
    const one = await hub.signIn('one@lab-full.example');
    const two = await hub.signIn('two@lab-full.example');
    const body = { level: 'correct' };
    const first = await hub.app.inject({
      method: 'POST',
      url: `${P}/labs/sqli/instances`,
      headers: one,
      payload: body,
    });
    expect(first.statusCode, first.body).toBe(201);
    const full = await hub.app.inject({ method: 'POST', url: `${P}/labs/sqli/instances`, headers: two, payload: body });
    expect(full.statusCode).toBe(429);
    expect(full.json().error.code).toBe('LABS_FULL');
    const stop = await hub.app.inject({
      method: 'POST',
      url: `${P}/lab-instances/${first.json().id}/stop`,
      headers: one,
    });
    expect(stop.statusCode).toBe(200);
    const now = await hub.app.inject({ method: 'POST', url: `${P}/labs/sqli/instances`, headers: two, payload: body });
    expect(now.statusCode, now.body).toBe(201);
  });
});
