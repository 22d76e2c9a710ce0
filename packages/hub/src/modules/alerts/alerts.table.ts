import { sql } from 'drizzle-orm';
import {
  bigint,
  bigserial,
  cidr,
  date,
  index,
  jsonb,
  pgTable,
  text,
  timestamp,
  unique,
  uuid,
} from 'drizzle-orm/pg-core';
import { organisations } from '../orgs/orgs.table.js';
import { watchlistEntries } from '../watchlists/watchlists.table.js';

/** Where an alert's sightings came from: the telescope, a decoy, or a watchlist entry matched in any source. */
export type AlertKind = 'darknet' | 'decoy' | 'watchlist';
export type AlertStatus = 'open' | 'acknowledged';

const ts = (name: string) => timestamp(name, { withTimezone: true });

/** Address prefixes a member organisation registered as its own: darknet and decoy sightings in them alert it. */
export const orgPrefixes = pgTable(
  'org_prefixes',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    orgId: uuid('org_id')
      .notNull()
      .references(() => organisations.id, { onDelete: 'cascade' }),
    cidr: cidr('cidr').notNull(),
    note: text('note').notNull().default(''),
    /** A prefix alerts its organisation only once a platform admin approved it (who holds an address is checked). */
    status: text('status', { enum: ['pending', 'approved'] })
      .notNull()
      .default('pending'),
    approvedBy: uuid('approved_by'),
    approvedAt: ts('approved_at'),
    createdBy: uuid('created_by'),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [
    unique('org_prefixes_org_cidr').on(t.orgId, t.cidr),
    index('org_prefixes_cidr_idx').using('gist', t.cidr.op('inet_ops')),
  ],
);

/** Where an organisation's alerts go besides the console; the webhook secret signs every delivery. */
export const orgAlertSettings = pgTable('org_alert_settings', {
  orgId: uuid('org_id')
    .primaryKey()
    .references(() => organisations.id, { onDelete: 'cascade' }),
  emails: text('emails')
    .array()
    .notNull()
    .default(sql`'{}'::text[]`),
  webhookUrl: text('webhook_url'),
  webhookSecret: text('webhook_secret'),
  updatedBy: uuid('updated_by'),
  updatedAt: ts('updated_at').notNull().defaultNow(),
});

/** One alert per organisation, host and (UTC) day, whatever number of sightings it gathers. */
export const alerts = pgTable(
  'alerts',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    orgId: uuid('org_id')
      .notNull()
      .references(() => organisations.id, { onDelete: 'cascade' }),
    host: text('host').notNull(),
    day: date('day', { mode: 'string' }).notNull(),
    kinds: text('kinds').array().notNull().$type<AlertKind[]>(),
    packets: bigint('packets', { mode: 'number' }).notNull().default(0),
    ports: text('ports')
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    firstSeen: ts('first_seen').notNull(),
    lastSeen: ts('last_seen').notNull(),
    evidence: jsonb('evidence').$type<Record<string, unknown>>().notNull().default({}),
    /** The watchlist entry a watchlist alert matched. */
    watchlistEntryId: uuid('watchlist_entry_id').references(() => watchlistEntries.id, { onDelete: 'set null' }),
    status: text('status', { enum: ['open', 'acknowledged'] })
      .notNull()
      .default('open'),
    acknowledgedBy: uuid('acknowledged_by'),
    acknowledgedAt: ts('acknowledged_at'),
    createdAt: ts('created_at').notNull().defaultNow(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [
    unique('alerts_org_host_day').on(t.orgId, t.host, t.day),
    index('alerts_org_status_idx').on(t.orgId, t.status, t.day),
  ],
);

/** What happened to an alert: opened, updated, delivered (or not) by each channel, acknowledged. */
export const alertHistory = pgTable(
  'alert_history',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    alertId: uuid('alert_id')
      .notNull()
      .references(() => alerts.id, { onDelete: 'cascade' }),
    at: ts('at').notNull().defaultNow(),
    action: text('action').notNull(),
    byUserId: uuid('by_user_id'),
    byLabel: text('by_label'),
    note: text('note'),
    details: jsonb('details').$type<Record<string, unknown>>().notNull().default({}),
  },
  (t) => [index('alert_history_alert_idx').on(t.alertId, t.at)],
);
