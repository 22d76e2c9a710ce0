import { SHIPPED_CONTENT_DIR, loadContentTree, type QuizItem } from '@cynex/courseware';
import { expect } from 'vitest';
import { labInstances, labSolves } from '../src/modules/labs/labs.table.js';
import type { TestHub } from './harness.js';

const P = '/api/v1';

function rightAnswer(item: QuizItem): unknown {
  return item.kind === 'short' ? item.answer[0] : item.answer;
}

/**
 * Does everything web-security's completion rules ask of a learner in a cohort, through the API where there is one:
 * every page read, every module quiz right, the pre- and post-assessment; the labs' objectives are recorded as met
 * directly (running the lab apps is the labs tests' business).
 */
export async function completeWebSecurity(
  hub: TestHub,
  cohortId: string,
  learner: { headers: Record<string, string>; userId: string; orgId: string },
): Promise<void> {
  const tree = await loadContentTree(SHIPPED_CONTENT_DIR);
  const course = tree.courses.find((c) => c.id === 'web-security')!;
  const C = `${P}/cohorts/${cohortId}`;
  const post = (url: string, payload: object) =>
    hub.app.inject({ method: 'POST', url, headers: learner.headers, payload });
  for (const moduleId of course.modules) {
    const module = tree.modules.find((m) => m.id === moduleId)!;
    for (const page of module.pages) {
      const read = await post(`${C}/progress/pages`, { moduleId, pageId: page.id });
      expect(read.statusCode, read.body).toBe(200);
    }
    if (module.quiz.length > 0) {
      const answers = Object.fromEntries(module.quiz.map((item) => [item.id, rightAnswer(item)]));
      const quiz = await post(`${C}/quizzes/${moduleId}`, { answers });
      expect(quiz.statusCode, quiz.body).toBe(200);
    }
    if (module.meta.lab) {
      const lab = (await hub.services.labRuntime.lab(module.meta.lab))!;
      const [instance] = await hub.database.db
        .insert(labInstances)
        .values({
          userId: learner.userId,
          orgId: learner.orgId,
          labId: lab.id,
          level: 'vulnerable',
          state: 'stopped',
          stopReason: 'stopped',
        })
        .returning();
      await hub.database.db.insert(labSolves).values(
        lab.objectives.map((o) => ({
          instanceId: instance!.id,
          userId: learner.userId,
          labId: lab.id,
          objective: o.id,
        })),
      );
    }
  }
  for (const kind of ['pre', 'post'] as const) {
    const assessment = tree.assessments.find((a) => a.id === course[`${kind}Assessment`])!;
    const answers = Object.fromEntries(assessment.items.map((item) => [item.id, rightAnswer(item)]));
    const taken = await post(`${C}/assessments/${kind}/attempts`, { answers });
    expect(taken.statusCode, taken.body).toBe(201);
  }
}
