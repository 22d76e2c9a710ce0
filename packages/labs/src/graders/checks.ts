import type { GradeCheck, GradeResult, LocalizedText } from './grader-types.js';

/** What a check found wrong (undefined: nothing), with a lab that stopped answering counted as a failure. */
export async function outcome<T>(run: () => Promise<T>): Promise<T | string> {
  try {
    return await run();
  } catch (err) {
    return `the lab did not answer: ${(err as Error).message}`;
  }
}

/** A functional check: the lab must still do this job; `run` returns what went wrong, or undefined. */
export interface FunctionCheckDefinition<Lab> {
  id: string;
  title: LocalizedText;
  run(lab: Lab): Promise<string | undefined>;
}

/** One exploit from a hidden set: its probes run in turn until one gets through (the check then fails). */
export async function exploitCheck<Probe>(
  definition: { id: string; title: LocalizedText },
  probes: readonly Probe[],
  runProbe: (probe: Probe) => Promise<string | undefined>,
  whenHeld: string,
): Promise<GradeCheck> {
  let failure: string | undefined;
  for (const probe of probes) {
    failure = await outcome(() => runProbe(probe));
    if (failure) break;
  }
  return {
    id: definition.id,
    kind: 'exploit',
    title: definition.title,
    passed: failure === undefined,
    detail: failure ?? whenHeld,
  };
}

/** Runs the functional checks one at a time. */
export async function functionChecks<Lab>(
  definitions: readonly FunctionCheckDefinition<Lab>[],
  lab: Lab,
): Promise<GradeCheck[]> {
  const checks: GradeCheck[] = [];
  for (const definition of definitions) {
    const failure = await outcome(() => definition.run(lab));
    checks.push({
      id: definition.id,
      kind: 'function',
      title: definition.title,
      passed: failure === undefined,
      detail: failure ?? 'as expected',
    });
  }
  return checks;
}

export const gradeResult = (checks: GradeCheck[]): GradeResult => ({
  passed: checks.every((check) => check.passed),
  checks,
});
