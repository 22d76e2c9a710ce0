import type { QuizItem } from '@cynex/courseware';

/** How answers compare: Unicode-normalised (full-width ＡＢＣ = ABC), trimmed, case-insensitive. */
const fold = (text: string) => text.normalize('NFKC').trim().toLowerCase();

/**
 * Whether an answer to a quiz item is right. Wrong types are simply wrong, never an error.
 * @example isCorrect({ kind: 'numeric', answer: 443, … }, '443') // → true
 */
export function isCorrect(item: QuizItem, given: unknown): boolean {
  switch (item.kind) {
    case 'single':
      return given === item.answer;
    case 'multi': {
      if (!Array.isArray(given)) return false;
      const chosen = new Set(given.filter((g): g is string => typeof g === 'string'));
      return chosen.size === item.answer.length && item.answer.every((a) => chosen.has(a));
    }
    case 'short':
      return typeof given === 'string' && item.answer.some((a) => fold(a) === fold(given));
    case 'numeric': {
      const value = typeof given === 'number' ? given : typeof given === 'string' ? Number(fold(given)) : NaN;
      return Number.isFinite(value) && Math.abs(value - item.answer) <= (item.tolerance ?? 0);
    }
    case 'flag':
      return typeof given === 'string' && given.trim() === item.answer;
  }
}
