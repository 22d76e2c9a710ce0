import { z } from 'zod';
import { DECOY_LIMITS } from './events.js';

/**
 * The wire between a decoy sensor and the hub (issue 7, item 6). The hub is the source of truth for worlds: an
 * operator creates or generates a world in the console or CLI, assigns it to a sensor and sets whether it runs; the
 * sensor polls its assignments, reconciles, reports its status and ships events, recordings and captured files, each
 * upload idempotent so a retry after a crash stores nothing twice. Every call carries the sensor's credential
 * (`cnxs_…`, purpose `decoy`) and is refused for any other sensor id.
 *
 * - `GET  /api/v1/decoy/sensors/:sensorId/assignments` → {@link decoyAssignmentsSchema}
 * - `POST /api/v1/decoy/sensors/:sensorId/status`      ← {@link decoySensorStatusSchema}
 * - `POST /api/v1/decoy/events`                        ← `decoyEventBatchSchema` → {@link decoyUploadResultSchema}
 * - `POST /api/v1/decoy/recordings`                    ← {@link decoyRecordingBatchSchema} → {@link decoyUploadResultSchema}
 * - `PUT  /api/v1/decoy/captures/:sha256`              ← the bytes (application/octet-stream) → {@link decoyCaptureResultSchema}
 */

const slug = z
  .string()
  .min(1)
  .max(DECOY_LIMITS.nameLength)
  .regex(/^[\w.:@-]+$/, 'letters, digits and . _ : @ - only');

export const DECOY_SERVICES = ['ssh', 'telnet', 'http', 'imap', 'smtp'] as const;
export type DecoyServiceName = (typeof DECOY_SERVICES)[number];

/** Where a world's services listen on the sensor machine. Binding to a public address is an explicit choice. */
export const decoyBindingSchema = z.object({
  host: z.union([z.ipv4(), z.ipv6()]),
  port: z.number().int().min(1).max(65_535),
});
export const decoyBindingsSchema = z.partialRecord(z.enum(DECOY_SERVICES), decoyBindingSchema);
export type DecoyBindings = z.infer<typeof decoyBindingsSchema>;

export const decoyAssignmentSchema = z.object({
  worldId: slug,
  /** Bumped on every edit of the definition, bindings or options: the sensor restarts the world when it changes. */
  revision: z.number().int().min(1),
  desired: z.enum(['running', 'stopped']),
  /** Bumped by "reset": the sensor drops every session's changes and restarts the world from its definition. */
  resetGeneration: z.number().int().min(0),
  fetchEnabled: z.boolean(),
  bindings: decoyBindingsSchema,
  /** The world's YAML (the format `cynex world validate` checks). */
  definition: z.string().max(20 * 1024 * 1024),
  /** Private SSH host keys (OpenSSH format) by hostname. */
  hostKeys: z.record(z.string(), z.array(z.string().max(16_384)).max(8)),
});
export type DecoyAssignment = z.infer<typeof decoyAssignmentSchema>;
export const decoyAssignmentsSchema = z.object({ sensorId: slug, worlds: z.array(decoyAssignmentSchema) });
export type DecoyAssignments = z.infer<typeof decoyAssignmentsSchema>;

export const decoyWorldStateSchema = z.enum(['starting', 'running', 'stopped', 'failed']);
export type DecoyWorldState = z.infer<typeof decoyWorldStateSchema>;

export const decoySensorStatusSchema = z.object({
  sensorId: slug,
  version: z.string().max(64),
  worlds: z
    .array(
      z.object({
        worldId: slug,
        revision: z.number().int().min(0),
        resetGeneration: z.number().int().min(0),
        state: decoyWorldStateSchema,
        error: z.string().max(DECOY_LIMITS.textLength).optional(),
        listening: z.array(z.object({ service: z.enum(DECOY_SERVICES), host: z.string().max(64), port: z.number() })),
        /** Sessions open now. */
        sessions: z.number().int().min(0),
      }),
    )
    .max(256),
  /** Events and chunks written to the spool and not yet acknowledged by the hub. */
  spooled: z.number().int().min(0),
});
export type DecoySensorStatus = z.infer<typeof decoySensorStatusSchema>;

/** An asciicast v2 header (https://docs.asciinema.org/manual/asciicast/v2/). */
export const asciicastHeaderSchema = z.object({
  version: z.literal(2),
  width: z.number().int().min(1).max(1_000),
  height: z.number().int().min(1).max(1_000),
  timestamp: z.number().int().min(0).optional(),
  title: z.string().max(DECOY_LIMITS.textLength).optional(),
  env: z.record(z.string(), z.string().max(256)).optional(),
});
export type AsciicastHeader = z.infer<typeof asciicastHeaderSchema>;

/**
 * A piece of a session's recording. Chunk 0 carries the header; each chunk carries the following asciicast event
 * lines (`[time, "o"|"i"|"r", data]`, newline-separated). Stored once per (sensor, session, seq), so a live session
 * can be watched as chunks arrive and a retried upload changes nothing.
 */
export const decoyRecordingChunkSchema = z.object({
  world: slug,
  host: slug,
  session: slug,
  seq: z.number().int().min(0).max(1_000_000),
  header: asciicastHeaderSchema.optional(),
  lines: z.string().max(512 * 1024),
  /** The session ended: no chunk follows. */
  final: z.boolean(),
});
export type DecoyRecordingChunk = z.infer<typeof decoyRecordingChunkSchema>;
export const decoyRecordingBatchSchema = z.object({
  sensorId: slug,
  chunks: z.array(decoyRecordingChunkSchema).max(200),
});
export type DecoyRecordingBatch = z.infer<typeof decoyRecordingBatchSchema>;

export const decoyUploadResultSchema = z.object({
  /** Stored now. */
  accepted: z.number().int().min(0),
  /** Already stored by an earlier upload (a retry): not stored again. */
  duplicates: z.number().int().min(0),
});
export type DecoyUploadResult = z.infer<typeof decoyUploadResultSchema>;

export const decoyCaptureResultSchema = z.object({
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  size: z.number().int().min(0),
  created: z.boolean(),
});
export type DecoyCaptureResult = z.infer<typeof decoyCaptureResultSchema>;
