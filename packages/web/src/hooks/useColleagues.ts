import { useRef } from 'react';
import type { Colleague } from '../types';
import { useApi } from './useApi';
import { useDebounced } from './useDebounced';

/** How many matches the picker shows at once; a narrower search finds the rest. */
export const COLLEAGUE_PAGE = 100;

export interface ColleaguesState {
  /** undefined while the first answer is on its way; null when the hub refused (fall back to typed ids). */
  colleagues: Colleague[] | null | undefined;
  /** Everyone seen in any answer so far, so a picked person keeps their name when a search hides them. */
  known: Map<string, Colleague>;
  total: number;
  loading: boolean;
}

/**
 * The people the signed-in user may name on a case (GET /colleagues): their own organisations' members and, with a
 * sharing group, the group's members. The search runs on the hub, debounced.
 */
export function useColleagues(search: string, sharingGroupId?: string | null): ColleaguesState {
  const q = useDebounced(search.trim(), 200);
  const result = useApi<{ items: Colleague[]; total: number }>('/colleagues', {
    q: q || undefined,
    sharingGroupId: sharingGroupId || undefined,
    limit: COLLEAGUE_PAGE,
  });
  const known = useRef(new Map<string, Colleague>());
  for (const person of result.data?.items ?? []) known.current.set(person.id, person);
  return {
    colleagues: result.error && !result.data ? null : result.data?.items,
    known: known.current,
    total: result.data?.total ?? 0,
    loading: result.loading,
  };
}
