import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AuditService } from './audit.service.js';

const auditQuery = z.object({
  actor: z.string().trim().max(320).optional(),
  action: z.string().trim().max(100).optional(),
  from: z.iso.datetime({ offset: true }).or(z.iso.date()).optional(),
  to: z.iso.datetime({ offset: true }).or(z.iso.date()).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(50),
  offset: z.coerce.number().int().min(0).max(10_000_000).default(0),
});

export function auditRoutes(app: FastifyInstance, audit: AuditService): void {
  app
    .withTypeProvider<ZodTypeProvider>()
    .get('/api/v1/audit', { schema: { tags: ['audit'], querystring: auditQuery } }, async (request) =>
      audit.list(request.actor, request.query),
    );
}
