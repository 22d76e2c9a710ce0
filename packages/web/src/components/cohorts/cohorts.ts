/** Paths and small helpers the cohort pages share. */
import type { Lang } from '../../types';
import { percent, quizAnswerOf, type QuizDraft } from '../courseware/courseware';
import type { QuizAnswer } from '../courseware/coursewareTypes';
import type { AssessmentItem, AssessmentKind } from './cohortTypes';

const enc = encodeURIComponent;

export const cohortPath = {
  cohort: (id: string) => `/training/cohorts/${enc(id)}`,
  learner: (id: string, userId: string) => `/training/cohorts/${enc(id)}/learners/${enc(userId)}`,
  /** A reader page that counts as read in the cohort. */
  page: (id: string, moduleId: string, pageId: string) =>
    `/training/modules/${enc(moduleId)}/pages/${enc(pageId)}?cohort=${enc(id)}`,
  api: {
    ofOrg: (orgId: string) => `/orgs/${enc(orgId)}/cohorts`,
    cohort: (id: string) => `/cohorts/${enc(id)}`,
    members: (id: string) => `/cohorts/${enc(id)}/members`,
    assessment: (id: string, kind: AssessmentKind) => `/cohorts/${enc(id)}/assessments/${kind}`,
    attempts: (id: string, kind: AssessmentKind) => `/cohorts/${enc(id)}/assessments/${kind}/attempts`,
    pageRead: (id: string) => `/cohorts/${enc(id)}/progress/pages`,
    progress: (id: string) => `/cohorts/${enc(id)}/progress`,
    report: (id: string) => `/cohorts/${enc(id)}/report`,
    skillProfile: (id: string, userId: string) => `/cohorts/${enc(id)}/skill-profile/${enc(userId)}`,
  },
};

/** A share (0..1) as a percentage, or a dash when there is none. */
export function shareText(share: number | null | undefined, lang: Lang): string {
  return share === null || share === undefined ? '—' : percent(share, lang);
}

/** A score as "7 / 10 (70%)". */
export function scoreText(score: { score: number; max: number } | null, lang: Lang): string {
  if (!score) return '—';
  return `${score.score} / ${score.max} (${shareText(score.max > 0 ? score.score / score.max : null, lang)})`;
}

/** A date-time value for <input type="datetime-local"> → ISO with offset, or undefined when empty. */
export function isoFromLocal(value: string): string | undefined {
  if (!value) return undefined;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? undefined : date.toISOString();
}

/** What the hub takes for an assessment item's draft (the quiz rule: only the item's kind matters). */
export function answerOf(item: AssessmentItem, draft: QuizDraft | undefined): QuizAnswer | undefined {
  return quizAnswerOf({ id: item.id, kind: item.kind, points: item.points, ksa: item.ksa, prompt: '' }, draft);
}
