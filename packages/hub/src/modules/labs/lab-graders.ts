import {
  attackObjectivesMet,
  cmdiObjectivesMet,
  gradeCmdiDefence,
  csrfObjectivesMet,
  gradeCsrfDefence,
  gradeSqliDefence,
  gradeTraversalDefence,
  gradeXssDefence,
  traversalObjectivesMet,
  xssObjectivesMet,
  type GradeResult,
  type SendToLab,
} from '@cynex/labs';

/** What the hub knows of a lab beyond its lab.json: how to read its attack events and grade its defence. */
export interface LabGrader {
  /** The attack objectives the lab's events show as met. */
  objectivesMet(events: readonly unknown[]): string[];
  /** `instanceDir` is where the instance's files are: probes by absolute path use it (the lab cannot hide it). */
  defence(send: SendToLab, context: { instanceDir: string }): Promise<GradeResult>;
}

const metOf = (met: Record<string, boolean>) =>
  Object.entries(met)
    .filter(([, ok]) => ok)
    .map(([objective]) => objective);

export const LAB_GRADERS: Readonly<Record<string, LabGrader>> = {
  sqli: {
    objectivesMet: (events) => metOf(attackObjectivesMet(events)),
    // The admin password is left out: signing in as admin would record an attack event in the learner's instance.
    defence: (send) => gradeSqliDefence(send),
  },
  cmdi: { objectivesMet: (events) => metOf(cmdiObjectivesMet(events)), defence: (send) => gradeCmdiDefence(send) },
  xss: { objectivesMet: (events) => metOf(xssObjectivesMet(events)), defence: (send) => gradeXssDefence(send) },
  csrf: { objectivesMet: (events) => metOf(csrfObjectivesMet(events)), defence: (send) => gradeCsrfDefence(send) },
  traversal: {
    objectivesMet: (events) => metOf(traversalObjectivesMet(events)),
    defence: (send, { instanceDir }) => gradeTraversalDefence(send, { instanceDir }),
  },
};
