import type { WatchlistKind } from './watchlists.table.js';

/** One observed value (of one record) that one watchlist entry matched. */
export interface WatchlistMatch {
  /** The observed value's row in the fusion index. */
  rowId: number;
  entryId: string;
  orgId: string;
  entryKind: WatchlistKind;
  entryValue: string;
  entryNote: string;
  /** The fusion index's kind and normalised value (ip, domain, url, hash, email…). */
  valueKind: string;
  value: string;
  recordType: string;
  recordId: string;
  recordLabel: string;
  firstSeen: Date | null;
  lastSeen: Date | null;
}

/**
 * What an alert is about: the matched value itself, or for a keyword the keyword (a keyword in a record's label
 * matches every value of the record; one alert per keyword and day gathers them).
 */
export const matchedHost = (m: Pick<WatchlistMatch, 'entryKind' | 'entryValue' | 'value'>): string =>
  m.entryKind === 'keyword' ? m.entryValue : m.value;

/** Where the console shows a record of the fusion index; the value's fusion page for others (a behaviour's case). */
export function recordLink(recordType: string, recordId: string, value: string): string {
  const id = encodeURIComponent(recordId);
  switch (recordType) {
    case 'case':
      return `/cases/${id}`;
    case 'stix':
      return `/intel/objects/${id}`;
    case 'telescope_source':
      return `/telescope/sources/${id}`;
    case 'telescope_event':
      return '/telescope/events';
    case 'decoy_session':
      return `/decoy/sessions/${id}`;
    default:
      return `/fusion?q=${encodeURIComponent(value)}`;
  }
}
