import { stdSerializers } from 'pino';

/**
 * What the request log may say about a request. One-time links carry their secret in the path
 * (`/api/v1/auth/links/<token>`, the console's `/accept/<token>`), and a client may put one in the query string; a
 * log line is read by more people than the link was meant for, so those parts are replaced before anything is written.
 */

export const REDACTED = '[redacted]';

/** Path segments that are followed by a one-time secret. The console's router ignores case, so this does too. */
const SECRET_AFTER = /(\/(?:auth\/links|accept)\/)[^/?#]+/gi;

/** Query parameters that name a secret: `token`, `access_token`, `apiKey`, `password`, `csrf`, `sig`, `code`… */
const SECRET_PARAM = /(?:token|secret|password|passwd|key|signature|csrf|session)$|^(?:code|sig|auth)$/i;

function secretParam(name: string): boolean {
  let decoded = name;
  try {
    decoded = decodeURIComponent(name.replaceAll('+', ' '));
  } catch {
    // A malformed escape is judged as written.
  }
  return SECRET_PARAM.test(decoded.trim());
}

/** The URL with one-time link tokens and secret query values replaced by `[redacted]`. */
export function redactUrl(url: string): string {
  const queryAt = url.indexOf('?');
  const path = (queryAt < 0 ? url : url.slice(0, queryAt)).replace(SECRET_AFTER, `$1${REDACTED}`);
  if (queryAt < 0) return path;
  const query = url
    .slice(queryAt + 1)
    .split('&')
    .map((pair) => {
      const equals = pair.indexOf('=');
      if (equals < 0) return pair;
      return secretParam(pair.slice(0, equals)) ? `${pair.slice(0, equals)}=${REDACTED}` : pair;
    })
    .join('&');
  return `${path}?${query}`;
}

interface LoggedRequest {
  method?: string | undefined;
  url?: string | undefined;
  host?: string | undefined;
  ip?: string | undefined;
  socket?: { remotePort?: number | undefined } | undefined;
}

/** Fastify's request serializer with the URL redacted (and no headers, so no cookies or authorisation). */
export function serializeRequest(request: LoggedRequest) {
  return {
    method: request.method,
    url: request.url === undefined ? undefined : redactUrl(request.url),
    host: request.host,
    remoteAddress: request.ip,
    remotePort: request.socket?.remotePort,
  };
}

/**
 * pino's error serializer, except that a failed database query is logged without its parameters: they are what the
 * client sent (addresses, search terms, one-time link hashes), and the query text says enough to find the bug.
 */
export function serializeError(error: Error) {
  const serialized = stdSerializers.err(error);
  if (!('query' in error) || !('params' in error) || !Array.isArray(error.params)) return serialized;
  // Drizzle's message is `Failed query: <sql>\nparams: <params joined by commas>`, in the stack too.
  const withParams = `\nparams: ${String(error.params)}`;
  const { params: _params, ...rest } = serialized;
  return {
    ...rest,
    message: serialized.message.replace(withParams, ''),
    stack: serialized.stack.replace(withParams, ''),
    paramCount: error.params.length,
  };
}
