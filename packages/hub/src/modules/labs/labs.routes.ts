import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import {
  filesBody,
  flagBody,
  hintParam,
  instanceParam,
  labParam,
  orgParam,
  resetBody,
  shellBody,
  startBody,
} from './labs.schema.js';
import type { LabsService } from './labs.service.js';

export function labsRoutes(app: FastifyInstance, labs: LabsService): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['labs'];
  const P = '/api/v1';

  r.get(`${P}/labs`, { schema: { tags } }, async (request) => labs.catalogue(request.actor));
  r.post(
    `${P}/labs/:labId/instances`,
    { schema: { tags, params: labParam, body: startBody } },
    async (request, reply) => {
      const { created, instance } = await labs.start(request.actor, request.params.labId, request.body);
      return reply.code(created ? 201 : 200).send(instance);
    },
  );
  r.get(`${P}/labs/:labId/progress`, { schema: { tags, params: labParam } }, async (request) =>
    labs.progress(request.actor, request.params.labId),
  );
  r.get(`${P}/lab-instances`, { schema: { tags } }, async (request) => labs.mine(request.actor));
  r.get(`${P}/lab-instances/:id`, { schema: { tags, params: instanceParam } }, async (request) =>
    labs.get(request.actor, request.params.id),
  );
  r.post(`${P}/lab-instances/:id/stop`, { schema: { tags, params: instanceParam } }, async (request) =>
    labs.stop(request.actor, request.params.id),
  );
  r.post(
    `${P}/lab-instances/:id/reset`,
    { schema: { tags, params: instanceParam, body: resetBody } },
    async (request) => labs.reset(request.actor, request.params.id, request.body ?? {}),
  );
  r.get(`${P}/lab-instances/:id/files`, { schema: { tags, params: instanceParam } }, async (request) =>
    labs.files(request.actor, request.params.id),
  );
  r.put(`${P}/lab-instances/:id/files`, { schema: { tags, params: instanceParam, body: filesBody } }, async (request) =>
    labs.saveFiles(request.actor, request.params.id, request.body.files),
  );
  r.post(`${P}/lab-instances/:id/flag`, { schema: { tags, params: instanceParam, body: flagBody } }, async (request) =>
    labs.submitFlag(request.actor, request.params.id, request.body.flag),
  );
  r.post(`${P}/lab-instances/:id/defence`, { schema: { tags, params: instanceParam } }, async (request) =>
    labs.defence(request.actor, request.params.id),
  );
  r.post(`${P}/lab-instances/:id/hints/:hintId`, { schema: { tags, params: hintParam } }, async (request) =>
    labs.revealHint(request.actor, request.params.id, request.params.hintId),
  );
  r.post(
    `${P}/lab-instances/:id/shell`,
    { schema: { tags, params: instanceParam, body: shellBody } },
    async (request) => labs.shell(request.actor, request.params.id, request.body),
  );
  r.get(`${P}/lab-instances/:id/view`, { schema: { tags, params: instanceParam } }, async (request) =>
    labs.viewLink(request.actor, request.params.id),
  );
  r.get(`${P}/orgs/:id/lab-results`, { schema: { tags, params: orgParam } }, async (request) =>
    labs.results(request.actor, request.params.id),
  );
}
