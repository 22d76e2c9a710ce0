import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { AppError } from '../../errors.js';
import {
  PACKAGE_LIMIT_BYTES,
  orgPackagesParam,
  packageImportQuery,
  packageParam,
  packageUpdateBody,
} from './packages.schema.js';
import { presentPackage, type CoursewarePackagesService } from './packages.service.js';

const ZIP_TYPES = ['application/zip', 'application/x-zip-compressed'];

/**
 * Providers' courseware packages. The import takes the zip itself as the body (like STIX bundle imports) and its
 * name and sharing in the query string; who may import is settled before the body is read.
 */
export async function coursewarePackagesRoutes(
  app: FastifyInstance,
  packages: CoursewarePackagesService,
  options: { limitBytes?: number } = {},
): Promise<void> {
  const limit = options.limitBytes ?? PACKAGE_LIMIT_BYTES;
  const tags = ['courseware'];
  const P = '/api/v1/courseware/packages';

  // Its own scope, so that the zip parser stays here.
  await app.register(async (scope) => {
    scope.addContentTypeParser(ZIP_TYPES, { parseAs: 'buffer', bodyLimit: limit }, (_request, body, done) =>
      done(null, body),
    );
    scope.withTypeProvider<ZodTypeProvider>().post(
      '/api/v1/orgs/:id/courseware/packages',
      {
        schema: { tags, params: orgPackagesParam, querystring: packageImportQuery, consumes: ZIP_TYPES },
        bodyLimit: limit,
        onRequest: async (request) => {
          packages.assertMayImport(request.actor, request.params.id);
        },
      },
      async (request, reply) => {
        if (!Buffer.isBuffer(request.body))
          throw new AppError('UNSUPPORTED_MEDIA_TYPE', 'send the package as application/zip');
        const result = await packages.import(request.actor, request.params.id, request.query, request.body);
        return reply.code(result.replaced ? 200 : 201).send(result);
      },
    );
  });

  const r = app.withTypeProvider<ZodTypeProvider>();
  r.get(P, { schema: { tags } }, async (request) => packages.list(request.actor));
  r.get(`${P}/:id`, { schema: { tags, params: packageParam } }, async (request) =>
    presentPackage(await packages.get(request.actor, request.params.id)),
  );
  r.get(`${P}/:id/archive`, { schema: { tags, params: packageParam } }, async (request, reply) => {
    const { bytes, filename } = await packages.archive(request.actor, request.params.id);
    const asciiName = filename.replace(/[^\x20-\x7e]|["\\]/g, '_');
    return reply
      .header('content-type', 'application/zip')
      .header('x-content-type-options', 'nosniff')
      .header(
        'content-disposition',
        `attachment; filename="${asciiName}"; filename*=UTF-8''${encodeURIComponent(filename)}`,
      )
      .send(bytes);
  });
  r.patch(`${P}/:id`, { schema: { tags, params: packageParam, body: packageUpdateBody } }, async (request) =>
    packages.update(request.actor, request.params.id, request.body),
  );
  r.delete(`${P}/:id`, { schema: { tags, params: packageParam } }, async (request, reply) => {
    await packages.remove(request.actor, request.params.id);
    return reply.code(204).send();
  });
}
