import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AppError } from '../../errors.js';
import { requireUser } from '../../platform/auth-plugin.js';
import type { Actor } from '../../platform/actor.js';
import type { DecoyStatsRange, DecoyStatsRepository, DecoyWorldStats } from './decoy-stats.repository.js';

const DAY_MS = 86_400_000;
const instant = z.union([z.iso.date(), z.iso.datetime({ offset: true })]);

export const decoyStatsQuerySchema = z.object({
  /** First day or instant (inclusive). */
  from: instant.optional(),
  /** Last day (inclusive) or instant (exclusive). */
  to: instant.optional(),
});
const worldParam = z.object({ id: z.string().min(1).max(64) });

/** The range the query names: a date in `to` means the whole of that day. */
export function statsRange(query: z.infer<typeof decoyStatsQuerySchema>): DecoyStatsRange {
  const to =
    query.to === undefined
      ? undefined
      : query.to.length === 10
        ? new Date(Date.parse(query.to) + DAY_MS)
        : new Date(query.to);
  return { from: query.from ? new Date(query.from) : undefined, to };
}

/** One decoy world's statistics over what the actor may read; a world it may not see is "not found". */
export async function decoyWorldStats(
  repo: DecoyStatsRepository,
  actor: Actor,
  worldId: string,
  range: DecoyStatsRange,
): Promise<DecoyWorldStats> {
  if (!(await repo.worldVisible(actor, worldId))) throw new AppError('NOT_FOUND', 'no such decoy world');
  return repo.stats(actor, worldId, range);
}

export function decoyStatsRoutes(app: FastifyInstance, stats: DecoyStatsRepository): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.get(
    '/api/v1/decoy/worlds/:id/stats',
    { schema: { tags: ['decoy'], params: worldParam, querystring: decoyStatsQuerySchema } },
    async (request) => {
      const actor = requireUser(request);
      return decoyWorldStats(stats, actor, request.params.id, statsRange(request.query));
    },
  );
}
