/**
 * Scoring a set answer: score = (|truth ∩ given| − |given values that are wrong|) / |truth|, floored at 0.
 *
 * ATT&CK ids get one refinement, since a technique and its sub-techniques name the same behaviour at two
 * depths: a given parent of a sub-technique in the truth (T1110 for T1110.001), or a given sub-technique of a
 * technique in the truth (T1110.001 for T1110), counts half. A sibling sub-technique (T1110.003 for T1110.001)
 * earns nothing but costs nothing: the learner saw the right behaviour and misnamed its variant.
 * Every truth value is matched at most once.
 */

export interface SetScore {
  /** 0…1 */
  score: number;
  total: number;
  found: number;
  /** Technique ids one level off (parent or sub-technique of a truth value): half credit each. */
  halfFound: number;
  /** Sibling sub-techniques of a truth value: no credit, no penalty. */
  near: number;
  wrong: number;
}

const family = (id: string): string => id.split('.')[0] ?? id;
const isSub = (id: string): boolean => id.includes('.');

/**
 * Scores `given` against `truth` (both already normalised); `techniques` turns on the ATT&CK refinement.
 * @example scoreSet(['T1105', 'T1110.001'], ['T1105', 'T1110'], true).score // 0.75
 */
export function scoreSet(truth: readonly string[], given: readonly string[], techniques = false): SetScore {
  const open = new Set(truth);
  const rest: string[] = [];
  let found = 0;
  for (const value of given) {
    if (open.delete(value)) found += 1;
    else rest.push(value);
  }
  let halfFound = 0;
  let near = 0;
  let wrong = 0;
  for (const value of rest) {
    const relative = techniques
      ? [...open].find((t) => family(t) === family(value) && isSub(t) !== isSub(value))
      : undefined;
    if (relative !== undefined) {
      open.delete(relative);
      halfFound += 1;
    } else if (techniques && truth.some((t) => family(t) === family(value))) {
      near += 1;
    } else {
      wrong += 1;
    }
  }
  const total = truth.length;
  const score = total === 0 ? (given.length === 0 ? 1 : 0) : Math.max(0, found + halfFound / 2 - wrong) / total;
  return { score, total, found, halfFound, near, wrong };
}
