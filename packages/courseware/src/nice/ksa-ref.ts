import type { KsaKind, KsaLevel, NiceCatalogue } from './nice-catalogue.js';

export interface KsaRef {
  /** The NICE id: K0060 */
  id: string;
  level: KsaLevel;
}

/** `K0060_2` → `{ id: 'K0060', level: 2 }`; undefined when the text is not a reference with level 1–6. */
export function parseKsaRef(ref: string): KsaRef | undefined {
  const match = /^([KSA]\d{4})_([1-6])$/.exec(ref);
  if (!match?.[1] || !match[2]) return undefined;
  return { id: match[1], level: Number(match[2]) as KsaLevel };
}

export type KsaRefProblem = 'BAD_KSA_LEVEL' | 'UNKNOWN_KSA';

/** What is wrong with a reference whose shape is right (`K0060_7`: the level; `K9999_1`: the id). */
export function ksaRefProblem(ref: string, catalogue: NiceCatalogue): KsaRefProblem | undefined {
  const [id = '', level = ''] = ref.split('_');
  if (!/^[1-6]$/.test(level)) return 'BAD_KSA_LEVEL';
  return catalogue.ksa.has(id) ? undefined : 'UNKNOWN_KSA';
}

export function ksaKindOf(id: string): KsaKind | undefined {
  if (id.startsWith('K')) return 'knowledge';
  if (id.startsWith('S')) return 'skill';
  if (id.startsWith('A')) return 'ability';
  return undefined;
}
