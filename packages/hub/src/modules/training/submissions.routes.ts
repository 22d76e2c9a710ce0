import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { GradingQueueService } from './grading-queue.service.js';
import {
  attemptItemParam,
  commentBody,
  itemReviewBody,
  langQuery,
  presentationBody,
  projectBody,
  reportBody,
  reviewBody,
  runParam,
  submissionParam,
} from './submissions.schema.js';
import type { SubmissionsService } from './submissions.service.js';
import { cohortParam } from './training.schema.js';

export interface SubmissionServices {
  submissions: SubmissionsService;
  grading: GradingQueueService;
}

export function submissionsRoutes(app: FastifyInstance, { submissions, grading }: SubmissionServices): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['training'];
  const C = '/api/v1/cohorts/:id';
  const S = '/api/v1/submissions/:submissionId';

  r.put(
    `${C}/teams/:teamId/reports/:scenarioId`,
    { schema: { tags, params: runParam, body: reportBody } },
    async (request) => {
      const { id, teamId, scenarioId } = request.params;
      return submissions.saveReport(request.actor, id, teamId, scenarioId, request.body);
    },
  );
  r.put(`${C}/projects/mine`, { schema: { tags, params: cohortParam, body: projectBody } }, async (request) =>
    submissions.saveProject(request.actor, request.params.id, request.body),
  );
  r.get(`${C}/projects`, { schema: { tags, params: cohortParam } }, async (request) =>
    submissions.projects(request.actor, request.params.id),
  );
  r.get(S, { schema: { tags, params: submissionParam, querystring: langQuery } }, async (request) =>
    submissions.get(request.actor, request.params.submissionId, request.query.lang),
  );
  r.patch(S, { schema: { tags, params: submissionParam, body: presentationBody } }, async (request) =>
    submissions.setPresentation(request.actor, request.params.submissionId, request.body),
  );
  r.post(`${S}/comments`, { schema: { tags, params: submissionParam, body: commentBody } }, async (request, reply) =>
    reply.code(201).send(await submissions.comment(request.actor, request.params.submissionId, request.body)),
  );
  r.post(`${S}/review`, { schema: { tags, params: submissionParam, body: reviewBody } }, async (request) =>
    submissions.review(request.actor, request.params.submissionId, request.body),
  );
  r.get(`${C}/grading-queue`, { schema: { tags, params: cohortParam, querystring: langQuery } }, async (request) =>
    grading.queue(request.actor, request.params.id, request.query.lang),
  );
  r.post(
    `${C}/attempts/:attemptId/items/:itemId/review`,
    { schema: { tags, params: attemptItemParam, body: itemReviewBody } },
    async (request) => {
      const { id, attemptId, itemId } = request.params;
      return grading.reviewItem(request.actor, id, attemptId, itemId, request.body);
    },
  );
}
