import { sql } from 'drizzle-orm';
import { integer, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { stixImports } from '../intel/intel.table.js';
import { organisations } from '../orgs/orgs.table.js';

/** One object's outcome in a TAXII status resource; a failure's message names the property path. */
export interface TaxiiStatusDetail {
  id: string;
  version: string;
  message?: string;
}

/**
 * TAXII 2.1 status resources (section 4.3.1): what became of each "add objects" request. Only members of the
 * organisation that sent it read it back.
 */
export const taxiiStatuses = pgTable('taxii_statuses', {
  id: uuid('id').primaryKey().defaultRandom(),
  ownerOrgId: uuid('owner_org_id')
    .notNull()
    .references(() => organisations.id),
  importId: uuid('import_id').references(() => stixImports.id, { onDelete: 'set null' }),
  createdBy: uuid('created_by'),
  status: text('status', { enum: ['pending', 'complete'] }).notNull(),
  requestTimestamp: timestamp('request_timestamp', { withTimezone: true, mode: 'date' }).notNull(),
  totalCount: integer('total_count').notNull(),
  successCount: integer('success_count').notNull(),
  failureCount: integer('failure_count').notNull(),
  pendingCount: integer('pending_count').notNull(),
  successes: jsonb('successes')
    .$type<TaxiiStatusDetail[]>()
    .notNull()
    .default(sql`'[]'::jsonb`),
  failures: jsonb('failures')
    .$type<TaxiiStatusDetail[]>()
    .notNull()
    .default(sql`'[]'::jsonb`),
  pendings: jsonb('pendings')
    .$type<TaxiiStatusDetail[]>()
    .notNull()
    .default(sql`'[]'::jsonb`),
});
