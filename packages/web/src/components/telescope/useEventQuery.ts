import { useCallback, useMemo } from 'react';
import { useSearchParams } from 'react-router-dom';
import { fromLocalInput } from '../../format';
import { isIpAddress } from './cidr';
import type { TelescopeEventKind } from '../../types';

export const EVENT_KINDS: readonly TelescopeEventKind[] = ['scan', 'dos', 'backscatter'];
export const EVENT_FILTER_KEYS = ['source', 'port', 'from', 'to'] as const;
export type EventFilterKey = (typeof EVENT_FILTER_KEYS)[number];

export interface EventQuery {
  kind: TelescopeEventKind;
  filters: Record<EventFilterKey, string>;
  limit: number;
  offset: number;
}

function intParam(value: string | null, fallback: number, min: number, max: number): number {
  if (value === null || value.trim() === '') return fallback;
  const number = Number(value);
  return Number.isInteger(number) && number >= min && number <= max ? number : fallback;
}

/** Whether a port filter is usable: empty, or an integer 0–65535. */
export function validPort(value: string): boolean {
  if (value.trim() === '') return true;
  const number = Number(value);
  return /^\d+$/.test(value.trim()) && number >= 0 && number <= 65_535;
}

/** Whether an address filter is usable: empty, or one IPv4 or IPv6 address. */
export function validAddress(value: string): boolean {
  return value.trim() === '' || isIpAddress(value);
}

/** The events list's tab, filters and page, kept in the URL. */
export function useEventQuery(): {
  query: EventQuery;
  update: (
    patch: Partial<Record<EventFilterKey, string>> & { kind?: TelescopeEventKind; limit?: number; offset?: number },
  ) => void;
  apiQuery: Record<string, string | number> | null;
} {
  const [params, setParams] = useSearchParams();

  const query = useMemo<EventQuery>(
    () => ({
      kind: EVENT_KINDS.find((kind) => kind === params.get('kind')) ?? 'scan',
      filters: Object.fromEntries(EVENT_FILTER_KEYS.map((key) => [key, params.get(key) ?? ''])) as Record<
        EventFilterKey,
        string
      >,
      limit: intParam(params.get('limit'), 50, 1, 500),
      offset: intParam(params.get('offset'), 0, 0, 10_000_000),
    }),
    [params],
  );

  const update = useCallback<
    (
      patch: Partial<Record<EventFilterKey, string>> & { kind?: TelescopeEventKind; limit?: number; offset?: number },
    ) => void
  >(
    (patch) =>
      setParams(
        (previous) => {
          const next = new URLSearchParams(previous);
          for (const [key, value] of Object.entries(patch)) {
            if (value === undefined) continue;
            if (value === '' || (key === 'kind' && value === 'scan')) next.delete(key);
            else next.set(key, String(value));
          }
          if (patch.offset === undefined) next.delete('offset');
          return next;
        },
        { replace: true },
      ),
    [setParams],
  );

  const apiQuery = useMemo(() => {
    const { source, port, from, to } = query.filters;
    if (!validPort(port) || !validAddress(source)) return null;
    const fromIso = from ? fromLocalInput(from) : null;
    const toIso = to ? fromLocalInput(to) : null;
    if ((from && !fromIso) || (to && !toIso)) return null;
    if (fromIso && toIso && fromIso >= toIso) return null;
    const result: Record<string, string | number> = { kind: query.kind, limit: query.limit, offset: query.offset };
    if (source.trim()) result.source = source.trim();
    if (port.trim()) result.port = Number(port);
    if (fromIso) result.from = fromIso;
    if (toIso) result.to = toIso;
    return result;
  }, [query]);

  return { query, update, apiQuery };
}
