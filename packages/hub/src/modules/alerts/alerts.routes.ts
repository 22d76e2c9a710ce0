import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { parseCidr } from '../telescope/ip-address.js';
import type { AlertSettingsService } from './alert-settings.service.js';
import type { AlertsService } from './alerts.service.js';

const orgParam = z.object({ id: z.uuid() });
const prefixParam = z.object({ id: z.uuid(), prefixId: z.uuid() });
const alertParam = z.object({ id: z.uuid() });
const reviewParam = z.object({ prefixId: z.uuid() });
const rejectBody = z
  .object({ reason: z.string().trim().max(500).optional() })
  .strict()
  .nullish();

const prefixBody = z
  .object({
    cidr: z
      .string()
      .max(64)
      .superRefine((value, ctx) => {
        const parsed = parseCidr(value);
        if (!parsed.ok) ctx.addIssue({ code: 'custom', message: parsed.reason });
      }),
    note: z.string().trim().max(500).optional(),
  })
  .strict();

const settingsBody = z
  .object({
    emails: z.array(z.email().max(320)).max(20),
    webhookUrl: z
      .url({ protocol: /^https?$/, error: 'an http:// or https:// URL' })
      .max(2048)
      .nullable(),
    rotateWebhookSecret: z.boolean().optional(),
  })
  .strict();

const alertListQuery = z.object({
  orgId: z.uuid().optional(),
  status: z.enum(['open', 'acknowledged']).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(50),
  offset: z.coerce.number().int().min(0).default(0),
});

const acknowledgeBody = z
  .object({ note: z.string().trim().max(2000).optional() })
  .strict()
  .nullish();

export function alertsRoutes(
  app: FastifyInstance,
  deps: { alerts: AlertsService; settings: AlertSettingsService },
): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['alerts'];
  const { alerts, settings } = deps;

  r.get(
    '/api/v1/prefixes',
    { schema: { tags, querystring: z.object({ status: z.enum(['pending', 'approved']).optional() }) } },
    async (request) => ({ items: await settings.reviewList(request.actor, request.query.status) }),
  );
  r.post('/api/v1/prefixes/:prefixId/approve', { schema: { tags, params: reviewParam } }, async (request) =>
    settings.approvePrefix(request.actor, request.params.prefixId),
  );
  r.post(
    '/api/v1/prefixes/:prefixId/reject',
    { schema: { tags, params: reviewParam, body: rejectBody } },
    async (request, reply) => {
      await settings.rejectPrefix(request.actor, request.params.prefixId, request.body?.reason);
      return reply.code(204).send();
    },
  );

  r.get('/api/v1/orgs/:id/prefixes', { schema: { tags, params: orgParam } }, async (request) => ({
    items: await settings.prefixes(request.actor, request.params.id),
  }));
  r.post(
    '/api/v1/orgs/:id/prefixes',
    { schema: { tags, params: orgParam, body: prefixBody } },
    async (request, reply) =>
      reply.code(201).send(await settings.addPrefix(request.actor, request.params.id, request.body)),
  );
  r.delete('/api/v1/orgs/:id/prefixes/:prefixId', { schema: { tags, params: prefixParam } }, async (request, reply) => {
    await settings.removePrefix(request.actor, request.params.id, request.params.prefixId);
    return reply.code(204).send();
  });

  r.get('/api/v1/orgs/:id/alert-settings', { schema: { tags, params: orgParam } }, async (request) =>
    settings.settings(request.actor, request.params.id),
  );
  r.put(
    '/api/v1/orgs/:id/alert-settings',
    { schema: { tags, params: orgParam, body: settingsBody } },
    async (request) => settings.saveSettings(request.actor, request.params.id, request.body),
  );

  r.get('/api/v1/alerts', { schema: { tags, querystring: alertListQuery } }, async (request) =>
    alerts.list(request.actor, request.query),
  );
  r.get('/api/v1/alerts/:id', { schema: { tags, params: alertParam } }, async (request) =>
    alerts.get(request.actor, request.params.id),
  );
  r.post(
    '/api/v1/alerts/:id/acknowledge',
    { schema: { tags, params: alertParam, body: acknowledgeBody } },
    async (request) => alerts.acknowledge(request.actor, request.params.id, request.body?.note || undefined),
  );
}
