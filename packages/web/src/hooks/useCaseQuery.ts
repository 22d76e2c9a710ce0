import { useCallback, useMemo } from 'react';
import { useSearchParams } from 'react-router-dom';

export const CASE_FILTER_KEYS = ['q', 'family', 'level', 'status', 'orgId', 'from', 'to'] as const;
export type CaseFilterKey = (typeof CASE_FILTER_KEYS)[number];
export type CaseSort = 'caseId' | 'startDate' | 'endDate' | 'progressLevel' | 'malwareFamily' | 'updatedAt';

export interface CaseQuery {
  filters: Record<CaseFilterKey, string>;
  sort: CaseSort;
  order: 'asc' | 'desc';
  limit: number;
  offset: number;
}

const SORTS: readonly CaseSort[] = ['caseId', 'startDate', 'endDate', 'progressLevel', 'malwareFamily', 'updatedAt'];

function intParam(value: string | null, fallback: number, min: number, max: number): number {
  if (value === null || value.trim() === '') return fallback;
  const number = Number(value);
  return Number.isInteger(number) && number >= min && number <= max ? number : fallback;
}

/** The case list's filters, sort and page, kept in the URL so views can be shared and bookmarked. */
export function useCaseQuery(): {
  query: CaseQuery;
  update: (patch: Partial<Record<CaseFilterKey, string>> & Partial<Omit<CaseQuery, 'filters'>>) => void;
  apiQuery: Record<string, string | number>;
  filterQuery: Record<string, string>;
} {
  const [params, setParams] = useSearchParams();

  const query = useMemo<CaseQuery>(() => {
    const filters = Object.fromEntries(CASE_FILTER_KEYS.map((key) => [key, params.get(key) ?? ''])) as Record<
      CaseFilterKey,
      string
    >;
    const sortParam = params.get('sort') as CaseSort | null;
    return {
      filters,
      sort: sortParam && SORTS.includes(sortParam) ? sortParam : 'startDate',
      order: params.get('order') === 'asc' ? 'asc' : 'desc',
      limit: intParam(params.get('limit'), 50, 1, 500),
      offset: intParam(params.get('offset'), 0, 0, 1_000_000),
    };
  }, [params]);

  const update = useCallback(
    (patch: Partial<Record<CaseFilterKey, string>> & Partial<Omit<CaseQuery, 'filters'>>) => {
      setParams(
        (previous) => {
          const next = new URLSearchParams(previous);
          let filterChanged = false;
          for (const [key, value] of Object.entries(patch)) {
            if (value === undefined) continue;
            if ((CASE_FILTER_KEYS as readonly string[]).includes(key)) filterChanged = true;
            if (value === '' || value === null) next.delete(key);
            else next.set(key, String(value));
          }
          if ((filterChanged || patch.sort || patch.order || patch.limit) && patch.offset === undefined) {
            next.delete('offset');
          }
          return next;
        },
        { replace: true },
      );
    },
    [setParams],
  );

  const filterQuery = useMemo(
    () => Object.fromEntries(Object.entries(query.filters).filter(([, value]) => value !== '')),
    [query.filters],
  );
  const apiQuery = useMemo(
    () => ({ ...filterQuery, sort: query.sort, order: query.order, limit: query.limit, offset: query.offset }),
    [filterQuery, query.sort, query.order, query.limit, query.offset],
  );
  return { query, update, apiQuery, filterQuery };
}
