import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { createBody, entryParam, listQuery, orgParam, pageQuery } from './watchlists.schema.js';
import type { WatchlistsService } from './watchlists.service.js';

export function watchlistsRoutes(app: FastifyInstance, watchlists: WatchlistsService): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['watchlists'];

  r.get('/api/v1/orgs/:id/watchlist', { schema: { tags, params: orgParam, querystring: listQuery } }, async (request) =>
    watchlists.list(request.actor, request.params.id, request.query),
  );
  r.post(
    '/api/v1/orgs/:id/watchlist',
    { schema: { tags, params: orgParam, body: createBody } },
    async (request, reply) => {
      const { entries, kind, value, note } = request.body;
      const single = entries === undefined;
      const inputs = entries ?? [{ kind: kind!, value: value!, note }];
      const result = await watchlists.add(request.actor, request.params.id, inputs, single);
      return reply.code(result.created > 0 ? 201 : 200).send(result);
    },
  );
  r.delete('/api/v1/orgs/:id/watchlist/:entryId', { schema: { tags, params: entryParam } }, async (request, reply) => {
    await watchlists.remove(request.actor, request.params.id, request.params.entryId);
    return reply.code(204).send();
  });
  r.get(
    '/api/v1/orgs/:id/watchlist/:entryId/matches',
    { schema: { tags, params: entryParam, querystring: pageQuery } },
    async (request) => watchlists.matches(request.actor, request.params.id, request.params.entryId, request.query),
  );
}
