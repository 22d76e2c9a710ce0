import type { LabCatalogueEntry } from './lab-runtime.js';

type Objective = LabCatalogueEntry['objectives'][number];

/** What an objective scores: the lab's own figure, else 100 for an attack and 150 for a defence. */
export const objectivePoints = (objective: Objective): number =>
  objective.points ?? (objective.kind === 'defence' ? 150 : 100);

export interface LabScore {
  /** Points of the objectives met. */
  earned: number;
  /** Points the revealed hints cost. */
  penalties: number;
  /** earned − penalties, never below zero. */
  total: number;
  /** Every objective met, no hint seen. */
  max: number;
}

/**
 * A learner's score in one lab.
 * @example labScore(sqli, new Set(['sqli-union']), 20) // → { earned: 100, penalties: 20, total: 80, max: 350 }
 */
export function labScore(lab: LabCatalogueEntry, solved: ReadonlySet<string>, penalties: number): LabScore {
  const max = lab.objectives.reduce((sum, o) => sum + objectivePoints(o), 0);
  const earned = lab.objectives.filter((o) => solved.has(o.id)).reduce((sum, o) => sum + objectivePoints(o), 0);
  return { earned, penalties, total: Math.max(0, earned - penalties), max };
}

/** The catalogue as learners get it: points resolved, hints without their text (that costs a reveal). */
export const publicLab = (lab: LabCatalogueEntry) => ({
  ...lab,
  objectives: lab.objectives.map((o) => ({ ...o, points: objectivePoints(o) })),
  hints: lab.hints.map(({ id, penalty }) => ({ id, penalty })),
});
