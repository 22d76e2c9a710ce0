import type { FastifyError, FastifyInstance } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { AppError, type FieldProblem } from '../errors.js';
import { sqlState } from './db-errors.js';

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

/** Unique and exclusion violations, and serialisation failures under concurrency. */
const CONFLICT_STATES = new Set(['23505', '23P01', '40001', '40P01']);

/**
 * What the log keeps of an unexpected error: its kind, code and first line, never a failed statement's parameters
 * (which hold whatever the request carried: case text, e-mail addresses, secrets).
 */
function loggable(error: Error): Record<string, unknown> {
  const firstLine = (text: string) => (text.split('\n')[0] ?? '').replace(/\s*params:.*$/s, '').slice(0, 500);
  const cause = (error as { cause?: unknown }).cause;
  return {
    type: error.name,
    code: sqlState(error) ?? (error as { code?: unknown }).code,
    message: firstLine(error.message),
    ...(cause instanceof Error ? { cause: firstLine(cause.message) } : {}),
    stack: error.stack?.split('\n').slice(1, 8).join('\n'),
  };
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
    const state = sqlState(error);
    if (state && CONFLICT_STATES.has(state)) {
      // Another request wrote the same key first: a conflict, told without the other record's details.
      return reply
        .code(409)
        .send({ error: { code: 'CONFLICT', message: 'this conflicts with a record written meanwhile' } });
    }
    request.log.error({ err: loggable(error) }, 'unhandled error');
    return reply.code(500).send({ error: { code: 'INTERNAL', message: 'something went wrong on our side' } });
  });
}
