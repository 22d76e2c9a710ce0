import { Stream } from 'node:stream';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { AppError, type FieldProblem } from '../errors.js';

const NUL = '\u0000';
const MESSAGE = 'contains a NUL character';

/** A key as it can be read in a path: a NUL in it is shown escaped. */
const printable = (key: string): string => key.replaceAll(NUL, '\\u0000');

/**
 * Every string (and object key) in a parsed value that contains NUL, as dotted paths below `prefix`. Iterative, so
 * that a deeply nested JSON body cannot overflow the stack.
 */
export function nulPaths(value: unknown, prefix: string): string[] {
  const found: string[] = [];
  const pending: { value: unknown; path: string }[] = [{ value, path: prefix }];
  const join = (path: string, key: string | number) => (path ? `${path}.${key}` : String(key));
  for (let next = pending.pop(); next; next = pending.pop()) {
    const { value: current, path } = next;
    if (typeof current === 'string') {
      if (current.includes(NUL)) found.push(path);
    } else if (Array.isArray(current)) {
      for (let i = current.length - 1; i >= 0; i--) pending.push({ value: current[i], path: join(path, i) });
    } else if (
      current !== null &&
      typeof current === 'object' &&
      !Buffer.isBuffer(current) &&
      // A streamed body (a STIX bundle import) is checked by its route as it is parsed.
      !(current instanceof Stream)
    ) {
      const entries = Object.entries(current);
      for (let i = entries.length - 1; i >= 0; i--) {
        const [key, child] = entries[i]!;
        const childPath = join(path, printable(key));
        pending.push({ value: child, path: childPath });
        // The key itself is reported before what it holds: a NUL string stands in for it on the stack.
        if (key.includes(NUL)) pending.push({ value: NUL, path: childPath });
      }
    }
  }
  return found;
}

/** The request's fields that hold a NUL, named as validation errors name them (`querystring.q`, `params.id`, `email`). */
export function nulFields(request: Pick<FastifyRequest, 'query' | 'params' | 'body'>): FieldProblem[] {
  const body = typeof request.body === 'string' ? nulPaths(request.body, 'body') : nulPaths(request.body, '');
  return [...nulPaths(request.query, 'querystring'), ...nulPaths(request.params, 'params'), ...body].map((path) => ({
    path: path || 'body',
    message: MESSAGE,
  }));
}

/**
 * PostgreSQL refuses NUL in text and JSON, so a NUL that reached a query would fail it with a 500 and write the
 * query, with its parameters, to the log. Refused here once, before any route validates or runs: 400
 * VALIDATION_FAILED naming each field.
 */
export const nulGuard = fp(
  async (app: FastifyInstance) => {
    app.addHook('preValidation', async (request) => {
      const fields = nulFields(request);
      if (fields.length > 0) throw new AppError('VALIDATION_FAILED', 'the request is not valid', { fields });
    });
  },
  { name: 'nul-guard' },
);
