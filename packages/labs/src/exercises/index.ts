/** Auto-graded exercises on real data: the model, the catalog and the grader. */
export {
  answerNumber,
  answerSet,
  answerText,
  normaliseValue,
  MAX_ANSWER_LENGTH,
  MAX_VALUE_LENGTH,
} from './answer-values.js';
export { DEFAULT_EXERCISES_DIR, listExercises, loadExercise, type ExerciseCatalogOptions } from './exercise-catalog.js';
export { ExerciseError, type ExerciseErrorCode } from './exercise-error.js';
export { exerciseAnswerKey, gradeExercise } from './exercise-grader.js';
export { scoreSet, type SetScore } from './set-score.js';
export type * from './exercise-types.js';
export { DEFAULT_MAX_SET_VALUES } from './exercise-types.js';
