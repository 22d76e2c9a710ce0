/** Paths and types of certificates of completion and the completion rules they need. */
import type { Localised } from '../cohorts/cohortTypes';

const enc = encodeURIComponent;

export type CompletionRuleName = 'pagesRead' | 'quizzesPassed' | 'labs' | 'postAssessment';

export interface Completion {
  complete: boolean;
  rules: { rule: CompletionRuleName; required: number; actual: number; met: boolean }[];
}

export interface Certificate {
  id: string;
  code: string;
  cohortId: string;
  userId: string;
  learnerName: string;
  orgName: string;
  courseTitle: Localised;
  cohortName: string;
  issuedAt: string;
  revokedAt: string | null;
  revokedReason: string | null;
  verifyUrl: string;
}

/** What the public verification answers for a code. */
export interface Verification {
  code: string;
  status: 'valid' | 'revoked';
  learnerName: string;
  orgName: string;
  orgNameJa: string;
  courseTitle: Localised;
  cohortName: string;
  issuedAt: string;
  revokedAt?: string;
  reason?: string;
}

export const certificatePath = {
  verify: (code?: string) => (code ? `/verify/${enc(code)}` : '/verify'),
  api: {
    ofCohort: (cohortId: string) => `/cohorts/${enc(cohortId)}/certificates`,
    pdf: (id: string) => `/certificates/${enc(id)}/pdf`,
    revoke: (id: string) => `/certificates/${enc(id)}/revoke`,
    verify: (code: string) => `/public/certificates/${enc(code)}`,
    quiz: (cohortId: string, moduleId: string) => `/cohorts/${enc(cohortId)}/quizzes/${enc(moduleId)}`,
  },
};
