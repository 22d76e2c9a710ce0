import { useCallback, useMemo } from 'react';
import { useSearchParams } from 'react-router-dom';
import type { Lang } from '../../types';
import { KSA_FILTER } from './courseware';

export interface CatalogueFilters {
  q: string;
  ksa: string;
  workRole: string;
  level: string;
  topic: string;
  lang: '' | Lang;
}

const KEYS = ['q', 'ksa', 'workRole', 'level', 'topic', 'lang'] as const;

/**
 * The catalogue's filters, kept in the URL query so a filtered list can be shared and the back button undoes a
 * change (each change is a history entry). `query` is what the hub gets: empty and invalid values left out.
 */
export function useCatalogueFilters() {
  const [params, setParams] = useSearchParams();
  const filters: CatalogueFilters = useMemo(() => {
    const lang = params.get('lang');
    return {
      q: params.get('q') ?? '',
      ksa: params.get('ksa') ?? '',
      workRole: params.get('workRole') ?? '',
      level: params.get('level') ?? '',
      topic: params.get('topic') ?? '',
      lang: lang === 'ja' || lang === 'en' ? lang : '',
    };
  }, [params]);

  const ksaInvalid = filters.ksa !== '' && !KSA_FILTER.test(filters.ksa.toUpperCase());
  const level = /^[1-6]$/.test(filters.level) ? filters.level : '';
  const query = {
    q: filters.q.trim() || undefined,
    ksa: ksaInvalid ? undefined : filters.ksa.toUpperCase() || undefined,
    workRole: filters.workRole || undefined,
    level: level || undefined,
    topic: filters.topic || undefined,
    lang: filters.lang || undefined,
  };

  const update = useCallback(
    (patch: Partial<CatalogueFilters>) => {
      const next = { ...filters, ...patch };
      const search = new URLSearchParams();
      for (const key of KEYS) if (next[key]) search.set(key, next[key]);
      setParams(search);
    },
    [filters, setParams],
  );
  const clear = useCallback(() => setParams(new URLSearchParams()), [setParams]);
  const filtered = KEYS.some((key) => filters[key] !== '');

  return { filters, query, update, clear, filtered, ksaInvalid };
}
