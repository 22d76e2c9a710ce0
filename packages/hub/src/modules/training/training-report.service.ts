import { niceCatalogue } from '@cynex/courseware';
import { stringify } from 'csv-stringify/sync';
import { AppError } from '../../errors.js';
import type { Actor } from '../../platform/actor.js';
import type { CompletionEvaluator } from './completion.js';
import { courseOf, modulesOf, openCohort, requireThat, teaches, type CourseContent } from './training-access.js';
import type { AttemptRow, TrainingRepository } from './training.repository.js';
import { itemStatistics, masteryProfile, mean, normalisedGain, type GradedAttempt } from './training-stats.js';
import type { AssessmentKind } from './training.table.js';

const CSV_COLUMNS = [
  'userId',
  'displayName',
  'email',
  'preScore',
  'preMax',
  'postScore',
  'postMax',
  'gain',
  'pagesRead',
  'pagesTotal',
  'complete',
  'rulesNotMet',
] as const;

/** Spreadsheets run a cell that starts with = + - @ as a formula: such a cell gets a leading apostrophe. */
const neutralise = (value: string): string => (/^[=+\-@\t\r']/.test(value) ? `'${value}` : value);

const scoreOf = (row: AttemptRow | undefined) => (row ? { score: row.score, max: row.maxScore } : null);
const graded = (row: AttemptRow): GradedAttempt => ({
  userId: row.userId,
  kind: row.kind,
  score: row.score,
  results: row.results,
});

/** The statement's text from the NICE catalogue, for labels (English: NICE publishes no Japanese text). */
const withText = <T extends { ksa: string }>(rows: T[]) =>
  rows.map((row) => ({ ...row, text: niceCatalogue().ksa.get(row.ksa)?.text ?? '' }));

/**
 * What a cohort learned: per learner the pre and post scores and the normalised gain, the cohort's means, mastery
 * per KSA and item statistics for those who teach it; and each learner's own skill profile.
 */
export class TrainingReportService {
  constructor(
    private readonly repo: TrainingRepository,
    private readonly content: CourseContent,
    private readonly completion?: CompletionEvaluator,
  ) {}

  async report(actor: Actor, cohortId: string) {
    const view = await openCohort(this.repo, actor, cohortId);
    requireThat(teaches(view), "only the cohort's instructors and the organisation's admins see its report");
    const course = await courseOf(this.content, view.cohort);
    const pagesOfCourse = new Set(
      (await modulesOf(this.content, course)).flatMap((m) => m.pages.map((p) => `${m.id}/${p.id}`)),
    );
    const learners = (await this.repo.members(cohortId)).filter((m) => m.role === 'learner');
    const isLearner = new Set(learners.map((l) => l.userId));
    const attempts = (await this.repo.attempts(cohortId)).filter((a) => isLearner.has(a.userId));
    const reads = (await this.repo.pageReads(cohortId)).filter((r) => pagesOfCourse.has(`${r.moduleId}/${r.pageId}`));

    const completions = await this.completion?.forLearners(
      view.cohort,
      learners.map((l) => l.userId),
    );
    const rows = learners.map((learner) => {
      const pre = scoreOf(attempts.find((a) => a.userId === learner.userId && a.kind === 'pre'));
      const post = scoreOf(attempts.find((a) => a.userId === learner.userId && a.kind === 'post'));
      return {
        userId: learner.userId,
        displayName: learner.displayName,
        email: learner.email,
        pre,
        post,
        gain: normalisedGain(pre, post),
        pagesRead: reads.filter((r) => r.userId === learner.userId).length,
        pagesTotal: pagesOfCourse.size,
        completion: completions?.get(learner.userId) ?? null,
      };
    });
    const share = (s: { score: number; max: number } | null) => (s && s.max > 0 ? [s.score / s.max] : []);
    const mastery = masteryProfile(attempts.map(graded));
    const itemStats = async (kind: AssessmentKind) => {
      const id = kind === 'pre' ? course.preAssessment : course.postAssessment;
      const assessment = id ? await this.content.assessmentById(id) : undefined;
      if (!assessment) return null;
      const ofKind = attempts.filter((a) => a.kind === kind).map(graded);
      return {
        assessmentId: assessment.id,
        items: itemStatistics(
          assessment.items.map((i) => i.id),
          ofKind,
        ),
      };
    };
    return {
      cohortId,
      courseId: course.id,
      learners: rows,
      cohort: {
        learners: rows.length,
        withPre: rows.filter((r) => r.pre).length,
        withPost: rows.filter((r) => r.post).length,
        withGain: rows.filter((r) => r.gain !== null).length,
        /** Means of the scores as shares of the maximum (0..1). */
        meanPre: mean(rows.flatMap((r) => share(r.pre))),
        meanPost: mean(rows.flatMap((r) => share(r.post))),
        /** The mean of the learners' own normalised gains (learners with both scores and room to gain). */
        meanGain: mean(rows.flatMap((r) => (r.gain === null ? [] : [r.gain]))),
      },
      ksa: withText(mastery.ksa),
      kinds: mastery.kinds,
      items: { pre: await itemStats('pre'), post: await itemStats('post') },
    };
  }

  /** The per-learner rows of the report as CSV for Excel: UTF-8 with a byte-order mark, a header, every field quoted. */
  async reportCsv(actor: Actor, cohortId: string): Promise<string> {
    const { learners } = await this.report(actor, cohortId);
    const records = learners.map((r) => ({
      userId: r.userId,
      displayName: neutralise(r.displayName),
      email: neutralise(r.email),
      preScore: r.pre?.score ?? '',
      preMax: r.pre?.max ?? '',
      postScore: r.post?.score ?? '',
      postMax: r.post?.max ?? '',
      gain: r.gain ?? '',
      pagesRead: r.pagesRead,
      pagesTotal: r.pagesTotal,
      complete: r.completion ? String(r.completion.complete) : '',
      rulesNotMet:
        r.completion?.rules
          .filter((rule) => !rule.met)
          .map((rule) => rule.rule)
          .join(' ') ?? '',
    }));
    return '\uFEFF' + stringify(records, { header: true, columns: [...CSV_COLUMNS], quoted: true, quoted_empty: true });
  }

  /** One learner's mastery per KSA statement and per kind (K/S/A), before and after: what a radar chart needs. */
  async skillProfile(actor: Actor, cohortId: string, userId: string) {
    const view = await openCohort(this.repo, actor, cohortId);
    requireThat(
      teaches(view) || (view.user.userId === userId && view.memberRole === 'learner'),
      "a skill profile is for the learner and the cohort's instructors",
    );
    const learner = (await this.repo.members(cohortId)).find((m) => m.userId === userId && m.role === 'learner');
    if (!learner) throw new AppError('NOT_FOUND', 'not a learner of the cohort');
    const profile = masteryProfile((await this.repo.attempts(cohortId, { userId })).map(graded));
    return {
      cohortId,
      userId,
      displayName: learner.displayName,
      ksa: withText(profile.ksa),
      kinds: profile.kinds,
    };
  }
}
