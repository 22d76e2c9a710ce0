import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { AppError } from '../../errors.js';
import type { UserActor } from '../../platform/actor.js';
import { TAXII_MEDIA_TYPE } from './taxii.schema.js';

/** What a 401 offers: HTTP Basic (the password is an API token) or the token as a bearer. */
export const WWW_AUTHENTICATE = 'Basic realm="cynex TAXII", Bearer';
/** Longer Authorization headers are refused before decoding. */
const MAX_AUTHORIZATION = 2048;

/**
 * Whether an Accept header lets us answer in TAXII 2.1: no header, any wildcard, or application/taxii+json
 * with no version or version 2.1.
 */
export function acceptsTaxii(accept: string | undefined): boolean {
  if (!accept) return true;
  return accept.split(',').some((range) => {
    const [type = '', ...params] = range.split(';').map((part) => part.trim().toLowerCase());
    if (type === '*/*' || type === 'application/*') return true;
    if (type !== 'application/taxii+json') return false;
    const version = params.find((p) => p.startsWith('version='));
    return version === undefined || version === 'version=2.1';
  });
}

/** The API token of an `Authorization: Basic` header (the user name is ignored), or undefined for other schemes. */
export function basicPassword(header: string | undefined): string | undefined {
  if (!header || !/^basic /i.test(header)) return undefined;
  if (header.length > MAX_AUTHORIZATION) throw new AppError('UNAUTHENTICATED', 'the Authorization header is too long');
  const decoded = Buffer.from(header.slice(6).trim(), 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) throw new AppError('UNAUTHENTICATED', 'HTTP Basic credentials are user:token');
  return decoded.slice(colon + 1);
}

/** The TAXII reader: a signed-in user (session, bearer or Basic token), else a 401 asking for credentials. */
export function taxiiReader(request: FastifyRequest): UserActor {
  if (request.actor.kind !== 'user') throw new AppError('UNAUTHENTICATED', 'send an API token (Basic or Bearer)');
  return request.actor;
}

const TITLES: Record<number, string> = {
  400: 'Bad request',
  401: 'Authentication required',
  403: 'Forbidden',
  404: 'Not found',
  406: 'Not acceptable',
  413: 'Payload too large',
  415: 'Unsupported media type',
  500: 'Internal error',
};

/** Sends a TAXII error message (title, description, http_status) with the TAXII media type. */
export function sendTaxiiError(reply: FastifyReply, status: number, description: string, code?: string) {
  if (status === 401) void reply.header('www-authenticate', WWW_AUTHENTICATE);
  return reply
    .code(status)
    .type(TAXII_MEDIA_TYPE)
    .send({
      title: TITLES[status] ?? 'Error',
      description,
      http_status: String(status),
      ...(code ? { error_code: code } : {}),
    });
}

/** Every error under /taxii2/ as a TAXII error message; unexpected ones are logged and told as 500. */
export function taxiiErrorHandler(error: FastifyError | AppError, request: FastifyRequest, reply: FastifyReply) {
  if (error instanceof AppError) return sendTaxiiError(reply, error.status, error.message, error.code);
  if (hasZodFastifySchemaValidationErrors(error)) {
    const detail = error.validation.map((v) => v.message);
    return sendTaxiiError(reply, 400, `the request is not valid (${detail.join('; ')})`, 'VALIDATION_FAILED');
  }
  const status = error.statusCode ?? 500;
  if (status >= 400 && status < 500) return sendTaxiiError(reply, status, error.message, 'BAD_REQUEST');
  request.log.error({ err: { type: error.name, message: error.message } }, 'unhandled TAXII error');
  return sendTaxiiError(reply, 500, 'something went wrong on our side', 'INTERNAL');
}
