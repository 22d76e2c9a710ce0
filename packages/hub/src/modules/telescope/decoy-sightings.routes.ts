import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { decoySightingBatchSchema } from '@cynex/core';
import type { DecoySightingsService } from './decoy-sightings.service.js';
import type { LegacyUploadWarnings } from './legacy-upload-warnings.js';

/** 1,000 sightings with 500-character summaries fit. */
export const DECOY_SIGHTINGS_LIMIT_BYTES = 2 * 1024 * 1024;

export function decoySightingsRoutes(
  app: FastifyInstance,
  deps: { decoySightings: DecoySightingsService; legacyUploads: LegacyUploadWarnings },
): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { decoySightings, legacyUploads } = deps;
  r.post(
    '/api/v1/telescope/decoy-sightings',
    {
      schema: { tags: ['telescope'], body: decoySightingBatchSchema },
      bodyLimit: DECOY_SIGHTINGS_LIMIT_BYTES,
      config: { sensorUpload: 'decoy' },
      // As for darknet batches: refused before the body is read unless a decoy sensor (or a platform admin) sends it.
      onRequest: async (request) => {
        decoySightings.assertUploader(request.actor);
        legacyUploads.note(request.actor, 'telescope/decoy-sightings');
      },
    },
    async (request) => decoySightings.record(request.actor, request.body),
  );
}
