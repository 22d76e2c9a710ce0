/** Stable codes for what the exercise catalog and grader refuse; the hub maps them to HTTP once (all are 4xx but DATA_MISSING). */
export type ExerciseErrorCode =
  | 'EXERCISE_INVALID_ID'
  | 'EXERCISE_UNKNOWN'
  | 'EXERCISE_DATA_MISSING'
  | 'EXERCISE_ANSWERS_INVALID'
  | 'EXERCISE_QUESTION_UNKNOWN'
  | 'EXERCISE_ANSWER_INVALID'
  | 'EXERCISE_ANSWER_TOO_LONG'
  | 'EXERCISE_TOO_MANY_VALUES';

export class ExerciseError extends Error {
  constructor(
    readonly code: ExerciseErrorCode,
    message: string,
    /** The question the error is about, when there is one. */
    readonly questionId?: string,
  ) {
    super(questionId ? `${questionId}: ${message}` : message);
    this.name = 'ExerciseError';
  }
}
