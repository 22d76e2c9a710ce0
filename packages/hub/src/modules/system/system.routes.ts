import type { FastifyInstance } from 'fastify';
import { sql } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { AppError } from '../../errors.js';
import { metricsBearerMatches, type HttpMetrics } from './http-metrics.js';

/**
 * Liveness with a database round trip, and request metrics. /metrics exists on this port only when a bearer token
 * is configured (CYNEX_METRICS_TOKEN); otherwise metrics are served on their own address, or not at all.
 */
export function systemRoutes(
  app: FastifyInstance,
  deps: { db: Db; metrics: HttpMetrics; metricsToken: string | undefined },
): void {
  const { db, metrics, metricsToken } = deps;
  app.addHook('onResponse', async (request, reply) => {
    metrics.observe({
      method: request.method,
      route: request.routeOptions.url ?? 'unmatched',
      status: reply.statusCode,
      seconds: reply.elapsedTime / 1000,
    });
  });

  app.get('/healthz', { schema: { tags: ['operations'] } }, async (_request, reply) => {
    try {
      await db.execute(sql`select 1`);
      return { status: 'ok' };
    } catch {
      return reply.code(503).send({
        status: 'unavailable',
        error: { code: 'DATABASE_UNAVAILABLE', message: 'the database does not answer' },
      });
    }
  });

  if (metricsToken === undefined) return;
  app.get(
    '/metrics',
    // Hidden from the OpenAPI document, which must not depend on configuration; the README documents it.
    { schema: { hide: true }, config: { ownAuthentication: true } },
    async (request, reply) => {
      if (!metricsBearerMatches(request.headers.authorization, metricsToken)) {
        void reply.header('www-authenticate', 'Bearer realm="metrics"');
        throw new AppError('UNAUTHENTICATED', 'the metrics bearer token is missing or wrong');
      }
      return reply.header('content-type', metrics.contentType).send(await metrics.text());
    },
  );
}
