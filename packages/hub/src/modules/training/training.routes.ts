import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { addBatchBody, addByEmailBody } from './cohort-activity.schema.js';
import type { CohortMembersService } from './cohort-members.service.js';
import type { TrainingAssessmentsService } from './training-assessments.service.js';
import type { TrainingReportService } from './training-report.service.js';
import {
  addMemberBody,
  attemptBody,
  cohortParam,
  createCohortBody,
  kindParam,
  memberParam,
  orgParam,
  pageReadBody,
  reportQuery,
} from './training.schema.js';
import type { TrainingService } from './training.service.js';

export interface TrainingServices {
  cohorts: TrainingService;
  assessments: TrainingAssessmentsService;
  reports: TrainingReportService;
  members: CohortMembersService;
}

export function trainingRoutes(
  app: FastifyInstance,
  { cohorts, assessments, reports, members }: TrainingServices,
): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['training'];
  const P = '/api/v1';
  const C = `${P}/cohorts/:id`;

  r.post(
    `${P}/orgs/:id/cohorts`,
    { schema: { tags, params: orgParam, body: createCohortBody } },
    async (request, reply) =>
      reply.code(201).send(await cohorts.create(request.actor, request.params.id, request.body)),
  );
  r.get(`${P}/orgs/:id/cohorts`, { schema: { tags, params: orgParam } }, async (request) =>
    cohorts.list(request.actor, request.params.id),
  );
  r.get(C, { schema: { tags, params: cohortParam } }, async (request) => cohorts.get(request.actor, request.params.id));
  // One member by user id or by e-mail, or a list of e-mail addresses (each with its outcome).
  const anyMemberBody = z.union([addMemberBody, addByEmailBody, addBatchBody]);
  r.post(`${C}/members`, { schema: { tags, params: cohortParam, body: anyMemberBody } }, async (request, reply) => {
    const { actor, body, params } = request;
    if ('emails' in body) return members.addBatch(actor, params.id, body);
    const { created, member } =
      'email' in body
        ? await members.addByEmail(actor, params.id, body)
        : await cohorts.addMember(actor, params.id, body);
    return reply.code(created ? 201 : 200).send(member);
  });
  r.delete(`${C}/members/:userId`, { schema: { tags, params: memberParam } }, async (request, reply) => {
    await cohorts.removeMember(request.actor, request.params.id, request.params.userId);
    return reply.code(204).send();
  });
  r.get(`${C}/assessments/:kind`, { schema: { tags, params: kindParam } }, async (request) =>
    assessments.get(request.actor, request.params.id, request.params.kind),
  );
  r.post(
    `${C}/assessments/:kind/attempts`,
    { schema: { tags, params: kindParam, body: attemptBody } },
    async (request, reply) =>
      reply
        .code(201)
        .send(await assessments.submit(request.actor, request.params.id, request.params.kind, request.body)),
  );
  r.post(`${C}/progress/pages`, { schema: { tags, params: cohortParam, body: pageReadBody } }, async (request) =>
    cohorts.markRead(request.actor, request.params.id, request.body),
  );
  r.get(`${C}/progress`, { schema: { tags, params: cohortParam } }, async (request) =>
    cohorts.progress(request.actor, request.params.id),
  );
  r.get(`${C}/report`, { schema: { tags, params: cohortParam, querystring: reportQuery } }, async (request, reply) => {
    if (request.query.format === 'json') return reports.report(request.actor, request.params.id);
    const csv = await reports.reportCsv(request.actor, request.params.id);
    return reply
      .type('text/csv; charset=utf-8')
      .header('content-disposition', `attachment; filename="cohort-${request.params.id}.csv"`)
      .send(csv);
  });
  r.get(`${C}/skill-profile/:userId`, { schema: { tags, params: memberParam } }, async (request) =>
    reports.skillProfile(request.actor, request.params.id, request.params.userId),
  );
}
