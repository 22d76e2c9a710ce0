import { sql } from 'drizzle-orm';
import { check, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { users } from '../auth/auth.table.js';

/**
 * Credentials of the sensors (darknet telescopes, decoys): each uploads for one sensor id and nothing else. Only
 * the SHA-256 of the secret is stored; the secret is shown once. One active credential per sensor id, so that a
 * listing says unambiguously which credential a sensor uses; revoked ones stay for the record.
 */
export const sensorCredentials = pgTable(
  'sensor_credentials',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    sensorId: text('sensor_id').notNull(),
    name: text('name').notNull(),
    description: text('description').notNull().default(''),
    /** What the sensor uploads: `telescope` (darknet batches), `decoy` (decoy sightings), or both. */
    purposes: text('purposes').array().notNull(),
    secretHash: text('secret_hash').notNull().unique(),
    /** The secret's first characters, to tell credentials apart in listings and logs. */
    prefix: text('prefix').notNull(),
    createdBy: uuid('created_by').references(() => users.id, { onDelete: 'set null' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    lastUsedAt: timestamp('last_used_at', { withTimezone: true }),
    lastUsedIp: text('last_used_ip'),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
    revokedBy: uuid('revoked_by').references(() => users.id, { onDelete: 'set null' }),
  },
  (t) => [
    uniqueIndex('sensor_credentials_active_sensor_idx')
      .on(t.sensorId)
      .where(sql`${t.revokedAt} is null`),
    check(
      'sensor_credentials_purposes_check',
      sql`cardinality(${t.purposes}) > 0 and ${t.purposes} <@ array['telescope', 'decoy']::text[]`,
    ),
  ],
);
