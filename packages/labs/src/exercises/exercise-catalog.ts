import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { cowrieSessionExercise } from './cowrie-session/cowrie-session.exercise.js';
import { ExerciseError } from './exercise-error.js';
import type { Exercise, ExerciseData, ExerciseDefinition, ExerciseSummary } from './exercise-types.js';
import { pcapSynscanExercise } from './pcap-synscan/pcap-synscan.exercise.js';

/** packages/labs/exercises: one folder per exercise, holding the files the learner downloads. */
export const DEFAULT_EXERCISES_DIR = fileURLToPath(new URL('../../exercises', import.meta.url));

const EXERCISES: readonly ExerciseDefinition[] = [pcapSynscanExercise, cowrieSessionExercise];

const SAFE_ID = /^[a-z0-9][a-z0-9-]{0,63}$/;

export interface ExerciseCatalogOptions {
  /** Folder holding `<id>/<file>`; default {@link DEFAULT_EXERCISES_DIR}. */
  exercisesDir?: string;
}

async function fileBytes(file: string): Promise<number | undefined> {
  try {
    const info = await stat(file);
    return info.isFile() ? info.size : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Every exercise, with whether its data files are present (a definition may ship before its data).
 * @example (await listExercises()).map((e) => e.id) // ['pcap-synscan', 'cowrie-session']
 */
export async function listExercises(options: ExerciseCatalogOptions = {}): Promise<ExerciseSummary[]> {
  const dir = options.exercisesDir ?? DEFAULT_EXERCISES_DIR;
  return Promise.all(
    EXERCISES.map(async (definition) => {
      const sizes = await Promise.all(definition.files.map((f) => fileBytes(path.join(dir, definition.id, f.name))));
      return {
        id: definition.id,
        title: definition.title,
        summary: definition.summary,
        questions: definition.questions.length,
        points: definition.questions.reduce((sum, q) => sum + q.points, 0),
        available: sizes.every((size) => size !== undefined),
      };
    }),
  );
}

/**
 * The exercise `id` with its data files located. Throws `EXERCISE_INVALID_ID`, `EXERCISE_UNKNOWN`, or
 * `EXERCISE_DATA_MISSING` naming the file that is not there.
 * @example const exercise = await loadExercise('pcap-synscan'); exercise.files[0]?.name // 'synscan.pcapng'
 */
export async function loadExercise(id: string, options: ExerciseCatalogOptions = {}): Promise<Exercise> {
  if (!SAFE_ID.test(id))
    throw new ExerciseError('EXERCISE_INVALID_ID', `invalid exercise id ${JSON.stringify(id.slice(0, 70))}`);
  const definition = EXERCISES.find((e) => e.id === id);
  if (!definition) throw new ExerciseError('EXERCISE_UNKNOWN', `no exercise ${id}`);
  const dataDir = path.resolve(options.exercisesDir ?? DEFAULT_EXERCISES_DIR, id);
  const files = await Promise.all(
    definition.files.map(async ({ name }) => {
      const file = path.join(dataDir, name);
      const bytes = await fileBytes(file);
      if (bytes === undefined)
        throw new ExerciseError('EXERCISE_DATA_MISSING', `exercise ${id}: data file ${file} is missing`);
      return { name, path: file, bytes };
    }),
  );
  return { definition, dataDir, files };
}

/** The file system behind {@link ExerciseData}, limited to the exercise's declared files. */
export function exerciseData(exercise: Exercise): ExerciseData {
  const locate = (name: string): string => {
    const file = exercise.files.find((f) => f.name === name);
    if (!file) throw new Error(`exercise ${exercise.definition.id} declares no file ${name}`);
    return file.path;
  };
  return { path: locate, readText: (name) => readFile(locate(name), 'utf8') };
}
