import type { Course, LearningModule } from '@cynex/courseware';
import { courseOf, modulesOf, type CourseContent } from './training-access.js';
import type { CohortRow, TrainingRepository } from './training.repository.js';

/** A page a learner read in a cohort. */
type PageRead = Awaited<ReturnType<TrainingRepository['pageReads']>>[number];
import type { CompletionRepository } from './completion.repository.js';

export const COMPLETION_RULES = ['pagesRead', 'quizzesPassed', 'labs', 'postAssessment'] as const;
export type CompletionRuleName = (typeof COMPLETION_RULES)[number];

/** One rule of a course's completion: the share required, the share the learner reached, and whether it is met. */
export interface RuleResult {
  rule: CompletionRuleName;
  required: number;
  actual: number;
  met: boolean;
}

export interface Completion {
  complete: boolean;
  rules: RuleResult[];
}

/** What one learner has done in a cohort, as the completion rules count it. */
export interface CompletionFacts {
  pages: { read: number; total: number };
  /** Over the course's modules that have a quiz: best points (0 for a quiz never taken) and the points possible. */
  quizzes: { best: number; max: number };
  /** Per module lab: its objectives and those the learner met. */
  labs: { labId: string; objectives: readonly string[]; met: readonly string[] }[];
  /** Whether the course has a post-assessment, and whether the learner took it. */
  post: { exists: boolean; taken: boolean };
}

const share = (part: number, whole: number) => (whole > 0 ? Math.min(1, part / whole) : 1);
const rule = (name: CompletionRuleName, required: number, actual: number): RuleResult => ({
  rule: name,
  required,
  actual,
  // (a tolerance, so that 3 of 5 pages is 0.6 however the division rounds)
  met: actual + 1e-9 >= required,
});

/**
 * Whether a learner completed a course, rule by rule: pages read, the share of quiz points, the labs (when the course
 * requires them: every objective of every module lab) and the post-assessment (when the course has one).
 * @example evaluateCompletion({ pagesRead: 'all', quizzesPassed: 0.6 }, facts).complete // → false while a page is unread
 */
export function evaluateCompletion(rules: Course['completion'], facts: CompletionFacts): Completion {
  const results = [
    rule('pagesRead', rules.pagesRead === 'all' ? 1 : rules.pagesRead, share(facts.pages.read, facts.pages.total)),
    rule('quizzesPassed', rules.quizzesPassed, share(facts.quizzes.best, facts.quizzes.max)),
  ];
  if (rules.lab === 'required') {
    const objectives = facts.labs.reduce((n, lab) => n + lab.objectives.length, 0);
    const met = facts.labs.reduce((n, lab) => n + lab.objectives.filter((o) => lab.met.includes(o)).length, 0);
    results.push(rule('labs', 1, share(met, objectives)));
  }
  if (facts.post.exists) results.push(rule('postAssessment', 1, facts.post.taken ? 1 : 0));
  return { complete: results.every((r) => r.met), rules: results };
}

/** The labs' side of completion: a lab's objectives and the ones a learner met (the labs repository and runtime). */
export interface LabRecords {
  objectivesOf(labId: string): Promise<readonly string[] | undefined>;
  /** The objectives these learners met, in one look. */
  solvedBy(userIds: readonly string[]): Promise<readonly { userId: string; labId: string; objective: string }[]>;
}

const quizMax = (m: LearningModule) => m.quiz.reduce((sum, item) => sum + item.points, 0);

/** Loads what completion counts for a cohort's learners and evaluates it. */
export class CompletionEvaluator {
  constructor(
    private readonly training: TrainingRepository,
    private readonly results: CompletionRepository,
    private readonly content: CourseContent,
    private readonly labs: LabRecords,
  ) {}

  /** `known.reads`: the learner's page reads in the cohort when the caller has just loaded them. */
  async forLearner(cohort: CohortRow, userId: string, known: { reads?: PageRead[] } = {}): Promise<Completion> {
    return (await this.forLearners(cohort, [userId], known)).get(userId)!;
  }

  /** Completion of each of the learners, by user id. */
  async forLearners(
    cohort: CohortRow,
    userIds: readonly string[],
    known: { reads?: PageRead[] } = {},
  ): Promise<Map<string, Completion>> {
    const course = await courseOf(this.content, cohort);
    const modules = await modulesOf(this.content, course);
    const pages = new Set(modules.flatMap((m) => m.pages.map((p) => `${m.id}/${p.id}`)));
    const withQuiz = modules.filter((m) => m.quiz.length > 0);
    const labIds = course.completion.lab === 'required' ? modules.flatMap((m) => (m.meta.lab ? [m.meta.lab] : [])) : [];
    const labObjectives = await Promise.all(
      labIds.map(async (labId) => ({ labId, objectives: (await this.labs.objectivesOf(labId)) ?? [] })),
    );
    const [reads, quizzes, postTakers, solves] = await Promise.all([
      known.reads ?? this.training.pageReads(cohort.id, [...userIds]),
      this.results.quizResults(cohort.id, userIds),
      course.postAssessment ? this.results.postTakers(cohort.id, userIds) : new Set<string>(),
      labIds.length > 0 ? this.labs.solvedBy(userIds) : [],
    ]);

    const completions = new Map<string, Completion>();
    for (const userId of userIds) {
      const best = (moduleId: string) =>
        quizzes.find((q) => q.userId === userId && q.moduleId === moduleId)?.bestScore ?? 0;
      const solved = solves.filter((s) => s.userId === userId);
      const facts: CompletionFacts = {
        pages: {
          read: reads.filter((r) => r.userId === userId && pages.has(`${r.moduleId}/${r.pageId}`)).length,
          total: pages.size,
        },
        quizzes: {
          best: withQuiz.reduce((sum, m) => sum + Math.min(best(m.id), quizMax(m)), 0),
          max: withQuiz.reduce((sum, m) => sum + quizMax(m), 0),
        },
        labs: labObjectives.map(({ labId, objectives }) => ({
          labId,
          objectives,
          met: solved.filter((s) => s.labId === labId).map((s) => s.objective),
        })),
        post: { exists: Boolean(course.postAssessment), taken: postTakers.has(userId) },
      };
      completions.set(userId, evaluateCompletion(course.completion, facts));
    }
    return completions;
  }
}
