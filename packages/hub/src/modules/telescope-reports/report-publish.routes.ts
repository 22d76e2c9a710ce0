import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { ReportPublishService } from './report-publish.service.js';
import { reportIdParamSchema } from './telescope-reports.schema.js';
import { presentReport } from './telescope-reports.service.js';

/** Lists a report on the public site (/p/) or takes it off; the report's editors decide. */
export function reportPublishRoutes(app: FastifyInstance, publishing: ReportPublishService): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const schema = { tags: ['telescope-reports'], params: reportIdParamSchema };
  r.post('/api/v1/telescope/reports/:id/publish', { schema }, async (request) =>
    presentReport(await publishing.publish(request.actor, request.params.id)),
  );
  r.post('/api/v1/telescope/reports/:id/unpublish', { schema }, async (request) =>
    presentReport(await publishing.unpublish(request.actor, request.params.id)),
  );
}
