/** The hub's labs API as the console reads it (packages/hub/src/modules/labs). */
import type { Bilingual } from '../../types';

export interface LabObjective {
  id: string;
  kind: 'attack' | 'defence';
  title: Bilingual;
  points: number;
}

export interface LabHint {
  id: string;
  penalty: number;
}

export interface Lab {
  id: string;
  title: Bilingual;
  summary: Bilingual;
  levels: string[];
  editable: string[];
  objectives: LabObjective[];
  hints: LabHint[];
  terminal: boolean;
  /** The signed-in learner's objectives met and score. */
  mine: { solved: string[]; score: LabScore };
}

export interface LabScore {
  earned: number;
  penalties: number;
  total: number;
  max: number;
}

/** `GET /labs/:labId/progress`: the learner's own record of a lab. */
export interface LabProgress {
  labId: string;
  solved: { objective: string; at: string }[];
  hints: (LabHint & { revealed: boolean; text?: Bilingual; at?: string })[];
  attempts: { flags: { correct: number; wrong: number }; defence: { passed: number; failed: number } };
  score: LabScore;
}

export interface LabInstance {
  id: string;
  labId: string;
  level: string;
  orgId: string;
  state: string;
  startedAt: string;
  stoppedAt: string | null;
  stopReason: string | null;
  viewPath: string;
}

export interface DefenceCheck {
  id: string;
  kind: 'exploit' | 'function';
  title: Bilingual;
  passed: boolean;
  detail: string;
}

export interface DefenceResult {
  id: string;
  passed: boolean;
  checks: DefenceCheck[];
  durationMs: number;
  at: string;
}

export interface LabFiles {
  editable: string[];
  files: Record<string, string>;
}

interface DefenceSummary {
  passed: boolean;
  passedChecks: number;
  totalChecks: number;
  at: string;
}

export interface LabResultRow {
  userId: string;
  email: string;
  displayName: string;
  labId: string;
  instances: { id: string; level: string; state: string; startedAt: string }[];
  solves: { objective: string; at: string }[];
  flags: {
    correct: number;
    wrong: number;
    shared: { fromUserId: string | null; fromEmail: string | null; at: string }[];
  };
  defence: { attempts: number; last: DefenceSummary | null; best: DefenceSummary | null };
  hints: { hintId: string; penalty: number }[];
  score: LabScore | null;
}

/** Roles that see an organisation's lab results (the hub answers 403 to others). */
export const LAB_RESULT_ROLES: readonly string[] = ['org_admin', 'instructor'];
