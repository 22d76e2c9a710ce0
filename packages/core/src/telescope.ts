import { z } from 'zod';

/**
 * The darknet telescope's wire format: what `cynex telescope ingest` sends the hub for each 5-minute interval.
 * Sensors send batches in idempotent form: the hub keys intervals by (sensorId, start) and replaces a batch it
 * has seen before, so a retried upload never counts twice.
 */
export const TELESCOPE_INTERVAL_SECONDS = 300;

/** Packet classes, after Corsaro3: probes, backscatter (replies to spoofed traffic), fragments, the rest. */
export const PACKET_CLASSES = ['tcp_syn', 'tcp_other', 'udp', 'icmp_echo', 'backscatter', 'fragment', 'other'] as const;
export const packetClassSchema = z.enum(PACKET_CLASSES);
export type PacketClass = z.infer<typeof packetClassSchema>;

/** Tags put on sources: fingerprints and research-scanner membership. */
export const SOURCE_TAGS = ['mirai', 'zmap', 'masscan', 'research'] as const;
export const sourceTagSchema = z.enum(SOURCE_TAGS);
export type SourceTag = z.infer<typeof sourceTagSchema>;

const count = z.number().int().min(0);
const ip = z.string().min(2).max(45);
const isoTime = z.iso.datetime({ offset: true });

/** Totals of one slice (a protocol, a port, a country, an AS): packets, bytes and unique sources (HLL estimate). */
const sliceSchema = z.object({ packets: count, bytes: count, sources: count });

/**
 * One victim of a DoS as seen through its backscatter within an interval:
 * - `flood` (Moore et al.): a victim flooded from spoofed sources answers them, some in the darknet; the
 *   backscatter's source is the victim and `ports` its ports under attack;
 * - `reflection`: an attacker spoofing a darknet address made many servers (`reflectors`) answer it (TCP
 *   SYN-ACK reflection, DRDoS); the darknet address is the victim and `ports` the abused services.
 */
export const backscatterVictimSchema = z.object({
  kind: z.enum(['flood', 'reflection']).default('flood'),
  victim: ip,
  protocol: z.enum(['tcp', 'udp', 'icmp', 'other']),
  packets: count,
  bytes: count,
  /** Busiest first: the victim's attacked ports (`flood`) or the reflectors' services (`reflection`). */
  ports: z.array(z.number().int().min(0).max(65535)).max(5),
  /** Distinct addresses that sent this backscatter: 1 for a flood victim, the reflectors for a reflection. */
  reflectors: count.default(1),
});
export type BackscatterVictim = z.infer<typeof backscatterVictimSchema>;

export const telescopeIntervalSchema = z.object({
  start: isoTime,
  seconds: z.number().int().min(1).max(86_400).default(TELESCOPE_INTERVAL_SECONDS),
  packets: count,
  bytes: count,
  /** HyperLogLog estimates of distinct source and destination addresses. */
  uniqueSources: count,
  uniqueDestinations: count,
  byProtocol: z.record(z.enum(['tcp', 'udp', 'icmp', 'icmpv6', 'other']), sliceSchema),
  byClass: z.record(packetClassSchema, sliceSchema),
  /** Top destination ports (at most 100 each) by unique sources. */
  tcpPorts: z.array(sliceSchema.extend({ port: z.number().int().min(0).max(65535) })).max(100),
  udpPorts: z.array(sliceSchema.extend({ port: z.number().int().min(0).max(65535) })).max(100),
  /** Source countries (ISO 3166 alpha-2, 'ZZ' unknown) and ASes, at most 300 each. */
  countries: z.array(sliceSchema.extend({ cc: z.string().length(2) })).max(300),
  asns: z.array(sliceSchema.extend({ asn: z.number().int().min(0), name: z.string().max(200).default('') })).max(300),
  /** Packets and sources by tag (mirai, zmap, masscan, research). */
  byTag: z.record(sourceTagSchema, sliceSchema),
  /** A port × destination-address heat map: destination /24 (or IPv6 /64) index within the darknet × port bucket. */
  heatmap: z
    .array(z.object({ dstBlock: z.number().int().min(0), portBucket: z.number().int().min(0), packets: count }))
    .max(20_000),
  /**
   * Backscatter by victim, the busiest first: who answered spoofed traffic, with the ports attacked. Listed
   * whether or not the attack meets the DoS thresholds, so that a short reflection names its victim.
   */
  backscatterVictims: z.array(backscatterVictimSchema).max(100).default([]),
});
export type TelescopeInterval = z.infer<typeof telescopeIntervalSchema>;

/**
 * A scan. `horizontal`, Durumeric-style: one source, one port, many destinations, fast enough.
 * `vertical`: one source, many ports of one protocol (nmap's default: the top 1,000 ports of a few hosts);
 * `port` is then 0 and `portCount` how many distinct ports (the source's profile lists them).
 */
export const scanEventSchema = z.object({
  kind: z.enum(['horizontal', 'vertical']).default('horizontal'),
  source: ip,
  protocol: z.enum(['tcp', 'udp', 'icmp']),
  port: z.number().int().min(0).max(65535),
  portCount: z.number().int().min(1).max(65_536).default(1),
  start: isoTime,
  end: isoTime,
  packets: count,
  destinations: count,
  packetsPerSecond: z.number().min(0),
  tags: z.array(sourceTagSchema).max(4),
});
export type ScanEvent = z.infer<typeof scanEventSchema>;

/** A DoS attack seen through its backscatter (Moore et al.; Corsaro3's thresholds selectable). */
export const dosEventSchema = z.object({
  victim: ip,
  start: isoTime,
  end: isoTime,
  packets: count,
  bytes: count,
  /** Highest packets per second over a 60 s window. */
  maxRate: z.number().min(0),
  attackerPorts: z.array(z.number().int().min(0).max(65535)).max(20),
  protocol: z.enum(['tcp', 'udp', 'icmp', 'other']),
  method: z.enum(['moore', 'corsaro']),
});
export type DosEvent = z.infer<typeof dosEventSchema>;

/** What the sensor learned about one source address in the batch. */
export const sourceProfileSchema = z.object({
  source: ip,
  firstSeen: isoTime,
  lastSeen: isoTime,
  packets: count,
  bytes: count,
  /** Distinct destination ports (at most 50 listed), protocol-qualified like 'tcp/23'. */
  ports: z.array(z.string().max(12)).max(50),
  portCount: count,
  destinations: count,
  tags: z.array(sourceTagSchema).max(4),
  cc: z.string().length(2).default('ZZ'),
  asn: z.number().int().min(0).default(0),
});
export type SourceProfile = z.infer<typeof sourceProfileSchema>;

/** One upload from a sensor: finished intervals, events closed in them, and the sources they saw. */
export const telescopeBatchSchema = z.object({
  sensorId: z.string().regex(/^[a-z0-9][a-z0-9_-]{0,62}$/, 'lower-case letters, digits, - and _'),
  /** How many addresses the darknet watches (IPv4 plus IPv6 /64s): needed for packets per address. */
  monitoredAddresses: z.number().int().min(1),
  intervals: z.array(telescopeIntervalSchema).max(2_000),
  scans: z.array(scanEventSchema).max(50_000),
  dos: z.array(dosEventSchema).max(50_000),
  sources: z.array(sourceProfileSchema).max(100_000),
});
export type TelescopeBatch = z.infer<typeof telescopeBatchSchema>;

/**
 * One host seen in a decoy environment, as a deception sensor reports it. `key` is the sensor's own id for the
 * sighting (a session id, say): the hub stores it as `<sensorId>:<key>`, so sending it again updates the sighting
 * in place instead of adding another.
 */
export const decoySightingSchema = z
  .object({
    key: z.string().regex(/^[\x21-\x7e]{1,200}$/, '1 to 200 printable ASCII characters, no spaces'),
    /** The attacker's address. */
    host: ip,
    /** The decoy world (environment code, as in the cases: CL12) and the decoy service touched (ssh, smb...). */
    environmentCode: z
      .string()
      .regex(/^[A-Z0-9]{1,12}$/, 'upper-case letters and digits, at most 12')
      .optional(),
    service: z.string().max(40).optional(),
    /** What the host did: connection, login, command, download... */
    kind: z
      .string()
      .regex(/^[a-z][a-z0-9_-]{0,31}$/, 'lower-case letters, digits, - and _')
      .default('connection'),
    port: z.number().int().min(0).max(65535).nullable().default(null),
    firstSeen: isoTime,
    /** Default: firstSeen. */
    lastSeen: isoTime.optional(),
    /** Connections (or events) the sighting stands for. */
    count: z.number().int().min(1).max(2_147_483_647).default(1),
    /** A short human-readable account, e.g. "logged in as root, downloaded a Mirai sample". */
    summary: z.string().max(500).default(''),
  })
  // Zod runs object refinements even when a field failed; compare only two real times.
  .refine((s) => !s.lastSeen || !(Date.parse(s.lastSeen) < Date.parse(s.firstSeen)), {
    message: 'last seen is before first seen',
    path: ['lastSeen'],
  });
export type DecoySighting = z.infer<typeof decoySightingSchema>;

/**
 * One upload from a deception sensor: its sightings, at most 1,000, each key once.
 *
 * @example
 * decoySightingBatchSchema.parse({
 *   sensorId: 'decoy-1',
 *   sightings: [{ key: 'session-42', host: '198.51.100.7', environmentCode: 'CL12', service: 'telnet',
 *                 kind: 'login', port: 23, firstSeen: '2024-05-01T10:00:00Z', count: 3, summary: 'root/xc3511' }],
 * });
 */
export const decoySightingBatchSchema = z
  .object({
    sensorId: telescopeBatchSchema.shape.sensorId,
    sightings: z.array(decoySightingSchema).min(1).max(1_000),
  })
  // Runs even when a sighting failed: look only at the keys that are strings.
  .superRefine((batch, ctx) => {
    if (!Array.isArray(batch.sightings)) return;
    const seen = new Set<string>();
    batch.sightings.forEach((s: { key?: unknown } | null, i) => {
      const key = s?.key;
      if (typeof key !== 'string') return;
      if (seen.has(key))
        ctx.addIssue({ code: 'custom', message: 'key repeated in the batch', path: ['sightings', i, 'key'] });
      seen.add(key);
    });
  });
export type DecoySightingBatch = z.infer<typeof decoySightingBatchSchema>;
