import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { AppError } from '../errors.js';
import type { AuthService } from '../modules/auth/auth.service.js';
import { constantTimeEqual } from '../modules/auth/auth.crypto.js';
import { SENSOR_SECRET_PREFIX, type SensorCredentialsService } from '../modules/sensors/sensor-credentials.service.js';
import { anonymous, type Actor, type SensorPurpose, type UserActor } from './actor.js';

export const SESSION_COOKIE = 'cynex_session';
export const CSRF_COOKIE = 'cynex_csrf';
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

declare module 'fastify' {
  interface FastifyRequest {
    actor: Actor;
    sessionToken: string | undefined;
    csrfToken: string | undefined;
  }
  interface FastifyContextConfig {
    /** The route checks its own credentials (the metrics bearer token): the caller stays anonymous here. */
    ownAuthentication?: boolean;
    /**
     * The route takes uploads from sensors, which may send their sensor credential (`Bearer cnxs_…`). Every other
     * route refuses a sensor credential outright, whatever its policy would say.
     */
    sensorUpload?: SensorPurpose;
  }
}

/**
 * Resolves who is asking (session cookie, API token or sensor credential) and enforces CSRF on cookie-authenticated
 * writes. A wrong bearer of either kind is a 401.
 */
export const authPlugin = fp(
  async (app: FastifyInstance, options: { auth: AuthService; sensors: SensorCredentialsService }) => {
    app.decorateRequest<Actor | null>('actor', null);
    app.decorateRequest('sessionToken', undefined);
    app.decorateRequest('csrfToken', undefined);
    app.addHook('onRequest', async (request: FastifyRequest) => {
      request.actor = anonymous(request.ip);
      if (request.routeOptions.config.ownAuthentication) return;
      const header = request.headers.authorization;
      if (header?.startsWith('Bearer ')) {
        const bearer = header.slice(7).trim();
        if (bearer.startsWith(SENSOR_SECRET_PREFIX)) {
          const sensor = await options.sensors.verify(bearer, request.ip);
          if (!sensor) throw new AppError('UNAUTHENTICATED', 'the sensor credential is not valid');
          if (!request.routeOptions.config.sensorUpload) {
            throw new AppError('FORBIDDEN', 'a sensor credential only uploads its own sensor’s data');
          }
          await options.sensors.markUsed(sensor);
          request.actor = sensor;
          return;
        }
        const actor = await options.auth.fromApiToken(bearer, request.ip);
        if (!actor) throw new AppError('UNAUTHENTICATED', 'the API token is not valid');
        if (!SAFE_METHODS.has(request.method) && !actor.tokenScopes?.includes('write')) {
          throw new AppError('FORBIDDEN', 'this API token is read-only');
        }
        request.actor = actor;
        return;
      }
      const sessionToken = request.cookies[SESSION_COOKIE];
      if (!sessionToken) return;
      const session = await options.auth.fromSession(sessionToken, request.ip);
      if (!session) return;
      if (!SAFE_METHODS.has(request.method)) {
        const sent = request.headers['x-csrf-token'];
        if (typeof sent !== 'string' || !constantTimeEqual(sent, session.csrfToken)) {
          throw new AppError('CSRF_FAILED', 'missing or wrong x-csrf-token header');
        }
      }
      request.actor = session.actor;
      request.sessionToken = sessionToken;
      request.csrfToken = session.csrfToken;
    });
  },
);

/** The signed-in user, or a 401. */
export function requireUser(request: FastifyRequest): UserActor {
  if (request.actor.kind !== 'user') throw new AppError('UNAUTHENTICATED', 'sign in first');
  return request.actor;
}

export function setSessionCookies(reply: FastifyReply, sessionToken: string, csrfToken: string, secure: boolean): void {
  const common = { path: '/', sameSite: 'lax' as const, secure };
  void reply.setCookie(SESSION_COOKIE, sessionToken, { ...common, httpOnly: true });
  void reply.setCookie(CSRF_COOKIE, csrfToken, { ...common, httpOnly: false });
}

export function clearSessionCookies(reply: FastifyReply): void {
  void reply.clearCookie(SESSION_COOKIE, { path: '/' });
  void reply.clearCookie(CSRF_COOKIE, { path: '/' });
}
