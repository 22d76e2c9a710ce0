/** The hub's labs API as the console reads it (packages/hub/src/modules/labs). */
import type { Bilingual } from '../../types';

export interface LabObjective {
  id: string;
  kind: 'attack' | 'defence';
  title: Bilingual;
}

export interface Lab {
  id: string;
  title: Bilingual;
  summary: Bilingual;
  levels: string[];
  editable: string[];
  objectives: LabObjective[];
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
  /** The objectives met, when the hub reports them with the instance. */
  solved?: string[];
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
}

/** Roles that see an organisation's lab results (the hub answers 403 to others). */
export const LAB_RESULT_ROLES: readonly string[] = ['org_admin', 'instructor'];

/** The objectives this browser has seen met for an instance (a correct flag, a passed defence), kept per tab. */
export function rememberedSolves(instanceId: string): string[] {
  try {
    const stored: unknown = JSON.parse(sessionStorage.getItem(`cynex.lab.${instanceId}`) ?? '[]');
    return Array.isArray(stored) ? stored.filter((s): s is string => typeof s === 'string') : [];
  } catch {
    return [];
  }
}

export function rememberSolves(instanceId: string, objectives: string[]): string[] {
  const next = [...new Set([...rememberedSolves(instanceId), ...objectives])];
  try {
    sessionStorage.setItem(`cynex.lab.${instanceId}`, JSON.stringify(next));
  } catch {
    // storage may be unavailable (private mode): the ticks then last until the page is left
  }
  return next;
}
