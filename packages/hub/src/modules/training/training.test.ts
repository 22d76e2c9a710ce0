import { SHIPPED_CONTENT_DIR, loadContentTree, type Assessment, type QuizItem } from '@cynex/courseware';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestHub, type TestHub } from '../../../test/harness.js';
import { TrainingService } from './training.service.js';

const P = '/api/v1';
type Headers = Record<string, string>;

/** The right answer to an item, from its answer key in content/assessments/*.yaml. */
function rightAnswer(item: QuizItem): unknown {
  switch (item.kind) {
    case 'single':
    case 'multi':
    case 'numeric':
    case 'flag':
      return item.answer;
    case 'short':
      return item.answer[0];
  }
}

function wrongAnswer(item: QuizItem): unknown {
  switch (item.kind) {
    case 'single':
      return item.options.find((o) => o.id !== item.answer)!.id;
    case 'multi':
      return [];
    case 'numeric':
      return item.answer + 1000 + (item.tolerance ?? 0);
    case 'short':
    case 'flag':
      return 'certainly not this';
  }
}

/** Answers the items whose index `right` accepts correctly and the others wrongly; returns them and the score. */
function answers(assessment: Assessment, right: (index: number) => boolean) {
  const chosen: Record<string, unknown> = {};
  let score = 0;
  assessment.items.forEach((item, index) => {
    chosen[item.id] = right(index) ? rightAnswer(item) : wrongAnswer(item);
    if (right(index)) score += item.points;
  });
  return { answers: chosen, score, max: assessment.items.reduce((sum, i) => sum + i.points, 0) };
}

/** Points earned over points possible for one KSA statement, over the items tagged with it. */
function masteryOf(assessment: Assessment, ksa: string, right: (index: number) => boolean): number {
  let earned = 0;
  let possible = 0;
  assessment.items.forEach((item, index) => {
    if (!item.ksa.some((ref) => ref.startsWith(`${ksa}_`))) return;
    possible += item.points;
    if (right(index)) earned += item.points;
  });
  return earned / possible;
}

describe(TrainingService.name, { timeout: 120_000 }, () => {
  let hub: TestHub;
  let orgA: string;
  let orgB: string;
  let pre: Assessment;
  let post: Assessment;
  let coursePages: { moduleId: string; pageId: string }[];
  const h = {} as Record<
    'instructorA' | 'adminB' | 'instructorB' | 'learner1' | 'learner2' | 'analystA' | 'outsiderB',
    Headers
  >;
  const ids = {} as Record<'instructorA' | 'learner1' | 'learner2' | 'analystA' | 'outsiderB', string>;
  const call = (headers: Headers, method: 'GET' | 'POST' | 'DELETE', url: string, payload?: object) =>
    hub.app.inject({ method, url, headers, ...(payload ? { payload } : {}) });
  // (open now: learners' work is refused outside a cohort's dates)
  const schedule = {
    startsAt: new Date(Date.now() - 30 * 86_400_000).toISOString(),
    endsAt: new Date(Date.now() + 90 * 86_400_000).toISOString(),
  };

  /** A cohort of web-security in org A, made by A's instructor, with these members. */
  async function cohortWith(name: string, members: { userId: string; role: 'learner' | 'instructor' }[]) {
    const made = await call(h.instructorA, 'POST', `${P}/orgs/${orgA}/cohorts`, {
      courseId: 'web-security',
      name,
      ...schedule,
    });
    expect(made.statusCode, made.body).toBe(201);
    const id = made.json<{ id: string }>().id;
    for (const member of members) {
      const added = await call(h.instructorA, 'POST', `${P}/cohorts/${id}/members`, member);
      expect(added.statusCode, added.body).toBe(201);
    }
    return id;
  }

  beforeAll(async () => {
    hub = await startTestHub();
    const tree = await loadContentTree(SHIPPED_CONTENT_DIR);
    pre = tree.assessments.find((a) => a.id === 'web-security-pre')!;
    post = tree.assessments.find((a) => a.id === 'web-security-post')!;
    const course = tree.courses.find((c) => c.id === 'web-security')!;
    coursePages = course.modules.flatMap((moduleId) =>
      tree.modules.find((m) => m.id === moduleId)!.pages.map((p) => ({ moduleId, pageId: p.id })),
    );
    orgA = (await hub.org('train-a')).id;
    orgB = (await hub.org('train-b')).id;
    const inA = (role: 'instructor' | 'learner' | 'analyst') => ({ memberships: [{ orgId: orgA, role }] });
    const inB = (role: 'instructor' | 'learner' | 'org_admin') => ({ memberships: [{ orgId: orgB, role }] });
    ids.instructorA = await hub.user('teach@train-a.example', inA('instructor'));
    ids.learner1 = await hub.user('one@train-a.example', inA('learner'));
    ids.learner2 = await hub.user('two@train-a.example', inA('learner'));
    ids.analystA = await hub.user('analyst@train-a.example', inA('analyst'));
    ids.outsiderB = await hub.user('learner@train-b.example', inB('learner'));
    await hub.user('teach@train-b.example', inB('instructor'));
    await hub.user('admin@train-b.example', inB('org_admin'));
    h.instructorA = await hub.signIn('teach@train-a.example');
    h.learner1 = await hub.signIn('one@train-a.example');
    h.learner2 = await hub.signIn('two@train-a.example');
    h.analystA = await hub.signIn('analyst@train-a.example');
    h.outsiderB = await hub.signIn('learner@train-b.example');
    h.instructorB = await hub.signIn('teach@train-b.example');
    h.adminB = await hub.signIn('admin@train-b.example');
  }, 60_000);
  afterAll(async () => {
    await hub?.dispose();
  });

  it('runs a cohort: pre-assessment, pages, post-assessment, and the measured gain in the report and CSV', async () => {
    const cohort = await cohortWith('Spring 2025', [
      { userId: ids.learner1, role: 'learner' },
      { userId: ids.learner2, role: 'learner' },
      { userId: ids.instructorA, role: 'instructor' },
    ]);
    const C = `${P}/cohorts/${cohort}`;

    // The pre-assessment as the learner gets it: prompts and options, no answers, no explanations.
    const shown = await call(h.learner1, 'GET', `${C}/assessments/pre`);
    expect(shown.statusCode, shown.body).toBe(200);
    expect(shown.json()).toMatchObject({ assessmentId: pre.id, taken: null, open: true });
    expect(shown.json().items.map((i: { id: string }) => i.id)).toEqual(pre.items.map((i) => i.id));
    expect(shown.json().items[0]).toEqual({
      id: pre.items[0]!.id,
      kind: pre.items[0]!.kind,
      points: pre.items[0]!.points,
      ksa: pre.items[0]!.ksa,
      prompt: pre.items[0]!.prompt,
      options: 'options' in pre.items[0]! ? pre.items[0].options : undefined,
    });
    expect(shown.body).not.toContain('"answer"');
    expect(shown.body).not.toContain('explanation');
    for (const item of pre.items) {
      expect(shown.body).not.toContain(JSON.stringify(item.explanation!.en).slice(1, -1));
      expect(shown.body).not.toContain(JSON.stringify(item.explanation!.ja).slice(1, -1));
    }

    // Learner 1: a low pre score (the first three items right), then pages, then a high post (all but the last).
    const preRight = (i: number) => i < 3;
    const postRight = (i: number) => i < post.items.length - 1;
    const preAnswers = answers(pre, preRight);
    const postAnswers = answers(post, postRight);
    expect(
      (await call(h.learner1, 'POST', `${C}/assessments/post/attempts`, { answers: postAnswers.answers })).json().error
        .code,
    ).toBe('PRE_ASSESSMENT_FIRST');
    const preTaken = await call(h.learner1, 'POST', `${C}/assessments/pre/attempts`, { answers: preAnswers.answers });
    expect(preTaken.statusCode, preTaken.body).toBe(201);
    expect(preTaken.json()).toMatchObject({ kind: 'pre', score: preAnswers.score, max: preAnswers.max });
    expect(preTaken.json().results[0]).toMatchObject({ itemId: pre.items[0]!.id, correct: true });
    expect(preTaken.json().results[0].explanation).toEqual(pre.items[0]!.explanation);
    expect(preTaken.json().results[5]).toMatchObject({ correct: false, points: 0 });
    const again = await call(h.learner1, 'POST', `${C}/assessments/pre/attempts`, { answers: preAnswers.answers });
    expect(again.statusCode).toBe(409);
    expect(again.json().error.code).toBe('ASSESSMENT_TAKEN');
    expect((await call(h.learner1, 'GET', `${C}/assessments/pre`)).json().taken.score).toBe(preAnswers.score);

    const [page1, page2] = coursePages;
    for (const page of [page1, page2, page1]) {
      const read = await call(h.learner1, 'POST', `${C}/progress/pages`, page);
      expect(read.statusCode, read.body).toBe(200);
    }
    expect(
      (await call(h.learner1, 'POST', `${C}/progress/pages`, { moduleId: 'linux-basics', pageId: '01-shell' }))
        .statusCode,
    ).toBe(400);
    expect(
      (await call(h.learner1, 'POST', `${C}/progress/pages`, { moduleId: page1!.moduleId, pageId: '99-none' }))
        .statusCode,
    ).toBe(400);
    expect((await call(h.instructorA, 'POST', `${C}/progress/pages`, page1)).statusCode).toBe(403);

    const postTaken = await call(h.learner1, 'POST', `${C}/assessments/post/attempts`, {
      answers: postAnswers.answers,
    });
    expect(postTaken.statusCode, postTaken.body).toBe(201);
    expect(postTaken.json()).toMatchObject({ kind: 'post', score: postAnswers.score, max: postAnswers.max });
    expect(
      (await call(h.learner1, 'POST', `${C}/assessments/post/attempts`, { answers: postAnswers.answers })).statusCode,
    ).toBe(409);

    const progress = await call(h.learner1, 'GET', `${C}/progress`);
    expect(progress.statusCode, progress.body).toBe(200);
    expect(progress.json()).toMatchObject({
      pagesRead: 2,
      pagesTotal: coursePages.length,
      assessments: { pre: { score: preAnswers.score }, post: { score: postAnswers.score } },
    });
    expect(progress.json().modules[0]).toMatchObject({ moduleId: page1!.moduleId, pagesRead: 2 });

    // The report: scores, the normalised gain from them, per-KSA mastery.
    const preShare = preAnswers.score / preAnswers.max;
    const postShare = postAnswers.score / postAnswers.max;
    const gain = (postShare - preShare) / (1 - preShare);
    expect(gain).toBeGreaterThan(0.5);
    const report = await call(h.instructorA, 'GET', `${C}/report`);
    expect(report.statusCode, report.body).toBe(200);
    const rows = report.json().learners as { userId: string; gain: number | null }[];
    expect(rows.find((r) => r.userId === ids.learner1)).toEqual({
      userId: ids.learner1,
      displayName: 'one',
      email: 'one@train-a.example',
      pre: { score: preAnswers.score, max: preAnswers.max },
      post: { score: postAnswers.score, max: postAnswers.max },
      gain: expect.closeTo(gain, 10),
      pagesRead: 2,
      pagesTotal: coursePages.length,
      // (two pages of many, no quizzes, no labs: not complete; certificates.test.ts covers completion)
      completion: { complete: false, rules: expect.any(Array) },
    });
    expect(rows.find((r) => r.userId === ids.learner2)).toMatchObject({ pre: null, post: null, gain: null });
    expect(rows.map((r) => r.userId)).not.toContain(ids.instructorA);
    expect(report.json().cohort).toMatchObject({
      learners: 2,
      withPre: 1,
      withGain: 1,
      meanPre: expect.closeTo(preShare, 10),
      meanPost: expect.closeTo(postShare, 10),
      meanGain: expect.closeTo(gain, 10),
    });
    const ksa = report.json().ksa as { ksa: string; kind: string; pre: number; post: number; text: string }[];
    // K0070 is tagged on items both answered right and wrong before; S0019 is a skill.
    for (const id of ['K0070', 'K0398', 'S0019']) {
      const row = ksa.find((k) => k.ksa === id)!;
      expect(row.pre, id).toBeCloseTo(masteryOf(pre, id, preRight), 10);
      expect(row.post, id).toBeCloseTo(masteryOf(post, id, postRight), 10);
      expect(row.kind).toBe(id[0]);
      expect(row.text.length).toBeGreaterThan(10);
    }
    // One learner is too few for item statistics: the count, no figures.
    expect(report.json().items.pre.items[0]).toEqual({
      itemId: pre.items[0]!.id,
      answered: 1,
      difficulty: null,
      discrimination: null,
    });

    // The CSV of the same rows: BOM, header, every field quoted.
    const csv = await call(h.instructorA, 'GET', `${C}/report?format=csv`);
    expect(csv.statusCode, csv.body).toBe(200);
    expect(csv.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(csv.rawPayload.subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    const lines = csv.body
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\n');
    expect(lines[0]).toBe(
      '"userId","displayName","email","preScore","preMax","postScore","postMax","gain","pagesRead","pagesTotal","complete","rulesNotMet"',
    );
    expect(lines).toHaveLength(3);
    const line1 = lines.find((l) => l.includes(ids.learner1))!;
    expect(line1.split(',').slice(0, 7)).toEqual(
      [
        ids.learner1,
        'one',
        'one@train-a.example',
        preAnswers.score,
        preAnswers.max,
        postAnswers.score,
        postAnswers.max,
      ].map((v) => `"${v}"`),
    );
    expect(Number(line1.split(',')[7]!.replace(/"/g, ''))).toBeCloseTo(gain, 10);
    expect(line1).toContain('"false","pagesRead quizzesPassed labs"');
    expect(lines.find((l) => l.includes(ids.learner2))).toContain('"two@train-a.example","","","","","",');

    // Learner 1's skill profile: per KSA and per kind, what a radar chart needs.
    const profile = await call(h.learner1, 'GET', `${C}/skill-profile/${ids.learner1}`);
    expect(profile.statusCode, profile.body).toBe(200);
    expect(profile.json().kinds.map((k: { kind: string }) => k.kind)).toEqual(['K', 'S', 'A']);
    const k0070 = profile.json().ksa.find((k: { ksa: string }) => k.ksa === 'K0070');
    expect(k0070.pre).toBeCloseTo(masteryOf(pre, 'K0070', preRight), 10);
    expect(k0070.post).toBeCloseTo(masteryOf(post, 'K0070', postRight), 10);
    const knowledge = profile.json().kinds[0];
    expect(knowledge.post).toBeGreaterThan(knowledge.pre);
    expect((await call(h.instructorA, 'GET', `${C}/skill-profile/${ids.learner1}`)).statusCode).toBe(200);

    // Learner 2 sees neither learner 1's results nor the report, nor learner 1 in the member list.
    expect((await call(h.learner2, 'GET', `${C}/report`)).statusCode).toBe(403);
    expect((await call(h.learner2, 'GET', `${C}/report?format=csv`)).statusCode).toBe(403);
    expect((await call(h.learner2, 'GET', `${C}/skill-profile/${ids.learner1}`)).statusCode).toBe(403);
    const seen = await call(h.learner2, 'GET', C);
    expect(seen.statusCode, seen.body).toBe(200);
    expect(seen.body).not.toContain('one@train-a.example');
    expect(seen.body).not.toContain(ids.learner1);
    expect(seen.json().members).toEqual([
      { userId: ids.instructorA, role: 'instructor', displayName: 'teach' },
      { userId: ids.learner2, role: 'learner', displayName: 'two', email: 'two@train-a.example' },
    ]);
    expect(seen.json().course.modules.length).toBeGreaterThan(1);
    const progress2 = (await call(h.learner2, 'GET', `${C}/progress`)).json();
    expect(progress2).toMatchObject({ pagesRead: 0, assessments: { pre: null, post: null } });
    const post2 = await call(h.learner2, 'POST', `${C}/assessments/post/attempts`, { answers: {} });
    expect(post2.statusCode).toBe(409);
    expect(post2.json().error.code).toBe('PRE_ASSESSMENT_FIRST');
    expect((await call(h.learner2, 'GET', `${C}/assessments/post`)).json().open).toBe(false);

    // An instructor and an admin of organisation B, and A's own analyst outside the cohort: 404, as if it did not exist.
    for (const who of [h.instructorB, h.adminB, h.analystA]) {
      for (const url of [C, `${C}/report`, `${C}/report?format=csv`, `${C}/skill-profile/${ids.learner1}`]) {
        const r = await call(who, 'GET', url);
        expect(r.statusCode, url).toBe(404);
        expect(r.json().error.code).toBe('COHORT_NOT_FOUND');
      }
      expect((await call(who, 'POST', `${C}/members`, { userId: ids.analystA, role: 'learner' })).statusCode).toBe(404);
    }
    // The instructors see the whole member list; nobody but learners takes the assessment.
    const full = (await call(h.instructorA, 'GET', C)).json();
    expect(full.members.map((m: { email: string }) => m.email)).toContain('one@train-a.example');
    expect((await call(h.instructorA, 'GET', `${C}/assessments/pre`)).statusCode).toBe(403);
  });

  it('creates, lists and staffs cohorts by the organisation’s rules', async () => {
    const body = { courseId: 'web-security', name: 'Summer', ...schedule };
    const url = `${P}/orgs/${orgA}/cohorts`;
    expect((await call(h.learner1, 'POST', url, body)).statusCode).toBe(403);
    expect((await call(h.analystA, 'POST', url, body)).statusCode).toBe(403);
    expect((await call(h.adminB, 'POST', url, body)).statusCode).toBe(403);
    const unknown = await call(h.instructorA, 'POST', url, { ...body, courseId: 'no-such-course' });
    expect(unknown.statusCode).toBe(400);
    const backwards = await call(h.instructorA, 'POST', url, { ...body, endsAt: '2025-01-01T00:00:00Z' });
    expect(backwards.statusCode).toBe(400);

    const cohort = await cohortWith('Summer', [{ userId: ids.learner2, role: 'learner' }]);
    const C = `${P}/cohorts/${cohort}`;
    const notInOrg = await call(h.instructorA, 'POST', `${C}/members`, { userId: ids.outsiderB, role: 'learner' });
    expect(notInOrg.statusCode).toBe(400);
    expect((await call(h.learner2, 'POST', `${C}/members`, { userId: ids.learner1, role: 'learner' })).statusCode).toBe(
      403,
    );
    // The same member again changes their role (200); an analyst of the organisation may teach the cohort.
    const teacher = await call(h.instructorA, 'POST', `${C}/members`, { userId: ids.analystA, role: 'learner' });
    expect(teacher.statusCode).toBe(201);
    const promoted = await call(h.instructorA, 'POST', `${C}/members`, { userId: ids.analystA, role: 'instructor' });
    expect(promoted.statusCode).toBe(200);
    expect((await call(h.analystA, 'GET', `${C}/report`)).statusCode).toBe(200);
    expect((await call(h.analystA, 'DELETE', `${C}/members/${ids.learner2}`)).statusCode).toBe(403);

    // Instructors list every cohort of the organisation; a learner the ones they are in; B's instructor none of A's.
    const all = (await call(h.instructorA, 'GET', url)).json().items.map((c: { id: string }) => c.id);
    expect(all).toContain(cohort);
    expect((await call(h.learner1, 'GET', url)).json().items.map((c: { id: string }) => c.id)).not.toContain(cohort);
    expect((await call(h.learner2, 'GET', url)).json().items.map((c: { id: string }) => c.id)).toContain(cohort);
    expect((await call(h.instructorB, 'GET', url)).statusCode).toBe(403);
    expect((await call(h.learner1, 'GET', C)).statusCode).toBe(404);

    // Removing a member: 204, then 404; a removed learner no longer sees the cohort.
    expect((await call(h.instructorA, 'DELETE', `${C}/members/${ids.learner2}`)).statusCode).toBe(204);
    expect((await call(h.instructorA, 'DELETE', `${C}/members/${ids.learner2}`)).statusCode).toBe(404);
    expect((await call(h.learner2, 'GET', C)).statusCode).toBe(404);
  });

  it('computes item difficulty and discrimination once five learners answered', async () => {
    // Six learners, each answering the first k items right: distinct totals, so the 27 % groups are clear.
    const rightCounts = [0, 2, 4, 6, 8, 10];
    const learners: { id: string; headers: Headers; right: number }[] = [];
    for (const [n, right] of rightCounts.entries()) {
      const email = `stats${n}@train-a.example`;
      const id = await hub.user(email, { memberships: [{ orgId: orgA, role: 'learner' }] });
      learners.push({ id, headers: await hub.signIn(email), right });
    }
    const cohort = await cohortWith(
      'Item analysis',
      learners.map((l) => ({ userId: l.id, role: 'learner' as const })),
    );
    const C = `${P}/cohorts/${cohort}`;
    for (const learner of learners) {
      const taken = await call(learner.headers, 'POST', `${C}/assessments/pre/attempts`, {
        answers: answers(pre, (i) => i < learner.right).answers,
      });
      expect(taken.statusCode, taken.body).toBe(201);
    }
    const report = await call(h.instructorA, 'GET', `${C}/report`);
    expect(report.statusCode, report.body).toBe(200);
    const stats = report.json().items.pre.items as {
      itemId: string;
      answered: number;
      difficulty: number;
      discrimination: number;
    }[];
    // By hand, for the third item (index 2): right for the learners with 4, 6, 8 and 10 items right → p = 4/6.
    // Groups of round(0.27 × 6) = 2: the top two (10, 8) both right, the bottom two (0, 2) both wrong → D = 1 − 0 = 1.
    expect(stats[2]).toEqual({ itemId: pre.items[2]!.id, answered: 6, difficulty: 4 / 6, discrimination: 1 });
    // The first item: right for all but the learner with 0 → p = 5/6; top 1.0, bottom (0 wrong, 2 right) 0.5 → D = 0.5.
    expect(stats[0]).toEqual({ itemId: pre.items[0]!.id, answered: 6, difficulty: 5 / 6, discrimination: 0.5 });
    // The last two items nobody got right: p = 0, D = 0.
    expect(stats[11]).toMatchObject({ difficulty: 0, discrimination: 0 });
    expect(report.json().items.post.items[0]).toMatchObject({ answered: 0, difficulty: null });
    // Nobody took the post: no gains, no means after.
    expect(report.json().cohort).toMatchObject({
      learners: 6,
      withPre: 6,
      withPost: 0,
      meanPost: null,
      meanGain: null,
    });
  });
});
