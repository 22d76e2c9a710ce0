import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { DeliveriesService } from './deliveries.service.js';

const orgParam = z.object({ id: z.uuid() });
const jobParam = z.object({ id: z.uuid(), deliveryId: z.uuid() });
const listQuery = z.object({
  state: z.enum(['queued', 'retrying', 'delivered', 'dead']).optional(),
  channel: z.enum(['email', 'webhook']).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(25),
  offset: z.coerce.number().int().min(0).default(0),
});

export function deliveriesRoutes(app: FastifyInstance, deliveries: DeliveriesService): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['deliveries'];
  r.get(
    '/api/v1/orgs/:id/deliveries',
    { schema: { tags, params: orgParam, querystring: listQuery } },
    async (request) => deliveries.list(request.actor, request.params.id, request.query),
  );
  r.post('/api/v1/orgs/:id/deliveries/:deliveryId/retry', { schema: { tags, params: jobParam } }, async (request) =>
    deliveries.retry(request.actor, request.params.id, request.params.deliveryId),
  );
}
