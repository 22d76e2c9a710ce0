/**
 * Normalising a learner's values so equal things compare equal: `064.13.134.52` is `64.13.134.52`, `080/tcp` is
 * `80`, `t1105` is `T1105`, `root/admin` is `root:admin`, `/usr/bin/wget -q` is `wget`. A value that cannot be
 * read as its type is an input error naming the question and the value, not a wrong answer: a typo should not
 * cost points.
 */
import { ipv4ToString, parseIPv4 } from '@cynex/pcap';
import { ExerciseError } from './exercise-error.js';
import type { ValueType } from './exercise-types.js';

/** Longest single value (an address, a URL, a credential pair). */
export const MAX_VALUE_LENGTH = 256;
/** Longest raw answer string, checked before it is split or parsed. */
export const MAX_ANSWER_LENGTH = 16_384;

const TECHNIQUE = /^T\d{4}(\.\d{3})?$/;

function invalid(questionId: string, value: string, expected: string): never {
  const shown = value.length > 40 ? `${value.slice(0, 40)}…` : value;
  throw new ExerciseError('EXERCISE_ANSWER_INVALID', `${JSON.stringify(shown)} is not ${expected}`, questionId);
}

function normaliseIpv4(value: string, questionId: string): string {
  const n = parseIPv4(value);
  return n === null ? invalid(questionId, value, 'an IPv4 address') : ipv4ToString(n);
}

function normalisePort(value: string, questionId: string): string {
  const m = /^(?:tcp\/)?(\d{1,5})(?:\/tcp)?$/i.exec(value);
  const port = m ? Number(m[1]) : NaN;
  return Number.isInteger(port) && port <= 65_535 ? String(port) : invalid(questionId, value, 'a port (0–65535)');
}

function normaliseTechnique(value: string, questionId: string): string {
  const id = value.toUpperCase();
  return TECHNIQUE.test(id) ? id : invalid(questionId, value, 'an ATT&CK technique id such as T1105 or T1110.001');
}

function normaliseCredential(value: string, questionId: string): string {
  const at = value.search(/[:/]/);
  const user = at > 0 ? value.slice(0, at).trim() : '';
  if (!user) invalid(questionId, value, 'a user:password pair');
  return `${user}:${value.slice(at + 1).trim()}`;
}

/** The program's base name, lower-case: what `./x NEWROOTS`, `/bin/x` and `x` have in common. */
function normaliseCommand(value: string): string {
  const program = value.split(/\s+/)[0] ?? '';
  return program.slice(program.lastIndexOf('/') + 1).toLowerCase();
}

function normaliseUrl(value: string, questionId: string): string {
  try {
    // URL lower-cases scheme and host and drops a default port; the path keeps its case, as servers do.
    return new URL(value.includes('://') ? value : `http://${value}`).href;
  } catch {
    return invalid(questionId, value, 'a URL');
  }
}

/**
 * The canonical text of one value of the given type; throws `EXERCISE_ANSWER_INVALID` when it is not one.
 * @example normaliseValue('ipv4', ' 064.13.134.52 ', 'scanners') // '64.13.134.52'
 */
export function normaliseValue(type: ValueType, raw: string, questionId: string): string {
  const value = raw.trim();
  if (value.length > MAX_VALUE_LENGTH) {
    throw new ExerciseError(
      'EXERCISE_ANSWER_TOO_LONG',
      `a value is longer than ${MAX_VALUE_LENGTH} characters`,
      questionId,
    );
  }
  switch (type) {
    case 'ipv4':
      return normaliseIpv4(value, questionId);
    case 'port':
      return normalisePort(value, questionId);
    case 'technique':
      return normaliseTechnique(value, questionId);
    case 'credential':
      return normaliseCredential(value, questionId);
    case 'command':
      return normaliseCommand(value);
    case 'url':
      return normaliseUrl(value, questionId);
    case 'word':
      return value.replace(/\s+/g, ' ').toLowerCase();
  }
}

/** Credentials may hold spaces, so they are split only on commas and new lines; other values on blanks too. */
function splitAnswer(type: ValueType, text: string): string[] {
  return text.split(type === 'credential' ? /[,\n]/ : /[\s,;]+/).filter((part) => part.trim() !== '');
}

/**
 * A set answer (a list of strings, or one string of values separated by commas or new lines) as distinct
 * canonical values. Throws on a wrong shape, more than `maxValues` values, or an unreadable value.
 * @example answerSet('port', '22, 080/tcp, 22', 'open-ports', 64) // ['22', '80']
 */
export function answerSet(type: ValueType, answer: unknown, questionId: string, maxValues: number): string[] {
  let raw: unknown[];
  if (typeof answer === 'string') {
    if (answer.length > MAX_ANSWER_LENGTH) {
      throw new ExerciseError(
        'EXERCISE_ANSWER_TOO_LONG',
        `the answer is longer than ${MAX_ANSWER_LENGTH} characters`,
        questionId,
      );
    }
    raw = splitAnswer(type, answer);
  } else if (Array.isArray(answer)) {
    raw = answer;
  } else {
    throw new ExerciseError(
      'EXERCISE_ANSWER_INVALID',
      'expected a list of values or a comma-separated string',
      questionId,
    );
  }
  if (raw.length > maxValues) {
    throw new ExerciseError(
      'EXERCISE_TOO_MANY_VALUES',
      `${raw.length} values given; at most ${maxValues} allowed`,
      questionId,
    );
  }
  const values = raw.map((item) => {
    if (typeof item !== 'string' && typeof item !== 'number') {
      throw new ExerciseError('EXERCISE_ANSWER_INVALID', 'every value must be a string or a number', questionId);
    }
    return normaliseValue(type, String(item), questionId);
  });
  return [...new Set(values.filter((value) => value !== ''))];
}

/**
 * A text answer in canonical form. Throws when it is not a string, is too long, or is not of its type.
 * @example answerText('url', 'HTTP://45.148.10.95/a.x86', 'download-url') // 'http://45.148.10.95/a.x86'
 */
export function answerText(type: ValueType, answer: unknown, questionId: string): string {
  if (typeof answer !== 'string')
    throw new ExerciseError('EXERCISE_ANSWER_INVALID', 'expected a text answer', questionId);
  return normaliseValue(type, answer, questionId);
}

/**
 * A number answer: a finite number, or a string holding one (thousands separators allowed).
 * @example answerNumber('7,808', 'backscatter-count') // 7808
 */
export function answerNumber(answer: unknown, questionId: string): number {
  const text = typeof answer === 'number' ? String(answer) : typeof answer === 'string' ? answer.trim() : '';
  if (text.length > 32)
    throw new ExerciseError('EXERCISE_ANSWER_TOO_LONG', 'the number is longer than 32 characters', questionId);
  const value = /^-?[\d,_]*\.?\d+$/.test(text) ? Number(text.replace(/[,_]/g, '')) : NaN;
  if (!Number.isFinite(value)) invalid(questionId, text, 'a number');
  return value;
}
