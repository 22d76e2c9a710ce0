import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { AppError } from '../../errors.js';
import { taxiiReader } from './taxii-http.js';
import type { TaxiiWriteService } from './taxii-write.service.js';
import { MAX_CONTENT_LENGTH } from './taxii.service.js';
import { collectionParam, deleteQuerySchema, envelopeSchema, objectParam, statusParam } from './taxii.schema.js';

/** Whether a Content-Type is TAXII 2.1's: application/taxii+json, with version 2.1 or no version. */
export function isTaxiiContent(contentType: string | undefined): boolean {
  const [type = '', ...params] = (contentType ?? '').split(';').map((part) => part.trim().toLowerCase());
  const version = params.find((p) => p.startsWith('version='));
  return type === 'application/taxii+json' && (version === undefined || version === 'version=2.1');
}

async function taxiiContentOnly(request: FastifyRequest): Promise<void> {
  if (!isTaxiiContent(request.headers['content-type'])) {
    throw new AppError('UNSUPPORTED_MEDIA_TYPE', 'send the envelope as application/taxii+json;version=2.1');
  }
}

/**
 * TAXII 2.1 write routes, registered inside the TAXII scope (its media types, errors and Basic auth): add objects,
 * status resources, delete an object. The envelope is bounded by the API root's max_content_length.
 */
export function taxiiWriteRoutes(scope: FastifyInstance, write: TaxiiWriteService): void {
  scope.addContentTypeParser(
    'application/taxii+json',
    { parseAs: 'buffer', bodyLimit: MAX_CONTENT_LENGTH },
    (_request, body: Buffer, done) => {
      try {
        done(null, JSON.parse(body.toString('utf8')));
      } catch (error) {
        done(new AppError('BAD_REQUEST', `the body is not valid JSON: ${(error as Error).message}`), undefined);
      }
    },
  );
  const r = scope.withTypeProvider<ZodTypeProvider>();
  const tags = ['taxii'];
  r.post(
    '/:root/collections/:id/objects/',
    {
      schema: {
        tags,
        params: collectionParam,
        body: envelopeSchema,
        consumes: ['application/taxii+json;version=2.1'],
        description:
          'Adds the objects of a TAXII envelope to a writable collection, through the STIX bundle import ' +
          "(validated, owned by the collection's organisation, in its scope, TLP:AMBER or stricter). Answers 202 " +
          'with a status resource: complete, or pending for a large envelope (poll it); failures name the ' +
          'property path of each problem.',
      },
      bodyLimit: MAX_CONTENT_LENGTH,
      // Who asks is settled before the body is looked at: an anonymous caller gets 401, never 415 or 413.
      preParsing: async (request) => {
        taxiiReader(request);
        await taxiiContentOnly(request);
      },
    },
    async (request, reply) => {
      const { root, id } = request.params;
      const status = await write.addObjects(taxiiReader(request), root, id, request.body.objects);
      return reply.code(202).send(status);
    },
  );
  r.get('/:root/status/:statusId/', { schema: { tags, params: statusParam } }, async (request) =>
    write.status(taxiiReader(request), request.params.root, request.params.statusId),
  );
  r.delete(
    '/:root/collections/:id/objects/:objectId/',
    { schema: { tags, params: objectParam, querystring: deleteQuerySchema } },
    async (request, reply) => {
      const { root, id, objectId } = request.params;
      const versions = request.query['match[version]']?.split(',');
      await write.deleteObject(taxiiReader(request), root, id, objectId, versions);
      return reply.code(200).send();
    },
  );
}
