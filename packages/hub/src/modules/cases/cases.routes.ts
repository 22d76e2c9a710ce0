import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  behaviourCreateSchema,
  behaviourUpdateSchema,
  caseCreateSchema,
  caseListQuerySchema,
  caseUpdateSchema,
  findTechnique,
} from '@cynex/core';
import { AppError } from '../../errors.js';
import { requireUser } from '../../platform/auth-plugin.js';
import type { CaseCommentsService } from './case-comments.service.js';
import type { CasesTransferService } from './cases-transfer.service.js';
import type { CasesService } from './cases.service.js';
import { presentCase, presentFile } from './cases.presenter.js';

const idParam = z.object({ id: z.uuid() });
const behaviourParam = z.object({ id: z.uuid(), behaviourId: z.uuid() });
const fileParam = z.object({ id: z.uuid(), fileId: z.uuid() });
const exportQuery = caseListQuerySchema
  .omit({ limit: true, offset: true })
  .extend({ format: z.enum(['csv', 'json']).default('csv') });

export function casesRoutes(
  app: FastifyInstance,
  deps: { cases: CasesService; transfer: CasesTransferService; comments: CaseCommentsService; csvLimitBytes: number },
): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['cases'];
  const { cases, transfer, comments } = deps;

  r.get('/api/v1/cases', { schema: { tags, querystring: caseListQuerySchema } }, async (request) => {
    const { items, total } = await cases.list(request.actor, request.query);
    return { items: items.map(presentCase), total, limit: request.query.limit, offset: request.query.offset };
  });

  r.get('/api/v1/cases/stats', { schema: { tags } }, async (request) => cases.stats(request.actor));

  r.get('/api/v1/cases/export', { schema: { tags, querystring: exportQuery } }, async (request, reply) => {
    const { format, ...filters } = request.query;
    const body = await transfer.export(request.actor, filters, format);
    const stamp = new Date().toISOString().slice(0, 10);
    return reply
      .header('content-type', format === 'csv' ? 'text/csv; charset=utf-8' : 'application/json; charset=utf-8')
      .header('content-disposition', `attachment; filename="cynex-cases-${stamp}.${format}"`)
      .send(body);
  });

  r.post(
    '/api/v1/cases/import',
    { schema: { tags, consumes: ['text/csv'] }, bodyLimit: deps.csvLimitBytes },
    async (request, reply) => {
      requireUser(request);
      if (typeof request.body !== 'string')
        throw new AppError('UNSUPPORTED_MEDIA_TYPE', 'send the CSV file as text/csv');
      return reply.code(201).send(await transfer.import(request.actor, request.body));
    },
  );

  r.post('/api/v1/cases', { schema: { tags, body: caseCreateSchema } }, async (request, reply) =>
    reply.code(201).send(presentCase(await cases.create(request.actor, request.body))),
  );

  r.get('/api/v1/cases/:id', { schema: { tags, params: idParam } }, async (request) => {
    const detail = await cases.detail(request.actor, request.params.id);
    const techniqueIds = [...new Set(detail.behaviours.flatMap((b) => b.techniqueIds))].sort();
    return {
      case: presentCase(detail.row),
      behaviours: detail.behaviours.map((b) => ({
        ...b,
        attachments: detail.files.filter((f) => f.behaviourId === b.id).map(presentFile),
      })),
      files: detail.files.map(presentFile),
      levelHistory: detail.levelHistory,
      suggestion: detail.suggestion,
      techniques: techniqueIds.map((id) => {
        const technique = findTechnique(id);
        return { id, name: technique?.name ?? id, tactics: technique?.tactics ?? [], url: technique?.url ?? null };
      }),
    };
  });

  r.patch('/api/v1/cases/:id', { schema: { tags, params: idParam, body: caseUpdateSchema } }, async (request) =>
    presentCase(await cases.update(request.actor, request.params.id, request.body)),
  );

  r.delete('/api/v1/cases/:id', { schema: { tags, params: idParam } }, async (request, reply) => {
    await cases.remove(request.actor, request.params.id);
    return reply.code(204).send();
  });

  r.post(
    '/api/v1/cases/:id/behaviours',
    { schema: { tags, params: idParam, body: behaviourCreateSchema } },
    async (request, reply) => {
      const [row] = await cases.addBehaviours(request.actor, request.params.id, [request.body]);
      return reply.code(201).send({ ...row, attachments: [] });
    },
  );

  r.patch(
    '/api/v1/cases/:id/behaviours/:behaviourId',
    { schema: { tags, params: behaviourParam, body: behaviourUpdateSchema } },
    async (request) =>
      cases.updateBehaviour(request.actor, request.params.id, request.params.behaviourId, request.body),
  );

  r.delete(
    '/api/v1/cases/:id/behaviours/:behaviourId',
    { schema: { tags, params: behaviourParam } },
    async (request, reply) => {
      await cases.removeBehaviour(request.actor, request.params.id, request.params.behaviourId);
      return reply.code(204).send();
    },
  );

  r.post(
    '/api/v1/cases/:id/files',
    { schema: { tags, params: idParam, consumes: ['multipart/form-data'] } },
    async (request, reply) => {
      requireUser(request);
      if (!request.isMultipart()) throw new AppError('UNSUPPORTED_MEDIA_TYPE', 'send the file as multipart/form-data');
      const fields: Record<string, string> = {};
      for await (const part of request.parts()) {
        if (part.type === 'field') {
          fields[part.fieldname] = String(part.value).slice(0, 200);
          continue;
        }
        const kind =
          fields.kind === 'attachment'
            ? 'attachment'
            : fields.kind === 'sample' || fields.kind === undefined
              ? 'sample'
              : undefined;
        if (!kind) {
          part.file.resume();
          throw new AppError('VALIDATION_FAILED', 'kind is sample or attachment', {
            fields: [{ path: 'kind', message: 'sample or attachment' }],
          });
        }
        const behaviourId =
          fields.behaviourId && z.uuid().safeParse(fields.behaviourId).success ? fields.behaviourId : undefined;
        const row = await cases.addFile(request.actor, request.params.id, {
          kind,
          behaviourId,
          filename: part.filename,
          stream: part.file,
          truncated: () => part.file.truncated,
        });
        return reply.code(201).send(presentFile(row));
      }
      throw new AppError('VALIDATION_FAILED', 'no file in the upload', {
        fields: [{ path: 'file', message: 'required' }],
      });
    },
  );

  r.get('/api/v1/cases/:id/files/:fileId/download', { schema: { tags, params: fileParam } }, async (request, reply) => {
    const { file, stream } = await cases.download(request.actor, request.params.id, request.params.fileId);
    const asciiName = file.filename.replace(/[^\x20-\x7e]|["\\]/g, '_');
    return reply
      .header('content-type', 'application/octet-stream')
      .header('x-content-type-options', 'nosniff')
      .header('content-security-policy', "default-src 'none'; sandbox")
      .header(
        'content-disposition',
        `attachment; filename="${asciiName}.bin"; filename*=UTF-8''${encodeURIComponent(file.filename)}.bin`,
      )
      .send(stream);
  });

  r.get('/api/v1/cases/:id/comments', { schema: { tags, params: idParam } }, async (request) => ({
    items: await comments.list(request.actor, request.params.id),
  }));

  r.post(
    '/api/v1/cases/:id/comments',
    { schema: { tags, params: idParam, body: z.object({ body: z.string().trim().min(1).max(10_000) }).strict() } },
    async (request, reply) =>
      reply.code(201).send(await comments.add(request.actor, request.params.id, request.body.body)),
  );
}
