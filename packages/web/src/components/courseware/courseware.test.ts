import { describe, expect, it } from 'vitest';
import type { QuizItem } from './coursewareTypes';
import { defaultContentLang, KSA_FILTER, parseKsaRef, pickPartial, quizAnswerOf, trainingPath } from './courseware';

const item = (kind: QuizItem['kind']): QuizItem => ({ id: 'q1', kind, points: 1, ksa: ['K0060_1'], prompt: '?' });

describe(parseKsaRef.name, () => {
  it('reads an id and a cognitive level 1–6, and nothing else', () => {
    expect(parseKsaRef('K0060_2')).toEqual({ id: 'K0060', level: 2 });
    expect(parseKsaRef('A0058_6')).toEqual({ id: 'A0058', level: 6 });
    expect(parseKsaRef('K0060')).toBeUndefined();
    expect(parseKsaRef('K0060_7')).toBeUndefined();
    expect(parseKsaRef('X0060_1')).toBeUndefined();
  });

  it('the catalogue filter takes an id with or without a level', () => {
    expect(KSA_FILTER.test('K0060')).toBe(true);
    expect(KSA_FILTER.test('S0067_3')).toBe(true);
    expect(KSA_FILTER.test('K60')).toBe(false);
  });
});

describe(defaultContentLang.name, () => {
  it("reads in the console's language when the module has it, else in the module's first", () => {
    expect(defaultContentLang(['ja', 'en'], 'en')).toBe('en');
    expect(defaultContentLang(['ja'], 'en')).toBe('ja');
    expect(defaultContentLang([], 'en')).toBe('en');
  });
});

describe(pickPartial.name, () => {
  it('falls back to the other language when a page has one only', () => {
    expect(pickPartial({ ja: 'シェル' }, 'en')).toBe('シェル');
    expect(pickPartial({ ja: 'シェル', en: 'Shell' }, 'en')).toBe('Shell');
    expect(pickPartial(undefined, 'ja')).toBe('');
  });
});

describe(quizAnswerOf.name, () => {
  it('sends numbers for numeric items, trimmed text for the others, and nothing when unanswered', () => {
    expect(quizAnswerOf(item('numeric'), ' 750 ')).toBe(750);
    expect(quizAnswerOf(item('numeric'), 'seven')).toBeUndefined();
    expect(quizAnswerOf(item('short'), '  grep ')).toBe('grep');
    expect(quizAnswerOf(item('single'), 'b')).toBe('b');
    expect(quizAnswerOf(item('multi'), ['a', 'c'])).toEqual(['a', 'c']);
    expect(quizAnswerOf(item('multi'), [])).toBeUndefined();
    expect(quizAnswerOf(item('flag'), '')).toBeUndefined();
    expect(quizAnswerOf(item('short'), undefined)).toBeUndefined();
  });
});

describe('trainingPath', () => {
  it('keeps the content language in reader links', () => {
    expect(trainingPath.page('linux-basics', '02-users', 'en')).toBe(
      '/training/modules/linux-basics/pages/02-users?lang=en',
    );
    expect(trainingPath.page('linux-basics', '02-users')).toBe('/training/modules/linux-basics/pages/02-users');
  });
});
