import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { REPORT_HTML_CSP } from './render-html.js';
import {
  renderQuerySchema,
  reportCreateSchema,
  reportIdParamSchema,
  reportListQuerySchema,
  reportUpdateSchema,
} from './telescope-reports.schema.js';
import { presentReport, type TelescopeReportsService } from './telescope-reports.service.js';

export function telescopeReportsRoutes(app: FastifyInstance, reports: TelescopeReportsService): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['telescope-reports'];
  const byId = { tags, params: reportIdParamSchema };

  r.post('/api/v1/telescope/reports', { schema: { tags, body: reportCreateSchema } }, async (request, reply) =>
    reply.code(201).send(presentReport(await reports.create(request.actor, request.body))),
  );

  r.get('/api/v1/telescope/reports', { schema: { tags, querystring: reportListQuerySchema } }, async (request) => {
    const { items, total } = await reports.list(request.actor, request.query);
    return {
      items: items.map((row) => presentReport(row, false)),
      total,
      limit: request.query.limit,
      offset: request.query.offset,
    };
  });

  r.get('/api/v1/telescope/reports/:id', { schema: byId }, async (request) =>
    presentReport(await reports.get(request.actor, request.params.id)),
  );

  r.patch('/api/v1/telescope/reports/:id', { schema: { ...byId, body: reportUpdateSchema } }, async (request) =>
    presentReport(await reports.update(request.actor, request.params.id, request.body)),
  );

  r.post('/api/v1/telescope/reports/:id/regenerate', { schema: byId }, async (request) =>
    presentReport(await reports.regenerate(request.actor, request.params.id)),
  );

  r.get(
    '/api/v1/telescope/reports/:id/render',
    { schema: { ...byId, querystring: renderQuerySchema } },
    async (request, reply) => {
      const { format, lang } = request.query;
      const rendered = await reports.render(request.actor, request.params.id, format, lang);
      void reply.header('x-content-type-options', 'nosniff').header('cache-control', 'private, no-store');
      if (rendered.format === 'pdf') {
        return reply
          .header('content-type', 'application/pdf')
          .header('content-disposition', `attachment; filename="${rendered.filename}"`)
          .send(rendered.body);
      }
      return reply
        .header('content-type', 'text/html; charset=utf-8')
        .header('content-security-policy', REPORT_HTML_CSP)
        .header('content-disposition', `inline; filename="${rendered.filename}"`)
        .header('referrer-policy', 'no-referrer')
        .send(rendered.body);
    },
  );
}
