import { describe, expect, it } from 'vitest';
import { itemStatistics, masteryProfile, mean, normalisedGain, type GradedAttempt } from './training-stats.js';

const item = (itemId: string, correct: boolean, maxPoints: number, ksa: string[]) => ({
  itemId,
  correct,
  points: correct ? maxPoints : 0,
  maxPoints,
  ksa,
});

describe(normalisedGain.name, () => {
  it('is the share of the possible gain made, from percentages (so unequal maxima compare)', () => {
    expect(normalisedGain({ score: 4, max: 10 }, { score: 7, max: 10 })).toBeCloseTo(0.5, 12);
    expect(normalisedGain({ score: 2, max: 10 }, { score: 18, max: 20 })).toBeCloseTo(0.875, 12);
    expect(normalisedGain({ score: 5, max: 10 }, { score: 2, max: 10 })).toBeCloseTo(-0.6, 12);
  });

  it('is null without both scores or with a full pre score', () => {
    expect(normalisedGain(null, { score: 7, max: 10 })).toBeNull();
    expect(normalisedGain({ score: 4, max: 10 }, null)).toBeNull();
    expect(normalisedGain({ score: 10, max: 10 }, { score: 10, max: 10 })).toBeNull();
    expect(mean([])).toBeNull();
  });
});

describe(masteryProfile.name, () => {
  it('counts an item for each statement it is tagged with, and once for its kind', () => {
    const attempts: GradedAttempt[] = [
      {
        userId: 'u',
        kind: 'pre',
        score: 2,
        results: [item('a', true, 2, ['K0001_2', 'K0002_2']), item('b', false, 1, ['S0001_3'])],
      },
      {
        userId: 'u',
        kind: 'post',
        score: 3,
        results: [item('a', true, 2, ['K0001_2']), item('b', true, 1, ['S0001_3'])],
      },
    ];
    const profile = masteryProfile(attempts);
    expect(profile.ksa).toEqual([
      { ksa: 'K0001', kind: 'K', pre: 1, post: 1 },
      { ksa: 'K0002', kind: 'K', pre: 1, post: null },
      { ksa: 'S0001', kind: 'S', pre: 0, post: 1 },
    ]);
    expect(profile.kinds).toEqual([
      { kind: 'K', pre: 1, post: 1 },
      { kind: 'S', pre: 0, post: 1 },
      { kind: 'A', pre: null, post: null },
    ]);
  });
});

describe(itemStatistics.name, () => {
  it('gives figures from five learners on, with groups of round(27 %)', () => {
    const attempt = (userId: string, score: number, correct: boolean): GradedAttempt => ({
      userId,
      kind: 'pre',
      score,
      results: [item('x', correct, 1, ['K0001_1'])],
    });
    const four = [attempt('a', 9, true), attempt('b', 7, true), attempt('c', 5, false), attempt('d', 1, false)];
    expect(itemStatistics(['x'], four)).toEqual([{ itemId: 'x', answered: 4, difficulty: null, discrimination: null }]);
    // Five: groups of one; top (a, right) minus bottom (e, right) = 0; p = 3/5.
    const five = [...four, attempt('e', 0, true)];
    expect(itemStatistics(['x'], five)).toEqual([{ itemId: 'x', answered: 5, difficulty: 0.6, discrimination: 0 }]);
  });
});
