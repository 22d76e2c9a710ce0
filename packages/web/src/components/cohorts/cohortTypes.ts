/** The hub's training (cohorts) API as the console reads it (packages/hub/src/modules/training). */
import type { Bilingual } from '../../types';
import type { Completion } from '../certificates/certificates';
import type { QuizKind } from '../courseware/coursewareTypes';

/** Content texts may exist in one language only. */
export type Localised = Partial<Bilingual>;

export type CohortRole = 'learner' | 'instructor';
export type AssessmentKind = 'pre' | 'post';
export type KsaKindLetter = 'K' | 'S' | 'A';

export interface CohortSummary {
  id: string;
  orgId: string;
  courseId: string;
  courseTitle: Localised | null;
  name: string;
  startsAt: string;
  endsAt: string;
  createdAt: string;
}

/** Those who teach get every member with e-mail; a learner only themselves and the instructors' names. */
export interface CohortMember {
  userId: string;
  role: CohortRole;
  displayName: string;
  email?: string;
}

export interface CohortDetail extends CohortSummary {
  course: {
    id: string;
    title: Localised;
    modules: { id: string; title: Localised; pages: string[] }[];
    preAssessment: string | null;
    postAssessment: string | null;
  };
  myRole: CohortRole | null;
  canManage: boolean;
  members: CohortMember[];
}

export interface Taken {
  score: number;
  max: number;
  at: string;
}

export interface CohortProgress {
  cohortId: string;
  modules: { moduleId: string; read: string[]; pagesRead: number; pagesTotal: number }[];
  pagesRead: number;
  pagesTotal: number;
  assessments: { pre: Taken | null; post: Taken | null };
  /** The course's completion rules as the learner stands (see components/certificates). */
  completion?: Completion | null;
}

/** An item as a learner gets it before answering: no answer key, no explanation. */
export interface AssessmentItem {
  id: string;
  kind: QuizKind;
  points: number;
  ksa: string[];
  prompt: Localised;
  options?: { id: string; text: Localised }[];
}

export interface CohortAssessment {
  cohortId: string;
  kind: AssessmentKind;
  assessmentId: string;
  title: Localised;
  items: AssessmentItem[];
  maxScore: number;
  taken: Taken | null;
  open: boolean;
}

export interface AttemptResult extends Taken {
  kind: AssessmentKind;
  assessmentId: string;
  results: { itemId: string; correct: boolean; points: number; maxPoints: number; explanation: Localised | null }[];
}

export interface KsaMastery {
  ksa: string;
  kind: KsaKindLetter;
  pre: number | null;
  post: number | null;
  text: string;
}

export interface KindMastery {
  kind: KsaKindLetter;
  pre: number | null;
  post: number | null;
}

export interface ItemStatistic {
  itemId: string;
  answered: number;
  difficulty: number | null;
  discrimination: number | null;
}

export interface CohortReport {
  cohortId: string;
  courseId: string;
  learners: {
    userId: string;
    displayName: string;
    email: string;
    pre: { score: number; max: number } | null;
    post: { score: number; max: number } | null;
    gain: number | null;
    pagesRead: number;
    pagesTotal: number;
    /** The course's completion rules as the learner stands. */
    completion: Completion | null;
  }[];
  cohort: {
    learners: number;
    withPre: number;
    withPost: number;
    withGain: number;
    meanPre: number | null;
    meanPost: number | null;
    meanGain: number | null;
  };
  ksa: KsaMastery[];
  kinds: KindMastery[];
  items: Record<AssessmentKind, { assessmentId: string; items: ItemStatistic[] } | null>;
}

export interface SkillProfile {
  cohortId: string;
  userId: string;
  displayName: string;
  ksa: KsaMastery[];
  kinds: KindMastery[];
}
