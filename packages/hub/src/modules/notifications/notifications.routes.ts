import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requireUser } from '../../platform/auth-plugin.js';
import type { NotificationsService } from './notifications.service.js';

export function notificationsRoutes(app: FastifyInstance, notifications: NotificationsService): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['notifications'];
  r.get('/api/v1/notifications', { schema: { tags } }, async (request) => notifications.list(requireUser(request)));
  r.post(
    '/api/v1/notifications/:id/read',
    { schema: { tags, params: z.object({ id: z.uuid() }) } },
    async (request, reply) => {
      await notifications.markRead(requireUser(request), request.params.id);
      return reply.code(204).send();
    },
  );
  r.post('/api/v1/notifications/read-all', { schema: { tags } }, async (request, reply) => {
    await notifications.markRead(requireUser(request));
    return reply.code(204).send();
  });
}
