import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { DecoySessionsService } from './decoy-sessions.service.js';
import { recordingQuerySchema, sessionIdParam, sessionListQuerySchema, sha256Param } from './decoy.schema.js';

/** Console-facing session routes: lists, detail, recording (poll and whole file) and captured-file downloads. */
export function decoySessionsRoutes(app: FastifyInstance, sessions: DecoySessionsService): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['decoy'];

  r.get('/api/v1/decoy/sessions', { schema: { tags, querystring: sessionListQuerySchema } }, async (request) =>
    sessions.list(request.actor, request.query),
  );

  r.get('/api/v1/decoy/sessions/:id', { schema: { tags, params: sessionIdParam } }, async (request) =>
    sessions.get(request.actor, request.params.id),
  );

  r.get(
    '/api/v1/decoy/sessions/:id/recording',
    { schema: { tags, params: sessionIdParam, querystring: recordingQuerySchema } },
    async (request) => sessions.recording(request.actor, request.params.id, request.query.fromSeq),
  );

  r.get(
    '/api/v1/decoy/sessions/:id/recording.cast',
    { schema: { tags, params: sessionIdParam } },
    async (request, reply) => {
      const { filename, body } = await sessions.cast(request.actor, request.params.id);
      return reply
        .type('application/x-asciicast')
        .header('content-disposition', `attachment; filename="${filename.replace(/[^\w.:@-]/g, '_')}"`)
        .send(body);
    },
  );

  r.get('/api/v1/decoy/captures/:sha256', { schema: { tags, params: sha256Param } }, async (request, reply) => {
    const { size, stream } = await sessions.capture(request.actor, request.params.sha256);
    return reply
      .type('application/octet-stream')
      .header('content-length', String(size))
      .header('content-disposition', `attachment; filename="${request.params.sha256}.bin"`)
      .header('x-content-type-options', 'nosniff')
      .send(stream);
  });
}
