/**
 * Grading one answer against its computed truth. Feedback says how close the learner is (how many found, too
 * high or too low, right server but wrong path) and never prints a value from the truth.
 */
import type { LocalizedText } from '../graders/grader-types.js';
import { answerNumber, answerSet, answerText } from './answer-values.js';
import { ExerciseError } from './exercise-error.js';
import {
  DEFAULT_MAX_SET_VALUES,
  type MultiQuestion,
  type NumberQuestion,
  type Question,
  type QuestionGrade,
  type QuestionStatus,
  type QuestionTruth,
  type SetQuestion,
  type SingleQuestion,
  type TextQuestion,
} from './exercise-types.js';
import { scoreSet, type SetScore } from './set-score.js';

const CORRECT: LocalizedText = { en: 'Correct.', ja: '正解です。' };
const UNANSWERED: LocalizedText = { en: 'No answer given.', ja: '未回答です。' };

function grade(question: Question, score: number, feedback: LocalizedText): QuestionGrade {
  const status: QuestionStatus = score >= 1 ? 'correct' : score > 0 ? 'partial' : 'wrong';
  return {
    questionId: question.id,
    status,
    points: Math.round(question.points * score * 100) / 100,
    maxPoints: question.points,
    feedback,
  };
}

/** A missing answer: absent, null, blank text or an empty list. */
export function isUnanswered(answer: unknown): boolean {
  if (answer === undefined || answer === null) return true;
  if (typeof answer === 'string') return answer.trim() === '';
  return Array.isArray(answer) && answer.length === 0;
}

function setFeedback(s: SetScore, extraMeans: LocalizedText): LocalizedText {
  if (s.score >= 1 && s.wrong === 0 && s.halfFound === 0) {
    return { en: `Correct: all ${s.total} found.`, ja: `正解です（${s.total} 件すべて）。` };
  }
  const en = [`${s.found} of ${s.total} found.`];
  const ja = [`${s.total} 件中 ${s.found} 件正解。`];
  if (s.halfFound > 0) {
    en.push(
      `${s.halfFound} named one level off (technique vs sub-technique): half credit; name exactly what was seen.`,
    );
    ja.push(`${s.halfFound} 件は技術とサブ技術の粒度がずれています（半分の得点）。観測された粒度で答えてください。`);
  }
  if (s.near > 0) {
    en.push(`${s.near} in the right technique but another sub-technique: no credit, no penalty.`);
    ja.push(`${s.near} 件は技術は合っていますがサブ技術が違います（加点・減点なし）。`);
  }
  if (s.wrong > 0) {
    en.push(`${s.wrong} value${s.wrong === 1 ? '' : 's'} you gave ${extraMeans.en} (each costs one found value).`);
    ja.push(`挙げた値のうち ${s.wrong} 件は${extraMeans.ja}（1 件につき正解 1 件分を減点）。`);
  }
  if (s.found + s.halfFound < s.total) {
    en.push(`${s.total - s.found - s.halfFound} still missing.`);
    ja.push(`あと ${s.total - s.found - s.halfFound} 件あります。`);
  }
  return { en: en.join(' '), ja: ja.join('') };
}

const OPTION_EXTRA: LocalizedText = {
  en: 'cannot apply to this data',
  ja: 'このデータには当てはまりません',
};

function checkOptions(question: MultiQuestion | SingleQuestion, ids: string[]): void {
  const known = new Set(question.options.map((option) => option.id));
  const unknown = ids.find((id) => !known.has(id));
  if (unknown !== undefined) {
    throw new ExerciseError(
      'EXERCISE_ANSWER_INVALID',
      `${JSON.stringify(unknown.slice(0, 40))} is not one of the options (${[...known].join(', ')})`,
      question.id,
    );
  }
}

function gradeSet(question: SetQuestion, answer: unknown, truth: string[]): QuestionGrade {
  const given = answerSet(question.valueType, answer, question.id, question.maxValues ?? DEFAULT_MAX_SET_VALUES);
  const s = scoreSet(truth, given, question.valueType === 'technique');
  return grade(question, s.score, setFeedback(s, question.extraMeans));
}

function gradeSingle(question: SingleQuestion, answer: unknown, truth: string): QuestionGrade {
  if (typeof answer !== 'string')
    throw new ExerciseError('EXERCISE_ANSWER_INVALID', 'expected one option id', question.id);
  const given = answer.trim();
  checkOptions(question, [given]);
  return given === truth
    ? grade(question, 1, CORRECT)
    : grade(question, 0, { en: 'Not this one.', ja: 'この選択肢ではありません。' });
}

function gradeMulti(question: MultiQuestion, answer: unknown, truth: string[]): QuestionGrade {
  const given = answerSet('word', answer, question.id, question.options.length);
  checkOptions(question, given);
  const s = scoreSet(truth, given);
  return grade(question, s.score, setFeedback(s, OPTION_EXTRA));
}

function gradeNumber(question: NumberQuestion, answer: unknown, truth: number): QuestionGrade {
  const given = answerNumber(answer, question.id);
  if (given === truth) return grade(question, 1, CORRECT);
  const within = question.partialWithin ?? 0;
  if (Math.abs(given - truth) <= Math.abs(truth) * within) {
    return grade(question, 0.5, {
      en: `Close, but not exact (within ${within * 100} %): check which packets your filter leaves out or lets in.`,
      ja: `惜しいですが正確ではありません（誤差 ${within * 100} % 以内）。フィルタが何を除外し何を含めているか確認してください。`,
    });
  }
  return grade(
    question,
    0,
    given > truth ? { en: 'Too high.', ja: '多すぎます。' } : { en: 'Too low.', ja: '少なすぎます。' },
  );
}

function gradeText(question: TextQuestion, answer: unknown, truth: string): QuestionGrade {
  const given = answerText(question.valueType, answer, question.id);
  if (given === truth) return grade(question, 1, CORRECT);
  if (question.valueType === 'url' && new URL(given).host === new URL(truth).host) {
    return grade(question, 0.5, {
      en: 'Right server, but not the exact URL: check the path.',
      ja: 'サーバーは合っていますが URL が正確ではありません。パスを確認してください。',
    });
  }
  return grade(question, 0, { en: 'Not what the data shows.', ja: 'データが示す答えではありません。' });
}

/**
 * Grades one answer. Throws `ExerciseError` for an answer of the wrong shape or type, so the learner can fix it
 * without losing points; an absent answer is graded wrong.
 * @example gradeQuestion(question, ['22', '80'], { kind: 'set', values: ['22', '53', '80'] }).status // 'partial'
 */
export function gradeQuestion(question: Question, answer: unknown, truth: QuestionTruth): QuestionGrade {
  if (isUnanswered(answer)) return grade(question, 0, UNANSWERED);
  switch (question.kind) {
    case 'single':
      if (truth.kind === 'single') return gradeSingle(question, answer, truth.option);
      break;
    case 'multi':
      if (truth.kind === 'multi') return gradeMulti(question, answer, truth.options);
      break;
    case 'number':
      if (truth.kind === 'number') return gradeNumber(question, answer, truth.value);
      break;
    case 'text':
      if (truth.kind === 'text') return gradeText(question, answer, truth.value);
      break;
    case 'set':
      if (truth.kind === 'set') return gradeSet(question, answer, truth.values);
      break;
  }
  // A programming error in the exercise's analysis, not the learner's fault.
  throw new Error(`${question.id}: a ${question.kind} question got a ${truth.kind} truth from the analysis`);
}
