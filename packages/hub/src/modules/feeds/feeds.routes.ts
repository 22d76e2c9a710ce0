import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { BLOCKLIST_KINDS, type BlocklistKind } from './blocklist.js';
import { FeedsService } from './feeds.service.js';
import type { MispFeed } from './misp-feed.js';
import { AppError } from '../../errors.js';

const blocklistQuery = z.object({
  kind: z
    .string()
    .max(200)
    .optional()
    .transform((text, ctx) => {
      if (!text) return [...BLOCKLIST_KINDS];
      const kinds = text.split(',').map((k) => k.trim());
      const unknown = kinds.filter((k) => !(BLOCKLIST_KINDS as readonly string[]).includes(k));
      if (unknown.length > 0) {
        ctx.addIssue({
          code: 'custom',
          message: `unknown kinds ${unknown.join(', ')}; use ${BLOCKLIST_KINDS.join(', ')}`,
        });
        return z.NEVER;
      }
      return kinds as BlocklistKind[];
    }),
  since: z.iso.datetime({ offset: true }).optional(),
});

/**
 * Blocklist feeds (plain text and CSV) of the indicators the caller may read: members with their session or an
 * API token get their own list; without credentials, the public list (public TLP:CLEAR indicators only).
 */
export function feedsRoutes(app: FastifyInstance, feeds: FeedsService, misp: MispFeed): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['feeds'];
  const read = async (actor: Parameters<FeedsService['blocklist']>[0], query: z.infer<typeof blocklistQuery>) => {
    const parsed = { kinds: query.kind, since: query.since ? new Date(query.since) : undefined };
    return { parsed, rows: await feeds.blocklist(actor, parsed) };
  };
  r.get('/api/v1/feeds/blocklist.txt', { schema: { tags, querystring: blocklistQuery } }, async (request, reply) => {
    const { parsed, rows } = await read(request.actor, request.query);
    return reply.type('text/plain; charset=utf-8').send(FeedsService.text(rows, parsed));
  });
  r.get('/api/v1/feeds/blocklist.csv', { schema: { tags, querystring: blocklistQuery } }, async (request, reply) => {
    const { rows } = await read(request.actor, request.query);
    return reply.type('text/csv; charset=utf-8').send(FeedsService.csv(rows));
  });

  // The MISP feed: a MISP instance subscribes to …/feeds/misp/ (an API token in the feed's Authorization header).
  r.get('/api/v1/feeds/misp/manifest.json', { schema: { tags } }, async (request) => misp.manifest(request.actor));
  r.get('/api/v1/feeds/misp/hashes.csv', { schema: { tags } }, async (request, reply) =>
    reply.type('text/csv; charset=utf-8').send(await misp.hashes(request.actor)),
  );
  r.get(
    '/api/v1/feeds/misp/:file',
    {
      schema: {
        tags,
        params: z.object({ file: z.string().regex(/^[0-9a-f-]{36}\.json$/, 'an event file: <uuid>.json') }),
      },
    },
    async (request) => {
      const event = await misp.event(request.actor, request.params.file.slice(0, 36));
      if (!event) throw new AppError('NOT_FOUND', 'no such event');
      return event;
    },
  );
}
