import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Db } from '../../db/client.js';
import { AppError } from '../../errors.js';
import type { AuditService } from '../audit/audit.service.js';
import { IntelStreamRepository } from './intel-stream.repository.js';
import { IntelStream } from './intel-stream.service.js';

const SEQ = /^\d{1,15}$/;

const streamQuery = z.object({
  since: z.string().regex(SEQ, 'an event id (a whole number) from an earlier event').optional(),
  types: z
    .string()
    .max(2000)
    .regex(/^[a-z][a-z0-9-]{0,249}(,[a-z][a-z0-9-]{0,249}){0,49}$/, 'a comma-separated list of STIX types')
    .optional(),
  follow: z.enum(['true', 'false']).default('true'),
});

/**
 * The server-sent-events stream of STIX objects (`text/event-stream`): signed-in members (session or API token as
 * bearer), resumable with `Last-Event-ID` or `?since=` (EventSource cannot set headers), filtered with `?types=`.
 * Streams end when the client goes, when the hub closes, and with `?follow=false` once the backlog is sent.
 */
export function intelStreamRoutes(app: FastifyInstance, stream: IntelStream): void {
  app.addHook('preClose', async () => stream.closeAll());
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.get(
    '/api/v1/intel/stream',
    {
      schema: {
        tags: ['intel'],
        querystring: streamQuery,
        description:
          'Server-sent events of new and changed STIX objects you may read. Event id: the sequence number; ' +
          'data: { id, type, version, revoked, object }. Resume with Last-Event-ID or ?since=<id>; ' +
          'follow=false sends what is there and ends.',
      },
    },
    async (request, reply) => {
      const actor = request.actor;
      if (actor.kind !== 'user') throw new AppError('UNAUTHENTICATED', 'sign in, or send an API token as a bearer');
      const header = request.headers['last-event-id'];
      const lastEventId = typeof header === 'string' && header !== '' ? header : request.query.since;
      if (lastEventId !== undefined && !SEQ.test(lastEventId)) {
        throw new AppError('VALIDATION_FAILED', 'Last-Event-ID is not an event id this server sent');
      }
      const raw = reply.raw;
      const send = (chunk: string) =>
        new Promise<void>((resolve, reject) => {
          if (raw.destroyed) return reject(new Error('the client went away'));
          if (raw.write(chunk)) return resolve();
          raw.once('drain', resolve);
          raw.once('close', () => reject(new Error('the client went away')));
        });
      const types = request.query.types?.split(',');
      const since = lastEventId === undefined ? undefined : Number(lastEventId);
      const follow = request.query.follow === 'true';
      const subscription = await stream.open(actor, { since, types, follow });
      reply.hijack();
      raw.writeHead(200, {
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-store',
        connection: 'keep-alive',
        'x-accel-buffering': 'no',
      });
      raw.once('close', () => subscription.stop());
      await subscription.run(send).catch((error: unknown) => {
        if (!raw.destroyed) request.log.warn({ err: error }, 'the intel stream stopped');
      });
      raw.end();
    },
  );
}

/** Builds the stream over the store and registers its route. */
export function intelStreamModule(app: FastifyInstance, deps: { db: Db; audit: AuditService }): IntelStream {
  const stream = new IntelStream(new IntelStreamRepository(deps.db), deps.audit);
  intelStreamRoutes(app, stream);
  return stream;
}
