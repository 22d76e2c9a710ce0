import { sql } from 'drizzle-orm';
import { bigserial, index, inet, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import type { Scope, Tlp } from '@cynex/core';
import { organisations } from '../orgs/orgs.table.js';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

/** The kinds of value the fusion index holds; an address and a prefix are both `ip` (a prefix keeps its mask). */
export const OBSERVED_KINDS = ['ip', 'domain', 'url', 'hash', 'email', 'attack', 'family', 'cve'] as const;
export type ObservedKind = (typeof OBSERVED_KINDS)[number];

/**
 * The fusion index (CURE-style): one row per value a record mentions, with the record's sharing copied, so that
 * "everything that mentions this value" is one indexed lookup filtered by the one visibility rule. It is an index
 * of observed values, not a pairwise correlation table: a value mentioned by n records costs n rows, not n².
 *
 * Telescope rows have no owner organisation: they are community material (scope community, TLP:GREEN), which the
 * visibility rule gives to every member and to nobody outside, as `canReadTelescope` does.
 */
export const observedValues = pgTable(
  'observed_values',
  {
    /** Increasing: watchlists scan what was indexed after the last id they saw. */
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    kind: text('kind').$type<ObservedKind>().notNull(),
    /** Normalised: lower-case domains, hashes and e-mail addresses, upper-case ATT&CK and CVE ids, canonical addresses. */
    value: text('value').notNull(),
    /** For `ip` values: the address or prefix, for containment both ways (`<<=`, `>>=`). */
    addr: inet('addr'),
    /** What mentions it: case, behaviour, telescope_source, telescope_event, sighting, indicator, stix, decoy_session… */
    recordType: text('record_type').notNull(),
    recordId: text('record_id').notNull(),
    /** A short human label for the record (case id, object name). */
    recordLabel: text('record_label').notNull().default(''),
    /** The record that produced the row (`case:<uuid>`, `stix:<uuid>`): re-indexing a record replaces its rows. */
    source: text('source').notNull(),
    firstSeen: ts('first_seen'),
    lastSeen: ts('last_seen'),
    indexedAt: ts('indexed_at').notNull().defaultNow(),
    ownerOrgId: uuid('owner_org_id').references(() => organisations.id, { onDelete: 'cascade' }),
    scope: text('scope').$type<Scope>().notNull(),
    marking: text('marking').$type<Tlp>().notNull(),
    sharingGroupId: uuid('sharing_group_id'),
    recipientUserIds: uuid('recipient_user_ids')
      .array()
      .notNull()
      .default(sql`'{}'::uuid[]`),
    createdBy: uuid('created_by'),
  },
  (t) => [
    index('observed_values_kind_value_idx').on(t.kind, t.value),
    index('observed_values_addr_idx').using('gist', t.addr.op('inet_ops')),
    index('observed_values_source_idx').on(t.source),
    index('observed_values_record_idx').on(t.recordType, t.recordId),
  ],
);
