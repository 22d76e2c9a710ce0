import { useState } from 'react';
import type { Query } from '../../api';
import { useApi } from '../../hooks/useApi';
import type { DecoySessionList } from '../../types/decoy';

/**
 * A page of sessions with the hub's cursor: `next` follows the cursor, `previous` goes back through the cursors
 * seen, and any filter change starts again at the first page.
 */
export function useSessionList(filters: Query | null, limit = 50) {
  const [cursors, setCursors] = useState<string[]>([]);
  const [filterKey, setFilterKey] = useState(JSON.stringify(filters));
  const key = JSON.stringify(filters);
  if (key !== filterKey) {
    setFilterKey(key);
    setCursors([]);
  }
  const cursor = cursors.at(-1);
  const list = useApi<DecoySessionList>(filters ? '/decoy/sessions' : null, { ...filters, limit, cursor });
  const nextCursor = list.data?.nextCursor ?? null;
  return {
    list,
    page: cursors.length + 1,
    hasPrevious: cursors.length > 0,
    hasNext: nextCursor !== null,
    next: () => nextCursor && setCursors((previous) => [...previous, nextCursor]),
    previous: () => setCursors((previous) => previous.slice(0, -1)),
  };
}
