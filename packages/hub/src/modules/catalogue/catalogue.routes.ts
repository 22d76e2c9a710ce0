import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { CategoriesService } from './categories.service.js';
import {
  ATTACK_NOTICE,
  ATTACK_TACTICS,
  ATTACK_VERSION,
  behaviourCategorySchema,
  PROGRESS_LEVELS,
  searchTechniques,
} from '@cynex/core';

/** Read-only catalogues: ATT&CK techniques and tactics, behaviour categories, the progress-level rubric. */
export function catalogueRoutes(app: FastifyInstance, categories: CategoriesService): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['catalogues'];
  r.get(
    '/api/v1/attack/techniques',
    {
      schema: {
        tags,
        querystring: z.object({
          q: z.string().max(100).default(''),
          limit: z.coerce.number().int().min(1).max(1000).default(20),
        }),
      },
    },
    async (request) => ({
      version: ATTACK_VERSION,
      notice: ATTACK_NOTICE,
      items: searchTechniques(request.query.q, request.query.limit).map(({ id, name, tactics, subtechnique, url }) => ({
        id,
        name,
        tactics,
        subtechnique,
        url,
      })),
    }),
  );
  r.get('/api/v1/attack/tactics', { schema: { tags } }, async () => ({
    version: ATTACK_VERSION,
    items: ATTACK_TACTICS,
  }));
  r.get('/api/v1/catalogue/behaviour-categories', { schema: { tags } }, async () => ({
    items: await categories.list(),
  }));
  r.post(
    '/api/v1/catalogue/behaviour-categories',
    {
      schema: {
        tags,
        body: z
          .object({
            key: behaviourCategorySchema,
            en: z.string().trim().min(1).max(100),
            ja: z.string().trim().min(1).max(100),
          })
          .strict(),
      },
    },
    async (request, reply) => reply.code(201).send(await categories.add(request.actor, request.body)),
  );
  r.get('/api/v1/catalogue/progress-levels', { schema: { tags } }, async () => ({
    items: Object.entries(PROGRESS_LEVELS).map(([level, text]) => ({ level: Number(level), ...text })),
  }));
}
