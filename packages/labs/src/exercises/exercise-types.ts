/**
 * The exercise model: a definition names the data the learner downloads and asks questions about it; the
 * answer key is never written down but computed from that data by the exercise's own analysis at grading time.
 */
import type { LocalizedText } from '../graders/grader-types.js';

/** How a question is answered: one option, several options, free text, a number, or a set of values. */
export type QuestionKind = 'single' | 'multi' | 'text' | 'number' | 'set';

/**
 * What the values of a `set` (or the text of a `text`) question are, which decides how they are normalised
 * before comparison (see answer-values.ts).
 */
export type ValueType = 'ipv4' | 'port' | 'technique' | 'credential' | 'command' | 'url' | 'word';

export interface ChoiceOption {
  id: string;
  label: LocalizedText;
}

interface QuestionBase {
  /** Stable id, kebab-case; the key of the answer in a submission. */
  id: string;
  prompt: LocalizedText;
  points: number;
  hints?: LocalizedText[];
}

export interface SingleQuestion extends QuestionBase {
  kind: 'single';
  options: ChoiceOption[];
}

export interface MultiQuestion extends QuestionBase {
  kind: 'multi';
  options: ChoiceOption[];
}

export interface TextQuestion extends QuestionBase {
  kind: 'text';
  valueType: ValueType;
}

export interface NumberQuestion extends QuestionBase {
  kind: 'number';
  /** An answer this far from the truth, as a fraction of it (0.02 = 2 %), earns half the points. */
  partialWithin?: number;
}

export interface SetQuestion extends QuestionBase {
  kind: 'set';
  valueType: ValueType;
  /** Most values one answer may hold; default {@link DEFAULT_MAX_SET_VALUES}. */
  maxValues?: number;
  /** What a value that is not in the answer means here, finishing "N value(s) you gave …". */
  extraMeans: LocalizedText;
}

export type Question = SingleQuestion | MultiQuestion | TextQuestion | NumberQuestion | SetQuestion;

/** The computed truth for one question: an option id, option ids, a text, a number or a set of values. */
export type QuestionTruth =
  | { kind: 'single'; option: string }
  | { kind: 'multi'; options: string[] }
  | { kind: 'text'; value: string }
  | { kind: 'number'; value: number }
  | { kind: 'set'; values: string[] };

/** The whole answer key, by question id. */
export type AnswerKey = Record<string, QuestionTruth>;

/** A file the learner downloads, kept in the exercise's data folder. */
export interface ExerciseFile {
  name: string;
  description: LocalizedText;
  /** Who made the data and under which terms (English; the licence texts are in the folder's README.md). */
  source: string;
}

/** Reads the exercise's files; the catalog gives one bound to the exercise's data folder. */
export interface ExerciseData {
  path(name: string): string;
  readText(name: string): Promise<string>;
}

export interface ExerciseDefinition {
  id: string;
  title: LocalizedText;
  summary: LocalizedText;
  files: ExerciseFile[];
  questions: Question[];
  /** Computes the answer key from the data files; run once per loaded exercise, then cached. */
  analyse(data: ExerciseData): Promise<AnswerKey>;
}

/** An exercise whose data files were found: what `loadExercise` returns and `gradeExercise` takes. */
export interface Exercise {
  definition: ExerciseDefinition;
  /** Absolute path of the folder holding the data files. */
  dataDir: string;
  files: { name: string; path: string; bytes: number }[];
}

/** A learner's submission: by question id, a string, a number or a list of strings. */
export type ExerciseAnswers = Record<string, unknown>;

export type QuestionStatus = 'correct' | 'partial' | 'wrong';

export interface QuestionGrade {
  questionId: string;
  status: QuestionStatus;
  points: number;
  maxPoints: number;
  /** Explains the grade without giving the answer away. */
  feedback: LocalizedText;
}

export interface ExerciseGrade {
  exerciseId: string;
  points: number;
  maxPoints: number;
  questions: QuestionGrade[];
}

/** What the catalog lists: enough to show a card, and whether the data is there to play it. */
export interface ExerciseSummary {
  id: string;
  title: LocalizedText;
  summary: LocalizedText;
  questions: number;
  points: number;
  available: boolean;
}

export const DEFAULT_MAX_SET_VALUES = 64;
