import { useMemo } from 'react';
import { useProgressLevels } from './useCatalogues';
import type { Bilingual, ProgressLevel } from '../types';

/** The progress-level rubric from the hub's catalogue, by level. */
export function useCatalogueLevels(): Map<ProgressLevel, Bilingual> {
  const { items } = useProgressLevels();
  return useMemo(() => new Map((items ?? []).map((item) => [item.level, { en: item.en, ja: item.ja }])), [items]);
}
