import { z } from 'zod';
import { TELESCOPE_INTERVAL_SECONDS } from '@cynex/core';
import { parseCidr } from './cidr.js';

const cidr = z.string().superRefine((text, ctx) => {
  try {
    parseCidr(text);
  } catch (err) {
    ctx.addIssue({ code: 'custom', message: (err as Error).message });
  }
});
const positive = z.number().positive();
const count = (min: number, max: number) => z.number().int().min(min).max(max);

/**
 * Scan detection (Durumeric, Bailey, Halderman, "An Internet-Wide View of Internet-Wide Scanning",
 * USENIX Security 2014, §3): a scan is one source probing one port (TCP SYN, UDP, ICMP echo) on at least
 * 100 distinct darknet addresses at an Internet-wide rate of at least 10 packets/s, ended by 480 s without
 * a probe. The rate is extrapolated from the darknet to the whole IPv4 space (observed rate × 2^32 /
 * monitored IPv4 addresses, `rateScope: 'internet'`), as the paper does for its /8; `'darknet'` applies
 * `minRate` to the rate seen in the darknet instead.
 *
 * Vertical scans (one source, many ports, possibly one host: nmap's default) are not scans in that
 * definition; they are detected separately with `minPorts` distinct ports per (source, protocol).
 */
export const scanConfigSchema = z.object({
  minDestinations: count(1, 1_000_000).default(100),
  idleTimeoutSeconds: positive.default(480),
  minRate: z.number().min(0).default(10),
  rateScope: z.enum(['internet', 'darknet']).default('internet'),
  minPorts: count(2, 65_536).default(100),
  /** Ports tracked at once per source (beyond, a source's new ports count for vertical scans only). */
  maxPortsPerSource: count(1, 65_536).default(1024),
  /** Sources tracked at once; the longest idle are closed first when full. */
  maxSources: count(1, 50_000_000).default(1_000_000),
});

/**
 * Backscatter DoS inference. Both methods use the same numbers, because Corsaro's dos plugin implements
 * Moore et al.'s thresholds ("Inferring Internet Denial-of-Service Activity", ACM TOCS 24(2), 2006): at
 * least 25 packets, at least 60 s long, and a peak rate of at least 0.5 packets/s over a minute
 * (Corsaro: `ATTACK_VECTOR_MIN_PACKETS 25`, `MIN_DURATION 60`, `MIN_PPM 30`, i.e. 30 packets per minute,
 * not per second). They differ in how they cut and measure attacks:
 * - `moore`: one attack per (victim, protocol), peak rate over consecutive one-minute windows;
 * - `corsaro`: one attack vector per victim, peak over a 60 s window sliding in 10 s steps.
 * Both end an attack after `timeoutSeconds` (300) without backscatter.
 */
export const dosConfigSchema = z.object({
  method: z.enum(['moore', 'corsaro']).default('moore'),
  minPackets: count(1, 1_000_000_000).default(25),
  minDurationSeconds: z.number().min(0).default(60),
  minRate: z.number().min(0).default(0.5),
  timeoutSeconds: positive.default(300),
  /** Victims tracked at once; the longest idle are closed first when full. */
  maxVictims: count(1, 50_000_000).default(200_000),
});

/** The whole pipeline configuration; every field but `prefixes` has a default. */
export const telescopeConfigSchema = z
  .object({
    sensorId: z
      .string()
      .regex(/^[a-z0-9][a-z0-9_-]{0,62}$/, 'sensor id: lower-case letters, digits, - and _ (at most 63)')
      .default('sensor'),
    /** Darknet prefixes (IPv4, IPv6 /24 or longer). Packets to other destinations are counted as outside. */
    prefixes: z.array(cidr).min(1, 'at least one darknet prefix (--prefix CIDR) is needed'),
    intervalSeconds: count(1, 86_400).default(TELESCOPE_INTERVAL_SECONDS),
    /** How long an interval stays open after its end for reordered packets. */
    latenessSeconds: z.number().min(0).default(10),
    /** Finished intervals per upload (1 = a batch every interval). */
    intervalsPerBatch: count(1, 2_000).default(1),
    research: z
      .object({ prefixes: z.array(cidr).default([]), ptrSuffixes: z.array(z.string().min(1)).default([]) })
      .prefault({}),
    scan: scanConfigSchema.prefault({}),
    dos: dosConfigSchema.prefault({}),
    /** Source profiles kept per batch; the ones with the fewest packets are evicted beyond. */
    maxSources: count(1, 100_000).default(100_000),
    /** Flow tuples kept per interval; further new tuples are counted as dropped. */
    maxFlowTuples: count(1, 50_000_000).default(1_000_000),
    /** Precision of the interval-wide unique source/destination sketches (2^p bytes each). */
    hllPrecision: count(10, 16).default(14),
    /** Precision of per-slice sketches (ports, countries, ASes): p 12 is ±1.6 %, exact below 1,024 sources. */
    slicePrecision: count(6, 14).default(12),
    /**
     * Slice sketches per interval allowed to leave the exact sparse form (exact up to 2^p / 4 sources),
     * each 2^slicePrecision bytes: 4,096 × 4 KiB = 16 MiB per open interval at most.
     */
    sliceDenseBudget: count(0, 1_000_000).default(4096),
    /** Scan and DoS events per batch (the wire limit is 50,000 each); the smallest are left out beyond. */
    maxEventsPerBatch: count(1, 50_000).default(50_000),
  })
  .superRefine((c, ctx) => {
    if (c.latenessSeconds >= c.intervalSeconds) {
      ctx.addIssue({ code: 'custom', path: ['latenessSeconds'], message: 'must be shorter than the interval' });
    }
  });

/** Validated configuration, defaults filled in. */
export type TelescopeConfig = z.infer<typeof telescopeConfigSchema>;
/** What callers write: only `prefixes` is required. */
export type TelescopeConfigInput = z.input<typeof telescopeConfigSchema>;

/**
 * Validates a configuration and fills in defaults; throws an Error listing every problem as
 * `path: message` lines.
 *
 * @example
 * const config = parseTelescopeConfig({ prefixes: ['198.51.100.0/24'], sensorId: 'tokyo-1' });
 */
export function parseTelescopeConfig(input: TelescopeConfigInput): TelescopeConfig {
  const r = telescopeConfigSchema.safeParse(input);
  if (r.success) return r.data;
  const lines = r.error.issues.map((i) => `${i.path.length ? i.path.join('.') : 'config'}: ${i.message}`);
  throw new Error(`invalid telescope configuration:\n  ${lines.join('\n  ')}`);
}
