import { useCallback, useMemo } from 'react';
import { useSearchParams } from 'react-router-dom';
import { fromLocalInput } from '../../format';
import { FUSION_KINDS, FUSION_RECORD_TYPES, type FusionKind, type FusionRecordType } from '../../types/fusion';

/** The longest query the hub accepts. */
export const MAX_QUERY = 2048;
const DEFAULT_LIMIT = 50;

export interface FusionFilters {
  q: string;
  /** The kind the value is meant as, when its shape could mislead (a family named like a domain); '' to guess. */
  kind: FusionKind | '';
  /** Record types to show; empty means every type. */
  types: FusionRecordType[];
  /** datetime-local values, as the inputs hold them. */
  from: string;
  to: string;
}

export interface FusionQuery extends FusionFilters {
  limit: number;
  offset: number;
}

export type FusionPatch = Partial<FusionQuery>;

/** A whole number from the query string within bounds, or the fallback. */
function whole(text: string | null, fallback: number, min: number, max: number): number {
  if (text === null || text.trim() === '') return fallback;
  const value = Number(text);
  return Number.isInteger(value) && value >= min && value <= max ? value : fallback;
}

/** Record types from a comma list, known ones only, in the canonical order. */
export function parseTypes(text: string | null): FusionRecordType[] {
  const wanted = new Set((text ?? '').split(',').map((type) => type.trim()));
  return FUSION_RECORD_TYPES.filter((type) => wanted.has(type));
}

/**
 * The fusion page's search, filters and page, kept in the URL: a search is a link to share, and a new search is
 * a new history entry, so the back button returns to the previous value.
 */
export function useFusionQuery() {
  const [params, setParams] = useSearchParams();

  const query = useMemo<FusionQuery>(
    () => ({
      q: (params.get('q') ?? '').slice(0, MAX_QUERY),
      kind: FUSION_KINDS.find((kind) => kind === params.get('kind')) ?? '',
      types: parseTypes(params.get('types')),
      from: params.get('from') ?? '',
      to: params.get('to') ?? '',
      limit: whole(params.get('limit'), DEFAULT_LIMIT, 1, 500),
      offset: whole(params.get('offset'), 0, 0, 10_000_000),
    }),
    [params],
  );

  /** Changes the URL; a new value is pushed onto the history, filter and page changes replace the entry. */
  const update = useCallback(
    (patch: FusionPatch) => {
      const next = { ...query, offset: 0, ...patch };
      const search = new URLSearchParams();
      if (next.q) search.set('q', next.q);
      if (next.q && next.kind) search.set('kind', next.kind);
      if (next.types.length > 0 && next.types.length < FUSION_RECORD_TYPES.length)
        search.set('types', next.types.join(','));
      if (next.from) search.set('from', next.from);
      if (next.to) search.set('to', next.to);
      if (next.limit !== DEFAULT_LIMIT) search.set('limit', String(next.limit));
      if (next.offset > 0) search.set('offset', String(next.offset));
      setParams(search, { replace: patch.q === undefined || patch.q === query.q });
    },
    [query, setParams],
  );

  const fromIso = query.from ? fromLocalInput(query.from) : null;
  const toIso = query.to ? fromLocalInput(query.to) : null;
  const periodInvalid =
    Boolean(query.from && !fromIso) || Boolean(query.to && !toIso) || Boolean(fromIso && toIso && fromIso >= toIso);

  /** The filters as the API takes them (also for the graph), or null when there is nothing valid to ask. */
  const filterQuery = useMemo(() => {
    if (!query.q.trim() || periodInvalid) return null;
    const result: Record<string, string> = { q: query.q.trim() };
    if (query.kind) result.kind = query.kind;
    if (query.types.length > 0) result.types = query.types.join(',');
    if (fromIso) result.from = fromIso;
    if (toIso) result.to = toIso;
    return result;
  }, [query.q, query.kind, query.types, fromIso, toIso, periodInvalid]);

  return { query, update, filterQuery, periodInvalid };
}
