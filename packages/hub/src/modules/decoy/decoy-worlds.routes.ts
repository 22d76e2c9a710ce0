import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { DecoyWorldsService } from './decoy-worlds.service.js';
import {
  worldCreateSchema,
  worldIdParam,
  worldLendSchema,
  worldListQuerySchema,
  worldUpdateSchema,
} from './decoy.schema.js';

/** A generated 2,000-employee world's YAML is a few MiB; an uploaded one may be up to 20 MiB. */
export const WORLD_BODY_LIMIT_BYTES = 24 * 1024 * 1024;

/** Console-facing world routes: signed-in users read what they may see; platform admins manage. */
export function decoyWorldsRoutes(app: FastifyInstance, worlds: DecoyWorldsService): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['decoy'];

  r.get('/api/v1/decoy/worlds', { schema: { tags, querystring: worldListQuerySchema } }, async (request) =>
    worlds.list(request.actor, request.query),
  );

  r.post(
    '/api/v1/decoy/worlds',
    { schema: { tags, body: worldCreateSchema }, bodyLimit: WORLD_BODY_LIMIT_BYTES },
    async (request, reply) => reply.code(201).send(await worlds.create(request.actor, request.body)),
  );

  r.get('/api/v1/decoy/worlds/:id', { schema: { tags, params: worldIdParam } }, async (request) =>
    worlds.get(request.actor, request.params.id),
  );

  r.patch(
    '/api/v1/decoy/worlds/:id',
    { schema: { tags, params: worldIdParam, body: worldUpdateSchema }, bodyLimit: WORLD_BODY_LIMIT_BYTES },
    async (request) => worlds.update(request.actor, request.params.id, request.body),
  );

  r.post('/api/v1/decoy/worlds/:id/start', { schema: { tags, params: worldIdParam } }, async (request) =>
    worlds.setDesired(request.actor, request.params.id, 'running'),
  );
  r.post('/api/v1/decoy/worlds/:id/stop', { schema: { tags, params: worldIdParam } }, async (request) =>
    worlds.setDesired(request.actor, request.params.id, 'stopped'),
  );
  r.post('/api/v1/decoy/worlds/:id/reset', { schema: { tags, params: worldIdParam } }, async (request) =>
    worlds.reset(request.actor, request.params.id),
  );
  r.post(
    '/api/v1/decoy/worlds/:id/lend',
    { schema: { tags, params: worldIdParam, body: worldLendSchema } },
    async (request) => worlds.lend(request.actor, request.params.id, request.body.orgId),
  );

  r.delete('/api/v1/decoy/worlds/:id', { schema: { tags, params: worldIdParam } }, async (request, reply) => {
    await worlds.remove(request.actor, request.params.id);
    return reply.code(204).send();
  });
}
