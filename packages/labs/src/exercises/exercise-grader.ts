import { exerciseData } from './exercise-catalog.js';
import { ExerciseError } from './exercise-error.js';
import type { AnswerKey, Exercise, ExerciseAnswers, ExerciseGrade } from './exercise-types.js';
import { gradeQuestion } from './grade-question.js';

/** Answer keys by exercise data folder and file sizes, so an unchanged exercise is analysed once per process. */
const keys = new Map<string, Promise<AnswerKey>>();
const MAX_CACHED_KEYS = 32;

function cacheKey(exercise: Exercise): string {
  return [exercise.definition.id, exercise.dataDir, ...exercise.files.map((f) => `${f.name}:${f.bytes}`)].join('\0');
}

/**
 * The answer key computed from the exercise's data (cached). For instructors and the grader; never send it to
 * a learner.
 * @example (await exerciseAnswerKey(await loadExercise('pcap-synscan')))['open-ports']
 */
export function exerciseAnswerKey(exercise: Exercise): Promise<AnswerKey> {
  const key = cacheKey(exercise);
  let pending = keys.get(key);
  if (!pending) {
    pending = exercise.definition.analyse(exerciseData(exercise));
    // A failed analysis (a file replaced mid-read) must not stick: forget it so the next grading retries.
    pending.catch(() => keys.delete(key));
    if (keys.size >= MAX_CACHED_KEYS) keys.delete(keys.keys().next().value as string);
    keys.set(key, pending);
  }
  return pending;
}

function checkAnswers(exercise: Exercise, answers: ExerciseAnswers): void {
  if (typeof answers !== 'object' || answers === null || Array.isArray(answers)) {
    throw new ExerciseError('EXERCISE_ANSWERS_INVALID', 'answers must be an object keyed by question id');
  }
  const known = new Set(exercise.definition.questions.map((q) => q.id));
  const unknown = Object.keys(answers).find((id) => !known.has(id));
  if (unknown !== undefined) {
    throw new ExerciseError(
      'EXERCISE_QUESTION_UNKNOWN',
      `exercise ${exercise.definition.id} has no question ${JSON.stringify(unknown.slice(0, 70))}`,
    );
  }
}

/**
 * Grades a submission: every question, answered or not, against the answer key computed from the data.
 * Throws `ExerciseError` (a 400 for the hub) for a malformed submission or an unreadable value, before any
 * points are given.
 * @example (await gradeExercise(exercise, { scanners: ['172.16.0.8'] })).questions[0]?.status // 'correct'
 */
export async function gradeExercise(exercise: Exercise, answers: ExerciseAnswers): Promise<ExerciseGrade> {
  checkAnswers(exercise, answers);
  const key = await exerciseAnswerKey(exercise);
  const questions = exercise.definition.questions.map((question) => {
    const truth = key[question.id];
    if (!truth) throw new Error(`exercise ${exercise.definition.id}: the analysis gave no answer for ${question.id}`);
    return gradeQuestion(question, answers[question.id], truth);
  });
  return {
    exerciseId: exercise.definition.id,
    points: Math.round(questions.reduce((sum, q) => sum + q.points, 0) * 100) / 100,
    maxPoints: questions.reduce((sum, q) => sum + q.maxPoints, 0),
    questions,
  };
}
