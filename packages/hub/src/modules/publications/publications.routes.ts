import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  previewBody,
  publicationCreateBody,
  publicationListQuery,
  publicationParam,
  publicationPatchBody,
  publicationVersionParam,
  reviewBody,
  withdrawBody,
} from './publications.schema.js';
import type { PublicationsService } from './publications.service.js';

/** An optional `?revision=`: when given, a stale one is 409. */
const optionalRevision = z.object({ revision: z.coerce.number().int().min(1).max(2_147_483_647).optional() });

/** Reports and blog posts: the working copy, its review, its published versions and the editor's preview. */
export function publicationsRoutes(app: FastifyInstance, publications: PublicationsService): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['publications'];
  const P = '/api/v1/publications';
  const params = publicationParam;

  r.get(P, { schema: { tags, querystring: publicationListQuery } }, async (request) =>
    publications.list(request.actor, request.query),
  );
  r.post(P, { schema: { tags, body: publicationCreateBody } }, async (request, reply) =>
    reply.code(201).send(await publications.create(request.actor, request.body)),
  );
  r.post(`${P}/preview`, { schema: { tags, body: previewBody } }, async (request) =>
    publications.preview(request.actor, request.body),
  );
  r.get(`${P}/:id`, { schema: { tags, params } }, async (request) =>
    publications.get(request.actor, request.params.id),
  );
  r.patch(`${P}/:id`, { schema: { tags, params, body: publicationPatchBody } }, async (request) =>
    publications.update(request.actor, request.params.id, request.body),
  );
  r.delete(`${P}/:id`, { schema: { tags, params } }, async (request, reply) => {
    await publications.remove(request.actor, request.params.id);
    return reply.code(204).send();
  });
  r.post(`${P}/:id/submit`, { schema: { tags, params, querystring: optionalRevision } }, async (request) =>
    publications.submit(request.actor, request.params.id, request.query.revision),
  );
  r.get(`${P}/:id/reviews`, { schema: { tags, params } }, async (request) =>
    publications.reviews(request.actor, request.params.id),
  );
  r.post(`${P}/:id/reviews`, { schema: { tags, params, body: reviewBody } }, async (request, reply) =>
    reply.code(201).send(await publications.review(request.actor, request.params.id, request.body)),
  );
  r.post(`${P}/:id/publish`, { schema: { tags, params, querystring: optionalRevision } }, async (request) =>
    publications.publish(request.actor, request.params.id, request.query.revision),
  );
  r.post(`${P}/:id/withdraw`, { schema: { tags, params, body: withdrawBody } }, async (request) =>
    publications.withdraw(request.actor, request.params.id, request.body),
  );
  r.get(`${P}/:id/versions`, { schema: { tags, params } }, async (request) =>
    publications.versions(request.actor, request.params.id),
  );
  r.get(`${P}/:id/versions/:n`, { schema: { tags, params: publicationVersionParam } }, async (request) =>
    publications.version(request.actor, request.params.id, request.params.n),
  );
}
