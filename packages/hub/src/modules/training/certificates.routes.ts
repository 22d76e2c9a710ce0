import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { CertificatesService } from './certificates.service.js';
import {
  certificateCodeParam,
  certificateParam,
  certificatePdfQuery,
  cohortQuizBody,
  cohortQuizParam,
  cohortQuizQuery,
  issueCertificateBody,
  revokeCertificateBody,
} from './certificates.schema.js';
import type { TrainingQuizzesService } from './training-quizzes.service.js';
import { cohortParam } from './training.schema.js';

export interface CompletionServices {
  quizzes: TrainingQuizzesService;
  certificates: CertificatesService;
}

/** Module quizzes in a cohort, certificates of completion and their public verification. */
export function certificatesRoutes(app: FastifyInstance, { quizzes, certificates }: CompletionServices): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['training'];
  const P = '/api/v1';
  const C = `${P}/cohorts/:id`;

  r.post(
    `${C}/quizzes/:moduleId`,
    { schema: { tags, params: cohortQuizParam, querystring: cohortQuizQuery, body: cohortQuizBody } },
    async (request) =>
      quizzes.submit(request.actor, request.params.id, request.params.moduleId, request.body, request.query.lang),
  );
  r.post(
    `${C}/certificates`,
    { schema: { tags, params: cohortParam, body: issueCertificateBody } },
    async (request, reply) =>
      reply.code(201).send(await certificates.issue(request.actor, request.params.id, request.body)),
  );
  r.get(`${C}/certificates`, { schema: { tags, params: cohortParam } }, async (request) =>
    certificates.list(request.actor, request.params.id),
  );
  r.get(
    `${P}/certificates/:certId/pdf`,
    { schema: { tags, params: certificateParam, querystring: certificatePdfQuery } },
    async (request, reply) => {
      const { bytes, fileName } = await certificates.pdf(request.actor, request.params.certId, request.query.lang);
      return reply
        .type('application/pdf')
        .header('content-disposition', `attachment; filename="${fileName}"`)
        .send(bytes);
    },
  );
  r.post(
    `${P}/certificates/:certId/revoke`,
    { schema: { tags, params: certificateParam, body: revokeCertificateBody } },
    async (request) => certificates.revoke(request.actor, request.params.certId, request.body),
  );
  r.get(
    `${P}/public/certificates/:code`,
    { schema: { tags: ['public'], security: [], params: certificateCodeParam } },
    async (request) => certificates.verify(request.ip, request.params.code),
  );
}
