import { bigint, index, inet, pgTable, text, timestamp, unique, uuid } from 'drizzle-orm/pg-core';
import { organisations } from '../orgs/orgs.table.js';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

export const WATCHLIST_KINDS = ['address', 'prefix', 'domain', 'email', 'hash', 'keyword'] as const;
export type WatchlistKind = (typeof WATCHLIST_KINDS)[number];

/**
 * What an organisation watches for: its addresses, prefixes, domains, e-mail addresses, hashes and keywords. A match
 * in any source it may read raises an alert (the same alerts, deliveries and acknowledgements as the telescope's
 * member alerts), once per entry, matched value and day.
 */
export const watchlistEntries = pgTable(
  'watchlist_entries',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    orgId: uuid('org_id')
      .notNull()
      .references(() => organisations.id, { onDelete: 'cascade' }),
    kind: text('kind').$type<WatchlistKind>().notNull(),
    /** Normalised like the fusion index's values. */
    value: text('value').notNull(),
    /** For addresses and prefixes. */
    addr: inet('addr'),
    note: text('note').notNull().default(''),
    createdBy: uuid('created_by'),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [
    unique('watchlist_entries_org_kind_value').on(t.orgId, t.kind, t.value),
    index('watchlist_entries_addr_idx').using('gist', t.addr.op('inet_ops')),
    index('watchlist_entries_kind_value_idx').on(t.kind, t.value),
  ],
);

/** How far the matcher has read the fusion index (one row per matcher name; hub instances share it). */
export const watchlistCursor = pgTable('watchlist_cursor', {
  name: text('name').primaryKey(),
  lastObservedId: bigint('last_observed_id', { mode: 'number' }).notNull(),
  updatedAt: ts('updated_at').notNull().defaultNow(),
});
