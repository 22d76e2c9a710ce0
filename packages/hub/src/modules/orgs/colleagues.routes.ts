import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { ColleaguesService } from './colleagues.service.js';

const colleaguesQuery = z.object({
  q: z.string().trim().max(200).optional(),
  sharingGroupId: z.uuid().optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  offset: z.coerce.number().int().min(0).max(100_000).default(0),
});

/** The colleague picker: people an analyst may name on a case, searchable by name or e-mail. */
export function colleaguesRoutes(app: FastifyInstance, colleagues: ColleaguesService): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.get(
    '/api/v1/colleagues',
    { schema: { tags: ['organisations'], querystring: colleaguesQuery } },
    async (request) => {
      const { items, total } = await colleagues.list(request.actor, request.query);
      return { items, total, limit: request.query.limit, offset: request.query.offset };
    },
  );
}
