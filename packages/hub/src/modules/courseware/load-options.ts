import { readLabIds, type LoadOptions } from '@cynex/courseware';
import { DEFAULT_APPS_DIR, listExercises } from '@cynex/labs';

let known: Promise<LoadOptions> | undefined;

/** The labs and exercises the hub has, which content may name; read once, when first needed. */
export function hubLoadOptions(): Promise<LoadOptions> {
  known ??= (async () => ({
    labIds: await readLabIds(DEFAULT_APPS_DIR),
    exerciseIds: (await listExercises()).map((e) => e.id),
  }))();
  return known;
}
