import { sql } from 'drizzle-orm';
import {
  bigint,
  bigserial,
  doublePrecision,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  unique,
} from 'drizzle-orm/pg-core';

/** Totals of one slice: packets, bytes and unique sources (an HLL estimate from the sensor). */
export interface Slice {
  packets: number;
  bytes: number;
  sources: number;
}
export type SliceMap = Record<string, Slice>;
export type PortSlice = Slice & { port: number };
export type CountrySlice = Slice & { cc: string };
export type AsnSlice = Slice & { asn: number; name: string };
export interface HeatCell {
  dstBlock: number;
  portBucket: number;
  packets: number;
}

const count = (name: string) => bigint(name, { mode: 'number' }).notNull().default(0);
const ts = (name: string) => timestamp(name, { withTimezone: true });
const textArray = (name: string) =>
  text(name)
    .array()
    .notNull()
    .default(sql`'{}'::text[]`);

/** The counters and top lists an interval and a rollup share, under the same column names. */
const trafficColumns = () => ({
  seconds: integer('seconds').notNull(),
  packets: count('packets'),
  bytes: count('bytes'),
  uniqueSources: count('unique_sources'),
  uniqueDestinations: count('unique_destinations'),
  tcpPackets: count('tcp_packets'),
  udpPackets: count('udp_packets'),
  icmpPackets: count('icmp_packets'),
  backscatterPackets: count('backscatter_packets'),
  byProtocol: jsonb('by_protocol').$type<SliceMap>().notNull().default({}),
  byClass: jsonb('by_class').$type<SliceMap>().notNull().default({}),
  byTag: jsonb('by_tag').$type<SliceMap>().notNull().default({}),
  tcpPorts: jsonb('tcp_ports').$type<PortSlice[]>().notNull().default([]),
  udpPorts: jsonb('udp_ports').$type<PortSlice[]>().notNull().default([]),
  countries: jsonb('countries').$type<CountrySlice[]>().notNull().default([]),
  asns: jsonb('asns').$type<AsnSlice[]>().notNull().default([]),
  heatmap: jsonb('heatmap').$type<HeatCell[]>().notNull().default([]),
});

/** A darknet sensor: platform infrastructure that uploads batches. */
export const telescopeSensors = pgTable('telescope_sensors', {
  id: text('id').primaryKey(),
  monitoredAddresses: bigint('monitored_addresses', { mode: 'number' }).notNull(),
  firstUploadAt: ts('first_upload_at').notNull().defaultNow(),
  lastUploadAt: ts('last_upload_at').notNull().defaultNow(),
});

/** One 5-minute interval of one sensor; a re-upload of the same (sensor, start) replaces it. */
export const telescopeIntervals = pgTable(
  'telescope_intervals',
  {
    sensorId: text('sensor_id')
      .notNull()
      .references(() => telescopeSensors.id, { onDelete: 'cascade' }),
    start: ts('start').notNull(),
    ...trafficColumns(),
    receivedAt: ts('received_at').notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.sensorId, t.start] }), index('telescope_intervals_start_idx').on(t.start)],
);

/**
 * Hourly and daily rollups per sensor, recomputed from the intervals of the buckets an upload touched. Sums add
 * up exactly; unique counts are the maximum of the finer HLL estimates (the sketches are not stored), a lower bound.
 */
export const telescopeRollups = pgTable(
  'telescope_rollups',
  {
    granularity: text('granularity', { enum: ['1h', '1d'] }).notNull(),
    sensorId: text('sensor_id')
      .notNull()
      .references(() => telescopeSensors.id, { onDelete: 'cascade' }),
    bucket: ts('bucket').notNull(),
    intervals: integer('intervals').notNull(),
    ...trafficColumns(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.granularity, t.sensorId, t.bucket] }),
    index('telescope_rollups_bucket_idx').on(t.granularity, t.bucket),
  ],
);

/**
 * Scans, keyed so that a retried upload does not add a second copy: horizontal (one source, one port, many
 * destinations) and vertical (one source, `port_count` ports, port 0).
 */
export const telescopeScans = pgTable(
  'telescope_scans',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    sensorId: text('sensor_id')
      .notNull()
      .references(() => telescopeSensors.id, { onDelete: 'cascade' }),
    kind: text('kind', { enum: ['horizontal', 'vertical'] })
      .notNull()
      .default('horizontal'),
    source: text('source').notNull(),
    protocol: text('protocol', { enum: ['tcp', 'udp', 'icmp'] }).notNull(),
    port: integer('port').notNull(),
    portCount: integer('port_count').notNull().default(1),
    start: ts('start').notNull(),
    end: ts('end').notNull(),
    packets: count('packets'),
    destinations: count('destinations'),
    packetsPerSecond: doublePrecision('packets_per_second').notNull(),
    tags: textArray('tags'),
  },
  (t) => [
    unique('telescope_scans_key').on(t.sensorId, t.kind, t.source, t.protocol, t.port, t.start),
    index('telescope_scans_source_idx').on(t.source, t.start),
    index('telescope_scans_start_idx').on(t.start),
  ],
);

/**
 * The backscatter victims an interval named (at most 100, DoS event or not): flood victims and reflection victims.
 * Replaced with their interval on a re-upload.
 */
export const telescopeBackscatter = pgTable(
  'telescope_backscatter',
  {
    sensorId: text('sensor_id')
      .notNull()
      .references(() => telescopeSensors.id, { onDelete: 'cascade' }),
    intervalStart: ts('interval_start').notNull(),
    seconds: integer('seconds').notNull(),
    kind: text('kind', { enum: ['flood', 'reflection'] }).notNull(),
    victim: text('victim').notNull(),
    protocol: text('protocol', { enum: ['tcp', 'udp', 'icmp', 'other'] }).notNull(),
    packets: count('packets'),
    bytes: count('bytes'),
    reflectors: count('reflectors'),
    ports: integer('ports')
      .array()
      .notNull()
      .default(sql`'{}'::int[]`),
  },
  (t) => [
    primaryKey({ columns: [t.sensorId, t.intervalStart, t.kind, t.victim, t.protocol] }),
    index('telescope_backscatter_victim_idx').on(t.victim, t.intervalStart),
    index('telescope_backscatter_start_idx').on(t.intervalStart),
  ],
);

/** DoS attacks seen through their backscatter, keyed by (sensor, victim, protocol, start). */
export const telescopeDos = pgTable(
  'telescope_dos',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    sensorId: text('sensor_id')
      .notNull()
      .references(() => telescopeSensors.id, { onDelete: 'cascade' }),
    victim: text('victim').notNull(),
    protocol: text('protocol', { enum: ['tcp', 'udp', 'icmp', 'other'] }).notNull(),
    start: ts('start').notNull(),
    end: ts('end').notNull(),
    packets: count('packets'),
    bytes: count('bytes'),
    maxRate: doublePrecision('max_rate').notNull(),
    attackerPorts: integer('attacker_ports')
      .array()
      .notNull()
      .default(sql`'{}'::int[]`),
    method: text('method', { enum: ['moore', 'corsaro'] }).notNull(),
  },
  (t) => [
    unique('telescope_dos_key').on(t.sensorId, t.victim, t.protocol, t.start),
    index('telescope_dos_victim_idx').on(t.victim, t.start),
    index('telescope_dos_start_idx').on(t.start),
  ],
);

/**
 * What one upload said about one source, keyed by (source, sensor, the 5-minute interval of its first packet in
 * the batch): a retry replaces its own contribution instead of adding to the profile a second time.
 */
export const telescopeSourceContributions = pgTable(
  'telescope_source_contributions',
  {
    source: text('source').notNull(),
    sensorId: text('sensor_id')
      .notNull()
      .references(() => telescopeSensors.id, { onDelete: 'cascade' }),
    intervalStart: ts('interval_start').notNull(),
    firstSeen: ts('first_seen').notNull(),
    lastSeen: ts('last_seen').notNull(),
    packets: count('packets'),
    bytes: count('bytes'),
    ports: textArray('ports'),
    portCount: integer('port_count').notNull().default(0),
    destinations: count('destinations'),
    tags: textArray('tags'),
    cc: text('cc').notNull().default('ZZ'),
    asn: bigint('asn', { mode: 'number' }).notNull().default(0),
  },
  (t) => [
    primaryKey({ columns: [t.source, t.sensorId, t.intervalStart] }),
    index('telescope_contributions_last_seen_idx').on(t.lastSeen),
  ],
);

/** A source address's profile over all sensors: the merge of its contributions. */
export const telescopeSources = pgTable(
  'telescope_sources',
  {
    ip: text('ip').primaryKey(),
    firstSeen: ts('first_seen').notNull(),
    lastSeen: ts('last_seen').notNull(),
    packets: count('packets'),
    bytes: count('bytes'),
    /** Protocol-qualified destination ports ('tcp/23'), at most 50. */
    ports: textArray('ports'),
    portCount: integer('port_count').notNull().default(0),
    destinations: count('destinations'),
    tags: textArray('tags'),
    cc: text('cc').notNull().default('ZZ'),
    asn: bigint('asn', { mode: 'number' }).notNull().default(0),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [index('telescope_sources_last_seen_idx').on(t.lastSeen)],
);

/** Sightings of a host in the decoy environments, reported by the deception sensors (keyed by their own id). */
export const decoySightings = pgTable(
  'decoy_sightings',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    key: text('key').notNull().unique(),
    host: text('host').notNull(),
    sensorId: text('sensor_id').notNull().default(''),
    environmentCode: text('environment_code').notNull().default(''),
    kind: text('kind').notNull().default('connection'),
    port: integer('port'),
    firstSeen: ts('first_seen').notNull(),
    lastSeen: ts('last_seen').notNull(),
    count: integer('count').notNull().default(1),
    details: jsonb('details').$type<Record<string, unknown>>().notNull().default({}),
    recordedAt: ts('recorded_at').notNull().defaultNow(),
  },
  (t) => [index('decoy_sightings_host_idx').on(t.host, t.lastSeen)],
);
