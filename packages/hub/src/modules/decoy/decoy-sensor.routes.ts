import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { decoyEventBatchSchema, decoyRecordingBatchSchema } from '@cynex/core';
import { assertSensorUpload } from '../telescope/sensor-upload.js';
import type { LegacyUploadWarnings } from '../telescope/legacy-upload-warnings.js';
import type { DecoyIngestService } from './decoy-ingest.service.js';
import type { DecoyWorldsService } from './decoy-worlds.service.js';
import { decoyStatusBodySchema, sensorParam, sha256Param } from './decoy.schema.js';

/** 1,000 events, most small, a few with 64 KiB commands. */
export const DECOY_EVENTS_LIMIT_BYTES = 8 * 1024 * 1024;
/** 200 chunks of up to 512 KiB of asciicast lines, JSON-escaped. */
export const DECOY_RECORDINGS_LIMIT_BYTES = 64 * 1024 * 1024;
export const DECOY_CAPTURE_LIMIT_BYTES = 32 * 1024 * 1024;

export interface DecoySensorRouteDeps {
  ingest: DecoyIngestService;
  worlds: DecoyWorldsService;
  legacyUploads: LegacyUploadWarnings;
  captureLimitBytes: number;
}

/**
 * What decoy sensors call (core's sync.ts): every route takes the sensor's credential (purpose `decoy`) and refuses
 * it before the body is read unless it is for that sensor; platform admins are accepted during the transition.
 * Registered as an encapsulated plugin so that the octet-stream parser of captured files stays here.
 */
export async function decoySensorRoutes(app: FastifyInstance, deps: DecoySensorRouteDeps): Promise<void> {
  const { ingest, worlds, legacyUploads } = deps;
  app.addContentTypeParser(
    'application/octet-stream',
    { parseAs: 'buffer', bodyLimit: deps.captureLimitBytes },
    (_request, body, done) => done(null, body),
  );
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['decoy-sensors'];
  const config = { sensorUpload: 'decoy' as const };
  const refuseEarly = (route: string, sensorId?: (params: unknown) => string) => ({
    onRequest: async (request: { actor: Parameters<typeof assertSensorUpload>[0]; params: unknown }) => {
      assertSensorUpload(request.actor, 'decoy', sensorId?.(request.params));
      legacyUploads.note(request.actor, route);
    },
  });
  const bySensor = (params: unknown) => (params as { sensorId: string }).sensorId;
  // Every sensor polls these every few seconds: logged only when something goes wrong.
  const polled = { logLevel: 'warn' as const };

  r.get(
    '/api/v1/decoy/sensors/:sensorId/assignments',
    { schema: { tags, params: sensorParam }, config, ...polled, ...refuseEarly('decoy/assignments', bySensor) },
    async (request) => worlds.assignments(request.actor, request.params.sensorId),
  );

  r.post(
    '/api/v1/decoy/sensors/:sensorId/status',
    {
      schema: { tags, params: sensorParam, body: decoyStatusBodySchema },
      config,
      ...polled,
      ...refuseEarly('decoy/status', bySensor),
    },
    async (request, reply) => {
      await ingest.recordStatus(request.actor, request.params.sensorId, request.body);
      return reply.code(204).send();
    },
  );

  r.post(
    '/api/v1/decoy/events',
    {
      schema: { tags, body: decoyEventBatchSchema },
      bodyLimit: DECOY_EVENTS_LIMIT_BYTES,
      config,
      ...refuseEarly('decoy/events'),
    },
    async (request) => ingest.ingestEvents(request.actor, request.body),
  );

  r.post(
    '/api/v1/decoy/recordings',
    {
      schema: { tags, body: decoyRecordingBatchSchema },
      bodyLimit: DECOY_RECORDINGS_LIMIT_BYTES,
      config,
      ...refuseEarly('decoy/recordings'),
    },
    async (request) => ingest.ingestRecordings(request.actor, request.body),
  );

  r.put(
    '/api/v1/decoy/captures/:sha256',
    {
      schema: { tags, params: sha256Param },
      bodyLimit: deps.captureLimitBytes,
      config,
      ...refuseEarly('decoy/captures'),
    },
    async (request) => {
      const body = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
      return ingest.storeCapture(request.actor, request.params.sha256, body);
    },
  );
}
