import type { FastifyError, FastifyInstance } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { AppError, type FieldProblem } from '../errors.js';

interface ValidationEntry {
  instancePath?: string;
  message?: string;
  params?: { issue?: { path?: PropertyKey[]; message?: string } };
}

function fieldsOf(error: { validation: unknown; validationContext?: string }): FieldProblem[] {
  const entries = error.validation as ValidationEntry[];
  return entries.map((entry) => {
    const issuePath = entry.params?.issue?.path?.map(String).join('.');
    const path = issuePath ?? entry.instancePath?.replace(/^\//, '').replaceAll('/', '.') ?? '';
    return {
      path:
        [error.validationContext === 'body' ? '' : error.validationContext, path].filter(Boolean).join('.') || '(root)',
      message: entry.params?.issue?.message ?? entry.message ?? 'invalid',
    };
  });
}

/** Maps every error to one JSON shape with a stable code; nothing else writes error responses. */
export function registerErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError | AppError, request, reply) => {
    if (error instanceof AppError) {
      if (error.extra.retryAfterSeconds) void reply.header('retry-after', String(error.extra.retryAfterSeconds));
      const { retryAfterSeconds: _retry, ...extra } = error.extra;
      return reply.code(error.status).send({ error: { code: error.code, message: error.message, ...extra } });
    }
    if (hasZodFastifySchemaValidationErrors(error)) {
      return reply
        .code(400)
        .send({ error: { code: 'VALIDATION_FAILED', message: 'the request is not valid', fields: fieldsOf(error) } });
    }
    const status = error.statusCode ?? 500;
    if (status === 413 || error.code === 'FST_REQ_FILE_TOO_LARGE' || error.code === 'FST_FILES_LIMIT') {
      return reply.code(413).send({ error: { code: 'PAYLOAD_TOO_LARGE', message: error.message } });
    }
    if (status === 415) {
      return reply.code(415).send({ error: { code: 'UNSUPPORTED_MEDIA_TYPE', message: error.message } });
    }
    if (status >= 400 && status < 500) {
      return reply.code(status).send({ error: { code: 'BAD_REQUEST', message: error.message } });
    }
    request.log.error({ err: error }, 'unhandled error');
    return reply.code(500).send({ error: { code: 'INTERNAL', message: 'something went wrong on our side' } });
  });
}
