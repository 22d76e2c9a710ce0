import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { advisoryPreviewQuery, advisoryPublishBody } from './advisories.schema.js';
import type { AdvisoriesService } from './advisories.service.js';
import { caseParam } from './cvd.schema.js';

/** Advisories of a vulnerability case: CSAF preview, publication of versions, CSAF and STIX downloads. */
export function advisoriesRoutes(app: FastifyInstance, advisories: AdvisoriesService): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['cvd'];
  const C = '/api/v1/cvd/cases/:id';

  r.get(
    `${C}/advisory/preview`,
    { schema: { tags, params: caseParam, querystring: advisoryPreviewQuery } },
    async (request) => advisories.preview(request.actor, request.params.id, request.query.lang),
  );
  r.post(
    `${C}/advisory/publish`,
    { schema: { tags, params: caseParam, body: advisoryPublishBody } },
    async (request, reply) =>
      reply.code(201).send(await advisories.publish(request.actor, request.params.id, request.body)),
  );
  r.get(`${C}/advisories`, { schema: { tags, params: caseParam } }, async (request) =>
    advisories.versions(request.actor, request.params.id),
  );
  r.get(`${C}/advisory.csaf.json`, { schema: { tags, params: caseParam } }, async (request, reply) => {
    const { fileName, document } = await advisories.csaf(request.actor, request.params.id);
    return reply
      .type('application/csaf+json')
      .header('content-disposition', `attachment; filename="${fileName}"`)
      .send(JSON.stringify(document, null, 2));
  });
  r.get(`${C}/advisory.stix.json`, { schema: { tags, params: caseParam } }, async (request, reply) => {
    const { fileName, bundle } = await advisories.stix(request.actor, request.params.id);
    return reply
      .type('application/stix+json;version=2.1')
      .header('content-disposition', `attachment; filename="${fileName}"`)
      .send(JSON.stringify(bundle, null, 2));
  });
}
