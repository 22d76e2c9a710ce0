import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { IntelSettingsService } from './intel-settings.service.js';

const orgParam = z.object({ id: z.uuid() });
const settingsBody = z.object({ anonymiseSightings: z.boolean() }).strict();

/** An organisation's choices about its derived intelligence: `GET` for its members, `PATCH` for its admins. */
export function intelSettingsRoutes(app: FastifyInstance, settings: IntelSettingsService): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['intel'];
  r.get('/api/v1/orgs/:id/intel-settings', { schema: { tags, params: orgParam } }, async (request) =>
    settings.get(request.actor, request.params.id),
  );
  r.patch(
    '/api/v1/orgs/:id/intel-settings',
    { schema: { tags, params: orgParam, body: settingsBody } },
    async (request) => settings.update(request.actor, request.params.id, request.body),
  );
  // A re-derivation under way finishes before the database closes.
  app.addHook('onClose', () => settings.settled());
}
