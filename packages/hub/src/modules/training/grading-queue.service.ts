import type { Assessment, Lang } from '@cynex/courseware';
import { AppError } from '../../errors.js';
import type { Actor } from '../../platform/actor.js';
import type { AuditService } from '../audit/audit.service.js';
import { textIn } from './scenario-view.js';
import type { SubmissionsRepository } from './submissions.repository.js';
import type { ItemReviewInput } from './submissions.schema.js';
import { openCohort, requireThat, teaches, type CohortView, type CourseContent } from './training-access.js';
import type { AttemptRow, TrainingRepository } from './training.repository.js';

/** A short answer the learner gave, if any (an empty or missing answer cannot be right in other words). */
const givenText = (attempt: AttemptRow, itemId: string): string | undefined => {
  const answer = attempt.answers[itemId];
  return typeof answer === 'string' && answer.trim() !== '' ? answer : undefined;
};

/**
 * What waits for a cohort's instructors: submissions to review (oldest first), and the short answers of pre- and
 * post-assessments the hub marked wrong, which a person should read (the learner may be right in other words).
 */
export class GradingQueueService {
  constructor(
    private readonly training: TrainingRepository,
    private readonly repo: SubmissionsRepository,
    private readonly content: CourseContent,
    private readonly audit: AuditService,
  ) {}

  private async teaching(actor: Actor, cohortId: string): Promise<CohortView> {
    const view = await openCohort(this.training, actor, cohortId);
    requireThat(teaches(view), "only the cohort's instructors and the organisation's admins grade");
    return view;
  }

  async queue(actor: Actor, cohortId: string, lang: Lang) {
    await this.teaching(actor, cohortId);
    const teams = await this.repo.teams(cohortId);
    const members = await this.training.members(cohortId);
    const nameOf = (userId: string | null) => members.find((m) => m.userId === userId)?.displayName ?? null;
    const submissions = (await this.repo.awaitingReview(cohortId)).map((row) => ({
      id: row.id,
      kind: row.kind,
      title: row.title,
      version: Number(row.version),
      team: row.teamId ? (teams.find((t) => t.id === row.teamId)?.name ?? null) : null,
      author: row.kind === 'project' ? nameOf(row.userId) : null,
      submittedAt: row.submittedAt.toISOString(),
    }));

    const learners = new Set(members.filter((m) => m.role === 'learner').map((m) => m.userId));
    const assessments = new Map<string, Assessment | undefined>();
    const shortAnswers = [];
    for (const attempt of await this.training.attempts(cohortId)) {
      if (!learners.has(attempt.userId)) continue;
      if (!assessments.has(attempt.assessmentId)) {
        assessments.set(attempt.assessmentId, await this.content.assessmentById(attempt.assessmentId));
      }
      const assessment = assessments.get(attempt.assessmentId);
      for (const result of attempt.results) {
        const item = assessment?.items.find((i) => i.id === result.itemId);
        const given = givenText(attempt, result.itemId);
        if (item?.kind !== 'short' || result.correct || result.reviewed || given === undefined) continue;
        shortAnswers.push({
          attemptId: attempt.id,
          itemId: item.id,
          kind: attempt.kind,
          learner: { userId: attempt.userId, displayName: nameOf(attempt.userId) },
          prompt: textIn(item.prompt, lang),
          answer: given,
          expected: item.answer,
          points: item.points,
          at: attempt.at.toISOString(),
        });
      }
    }
    return { cohortId, submissions, shortAnswers };
  }

  /** A person's decision on a short answer: the item counts as they decide, and the attempt's score follows. */
  async reviewItem(actor: Actor, cohortId: string, attemptId: string, itemId: string, input: ItemReviewInput) {
    const view = await this.teaching(actor, cohortId);
    const attempt = await this.repo.attempt(cohortId, attemptId);
    if (!attempt) throw new AppError('NOT_FOUND', 'no such attempt in the cohort');
    const item = (await this.content.assessmentById(attempt.assessmentId))?.items.find((i) => i.id === itemId);
    const index = attempt.results.findIndex((r) => r.itemId === itemId);
    if (!item || index < 0) throw new AppError('NOT_FOUND', `the attempt has no item ${JSON.stringify(itemId)}`);
    if (item.kind !== 'short') throw new AppError('BAD_REQUEST', 'only short answers are reviewed by hand');
    const before = attempt.results[index]!;
    const results = attempt.results.map((r, i) =>
      i === index
        ? {
            ...r,
            correct: input.correct,
            points: input.correct ? r.maxPoints : 0,
            reviewed: { by: view.user.userId, at: new Date().toISOString() },
          }
        : r,
    );
    const score = results.reduce((sum, r) => sum + r.points, 0);
    const saved = await this.repo.updateAttemptResults(attempt.id, results, score, attempt.results);
    if (!saved)
      throw new AppError('CONFLICT', 'the attempt was reviewed by someone else at the same time; load it again');
    await this.audit.record(actor, {
      action: 'cohort.attempt.item_review',
      targetType: 'assessment_attempt',
      targetId: attempt.id,
      orgId: view.cohort.orgId,
      details: { cohortId, itemId, learner: attempt.userId, was: before.correct, correct: input.correct, score },
    });
    return { attemptId: saved.id, itemId, correct: input.correct, score: saved.score, max: saved.maxScore };
  }
}
