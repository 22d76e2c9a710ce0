import { Readable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { IntelService } from './intel.service.js';
import {
  exportQuerySchema,
  importIdParam,
  importQuerySchema,
  objectListQuerySchema,
  pageQuerySchema,
  stixIdParam,
} from './intel.schema.js';

/** The largest bundle one import takes (the stream is cut off past it). */
export const BUNDLE_LIMIT_BYTES = 512 * 1024 * 1024;

const BUNDLE_TYPES = ['application/json', 'application/stix+json', 'application/taxii+json'];

/** STIX store routes: bundle import (streamed), import status, objects and versions, bundle export. */
export async function intelRoutes(
  app: FastifyInstance,
  intel: IntelService,
  options: { bundleLimitBytes?: number } = {},
): Promise<void> {
  const limit = options.bundleLimitBytes ?? BUNDLE_LIMIT_BYTES;
  // Its own scope: here a JSON body is not parsed by Fastify but handed over as the raw stream it is.
  await app.register(async (scope) => {
    scope.removeContentTypeParser('application/json');
    scope.addContentTypeParser(BUNDLE_TYPES, { bodyLimit: limit }, (_request, payload, done) => done(null, payload));
    const r = scope.withTypeProvider<ZodTypeProvider>();
    r.post(
      '/api/v1/intel/bundles',
      {
        schema: {
          tags: ['intel'],
          querystring: importQuerySchema,
          consumes: BUNDLE_TYPES,
          description:
            'Imports a STIX 2.1 bundle, streamed: each object is validated against the OASIS schemas and stored ' +
            'with the given sharing, narrowed by its own TLP marking. Invalid objects are reported with their index ' +
            'and property path.',
        },
        bodyLimit: limit,
      },
      async (request, reply) => {
        const summary = await intel.importBundle(request.actor, request.query, request.body as Readable, limit);
        return reply.code(summary.status === 'complete' ? 200 : 400).send(summary);
      },
    );
  });

  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['intel'];
  r.get('/api/v1/intel/imports', { schema: { tags, querystring: pageQuerySchema } }, async (request) =>
    intel.listImports(request.actor, request.query.limit, request.query.offset),
  );
  r.get('/api/v1/intel/imports/:id', { schema: { tags, params: importIdParam } }, async (request) =>
    intel.getImport(request.actor, request.params.id),
  );
  r.get('/api/v1/intel/objects', { schema: { tags, querystring: objectListQuerySchema } }, async (request) =>
    intel.list(request.actor, request.query),
  );
  r.get('/api/v1/intel/objects/:id', { schema: { tags, params: stixIdParam } }, async (request) =>
    intel.versions(request.actor, request.params.id),
  );
  r.get('/api/v1/intel/bundle', { schema: { tags, querystring: exportQuerySchema } }, async (request, reply) => {
    const chunks = await intel.exportBundle(request.actor, request.query);
    return reply
      .type('application/stix+json;version=2.1')
      .header('content-disposition', 'attachment; filename="cynex-bundle.json"')
      .send(Readable.from(chunks));
  });
}
