import type { ItemResult } from './training.table.js';

/** Item statistics are shown once this many learners answered an item; below it they say too little. */
export const MIN_LEARNERS_FOR_ITEM_STATS = 5;
/** Kelley's share for the upper and lower groups of the discrimination index. */
export const EXTREME_GROUP_SHARE = 0.27;

export type KsaKindLetter = 'K' | 'S' | 'A';
export const KSA_KIND_LETTERS: readonly KsaKindLetter[] = ['K', 'S', 'A'];

export interface Score {
  score: number;
  max: number;
}

export interface GradedAttempt {
  userId: string;
  kind: 'pre' | 'post';
  score: number;
  results: readonly ItemResult[];
}

/** `K0070_2` → `K0070`: mastery is per NICE statement, whatever proficiency level an item was written at. */
export const ksaIdOf = (ref: string): string => ref.split('_')[0] ?? ref;
const kindOf = (ksaId: string): KsaKindLetter | undefined =>
  KSA_KIND_LETTERS.find((letter) => ksaId.startsWith(letter));

const share = (s: Score): number => (s.max > 0 ? s.score / s.max : 0);

/**
 * Hake's normalised gain as a fraction: (post% − pre%) / (100 − pre%). Null without both scores, or when the pre
 * score was already full (nothing left to gain). Negative when the learner did worse afterwards.
 * @example normalisedGain({ score: 4, max: 10 }, { score: 7, max: 10 }) // → 0.5
 */
export function normalisedGain(pre: Score | null, post: Score | null): number | null {
  if (!pre || !post) return null;
  const before = share(pre);
  if (before >= 1) return null;
  return (share(post) - before) / (1 - before);
}

export function mean(values: readonly number[]): number | null {
  return values.length ? values.reduce((sum, v) => sum + v, 0) / values.length : null;
}

interface Tally {
  earned: number;
  possible: number;
}

const add = (tallies: Map<string, Tally>, key: string, result: ItemResult) => {
  const tally = tallies.get(key) ?? { earned: 0, possible: 0 };
  tally.earned += result.correct ? result.points : 0;
  tally.possible += result.maxPoints;
  tallies.set(key, tally);
};
const ratio = (tally: Tally | undefined): number | null =>
  tally && tally.possible > 0 ? tally.earned / tally.possible : null;

/** Points earned over points possible per key, over the attempts of one kind. */
function tallyBy(attempts: readonly GradedAttempt[], kind: 'pre' | 'post', keys: (r: ItemResult) => Set<string>) {
  const tallies = new Map<string, Tally>();
  for (const attempt of attempts.filter((a) => a.kind === kind)) {
    for (const result of attempt.results) for (const key of keys(result)) add(tallies, key, result);
  }
  return tallies;
}

const ksaIds = (r: ItemResult) => new Set(r.ksa.map(ksaIdOf));
const kinds = (r: ItemResult) =>
  new Set(r.ksa.map((ref) => kindOf(ksaIdOf(ref))).filter((k): k is KsaKindLetter => k !== undefined));

/**
 * Mastery (0..1) per KSA statement and per kind (K/S/A), before and after, from the items tagged with it. An item
 * tagged with two statements counts for both; for its kind it counts once. Null where no item measured it.
 */
export function masteryProfile(attempts: readonly GradedAttempt[]) {
  const perKsa = { pre: tallyBy(attempts, 'pre', ksaIds), post: tallyBy(attempts, 'post', ksaIds) };
  const perKind = { pre: tallyBy(attempts, 'pre', kinds), post: tallyBy(attempts, 'post', kinds) };
  const ids = [...new Set([...perKsa.pre.keys(), ...perKsa.post.keys()])].sort();
  return {
    ksa: ids.map((ksa) => ({
      ksa,
      kind: kindOf(ksa) ?? 'K',
      pre: ratio(perKsa.pre.get(ksa)),
      post: ratio(perKsa.post.get(ksa)),
    })),
    kinds: KSA_KIND_LETTERS.map((kind) => ({
      kind,
      pre: ratio(perKind.pre.get(kind)),
      post: ratio(perKind.post.get(kind)),
    })),
  };
}

export interface ItemStatistic {
  itemId: string;
  /** Learners whose attempt included the item (an unanswered item counts as answered wrongly). */
  answered: number;
  /** Share of those learners who got it right; null below {@link MIN_LEARNERS_FOR_ITEM_STATS}. */
  difficulty: number | null;
  /** Upper-lower index: share right in the top 27 % by total score minus in the bottom 27 %; null below the minimum. */
  discrimination: number | null;
}

/**
 * Classical item analysis of one assessment's attempts. The upper and lower groups each hold
 * max(1, round(27 % of the learners who answered)); equal total scores are ordered by user id, so the result is stable.
 */
export function itemStatistics(itemIds: readonly string[], attempts: readonly GradedAttempt[]): ItemStatistic[] {
  return itemIds.map((itemId) => {
    const answered = attempts
      .flatMap((a) => {
        const result = a.results.find((r) => r.itemId === itemId);
        return result ? [{ userId: a.userId, score: a.score, correct: result.correct }] : [];
      })
      .sort((a, b) => b.score - a.score || a.userId.localeCompare(b.userId));
    if (answered.length < MIN_LEARNERS_FOR_ITEM_STATS) {
      return { itemId, answered: answered.length, difficulty: null, discrimination: null };
    }
    const rightShare = (group: typeof answered) => group.filter((a) => a.correct).length / group.length;
    const size = Math.max(1, Math.round(EXTREME_GROUP_SHARE * answered.length));
    return {
      itemId,
      answered: answered.length,
      difficulty: rightShare(answered),
      discrimination: rightShare(answered.slice(0, size)) - rightShare(answered.slice(-size)),
    };
  });
}
