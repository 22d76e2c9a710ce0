import { sql } from 'drizzle-orm';
import {
  bigint,
  bigserial,
  boolean,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  unique,
  uuid,
} from 'drizzle-orm/pg-core';
import type { AsciicastHeader, DecoyBindings, DecoyEvent, DecoySensorStatus } from '@cynex/core';
import { cases, shareableColumns } from '../cases/cases.table.js';
import { organisations } from '../orgs/orgs.table.js';

const ts = (name: string) => timestamp(name, { withTimezone: true });

/** Private SSH host keys (OpenSSH format) by hostname. SECRET: only ever sent to the world's own sensor. */
export type DecoyHostKeys = Record<string, string[]>;

/**
 * A decoy world: the hub is its source of truth. The sensor named by `sensor_id` polls its assignments and runs it
 * while `desired` is running; `revision` bumps on every edit, `reset_generation` on every reset.
 */
export const decoyWorlds = pgTable(
  'decoy_worlds',
  {
    id: text('id').primaryKey(),
    nameJa: text('name_ja').notNull().default(''),
    nameEn: text('name_en').notNull().default(''),
    domain: text('domain').notNull(),
    sector: text('sector').notNull().default(''),
    lang: text('lang').notNull().default('ja'),
    kind: text('kind', { enum: ['generated', 'uploaded', 'demo'] }).notNull(),
    /** The environment part of NICT-style case ids: the id uppercased, non-alphanumerics dropped, ≤ 12 chars. */
    environmentCode: text('environment_code').notNull(),
    sensorId: text('sensor_id').notNull(),
    /** The world's YAML. */
    definition: text('definition').notNull(),
    hostKeys: jsonb('host_keys').$type<DecoyHostKeys>().notNull().default({}),
    bindings: jsonb('bindings').$type<DecoyBindings>().notNull().default({}),
    fetchEnabled: boolean('fetch_enabled').notNull().default(false),
    desired: text('desired', { enum: ['running', 'stopped'] })
      .notNull()
      .default('stopped'),
    revision: integer('revision').notNull().default(1),
    resetGeneration: integer('reset_generation').notNull().default(0),
    /** The member organisation the world is lent to: sessions first seen from then on are owned by it. */
    lentToOrgId: uuid('lent_to_org_id').references(() => organisations.id, { onDelete: 'set null' }),
    ...shareableColumns(),
    createdAt: ts('created_at').notNull().defaultNow(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [index('decoy_worlds_sensor_idx').on(t.sensorId)],
);

/** What each decoy sensor last reported. */
export const decoySensorStatus = pgTable('decoy_sensor_status', {
  sensorId: text('sensor_id').primaryKey(),
  version: text('version').notNull(),
  reportedAt: ts('reported_at').notNull().defaultNow(),
  spooled: integer('spooled').notNull().default(0),
  dropped: integer('dropped').notNull().default(0),
  rejected: integer('rejected').notNull().default(0),
  worlds: jsonb('worlds').$type<DecoySensorStatus['worlds']>().notNull().default([]),
});

/** Every event a sensor uploaded, once per (sensor, event id) so that a retried upload stores nothing twice. */
export const decoyEvents = pgTable(
  'decoy_events',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    sensorId: text('sensor_id').notNull(),
    eventId: text('event_id').notNull(),
    worldId: text('world_id').notNull(),
    session: text('session').notNull(),
    host: text('host').notNull(),
    kind: text('kind').notNull(),
    time: ts('time').notNull(),
    srcIp: text('src_ip').notNull(),
    srcPort: integer('src_port').notNull(),
    /** The whole validated event. */
    payload: jsonb('payload').$type<DecoyEvent>().notNull(),
    receivedAt: ts('received_at').notNull().defaultNow(),
  },
  (t) => [
    unique('decoy_events_sensor_event').on(t.sensorId, t.eventId),
    index('decoy_events_world_time_idx').on(t.worldId, t.time),
    index('decoy_events_session_idx').on(t.sensorId, t.session, t.time),
  ],
);

/**
 * One attacker session, kept up to date by the ingest. The shareable columns are copied from the world when the
 * session is first seen (owner: the borrower if the world is lent, else the world's owner).
 */
export const decoySessions = pgTable(
  'decoy_sessions',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    sensorId: text('sensor_id').notNull(),
    session: text('session').notNull(),
    worldId: text('world_id').notNull(),
    host: text('host').notNull(),
    protocol: text('protocol').notNull(),
    srcIp: text('src_ip').notNull(),
    srcPort: integer('src_port').notNull(),
    srcCountry: text('src_country'),
    startedAt: ts('started_at').notNull(),
    endedAt: ts('ended_at'),
    lastEventAt: ts('last_event_at').notNull(),
    username: text('username'),
    authSuccess: boolean('auth_success').notNull().default(false),
    authAttempts: integer('auth_attempts').notNull().default(0),
    commands: integer('commands').notNull().default(0),
    events: integer('events').notNull().default(0),
    techniques: text('techniques')
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    suggestedLevel: integer('suggested_level'),
    classification: jsonb('classification').$type<unknown>(),
    caseId: uuid('case_id').references(() => cases.id, { onDelete: 'set null' }),
    /** The analysis worker picks sessions whose analysed_at is null or older than last_event_at. */
    analysedAt: ts('analysed_at'),
    ...shareableColumns(),
  },
  (t) => [
    unique('decoy_sessions_sensor_session').on(t.sensorId, t.session),
    index('decoy_sessions_world_started_idx').on(t.worldId, t.startedAt.desc()),
    index('decoy_sessions_case_idx').on(t.caseId),
    index('decoy_sessions_src_idx').on(t.srcIp),
    index('decoy_sessions_pending_idx')
      .on(t.lastEventAt)
      .where(sql`${t.analysedAt} is null or ${t.analysedAt} < ${t.lastEventAt}`),
  ],
);

/** A session's asciicast recording, in chunks stored once per (sensor, session, seq). */
export const decoyRecordings = pgTable(
  'decoy_recordings',
  {
    sensorId: text('sensor_id').notNull(),
    session: text('session').notNull(),
    seq: integer('seq').notNull(),
    header: jsonb('header').$type<AsciicastHeader>(),
    lines: text('lines').notNull(),
    final: boolean('final').notNull().default(false),
    receivedAt: ts('received_at').notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.sensorId, t.session, t.seq] })],
);

/** Files the attackers uploaded or fetched, content-addressed in the blob store; never executed. */
export const decoyCaptures = pgTable('decoy_captures', {
  sha256: text('sha256').primaryKey(),
  size: bigint('size', { mode: 'number' }).notNull(),
  firstSeen: ts('first_seen').notNull().defaultNow(),
  blobKey: text('blob_key').notNull(),
});

/** Which sessions a captured file appeared in (from the file/download events naming its SHA-256). */
export const decoyCaptureSessions = pgTable(
  'decoy_capture_sessions',
  {
    sha256: text('sha256').notNull(),
    session: uuid('session')
      .notNull()
      .references(() => decoySessions.id, { onDelete: 'cascade' }),
  },
  (t) => [primaryKey({ columns: [t.sha256, t.session] })],
);
