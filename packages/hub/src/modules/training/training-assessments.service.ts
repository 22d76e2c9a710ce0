import type { Assessment, QuizItem } from '@cynex/courseware';
import { AppError } from '../../errors.js';
import type { Actor } from '../../platform/actor.js';
import { isCorrect } from '../courseware/quiz-check.js';
import { requireCohortOpen } from './cohort-schedule.js';
import { courseOf, openCohort, requireThat, type CohortView, type CourseContent } from './training-access.js';
import type { AttemptRow, TrainingRepository } from './training.repository.js';
import type { AttemptInput } from './training.schema.js';
import type { AssessmentKind, ItemResult } from './training.table.js';

/** An item as a learner gets it before answering: no answer, no explanation. */
const presentItem = (item: QuizItem) => ({
  id: item.id,
  kind: item.kind,
  points: item.points,
  ksa: item.ksa,
  prompt: item.prompt,
  ...('options' in item ? { options: item.options.map((o) => ({ id: o.id, text: o.text })) } : {}),
});

const summary = (row: AttemptRow | undefined) =>
  row ? { score: row.score, max: row.maxScore, at: row.at.toISOString() } : null;

/** Grades every item of the assessment; an item left unanswered is wrong. */
export function gradeAssessment(assessment: Assessment, answers: Record<string, unknown>): ItemResult[] {
  return assessment.items.map((item) => {
    const correct = item.id in answers && isCorrect(item, answers[item.id]);
    return { itemId: item.id, correct, points: correct ? item.points : 0, maxPoints: item.points, ksa: item.ksa };
  });
}

/**
 * The course's pre- and post-assessments in a cohort: each learner takes each once, the pre first; grading happens
 * here against the answer keys, which never leave the hub before the learner has submitted.
 */
export class TrainingAssessmentsService {
  constructor(
    private readonly repo: TrainingRepository,
    private readonly content: CourseContent,
  ) {}

  private async open(actor: Actor, cohortId: string, kind: AssessmentKind) {
    const view: CohortView = await openCohort(this.repo, actor, cohortId);
    requireThat(view.memberRole === 'learner', "only the cohort's learners take its assessments");
    const course = await courseOf(this.content, view.cohort);
    const assessmentId = kind === 'pre' ? course.preAssessment : course.postAssessment;
    const assessment = assessmentId ? await this.content.assessmentById(assessmentId) : undefined;
    if (!assessment) throw new AppError('NOT_FOUND', `the course has no ${kind}-assessment`);
    return { view, assessment };
  }

  async get(actor: Actor, cohortId: string, kind: AssessmentKind) {
    const { view, assessment } = await this.open(actor, cohortId, kind);
    const attempts = await this.repo.attempts(cohortId, { userId: view.user.userId });
    return {
      cohortId,
      kind,
      assessmentId: assessment.id,
      title: assessment.title,
      items: assessment.items.map(presentItem),
      maxScore: assessment.items.reduce((sum, i) => sum + i.points, 0),
      taken: summary(attempts.find((a) => a.kind === kind)),
      /** The post-assessment opens once the pre-assessment is taken. */
      open: kind === 'pre' || attempts.some((a) => a.kind === 'pre'),
    };
  }

  /** Grades and keeps the learner's one attempt of this kind; the result explains each item. */
  async submit(actor: Actor, cohortId: string, kind: AssessmentKind, input: AttemptInput) {
    const { view, assessment } = await this.open(actor, cohortId, kind);
    requireCohortOpen(view);
    const unknown = Object.keys(input.answers).filter((id) => !assessment.items.some((i) => i.id === id));
    if (unknown.length) {
      throw new AppError('BAD_REQUEST', `the assessment has no item ${unknown[0]}`, {
        fields: unknown.slice(0, 20).map((id) => ({ path: `answers.${id}`, message: 'no such item' })),
      });
    }
    const mine = await this.repo.attempts(cohortId, { userId: view.user.userId });
    if (mine.some((a) => a.kind === kind)) throw new AppError('ASSESSMENT_TAKEN', `the ${kind}-assessment is taken`);
    if (kind === 'post' && !mine.some((a) => a.kind === 'pre')) {
      throw new AppError('PRE_ASSESSMENT_FIRST', 'take the pre-assessment first');
    }
    const results = gradeAssessment(assessment, input.answers);
    const row = await this.repo.insertAttempt({
      cohortId,
      userId: view.user.userId,
      assessmentId: assessment.id,
      kind,
      answers: input.answers,
      results,
      score: results.reduce((sum, r) => sum + r.points, 0),
      maxScore: results.reduce((sum, r) => sum + r.maxPoints, 0),
    });
    if (!row) throw new AppError('ASSESSMENT_TAKEN', `the ${kind}-assessment is taken`);
    return {
      ...summary(row)!,
      kind,
      assessmentId: assessment.id,
      results: results.map((r) => ({
        itemId: r.itemId,
        correct: r.correct,
        points: r.points,
        maxPoints: r.maxPoints,
        explanation: assessment.items.find((i) => i.id === r.itemId)?.explanation ?? null,
      })),
    };
  }
}
