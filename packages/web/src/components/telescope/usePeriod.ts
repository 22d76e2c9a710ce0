import { useCallback, useMemo, useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import { fromLocalInput, toLocalInput } from '../../format';
import type { Granularity } from '../../types';

export const RANGES = ['24h', '7d', '90d', 'custom'] as const;
export type RangeKey = (typeof RANGES)[number];
export const GRANULARITIES = ['5m', '1h', '1d'] as const satisfies readonly Granularity[];

const STEP_SECONDS: Readonly<Record<Granularity, number>> = { '5m': 300, '1h': 3600, '1d': 86_400 };
const RANGE_SECONDS: Readonly<Record<Exclude<RangeKey, 'custom'>, number>> = {
  '24h': 86_400,
  '7d': 7 * 86_400,
  '90d': 90 * 86_400,
};
/** The hub answers at most this many points (400 otherwise). */
export const MAX_POINTS = 2000;

export function stepSeconds(granularity: Granularity): number {
  return STEP_SECONDS[granularity];
}

/** The granularity a span gets by default: 24 h → 5 min, 7 d → 1 h, 90 d → 1 day, custom spans likewise. */
export function defaultGranularity(spanSeconds: number): Granularity {
  if (spanSeconds <= 2 * 86_400) return '5m';
  if (spanSeconds <= 31 * 86_400) return '1h';
  return '1d';
}

/** Whether a granularity stays within the hub's point limit for the span. */
export function granularityAllowed(granularity: Granularity, spanSeconds: number): boolean {
  return Math.ceil(spanSeconds / STEP_SECONDS[granularity]) <= MAX_POINTS;
}

export interface Period {
  range: RangeKey;
  /** datetime-local values of a custom period, as in the URL. */
  customFrom: string;
  customTo: string;
  /** ISO instants sent to the hub; null while a custom period is incomplete or reversed. */
  from: string | null;
  to: string | null;
  spanSeconds: number;
  granularity: Granularity;
  /** Set when the custom period cannot be used. */
  invalid: 'incomplete' | 'reversed' | null;
}

const MINUTE = 60_000;

/**
 * The telescope's period and granularity, kept in the URL (`range`, `from`, `to`, `g`). Preset periods end at
 * the minute the page loaded (or was refreshed), so the requests keep a stable key while the page is open.
 */
export function usePeriod(): {
  period: Period;
  setRange: (range: RangeKey) => void;
  setCustom: (patch: { from?: string; to?: string }) => void;
  setGranularity: (granularity: Granularity) => void;
  refresh: () => void;
} {
  const [params, setParams] = useSearchParams();
  const [anchor, setAnchor] = useState(() => Math.floor(Date.now() / MINUTE) * MINUTE);

  const period = useMemo<Period>(() => {
    const rangeParam = params.get('range');
    const range: RangeKey = (RANGES as readonly string[]).includes(rangeParam ?? '') ? (rangeParam as RangeKey) : '24h';
    const customFrom = params.get('from') ?? '';
    const customTo = params.get('to') ?? '';
    let from: string | null;
    let to: string | null;
    let invalid: Period['invalid'] = null;
    if (range === 'custom') {
      from = fromLocalInput(customFrom);
      to = fromLocalInput(customTo);
      if (!from || !to) invalid = 'incomplete';
      else if (new Date(from).getTime() >= new Date(to).getTime()) invalid = 'reversed';
    } else {
      to = new Date(anchor).toISOString();
      from = new Date(anchor - RANGE_SECONDS[range] * 1000).toISOString();
    }
    const spanSeconds =
      from && to && !invalid ? (new Date(to).getTime() - new Date(from).getTime()) / 1000 : RANGE_SECONDS['24h'];
    const gParam = params.get('g') as Granularity | null;
    const granularity =
      gParam && (GRANULARITIES as readonly string[]).includes(gParam) && granularityAllowed(gParam, spanSeconds)
        ? gParam
        : defaultGranularity(spanSeconds);
    return {
      range,
      customFrom,
      customTo,
      from: invalid ? null : from,
      to: invalid ? null : to,
      spanSeconds,
      granularity,
      invalid,
    };
  }, [params, anchor]);

  const patch = useCallback(
    (entries: Record<string, string | null>) =>
      setParams(
        (previous) => {
          const next = new URLSearchParams(previous);
          for (const [key, value] of Object.entries(entries)) {
            if (value === null || value === '') next.delete(key);
            else next.set(key, value);
          }
          return next;
        },
        { replace: true },
      ),
    [setParams],
  );

  const refresh = useCallback(() => setAnchor(Math.floor(Date.now() / MINUTE) * MINUTE), []);

  const setRange = useCallback(
    (range: RangeKey) => {
      refresh();
      // a new period takes its own default granularity; a custom one starts from the period shown now
      if (range === 'custom') {
        const from = params.get('from') || toLocalInput(new Date(period.from ?? Date.now() - 86_400_000));
        const to = params.get('to') || toLocalInput(new Date(period.to ?? Date.now()));
        patch({ range, from, to, g: null });
      } else {
        patch({ range: range === '24h' ? null : range, from: null, to: null, g: null });
      }
    },
    [params, patch, period.from, period.to, refresh],
  );

  const setCustom = useCallback((next: { from?: string; to?: string }) => patch({ ...next, g: null }), [patch]);
  const setGranularity = useCallback((granularity: Granularity) => patch({ g: granularity }), [patch]);

  return { period, setRange, setCustom, setGranularity, refresh };
}
