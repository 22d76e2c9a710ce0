import { SHIPPED_CONTENT_DIR, loadContentTree, type Assessment, type QuizItem } from '@cynex/courseware';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestHub, type TestHub } from '../../../test/harness.js';
import { auditLog } from '../audit/audit.table.js';
import { GradingQueueService } from './grading-queue.service.js';

const P = '/api/v1';
const DAY = 86_400_000;
/** A schedule open now (assessments are taken only while a cohort runs). */
const openNow = () => ({
  startsAt: new Date(Date.now() - DAY).toISOString(),
  endsAt: new Date(Date.now() + 60 * DAY).toISOString(),
});
type Headers = Record<string, string>;
type Who = 'instructorA' | 'outsiderB' | 'l1' | 'l2';

function rightAnswer(item: QuizItem): unknown {
  return item.kind === 'short' ? item.answer[0] : item.answer;
}

/** The learner's answers: right on the items `right` picks, wrong elsewhere; short answers as given in `short`. */
function answersFor(assessment: Assessment, right: (index: number) => boolean, short: string) {
  const answers: Record<string, unknown> = {};
  assessment.items.forEach((item, index) => {
    if (item.kind === 'short') answers[item.id] = short;
    else if (right(index)) answers[item.id] = rightAnswer(item);
    else if (item.kind === 'single') answers[item.id] = item.options.find((o) => o.id !== item.answer)!.id;
    else if (item.kind === 'multi') answers[item.id] = [];
    else if (item.kind === 'numeric') answers[item.id] = item.answer + 1000 + (item.tolerance ?? 0);
    else answers[item.id] = 'certainly not this';
  });
  return answers;
}

describe(GradingQueueService.name, { timeout: 120_000 }, () => {
  let hub: TestHub;
  let orgA: string;
  let pre: Assessment;
  let post: Assessment;
  const h = {} as Record<Who, Headers>;
  const ids = {} as Record<Who, string>;
  const call = (who: Who, method: 'GET' | 'POST' | 'PUT', url: string, payload?: object) =>
    hub.app.inject({ method, url, headers: h[who], ...(payload ? { payload } : {}) });
  const json = async <T>(response: ReturnType<typeof call>, status = 200): Promise<T> => {
    const r = await response;
    expect(r.statusCode, r.body).toBe(status);
    return r.json();
  };

  beforeAll(async () => {
    hub = await startTestHub();
    const tree = await loadContentTree(SHIPPED_CONTENT_DIR);
    pre = tree.assessments.find((a) => a.id === 'web-security-pre')!;
    post = tree.assessments.find((a) => a.id === 'web-security-post')!;
    orgA = (await hub.org('queue-a')).id;
    const orgB = (await hub.org('queue-b')).id;
    ids.instructorA = await hub.user('teach@queue-a.example', { memberships: [{ orgId: orgA, role: 'instructor' }] });
    ids.l1 = await hub.user('l1@queue-a.example', { memberships: [{ orgId: orgA, role: 'learner' }] });
    ids.l2 = await hub.user('l2@queue-a.example', { memberships: [{ orgId: orgA, role: 'learner' }] });
    ids.outsiderB = await hub.user('out@queue-b.example', { memberships: [{ orgId: orgB, role: 'org_admin' }] });
    for (const [who, email] of [
      ['instructorA', 'teach@queue-a.example'],
      ['l1', 'l1@queue-a.example'],
      ['l2', 'l2@queue-a.example'],
      ['outsiderB', 'out@queue-b.example'],
    ] as const) {
      h[who] = await hub.signIn(email);
    }
  }, 60_000);
  afterAll(async () => {
    await hub?.dispose();
  });

  it('lists work awaiting review oldest first, and short answers marked wrong; a review moves the score and the gain', async () => {
    const C = `${P}/cohorts/${
      (
        await json<{ id: string }>(
          call('instructorA', 'POST', `${P}/orgs/${orgA}/cohorts`, {
            courseId: 'web-security',
            name: 'Queue',
            ...openNow(),
          }),
          201,
        )
      ).id
    }`;
    for (const who of ['l1', 'l2'] as const) {
      await json(call('instructorA', 'POST', `${C}/members`, { userId: ids[who], role: 'learner' }), 201);
    }
    const shortItem = pre.items.find((i) => i.kind === 'short')!;
    const postShort = post.items.find((i) => i.kind === 'short')!;
    // l1 is right on the even items and writes the short answer in other words; l2 leaves it empty
    const takePre = async (who: 'l1' | 'l2', short: string) =>
      json<{ score: number }>(
        call(who, 'POST', `${C}/assessments/pre/attempts`, { answers: answersFor(pre, (i) => i % 2 === 0, short) }),
        201,
      );
    const preL1 = await takePre('l1', 'the entity &amp (ampersand)');
    await takePre('l2', '');
    const postL1 = await json<{ score: number; max: number }>(
      call('l1', 'POST', `${C}/assessments/post/attempts`, {
        answers: answersFor(post, (i) => i % 3 !== 0, (postShort as { answer: string[] }).answer[0]!),
      }),
      201,
    );

    // a project, then a team report; then the project is graded and leaves the queue
    const project = await json<{ id: string }>(
      call('l2', 'PUT', `${C}/projects/mine`, { title: 'Log triage', body: 'b' }),
    );
    const graded = await json<{ id: string }>(call('l1', 'PUT', `${C}/projects/mine`, { title: 'Done', body: 'b' }));
    const team = await json<{ id: string }>(
      call('instructorA', 'POST', `${C}/teams`, { name: 'Red', members: [ids.l1] }),
      201,
    );
    await json(call('instructorA', 'POST', `${C}/teams/${team.id}/scenarios/ransomware-foothold/start`), 201);
    const report = await json<{ id: string }>(
      call('l1', 'PUT', `${C}/teams/${team.id}/reports/ransomware-foothold`, { sections: { summary: 'All of it.' } }),
    );
    await json(
      call('instructorA', 'POST', `${P}/submissions/${graded.id}/review`, {
        decision: 'grade',
        scores: [{ criterion: 'overall', points: 70 }],
      }),
    );

    await json(call('l1', 'GET', `${C}/grading-queue`), 403);
    expect((await call('outsiderB', 'GET', `${C}/grading-queue`)).json().error.code).toBe('COHORT_NOT_FOUND');
    type Queue = {
      submissions: { id: string; kind: string; team: string | null; author: string | null }[];
      shortAnswers: {
        attemptId: string;
        itemId: string;
        kind: string;
        answer: string;
        expected: string[];
        learner: { userId: string };
      }[];
    };
    const queue = await json<Queue>(call('instructorA', 'GET', `${C}/grading-queue?lang=en`));
    expect(queue.submissions.map((s) => [s.id, s.kind, s.team])).toEqual([
      [project.id, 'project', null],
      [report.id, 'scenario_report', 'Red'],
    ]);
    expect(queue.submissions[0]!.author).toEqual(expect.any(String));
    expect(queue.shortAnswers).toHaveLength(1);
    const [entry] = queue.shortAnswers;
    expect(entry).toMatchObject({
      itemId: shortItem.id,
      kind: 'pre',
      answer: 'the entity &amp (ampersand)',
      expected: (shortItem as { answer: string[] }).answer,
      learner: { userId: ids.l1 },
    });

    const gainOf = async () =>
      (
        await json<{ learners: { userId: string; gain: number | null; pre: { score: number } }[] }>(
          call('instructorA', 'GET', `${C}/report`),
        )
      ).learners.find((l) => l.userId === ids.l1)!;
    const before = await gainOf();
    expect(before.pre.score).toBe(preL1.score);

    const itemUrl = (itemId: string) => `${C}/attempts/${entry!.attemptId}/items/${itemId}/review`;
    await json(call('l1', 'POST', itemUrl(shortItem.id), { correct: true }), 403);
    await json(
      call('instructorA', 'POST', itemUrl(pre.items.find((i) => i.kind !== 'short')!.id), { correct: true }),
      400,
    );
    await json(call('instructorA', 'POST', itemUrl('no-such-item'), { correct: true }), 404);
    await json(
      call('instructorA', 'POST', `${C}/attempts/${project.id}/items/${shortItem.id}/review`, { correct: true }),
      404,
    );
    const reviewed = await json<{ score: number; max: number; correct: boolean }>(
      call('instructorA', 'POST', itemUrl(shortItem.id), { correct: true }),
    );
    expect(reviewed).toMatchObject({ score: preL1.score + shortItem.points, correct: true });

    const after = await gainOf();
    expect(after.pre.score).toBe(preL1.score + shortItem.points);
    const max = pre.items.reduce((sum, i) => sum + i.points, 0);
    const gain = (preScore: number) => (postL1.score / postL1.max - preScore / max) / (1 - preScore / max);
    expect(before.gain).toBeCloseTo(gain(preL1.score), 10);
    expect(after.gain).toBeCloseTo(gain(preL1.score + shortItem.points), 10);
    expect(after.gain).not.toBeCloseTo(before.gain!, 5);
    expect((await json<Queue>(call('instructorA', 'GET', `${C}/grading-queue`))).shortAnswers).toEqual([]);

    const [audit] = await hub.database.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, 'cohort.attempt.item_review'), eq(auditLog.targetId, entry!.attemptId)));
    expect(audit?.orgId).toBe(orgA);
    expect(audit?.details).toMatchObject({ itemId: shortItem.id, was: false, correct: true });
  });
});
