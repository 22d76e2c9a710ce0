import { sql } from 'drizzle-orm';
import { index, integer, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { organisations } from '../orgs/orgs.table.js';

export type DeliveryChannel = 'email' | 'webhook';
export type DeliveryJobStatus = 'pending' | 'delivered' | 'dead';

const ts = (name: string) => timestamp(name, { withTimezone: true });

/**
 * The outbox of outgoing deliveries (alert e-mail, webhooks): written in the transaction that makes the record
 * they announce, then sent by a worker that claims due rows with FOR UPDATE SKIP LOCKED and holds a lease while
 * it sends, so several hub processes share the work and a crashed one's jobs are claimed again once its lease
 * runs out.
 */
export const deliveryJobs = pgTable(
  'delivery_jobs',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    orgId: uuid('org_id')
      .notNull()
      .references(() => organisations.id, { onDelete: 'cascade' }),
    channel: text('channel', { enum: ['email', 'webhook'] }).notNull(),
    /** What is delivered, e.g. `alerts.opened`: chooses the handler that sends it. */
    topic: text('topic').notNull(),
    /** The same on every attempt: receivers drop a delivery they have seen (Idempotency-Key header). */
    idempotencyKey: text('idempotency_key').notNull().unique(),
    payload: jsonb('payload').$type<Record<string, unknown>>().notNull(),
    status: text('status', { enum: ['pending', 'delivered', 'dead'] })
      .notNull()
      .default('pending'),
    attempts: integer('attempts').notNull().default(0),
    maxAttempts: integer('max_attempts').notNull(),
    nextAttemptAt: ts('next_attempt_at').notNull().defaultNow(),
    leaseOwner: text('lease_owner'),
    leaseUntil: ts('lease_until'),
    /** A generic reason fit for the organisation's admins, never a raw socket error. */
    lastError: text('last_error'),
    /** Where the last attempt went (webhook URL, e-mail addresses), for the console. */
    target: text('target'),
    createdAt: ts('created_at').notNull().defaultNow(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
    deliveredAt: ts('delivered_at'),
  },
  (t) => [
    index('delivery_jobs_due_idx')
      .on(t.nextAttemptAt)
      .where(sql`${t.status} = 'pending'`),
    index('delivery_jobs_org_idx').on(t.orgId, t.createdAt),
    index('delivery_jobs_status_idx').on(t.status, t.updatedAt),
  ],
);
