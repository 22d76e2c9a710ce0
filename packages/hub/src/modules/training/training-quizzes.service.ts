import type { Lang } from '@cynex/courseware';
import { AppError } from '../../errors.js';
import type { Actor } from '../../platform/actor.js';
import { requireCohortOpen } from './cohort-schedule.js';
import type { CompletionRepository } from './completion.repository.js';
import { courseOf, openCohort, requireThat, type CourseContent } from './training-access.js';
import type { TrainingRepository } from './training.repository.js';
import type { CohortQuizInput } from './certificates.schema.js';

/** The courseware's own quiz check (the hub's CoursewareService), so that a cohort grades exactly as the reader does. */
export interface QuizChecker {
  checkQuiz(
    actor: Actor,
    moduleId: string,
    answers: Record<string, unknown>,
    lang: Lang,
  ): Promise<{ results: { id: string; correct: boolean; explanation: string | null }[]; score: number; max: number }>;
}

/** Module quizzes taken in a cohort: graded by the courseware check, the best score per learner and module kept. */
export class TrainingQuizzesService {
  constructor(
    private readonly repo: TrainingRepository,
    private readonly results: CompletionRepository,
    private readonly content: CourseContent,
    private readonly checker: QuizChecker,
  ) {}

  async submit(actor: Actor, cohortId: string, moduleId: string, input: CohortQuizInput, lang: Lang) {
    const view = await openCohort(this.repo, actor, cohortId);
    requireThat(view.memberRole === 'learner', "only the cohort's learners take its quizzes");
    requireCohortOpen(view);
    const course = await courseOf(this.content, view.cohort);
    if (!course.modules.includes(moduleId)) {
      throw new AppError('BAD_REQUEST', `the course has no module ${JSON.stringify(moduleId)}`);
    }
    const checked = await this.checker.checkQuiz(actor, moduleId, input.answers, lang);
    if (checked.max === 0) throw new AppError('BAD_REQUEST', `module ${moduleId} has no quiz`);
    const row = await this.results.recordQuiz({
      cohortId,
      userId: view.user.userId,
      moduleId,
      score: checked.score,
      maxScore: checked.max,
    });
    return {
      ...checked,
      best: { score: row.bestScore, max: row.maxScore, attempts: row.attempts, at: row.at.toISOString() },
    };
  }
}
