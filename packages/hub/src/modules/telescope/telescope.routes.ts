import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { telescopeBatchSchema } from '@cynex/core';
import { canonicalIp } from './ip-address.js';
import type { LegacyUploadWarnings } from './legacy-upload-warnings.js';
import type { SelfCheckService } from './self-check.service.js';
import {
  eventsQuerySchema,
  rangeQuerySchema,
  selfCheckQuerySchema,
  seriesQuerySchema,
  sourceParamSchema,
  topQuerySchema,
} from './telescope.schema.js';
import type { TelescopeService } from './telescope.service.js';

/** Sensor batches are large: a day of intervals with their top lists and heat maps. */
export const TELESCOPE_BATCH_LIMIT_BYTES = 20 * 1024 * 1024;

export function telescopeRoutes(
  app: FastifyInstance,
  deps: { telescope: TelescopeService; selfCheck: SelfCheckService; legacyUploads: LegacyUploadWarnings },
): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['telescope'];
  const { telescope, selfCheck, legacyUploads } = deps;

  r.post(
    '/api/v1/telescope/batches',
    {
      schema: { tags, body: telescopeBatchSchema },
      bodyLimit: TELESCOPE_BATCH_LIMIT_BYTES,
      config: { sensorUpload: 'telescope' },
      // Refused before the body is read: nobody but a sensor (or a platform admin) makes the hub parse 20 MiB.
      onRequest: async (request) => {
        telescope.assertUploader(request.actor);
        legacyUploads.note(request.actor, 'telescope/batches');
      },
    },
    async (request) => telescope.ingest(request.actor, request.body),
  );

  r.get('/api/v1/telescope/series', { schema: { tags, querystring: seriesQuerySchema } }, async (request) =>
    telescope.series(request.actor, request.query),
  );
  r.get('/api/v1/telescope/top', { schema: { tags, querystring: topQuerySchema } }, async (request) =>
    telescope.top(request.actor, request.query),
  );
  r.get('/api/v1/telescope/map', { schema: { tags, querystring: rangeQuerySchema } }, async (request) =>
    telescope.map(request.actor, request.query),
  );
  r.get('/api/v1/telescope/heatmap', { schema: { tags, querystring: rangeQuerySchema } }, async (request) =>
    telescope.heatmap(request.actor, request.query),
  );
  r.get('/api/v1/telescope/events', { schema: { tags, querystring: eventsQuerySchema } }, async (request) => {
    const { source, ...rest } = request.query;
    return telescope.events(request.actor, { ...rest, source: source && canonicalIp(source) });
  });
  r.get('/api/v1/telescope/sources/:ip', { schema: { tags, params: sourceParamSchema } }, async (request) =>
    telescope.source(request.actor, canonicalIp(request.params.ip)!),
  );
  r.get('/api/v1/telescope/summary', { schema: { tags, querystring: rangeQuerySchema } }, async (request) =>
    telescope.summary(request.actor, request.query),
  );

  r.get(
    '/api/v1/public/self-check',
    { schema: { tags: ['public'], security: [], querystring: selfCheckQuerySchema } },
    async (request) => selfCheck.check(request.ip),
  );
}
