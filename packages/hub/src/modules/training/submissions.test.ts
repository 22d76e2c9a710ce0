import { SHIPPED_CONTENT_DIR, loadScenarios, type Scenario } from '@cynex/courseware';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestHub, type TestHub } from '../../../test/harness.js';
import { SubmissionsService } from './submissions.service.js';

const P = '/api/v1';
const DAY = 86_400_000;
/** A schedule open now (assessments are taken only while a cohort runs). */
const openNow = () => ({
  startsAt: new Date(Date.now() - DAY).toISOString(),
  endsAt: new Date(Date.now() + 60 * DAY).toISOString(),
});
const SCENARIO = 'ransomware-foothold';
type Headers = Record<string, string>;
type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
type Who = 'instructorA' | 'instructorB' | 'outsiderB' | 'l1' | 'l2' | 'l3' | 'l4' | 'l5';

describe(SubmissionsService.name, { timeout: 120_000 }, () => {
  let hub: TestHub;
  let orgA: string;
  let scenario: Scenario;
  const h = {} as Record<Who, Headers>;
  const ids = {} as Record<Who, string>;
  const call = (who: Who, method: Method, url: string, payload?: object) =>
    hub.app.inject({ method, url, headers: h[who], ...(payload ? { payload } : {}) });
  const ok = async <T = Record<string, unknown>>(
    response: Promise<{ statusCode: number; body: string; json: () => unknown }>,
    status = 200,
  ): Promise<T> => {
    const r = await response;
    expect(r.statusCode, r.body).toBe(status);
    return (r.body ? r.json() : undefined) as T;
  };
  const code = async (response: ReturnType<typeof call>, status: number, errorCode?: string) => {
    const r = await response;
    expect(r.statusCode, r.body).toBe(status);
    if (errorCode) expect(r.json().error.code).toBe(errorCode);
    return r;
  };

  /** A cohort of web-security in org A with learners l1..l5 and no teams yet. */
  async function cohort(): Promise<string> {
    const made = await ok<{ id: string }>(
      call('instructorA', 'POST', `${P}/orgs/${orgA}/cohorts`, {
        courseId: 'web-security',
        name: `Teams ${Math.random()}`,
        ...openNow(),
      }),
      201,
    );
    for (const who of ['l1', 'l2', 'l3', 'l4', 'l5'] as const) {
      await ok(
        call('instructorA', 'POST', `${P}/cohorts/${made.id}/members`, { userId: ids[who], role: 'learner' }),
        201,
      );
    }
    return made.id;
  }

  /** A team of the cohort with these members; its scenario run started (nothing released yet). */
  async function team(cohortId: string, name: string, members: Who[], start = true): Promise<string> {
    const made = await ok<{ id: string }>(
      call('instructorA', 'POST', `${P}/cohorts/${cohortId}/teams`, { name, members: members.map((m) => ids[m]) }),
      201,
    );
    if (start) {
      await ok(
        call('instructorA', 'POST', `${P}/cohorts/${cohortId}/teams/${made.id}/scenarios/${SCENARIO}/start`),
        201,
      );
    }
    return made.id;
  }

  const fullSections = () =>
    Object.fromEntries(scenario.report.sections.map((s) => [s.id, `## ${s.id}\n\nOur findings for ${s.id}.`]));
  const fullScores = () => scenario.rubric.map((c) => ({ criterion: c.id, points: c.points }));

  beforeAll(async () => {
    hub = await startTestHub();
    scenario = (await loadScenarios(SHIPPED_CONTENT_DIR)).scenarios.find((s) => s.id === SCENARIO)!;
    orgA = (await hub.org('teams-a')).id;
    const orgB = (await hub.org('teams-b')).id;
    ids.instructorA = await hub.user('teach@teams-a.example', { memberships: [{ orgId: orgA, role: 'instructor' }] });
    for (const n of [1, 2, 3, 4, 5]) {
      ids[`l${n}` as Who] = await hub.user(`l${n}@teams-a.example`, {
        memberships: [{ orgId: orgA, role: 'learner' }],
      });
    }
    ids.instructorB = await hub.user('teach@teams-b.example', { memberships: [{ orgId: orgB, role: 'instructor' }] });
    ids.outsiderB = await hub.user('learner@teams-b.example', { memberships: [{ orgId: orgB, role: 'learner' }] });
    h.instructorA = await hub.signIn('teach@teams-a.example');
    h.instructorB = await hub.signIn('teach@teams-b.example');
    h.outsiderB = await hub.signIn('learner@teams-b.example');
    for (const n of [1, 2, 3, 4, 5]) h[`l${n}` as Who] = await hub.signIn(`l${n}@teams-a.example`);
  }, 60_000);
  afterAll(async () => {
    await hub?.dispose();
  });

  it('makes teams of one to four learners of the cohort, each learner in one team; learners see names only', async () => {
    const C = await cohort();
    const T = `${P}/cohorts/${C}/teams`;
    const five = (['l1', 'l2', 'l3', 'l4', 'l5'] as const).map((w) => ids[w]);
    await code(call('instructorA', 'POST', T, { name: 'Five', members: five }), 400, 'VALIDATION_FAILED');
    await code(call('instructorA', 'POST', T, { name: 'Empty', members: [] }), 400, 'VALIDATION_FAILED');
    await code(call('instructorA', 'POST', T, { name: 'Stranger', members: [ids.outsiderB] }), 400, 'BAD_REQUEST');
    await code(call('l1', 'POST', T, { name: 'Mine', members: [ids.l1] }), 403, 'FORBIDDEN');

    const red = await ok<{ id: string; members: { userId: string }[] }>(
      call('instructorA', 'POST', T, { name: 'Red', members: five.slice(0, 4) }),
      201,
    );
    expect(red.members.map((m) => m.userId).sort()).toEqual(five.slice(0, 4).sort());
    await code(
      call('instructorA', 'POST', T, { name: 'Blue', members: [ids.l4, ids.l5] }),
      409,
      'TEAM_MEMBER_CONFLICT',
    );
    await code(call('instructorA', 'POST', T, { name: 'Red', members: [ids.l5] }), 409, 'CONFLICT');
    await code(call('instructorA', 'PATCH', `${T}/${red.id}`, { members: five }), 400, 'VALIDATION_FAILED');

    await ok(call('instructorA', 'PATCH', `${T}/${red.id}`, { name: 'Crimson', members: [ids.l1, ids.l2] }));
    const blue = await ok<{ id: string }>(
      call('instructorA', 'POST', T, { name: 'Blue', members: [ids.l3, ids.l4] }),
      201,
    );

    const seen = await ok<{ myTeam: string; canManage: boolean; items: Record<string, unknown>[] }>(
      call('l3', 'GET', T),
    );
    expect(seen.myTeam).toBe(blue.id);
    expect(seen.canManage).toBe(false);
    // their own team's members by name; another team's only as a size
    expect(seen.items.map((t) => [t.name, (t.members as unknown[]).length, t.memberCount])).toEqual([
      ['Blue', 2, 2],
      ['Crimson', 0, 2],
    ]);
    expect(Object.keys((seen.items[0]!.members as object[])[0]!).sort()).toEqual(['displayName', 'userId']);
    expect(seen.items[1]!.scenarios).toBeNull();
    await code(call('outsiderB', 'GET', T), 404, 'COHORT_NOT_FOUND');
    await code(call('instructorB', 'GET', T), 404, 'COHORT_NOT_FOUND');

    await code(call('l1', 'DELETE', `${T}/${blue.id}`), 403, 'FORBIDDEN');
    await ok(call('instructorA', 'DELETE', `${T}/${blue.id}`), 204);
    expect((await ok<{ items: unknown[] }>(call('instructorA', 'GET', T))).items).toHaveLength(1);
    // (l3 and l4 are free again)
    await ok(call('instructorA', 'POST', T, { name: 'Green', members: [ids.l3, ids.l4, ids.l5] }), 201);
  });

  it("gives a team only the injects released to it and never the instructors' notes; other teams get 404", async () => {
    const C = await cohort();
    const red = await team(C, 'Red', ['l1', 'l2'], false);
    const blue = await team(C, 'Blue', ['l3']);
    const S = `${P}/cohorts/${C}/teams/${red}/scenarios/${SCENARIO}`;
    await code(call('l1', 'GET', S), 404, 'NOT_FOUND');
    await code(call('l1', 'POST', `${S}/start`), 403, 'FORBIDDEN');
    await ok(call('instructorA', 'POST', `${S}/start`), 201);
    await ok(call('instructorA', 'POST', `${S}/start`), 200);

    const empty = await ok<{ scenario: { injects: unknown[]; rubric: unknown[] } }>(call('l1', 'GET', S));
    expect(empty.scenario.injects).toEqual([]);
    expect(empty.scenario.rubric).toHaveLength(scenario.rubric.length);

    expect(
      (await ok<{ releasedInjects: string[] }>(call('instructorA', 'POST', `${S}/release`))).releasedInjects,
    ).toEqual([scenario.injects[0]!.id]);
    const upTo = scenario.injects[2]!.id;
    const released = await ok<{ releasedInjects: string[] }>(call('instructorA', 'POST', `${S}/release`, { upTo }));
    expect(released.releasedInjects).toEqual(scenario.injects.slice(0, 3).map((i) => i.id));
    await code(call('instructorA', 'POST', `${S}/release`, { upTo: 'i99' }), 400, 'BAD_REQUEST');
    await code(call('l1', 'POST', `${S}/release`), 403, 'FORBIDDEN');

    const player = await call('l2', 'GET', `${S}?lang=ja`);
    expect(player.statusCode, player.body).toBe(200);
    const shown = player.json().scenario;
    expect(shown.title).toBe(scenario.title.ja);
    expect(shown.injects.map((i: { id: string }) => i.id)).toEqual(released.releasedInjects);
    expect(shown.injects[0].text).toBe(scenario.injects[0]!.text.ja);
    expect(player.body).not.toContain('instructorNotes');
    for (const inject of scenario.injects) {
      expect(player.body).not.toContain(inject.instructorNotes.ja!.slice(0, 30));
      expect(player.body).not.toContain(inject.instructorNotes.en!.slice(0, 30));
    }
    expect(shown.rubric[0].levels.full).toBe(scenario.rubric[0]!.levels.full.ja);

    const staff = await ok<{ scenario: { injects: { released: boolean; instructorNotes: string }[] } }>(
      call('instructorA', 'GET', `${S}?lang=en`),
    );
    expect(staff.scenario.injects).toHaveLength(scenario.injects.length);
    expect(staff.scenario.injects.map((i) => i.released)).toEqual(scenario.injects.map((_, n) => n < 3));
    expect(staff.scenario.injects[5]!.instructorNotes).toBe(scenario.injects[5]!.instructorNotes.en);

    await code(call('l3', 'GET', S), 404, 'NOT_FOUND');
    await ok(call('l3', 'GET', `${P}/cohorts/${C}/teams/${blue}/scenarios/${SCENARIO}`));
    await code(call('outsiderB', 'GET', S), 404, 'COHORT_NOT_FOUND');
    await code(call('instructorA', 'GET', `${P}/cohorts/${C}/teams/${red}/scenarios/no-such-thing`), 404, 'NOT_FOUND');
  });

  it('keeps a report to its team and the staff, checks sections and rubric limits: return, resubmit, grade, locked', async () => {
    const C = await cohort();
    const red = await team(C, 'Red', ['l1', 'l2']);
    const blue = await team(C, 'Blue', ['l3']);
    const R = `${P}/cohorts/${C}/teams/${red}/reports/${SCENARIO}`;
    const bad = await code(call('l1', 'PUT', R, { sections: { summary: 'x', 'no-such': 'y' } }), 400, 'BAD_REQUEST');
    expect(bad.json().error.fields).toEqual([
      { path: 'sections.no-such', message: 'not a section of the scenario report' },
    ]);
    await code(call('l1', 'PUT', R, { sections: { summary: 'x'.repeat(20_001) } }), 400, 'VALIDATION_FAILED');
    await code(call('l3', 'PUT', R, { sections: { summary: 'not ours' } }), 404, 'NOT_FOUND');
    await code(call('instructorA', 'PUT', R, { sections: { summary: 'by staff' } }), 403, 'FORBIDDEN');
    await code(call('l5', 'PUT', R, { sections: { summary: 'no team' } }), 404, 'NOT_FOUND');

    const first = await ok<{ id: string; version: number; status: string }>(
      call('l1', 'PUT', R, { sections: { summary: 'Draft <script>alert(1)</script> **bold**' } }),
    );
    expect(first).toMatchObject({ version: 1, status: 'submitted' });
    const S = `${P}/submissions/${first.id}`;
    const read = await ok<{ sections: { id: string; markdown: string; html: string }[] }>(call('l2', 'GET', S));
    expect(read.sections.map((s) => s.id)).toEqual(scenario.report.sections.map((s) => s.id));
    expect(read.sections[0]!.html).toBe('<p>Draft &lt;script&gt;alert(1)&lt;/script&gt; <strong>bold</strong></p>\n');
    await code(call('l3', 'GET', S), 404, 'SUBMISSION_NOT_FOUND');
    await code(call('l5', 'GET', S), 404, 'SUBMISSION_NOT_FOUND');
    await code(call('outsiderB', 'GET', S), 404, 'SUBMISSION_NOT_FOUND');
    await code(call('instructorB', 'GET', S), 404, 'SUBMISSION_NOT_FOUND');
    await ok(call('instructorA', 'GET', S));
    expect(
      (await ok<{ report: { id: string } }>(call('l1', 'GET', `${P}/cohorts/${C}/teams/${red}/scenarios/${SCENARIO}`)))
        .report.id,
    ).toBe(first.id);
    expect(
      (await ok<{ report: null }>(call('l3', 'GET', `${P}/cohorts/${C}/teams/${blue}/scenarios/${SCENARIO}`))).report,
    ).toBeNull();

    const review = (who: Who, body: object) => call(who, 'POST', `${S}/review`, body);
    await code(review('l1', { decision: 'return' }), 403, 'FORBIDDEN');
    await code(review('l3', { decision: 'return' }), 404, 'SUBMISSION_NOT_FOUND');
    const [r1, ...rest] = fullScores();
    await code(review('instructorA', { decision: 'grade', scores: rest }), 400, 'BAD_REQUEST');
    await code(
      review('instructorA', { decision: 'grade', scores: [{ ...r1!, points: r1!.points + 1 }, ...rest] }),
      400,
      'BAD_REQUEST',
    );
    await code(
      review('instructorA', { decision: 'grade', scores: [...fullScores(), { criterion: 'zz', points: 1 }] }),
      400,
      'BAD_REQUEST',
    );
    await code(review('instructorA', { decision: 'grade' }), 400, 'VALIDATION_FAILED');

    expect(await ok(review('instructorA', { decision: 'return' }))).toMatchObject({ status: 'returned', score: null });
    await code(review('instructorA', { decision: 'return' }), 409, 'CONFLICT');
    const second = await ok<{ version: number; status: string; sections: { id: string; markdown: string }[] }>(
      call('l2', 'PUT', R, { sections: fullSections() }),
    );
    expect(second).toMatchObject({ version: 2, status: 'submitted' });
    expect(second.sections[0]!.markdown).toBe(fullSections().summary);

    const scores = fullScores().map((s, i) => (i === 0 ? { ...s, points: s.points - 5 } : s));
    const graded = await ok<{ status: string; score: { total: number; max: number } }>(
      review('instructorA', { decision: 'grade', scores }),
    );
    const max = scenario.rubric.reduce((sum, c) => sum + c.points, 0);
    expect(graded.status).toBe('graded');
    expect(graded.score).toMatchObject({ total: max - 5, max });
    await code(call('l1', 'PUT', R, { sections: { summary: 'too late' } }), 409, 'SUBMISSION_GRADED');
    await code(review('instructorA', { decision: 'return' }), 409, 'SUBMISSION_GRADED');
    const final = await ok<{
      score: { total: number; criteria: { criterion: string; points: number; maxPoints: number }[] };
    }>(call('l1', 'GET', S));
    expect(final.score.total).toBe(max - 5);
    expect(final.score.criteria[0]).toEqual({
      criterion: r1!.criterion,
      points: r1!.points - 5,
      maxPoints: r1!.points,
    });
  });

  it('takes comments from the authors and the staff, on the whole or on one section', async () => {
    const C = await cohort();
    const red = await team(C, 'Red', ['l1']);
    await team(C, 'Blue', ['l2']);
    const { id } = await ok<{ id: string }>(
      call('l1', 'PUT', `${P}/cohorts/${C}/teams/${red}/reports/${SCENARIO}`, { sections: { summary: 'We saw it.' } }),
    );
    const comments = `${P}/submissions/${id}/comments`;
    await ok(call('instructorA', 'POST', comments, { body: 'Say **when**.', section: 'summary' }), 201);
    await ok(call('l1', 'POST', comments, { body: 'Added the times.' }), 201);
    await code(call('l2', 'POST', comments, { body: 'psst' }), 404, 'SUBMISSION_NOT_FOUND');
    await code(call('outsiderB', 'POST', comments, { body: 'psst' }), 404, 'SUBMISSION_NOT_FOUND');
    await code(call('l1', 'POST', comments, { body: 'x', section: 'nope' }), 400, 'BAD_REQUEST');
    await code(call('l1', 'POST', comments, { body: 'x'.repeat(10_001) }), 400, 'VALIDATION_FAILED');
    await code(call('l1', 'POST', comments, { body: '   ' }), 400, 'VALIDATION_FAILED');

    const shown = await ok<{ comments: { author: { userId: string }; section: string | null; html: string }[] }>(
      call('l1', 'GET', `${P}/submissions/${id}`),
    );
    expect(shown.comments.map((c) => [c.author.userId, c.section, c.html])).toEqual([
      [ids.instructorA, 'summary', '<p>Say <strong>when</strong>.</p>\n'],
      [ids.l1, null, '<p>Added the times.</p>\n'],
    ]);
  });

  it('keeps one project per learner, shows staff all and a learner their own, and schedules the presentation', async () => {
    const C = await cohort();
    const M = `${P}/cohorts/${C}/projects/mine`;
    const first = await ok<{ id: string; version: number }>(
      call('l1', 'PUT', M, { title: 'Phishing kit', body: '# Plan' }),
    );
    const again = await ok<{ id: string; version: number; title: string }>(
      call('l1', 'PUT', M, { title: 'Phishing kits in the wild', body: '# Plan\n\nv2' }),
    );
    expect(again).toMatchObject({ id: first.id, version: 2, title: 'Phishing kits in the wild' });
    await ok(call('l2', 'PUT', M, { title: 'DNS tunnels', body: 'b' }));
    await code(call('instructorA', 'PUT', M, { title: 'x', body: 'y' }), 403, 'FORBIDDEN');
    await code(call('l1', 'PUT', M, { title: '', body: 'y' }), 400, 'VALIDATION_FAILED');
    await code(call('l1', 'PUT', M, { title: 't', body: 'y'.repeat(50_001) }), 400, 'VALIDATION_FAILED');

    const mine = await ok<{ items: { id: string }[] }>(call('l1', 'GET', `${P}/cohorts/${C}/projects`));
    expect(mine.items.map((p) => p.id)).toEqual([first.id]);
    const all = await ok<{ items: { title: string }[] }>(call('instructorA', 'GET', `${P}/cohorts/${C}/projects`));
    expect(all.items.map((p) => p.title).sort()).toEqual(['DNS tunnels', 'Phishing kits in the wild']);
    await code(call('outsiderB', 'GET', `${P}/cohorts/${C}/projects`), 404, 'COHORT_NOT_FOUND');
    await code(call('l2', 'GET', `${P}/submissions/${first.id}`), 404, 'SUBMISSION_NOT_FOUND');

    const S = `${P}/submissions/${first.id}`;
    const slot = { presentationAt: '2025-06-20T14:00:00+09:00' };
    await code(call('l1', 'PATCH', S, slot), 403, 'FORBIDDEN');
    await code(call('instructorA', 'PATCH', S, { presentationAt: 'tomorrow' }), 400, 'VALIDATION_FAILED');
    expect(await ok(call('instructorA', 'PATCH', S, slot))).toMatchObject({
      presentationAt: '2025-06-20T05:00:00.000Z',
    });
    expect(await ok(call('l1', 'GET', S))).toMatchObject({
      presentationAt: '2025-06-20T05:00:00.000Z',
      title: again.title,
    });

    const review = (scores: object[]) => call('instructorA', 'POST', `${S}/review`, { decision: 'grade', scores });
    await code(review([{ criterion: 'overall', points: 101 }]), 400, 'BAD_REQUEST');
    await code(review([{ criterion: 'r1', points: 10 }]), 400, 'BAD_REQUEST');
    expect(await ok(review([{ criterion: 'overall', points: 88 }]))).toMatchObject({
      status: 'graded',
      score: { total: 88, max: 100 },
    });
    await code(call('l1', 'PUT', M, { title: 'late', body: 'edit' }), 409, 'SUBMISSION_GRADED');

    // a presentation slot is for projects only
    const red = await team(C, 'Red', ['l3']);
    const report = await ok<{ id: string }>(
      call('l3', 'PUT', `${P}/cohorts/${C}/teams/${red}/reports/${SCENARIO}`, { sections: { summary: 's' } }),
    );
    await code(call('instructorA', 'PATCH', `${P}/submissions/${report.id}`, slot), 400, 'BAD_REQUEST');
  });

  it("keeps one project when a learner's first two saves race", async () => {
    const C = await cohort();
    const M = `${P}/cohorts/${C}/projects/mine`;
    const saves = await Promise.all(
      ['Botnet census', 'Botnet census, again'].map((title) => call('l1', 'PUT', M, { title, body: 'x' })),
    );
    // one creates it; the other either updates it or is told to load it again, never a second project or a 500
    expect(saves.map((r) => r.statusCode).every((status) => status === 200 || status === 201 || status === 409)).toBe(
      true,
    );
    const all = await ok<{ items: unknown[] }>(call('instructorA', 'GET', `${P}/cohorts/${C}/projects`));
    expect(all.items).toHaveLength(1);
  });
});
