import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { AppError } from '../../errors.js';
import type { UserActor } from '../../platform/actor.js';
import { acceptsTaxii, basicPassword, sendTaxiiError, taxiiErrorHandler, taxiiReader } from './taxii-http.js';
import { taxiiWriteRoutes } from './taxii-write.routes.js';
import type { TaxiiWriteService } from './taxii-write.service.js';
import type { TaxiiPage, TaxiiService } from './taxii.service.js';
import {
  collectionParam,
  objectParam,
  objectsQuerySchema,
  rootParam,
  TAXII_MEDIA_TYPE,
  versionsQuerySchema,
} from './taxii.schema.js';

export const TAXII_PREFIX = '/taxii2';

/** How the module checks an API token sent as the Basic password: the hub's own bearer verification. */
export interface TokenVerifier {
  fromApiToken(token: string, ip: string): Promise<UserActor | undefined>;
}

/** The date-added headers of a page: the first and last date added of what it returns. */
function dateHeaders(page: TaxiiPage): Record<string, string> {
  const first = page.rows[0];
  const last = page.rows.at(-1);
  return first && last
    ? { 'x-taxii-date-added-first': first.dateAdded, 'x-taxii-date-added-last': last.dateAdded }
    : {};
}

/**
 * TAXII 2.1 routes under /taxii2/: discovery, then every API root's routes under /taxii2/<root>/ (the community
 * root `api` and one per organisation; the write routes are in taxii-write.routes.ts). The scope has its own hooks
 * and error handler: TAXII media types, TAXII error messages, and HTTP Basic with an API token as the password.
 * The hub's auth hook runs before this scope's hooks and leaves a Basic caller anonymous, so the token is
 * verified here, by the same service the bearer uses.
 */
export async function taxiiRoutes(
  app: FastifyInstance,
  taxii: TaxiiService,
  write: TaxiiWriteService,
  tokens: TokenVerifier,
): Promise<void> {
  await app.register(
    async (scope) => {
      scope.setErrorHandler(taxiiErrorHandler);
      scope.setNotFoundHandler((request, reply) => sendTaxiiError(reply, 404, `no TAXII resource ${request.method}`));
      scope.addHook('onRequest', async (request, reply) => {
        if (!acceptsTaxii(request.headers.accept)) {
          return sendTaxiiError(reply, 406, `this server answers in ${TAXII_MEDIA_TYPE} only`);
        }
        const token = basicPassword(request.headers.authorization);
        if (token === undefined) return;
        const actor = await tokens.fromApiToken(token, request.ip);
        if (!actor) throw new AppError('UNAUTHENTICATED', 'the API token is not valid');
        request.actor = actor;
      });
      scope.addHook('onSend', async (_request, reply, payload) => {
        if (!reply.hasHeader('content-type') || String(reply.getHeader('content-type')).includes('json')) {
          void reply.type(TAXII_MEDIA_TYPE);
        }
        return payload;
      });

      const r = scope.withTypeProvider<ZodTypeProvider>();
      const tags = ['taxii'];
      r.get('/', { schema: { tags, description: 'TAXII 2.1 discovery.' } }, async (request) =>
        taxii.discovery(taxiiReader(request), TAXII_PREFIX),
      );
      r.get(
        '/:root/',
        { schema: { tags, params: rootParam, description: 'An API root: api (community) or an organisation slug.' } },
        async (request) => taxii.apiRoot(taxiiReader(request), request.params.root),
      );
      r.get('/:root/collections/', { schema: { tags, params: rootParam } }, async (request) =>
        taxii.collections(taxiiReader(request), request.params.root),
      );
      r.get('/:root/collections/:id/', { schema: { tags, params: collectionParam } }, async (request) =>
        taxii.collection(taxiiReader(request), request.params.root, request.params.id),
      );
      r.get(
        '/:root/collections/:id/objects/',
        { schema: { tags, params: collectionParam, querystring: objectsQuerySchema } },
        async (request, reply) => {
          const { root, id } = request.params;
          const page = await taxii.objects(taxiiReader(request), root, id, request.query);
          return reply.headers(dateHeaders(page)).send({ more: page.more, next: page.next, objects: objects(page) });
        },
      );
      r.get(
        '/:root/collections/:id/objects/:objectId/',
        { schema: { tags, params: objectParam, querystring: objectsQuerySchema } },
        async (request, reply) => {
          const { root, id, objectId } = request.params;
          const page = await taxii.objects(taxiiReader(request), root, id, request.query, objectId);
          return reply.headers(dateHeaders(page)).send({ more: page.more, next: page.next, objects: objects(page) });
        },
      );
      r.get(
        '/:root/collections/:id/objects/:objectId/versions/',
        { schema: { tags, params: objectParam, querystring: versionsQuerySchema } },
        async (request, reply) => {
          const { root, id, objectId } = request.params;
          const page = await taxii.versions(taxiiReader(request), root, id, objectId, request.query);
          const versions = page.rows.map((row) => row.version);
          return reply.headers(dateHeaders(page)).send({ more: page.more, next: page.next, versions });
        },
      );
      r.get(
        '/:root/collections/:id/manifest/',
        { schema: { tags, params: collectionParam, querystring: objectsQuerySchema } },
        async (request, reply) => {
          const { root, id } = request.params;
          const page = await taxii.objects(taxiiReader(request), root, id, request.query);
          const entries = page.rows.map((row) => taxii.manifestEntry(row));
          return reply.headers(dateHeaders(page)).send({ more: page.more, next: page.next, objects: entries });
        },
      );
      taxiiWriteRoutes(scope, write);
    },
    { prefix: TAXII_PREFIX },
  );
}

const objects = (page: TaxiiPage) => page.rows.map((row) => row.object);
