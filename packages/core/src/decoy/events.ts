import { z } from 'zod';

/**
 * One versioned schema for everything that happens in a decoy world (issue 7, item 5). A sensor writes these,
 * uploads them in batches, and the hub classifies them; `toCowrie`/`fromCowrie` translate to Cowrie's JSON log.
 * Every string is bounded because every field comes from an attacker.
 */
export const DECOY_EVENT_SCHEMA_VERSION = 1;

/** Limits on attacker-controlled fields; a sensor truncates before it writes, the hub rejects what exceeds them. */
export const DECOY_LIMITS = {
  idLength: 128,
  nameLength: 128,
  usernameLength: 256,
  passwordLength: 256,
  commandLength: 65_536,
  pathLength: 4_096,
  urlLength: 8_192,
  textLength: 1_024,
  otherFields: 64,
  otherFieldLength: 65_536,
  batchEvents: 1_000,
} as const;

const name = z
  .string()
  .min(1)
  .max(DECOY_LIMITS.nameLength)
  .regex(/^[\w.:@-]+$/, 'letters, digits and . _ : @ - only');
const text = z.string().max(DECOY_LIMITS.textLength);
const ipAddress = z.union([z.ipv4(), z.ipv6()]);
/** 0 means "not recorded" (a Cowrie line other than the connect carries no source port). */
const port = z.number().int().min(0).max(65_535);
const sha256 = z.string().regex(/^[0-9a-f]{64}$/, 'SHA-256 as 64 lower-case hex digits');

export const decoyProtocolSchema = z.enum(['ssh', 'telnet', 'http', 'https', 'imap', 'smtp', 'ftp', 'other']);
export type DecoyProtocol = z.infer<typeof decoyProtocolSchema>;

const base = {
  schemaVersion: z.literal(DECOY_EVENT_SCHEMA_VERSION),
  /** Unique per sensor, so an upload that is retried stores each event once. */
  id: z
    .string()
    .min(1)
    .max(DECOY_LIMITS.idLength)
    .regex(/^[\w.:-]+$/, 'letters, digits and . _ : - only'),
  time: z.iso.datetime({ offset: true }),
  sensorId: name,
  world: name,
  host: name,
  session: name,
  protocol: decoyProtocolSchema,
  src: z.object({ ip: ipAddress, port }),
  dst: z.object({ ip: ipAddress.optional(), port }),
};

const connect = z.object({ ...base, kind: z.literal('connect') });
const clientVersion = z.object({ ...base, kind: z.literal('client_version'), version: text });
const algorithms = z.array(z.string().max(256)).max(64);
const clientKex = z.object({
  ...base,
  kind: z.literal('client_kex'),
  hassh: z.string().regex(/^[0-9a-f]{32}$/, 'hassh as 32 lower-case hex digits'),
  hasshAlgorithms: z.string().max(DECOY_LIMITS.commandLength).optional(),
  kexAlgs: algorithms.optional(),
  keyAlgs: algorithms.optional(),
  encCS: algorithms.optional(),
  macCS: algorithms.optional(),
  compCS: algorithms.optional(),
  langCS: algorithms.optional(),
});
const auth = z.object({
  ...base,
  kind: z.literal('auth'),
  method: z.enum(['password', 'publickey', 'keyboard-interactive']).default('password'),
  username: z.string().max(DECOY_LIMITS.usernameLength),
  password: z.string().max(DECOY_LIMITS.passwordLength).optional(),
  /** SSH public key fingerprint, for key authentication. */
  fingerprint: text.optional(),
  success: z.boolean(),
  /** The credential is one the world planted (in a file, a mail, a browser store): its use links to where it was found. */
  planted: z.boolean().optional(),
});
const command = z.object({
  ...base,
  kind: z.literal('command'),
  input: z.string().max(DECOY_LIMITS.commandLength),
  /** Bytes the emulated shell wrote back. */
  outputSize: z.number().int().min(0).optional(),
  /** The shell did not know the command (Cowrie's `cowrie.command.failed`). */
  failed: z.boolean().optional(),
});
const file = z.object({
  ...base,
  kind: z.literal('file'),
  action: z.enum(['read', 'written', 'uploaded']),
  path: z.string().max(DECOY_LIMITS.pathLength),
  sha256: sha256.optional(),
  size: z.number().int().min(0).optional(),
  /** Where the sensor kept a copy (Cowrie's `outfile`). */
  storedAs: z.string().max(DECOY_LIMITS.pathLength).optional(),
});
const download = z.object({
  ...base,
  kind: z.literal('download'),
  url: z.string().max(DECOY_LIMITS.urlLength),
  /** Path the attacker saved to (Cowrie's `destfile`). */
  path: z.string().max(DECOY_LIMITS.pathLength).optional(),
  sha256: sha256.optional(),
  size: z.number().int().min(0).optional(),
  storedAs: z.string().max(DECOY_LIMITS.pathLength).optional(),
  failed: z.boolean().optional(),
});
const mail = z.object({
  ...base,
  kind: z.literal('mail'),
  action: z.enum(['listed', 'read', 'searched', 'sent']),
  mailbox: text.optional(),
  messageId: text.optional(),
  count: z.number().int().min(0).optional(),
  query: text.optional(),
  from: text.optional(),
  to: z.array(text).max(100).optional(),
  subject: text.optional(),
});
const http = z.object({
  ...base,
  kind: z.literal('http'),
  method: z.string().min(1).max(32),
  url: z.string().max(DECOY_LIMITS.urlLength),
  status: z.number().int().min(100).max(599).optional(),
  userAgent: text.optional(),
});
const pivot = z.object({
  ...base,
  kind: z.literal('pivot'),
  /** The host the attacker tried to reach from inside the world. */
  target: z.object({ host: z.string().min(1).max(255), port }),
  outcome: z.enum(['attempted', 'established', 'refused']).default('attempted'),
});
const disconnect = z.object({
  ...base,
  kind: z.literal('disconnect'),
  /** Session length in seconds. */
  duration: z.number().min(0).optional(),
});
const jsonValue = z.json();
const other = z.object({
  ...base,
  kind: z.literal('other'),
  /** The source's own name for the event, e.g. Cowrie's `cowrie.session.params`: kept, never dropped. */
  eventid: z.string().min(1).max(DECOY_LIMITS.nameLength),
  fields: z
    .record(z.string().max(DECOY_LIMITS.nameLength), jsonValue)
    .refine((fields) => Object.keys(fields).length <= DECOY_LIMITS.otherFields, 'too many fields')
    .refine(
      (fields) => JSON.stringify(fields).length <= DECOY_LIMITS.otherFieldLength,
      `fields larger than ${DECOY_LIMITS.otherFieldLength} characters`,
    ),
});

/**
 * A decoy-world event; `kind` tells which.
 * @example decoyEventSchema.parse({ schemaVersion: 1, kind: 'command', input: 'uname -a', id: 's1:1', ... })
 */
export const decoyEventSchema = z.discriminatedUnion('kind', [
  connect,
  clientVersion,
  clientKex,
  auth,
  command,
  file,
  download,
  mail,
  http,
  pivot,
  disconnect,
  other,
]);
export type DecoyEvent = z.infer<typeof decoyEventSchema>;
/** What a sensor writes: defaults (auth method, pivot outcome) may be left out. */
export type DecoyEventInput = z.input<typeof decoyEventSchema>;
export type DecoyEventKind = DecoyEvent['kind'];
export type DecoyEventOf<K extends DecoyEventKind> = Extract<DecoyEvent, { kind: K }>;

/**
 * An upload from a sensor: at most {@link DECOY_LIMITS.batchEvents} events, ids unique within the batch.
 * @example decoyEventBatchSchema.parse({ sensorId: 'vm1', events: [] })
 */
export const decoyEventBatchSchema = z
  .object({
    sensorId: name,
    events: z.array(decoyEventSchema).max(DECOY_LIMITS.batchEvents),
  })
  .superRefine((batch, ctx) => {
    const seen = new Set<string>();
    batch.events.forEach((event, index) => {
      if (event.sensorId !== batch.sensorId) {
        ctx.addIssue({ code: 'custom', path: ['events', index, 'sensorId'], message: 'not the batch sensor' });
      }
      if (seen.has(event.id)) {
        ctx.addIssue({ code: 'custom', path: ['events', index, 'id'], message: `duplicate id ${event.id}` });
      }
      seen.add(event.id);
    });
  });
export type DecoyEventBatch = z.infer<typeof decoyEventBatchSchema>;
