/** The hub's exercises API as the console reads it (packages/hub/src/modules/exercises). */
import type { Bilingual } from '../../types';

export interface ExerciseSummary {
  id: string;
  title: Bilingual;
  summary: Bilingual;
  questions: number;
  points: number;
  available: boolean;
  mine: { attempts: number; best: number | null };
}

export type ExerciseQuestion =
  | {
      id: string;
      kind: 'single' | 'multi';
      prompt: Bilingual;
      points: number;
      options: { id: string; label: Bilingual }[];
    }
  | { id: string; kind: 'text'; prompt: Bilingual; points: number; valueType: string }
  | { id: string; kind: 'set'; prompt: Bilingual; points: number; valueType: string; maxValues: number | null }
  | { id: string; kind: 'number'; prompt: Bilingual; points: number };

export interface QuestionGrade {
  questionId: string;
  status: 'correct' | 'partial' | 'wrong';
  points: number;
  maxPoints: number;
  feedback: Bilingual;
}

export interface ExerciseAttempt {
  id: string;
  exerciseId: string;
  points: number;
  maxPoints: number;
  questions: QuestionGrade[];
  answers: Record<string, unknown>;
  at: string;
}

export interface ExerciseDetail {
  id: string;
  title: Bilingual;
  summary: Bilingual;
  files: { name: string; description: Bilingual; source: string; bytes: number }[];
  questions: ExerciseQuestion[];
  attempts: ExerciseAttempt[];
}

export interface ExerciseResultRow {
  userId: string;
  email: string;
  displayName: string;
  exerciseId: string;
  attempts: number;
  best: number;
  maxPoints: number;
  last: { points: number; at: string; questions: QuestionGrade[] };
}
