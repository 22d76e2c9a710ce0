import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { AppError } from '../../errors.js';
import { requireUser } from '../../platform/actor.js';
import {
  attachmentParam,
  caseParam,
  contactBody,
  coordinatorsBody,
  CVD_LIMITS,
  intakeBody,
  listQuery,
  statusBody,
  updateBody,
} from './cvd.schema.js';
import type { CvdService } from './cvd.service.js';

/** Vulnerability coordination cases: intake, status, contact log, attachments, coordinators. */
export function cvdRoutes(app: FastifyInstance, cvd: CvdService): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['cvd'];
  const C = '/api/v1/cvd/cases';

  r.post(C, { schema: { tags, body: intakeBody } }, async (request, reply) =>
    reply.code(201).send(await cvd.intake(request.actor, request.body)),
  );
  r.get(C, { schema: { tags, querystring: listQuery } }, async (request) => cvd.list(request.actor, request.query));
  r.get(`${C}/:id`, { schema: { tags, params: caseParam } }, async (request) =>
    cvd.get(request.actor, request.params.id),
  );
  r.patch(`${C}/:id`, { schema: { tags, params: caseParam, body: updateBody } }, async (request) =>
    cvd.update(request.actor, request.params.id, request.body),
  );
  r.post(`${C}/:id/status`, { schema: { tags, params: caseParam, body: statusBody } }, async (request) =>
    cvd.changeStatus(request.actor, request.params.id, request.body),
  );
  r.put(`${C}/:id/coordinators`, { schema: { tags, params: caseParam, body: coordinatorsBody } }, async (request) =>
    cvd.setCoordinators(request.actor, request.params.id, request.body),
  );
  r.get(`${C}/:id/contacts`, { schema: { tags, params: caseParam } }, async (request) =>
    cvd.contacts(request.actor, request.params.id),
  );
  r.post(`${C}/:id/contacts`, { schema: { tags, params: caseParam, body: contactBody } }, async (request, reply) =>
    reply.code(201).send(await cvd.addContact(request.actor, request.params.id, request.body)),
  );
  r.get(`${C}/:id/attachments`, { schema: { tags, params: caseParam } }, async (request) =>
    cvd.attachments(request.actor, request.params.id),
  );
  r.post(
    `${C}/:id/attachments`,
    { schema: { tags, params: caseParam, consumes: ['multipart/form-data'] } },
    async (request, reply) => {
      requireUser(request.actor);
      if (!request.isMultipart()) throw new AppError('UNSUPPORTED_MEDIA_TYPE', 'send the file as multipart/form-data');
      // (one more byte than allowed, so that a file of exactly the limit is not taken for a truncated one)
      const part = await request.file({
        limits: { fileSize: CVD_LIMITS.attachmentBytes + 1, files: 1 },
        throwFileSizeLimit: false,
      });
      if (!part) {
        throw new AppError('VALIDATION_FAILED', 'no file in the upload', {
          fields: [{ path: 'file', message: 'required' }],
        });
      }
      const stored = await cvd.addAttachment(request.actor, request.params.id, {
        filename: part.filename,
        mediaType: part.mimetype,
        stream: part.file,
        truncated: () => part.file.truncated,
      });
      return reply.code(201).send(stored);
    },
  );
  r.get(`${C}/:id/attachments/:attId`, { schema: { tags, params: attachmentParam } }, async (request, reply) => {
    const file = await cvd.download(request.actor, request.params.id, request.params.attId);
    const asciiName = file.filename.replace(/[^\x20-\x7e]|["\\;]/g, '_');
    return reply
      .header('content-type', 'application/octet-stream')
      .header('x-content-type-options', 'nosniff')
      .header('content-security-policy', "default-src 'none'; sandbox")
      .header(
        'content-disposition',
        `attachment; filename="${asciiName}"; filename*=UTF-8''${encodeURIComponent(file.filename)}`,
      )
      .header('x-content-sha256', file.sha256)
      .send(file.content);
  });
}
