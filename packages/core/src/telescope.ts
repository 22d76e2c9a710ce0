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
});
export type TelescopeInterval = z.infer<typeof telescopeIntervalSchema>;

/** A scan, Durumeric-style: one source, one port, many destinations, fast enough. */
export const scanEventSchema = z.object({
  source: ip,
  protocol: z.enum(['tcp', 'udp', 'icmp']),
  port: z.number().int().min(0).max(65535),
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
