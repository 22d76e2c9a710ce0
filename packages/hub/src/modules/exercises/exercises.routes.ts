import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { attemptBody, exerciseFileParam, exerciseParam, orgParam } from './exercises.schema.js';
import type { ExercisesService } from './exercises.service.js';

export function exercisesRoutes(app: FastifyInstance, exercises: ExercisesService): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['exercises'];
  const P = '/api/v1';

  r.get(`${P}/exercises`, { schema: { tags } }, async (request) => exercises.list(request.actor));
  r.get(`${P}/exercises/:exerciseId`, { schema: { tags, params: exerciseParam } }, async (request) =>
    exercises.get(request.actor, request.params.exerciseId),
  );
  r.get(
    `${P}/exercises/:exerciseId/files/:name`,
    { schema: { tags, params: exerciseFileParam } },
    async (request, reply) => {
      const { stream, bytes } = await exercises.file(request.actor, request.params.exerciseId, request.params.name);
      return reply
        .header('content-type', 'application/octet-stream')
        .header('content-length', String(bytes))
        .header('content-disposition', `attachment; filename="${request.params.name}"`)
        .send(stream);
    },
  );
  r.post(
    `${P}/exercises/:exerciseId/attempts`,
    { schema: { tags, params: exerciseParam, body: attemptBody } },
    async (request, reply) =>
      reply.code(201).send(await exercises.submit(request.actor, request.params.exerciseId, request.body)),
  );
  r.get(`${P}/orgs/:id/exercise-results`, { schema: { tags, params: orgParam } }, async (request) =>
    exercises.results(request.actor, request.params.id),
  );
}
