import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import {
  assetParam,
  courseParam,
  coverageQuery,
  langQuery,
  moduleParam,
  modulesQuery,
  pageParam,
  quizCheckBody,
} from './courseware.schema.js';
import type { CoursewareService } from './courseware.service.js';

export function coursewareRoutes(app: FastifyInstance, courseware: CoursewareService): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['courseware'];
  const P = '/api/v1/courseware';

  r.get(`${P}/modules`, { schema: { tags, querystring: modulesQuery } }, async (request) =>
    courseware.modules(request.actor, request.query),
  );
  r.get(`${P}/modules/:id`, { schema: { tags, params: moduleParam, querystring: langQuery } }, async (request) =>
    courseware.moduleDetail(request.actor, request.params.id, request.query.lang),
  );
  r.get(
    `${P}/modules/:id/pages/:pageId`,
    { schema: { tags, params: pageParam, querystring: langQuery } },
    async (request) => courseware.page(request.actor, request.params.id, request.params.pageId, request.query.lang),
  );
  r.get(`${P}/modules/:id/assets/:name`, { schema: { tags, params: assetParam } }, async (request, reply) => {
    const { bytes, type } = await courseware.asset(request.actor, request.params.id, request.params.name);
    return reply
      .header('content-type', type)
      .header('content-security-policy', "default-src 'none'; style-src 'unsafe-inline'")
      .send(Buffer.from(bytes));
  });
  r.get(`${P}/modules/:id/quiz`, { schema: { tags, params: moduleParam, querystring: langQuery } }, async (request) =>
    courseware.quiz(request.actor, request.params.id, request.query.lang),
  );
  r.post(
    `${P}/modules/:id/quiz/check`,
    { schema: { tags, params: moduleParam, querystring: langQuery, body: quizCheckBody } },
    async (request) => courseware.checkQuiz(request.actor, request.params.id, request.body.answers, request.query.lang),
  );
  r.get(`${P}/courses`, { schema: { tags } }, async (request) => courseware.courses(request.actor));
  r.get(
    `${P}/courses/:id/coverage`,
    { schema: { tags, params: courseParam, querystring: coverageQuery } },
    async (request) =>
      courseware.coverage(request.actor, request.params.id, request.query.workRole, request.query.lang),
  );
  r.get(`${P}/work-roles`, { schema: { tags } }, async (request) => courseware.workRoles(request.actor));
}
