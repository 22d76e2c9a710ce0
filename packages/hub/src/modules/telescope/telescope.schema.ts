import { z } from 'zod';
import { canonicalIp } from './ip-address.js';

const isoTime = z.iso.datetime({ offset: true });
const address = z
  .string()
  .max(45)
  .refine((value) => canonicalIp(value) !== undefined, 'an IPv4 or IPv6 address');

/** The range every console read takes: ISO times (default: the last 24 hours) and an optional sensor. */
export const rangeQuerySchema = z.object({
  from: isoTime.optional(),
  to: isoTime.optional(),
  sensor: z.string().max(63).optional(),
});

export const seriesQuerySchema = rangeQuerySchema.extend({
  granularity: z.enum(['5m', '1h', '1d']).default('5m'),
});

export const topQuerySchema = rangeQuerySchema.extend({
  dimension: z.enum(['country', 'tcp_port', 'udp_port', 'asn']).default('country'),
  limit: z.coerce.number().int().min(1).max(100).default(10),
});

export const eventsQuerySchema = rangeQuerySchema.extend({
  /** `backscatter`: victims by backscatter packets in the range, whether or not they made a DoS event. */
  kind: z.enum(['scan', 'dos', 'backscatter']).default('scan'),
  /** Scans: the source; DoS and backscatter: the victim. */
  source: address.optional(),
  /** Scans: the destination port; DoS: one of the attacker ports; backscatter: one of the victim's ports. */
  port: z.coerce.number().int().min(0).max(65535).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(50),
  offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
});

export const sourceParamSchema = z.object({ ip: address });

/** The self-check takes nothing: the address is the caller's own. */
export const selfCheckQuerySchema = z.object({}).strict();
