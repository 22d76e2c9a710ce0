import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { graphQuerySchema, graphResponseSchema, lookupQuerySchema, lookupResponseSchema } from './fusion.schema.js';
import type { FusionService } from './fusion.service.js';

/** Fusion across sources: one lookup of a value, and the relationship graph around a value or a record. */
export function fusionRoutes(app: FastifyInstance, fusion: FusionService): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['fusion'];
  r.get(
    '/api/v1/fusion',
    {
      schema: {
        tags,
        querystring: lookupQuerySchema,
        response: { 200: lookupResponseSchema },
        description:
          'Every record that mentions a value — cases, behaviours, STIX objects (imported and derived), darknet ' +
          'sources and DoS events, decoy sessions — that the caller may read, one entry per record, newest first. ' +
          'An address finds the prefixes containing it; a prefix finds the addresses inside it.',
      },
    },
    async (request) => fusion.lookup(request.actor, request.query),
  );
  r.get(
    '/api/v1/fusion/graph',
    {
      schema: {
        tags,
        querystring: graphQuerySchema,
        response: { 200: graphResponseSchema },
        description:
          'The relationship graph around a value (q: the value, the records that mention it, the other values ' +
          'those records mention) or around a record (record=<type>:<id>: the record and its values); expand a ' +
          'node by calling again with its value or record. Only what the caller may read.',
      },
    },
    async (request) => fusion.graph(request.actor, request.query),
  );
}
