import { sql, type SQL } from 'drizzle-orm';
import type { Scope, Tlp } from '@cynex/core';
import type { ObservedKind } from './fusion.table.js';
import type { ObservedValue } from './observed-value.js';

/** Who may read an indexed row: the record's sharing, copied (telescope rows: no owner, community, GREEN). */
export interface RowSharing {
  ownerOrgId: string | null;
  scope: Scope;
  marking: Tlp;
  sharingGroupId: string | null;
  recipientUserIds: string[];
  createdBy: string | null;
}

/** Darknet aggregates are community material: every member reads them, nobody outside (see `canReadTelescope`). */
export const COMMUNITY_GREEN: RowSharing = {
  ownerOrgId: null,
  scope: 'community',
  marking: 'GREEN',
  sharingGroupId: null,
  recipientUserIds: [],
  createdBy: null,
};

/** One row of the index: a value a record mentions, with the record's label, times and sharing. */
export interface IndexRow {
  kind: ObservedKind;
  value: string;
  recordType: string;
  recordId: string;
  recordLabel: string;
  firstSeen: Date | null;
  lastSeen: Date | null;
  sharing: RowSharing;
}

/** The record types the index holds; the lookup's `types` filter takes these. */
export const RECORD_TYPES = [
  'case',
  'behaviour',
  'stix',
  'telescope_source',
  'telescope_event',
  'decoy_session',
] as const;
export type RecordType = (typeof RECORD_TYPES)[number];

/**
 * A kind of record the fusion index is made from. Each record's rows carry the source key `<kind>:<id>`, so that
 * indexing a record again deletes its rows and inserts them anew; a record that is gone loses its rows.
 */
export interface FusionSource {
  readonly kind: string;
  /** The rows of each record as it is now; a record that no longer exists is absent from the map. */
  rows(ids: readonly string[]): Promise<Map<string, IndexRow[]>>;
  /**
   * Records whose rows are missing or older than the record, changed after `since` (all, with none), and, when
   * `since` is undefined, records whose rows remain after the record was deleted.
   */
  stale(since: Date | undefined): Promise<string[]>;
}

/** Rows of one record for each of its values. */
export function rowsFor(values: readonly ObservedValue[], record: Omit<IndexRow, 'kind' | 'value'>): IndexRow[] {
  return values.map((v) => ({ ...record, kind: v.kind, value: v.value }));
}

/** The latest of some times (null when none). */
export function latest(...times: (Date | string | null | undefined)[]): Date | null {
  const ms = times.filter((t) => t !== null && t !== undefined).map((t) => new Date(t).getTime());
  const valid = ms.filter((t) => !Number.isNaN(t));
  return valid.length > 0 ? new Date(Math.max(...valid)) : null;
}

/** The earliest of some times (null when none). */
export function earliest(...times: (Date | string | null | undefined)[]): Date | null {
  const ms = times.filter((t) => t !== null && t !== undefined).map((t) => new Date(t).getTime());
  const valid = ms.filter((t) => !Number.isNaN(t));
  return valid.length > 0 ? new Date(Math.min(...valid)) : null;
}

/**
 * A lower bound on changes worth looking at: `since` less a margin for transactions that began before it and
 * committed after; or no bound.
 */
export function changedAfter(column: SQL, since: Date | undefined): SQL {
  return since ? sql`${column} > ${new Date(since.getTime() - 5 * 60_000).toISOString()}::timestamptz` : sql`true`;
}
