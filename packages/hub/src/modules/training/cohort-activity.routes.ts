import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import {
  actionItemParam,
  announcementBody,
  announcementParam,
  itemDoneBody,
  meetingBody,
  meetingParam,
  meetingPatchBody,
  pageQuery,
} from './cohort-activity.schema.js';
import type { CohortActivityService } from './cohort-activity.service.js';
import { cohortParam } from './training.schema.js';

/** A cohort's progress meetings, announcements and learners' activity (members by e-mail: training.routes.ts). */
export function cohortActivityRoutes(app: FastifyInstance, { activity }: { activity: CohortActivityService }): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['training'];
  const C = '/api/v1/cohorts/:id';

  r.get(`${C}/meetings`, { schema: { tags, params: cohortParam } }, async (request) =>
    activity.meetings(request.actor, request.params.id),
  );
  r.post(`${C}/meetings`, { schema: { tags, params: cohortParam, body: meetingBody } }, async (request, reply) =>
    reply.code(201).send(await activity.createMeeting(request.actor, request.params.id, request.body)),
  );
  r.patch(
    `${C}/meetings/:meetingId`,
    { schema: { tags, params: meetingParam, body: meetingPatchBody } },
    async (request) => activity.updateMeeting(request.actor, request.params.id, request.params.meetingId, request.body),
  );
  r.delete(`${C}/meetings/:meetingId`, { schema: { tags, params: meetingParam } }, async (request, reply) => {
    await activity.deleteMeeting(request.actor, request.params.id, request.params.meetingId);
    return reply.code(204).send();
  });
  r.post(
    `${C}/meetings/:meetingId/items/:index/done`,
    { schema: { tags, params: actionItemParam, body: itemDoneBody } },
    async (request) => {
      const { id, meetingId, index } = request.params;
      return activity.setItemDone(request.actor, id, meetingId, index, request.body.done);
    },
  );
  r.get(`${C}/announcements`, { schema: { tags, params: cohortParam, querystring: pageQuery } }, async (request) =>
    activity.announcements(request.actor, request.params.id, request.query),
  );
  r.post(
    `${C}/announcements`,
    { schema: { tags, params: cohortParam, body: announcementBody } },
    async (request, reply) =>
      reply.code(201).send(await activity.postAnnouncement(request.actor, request.params.id, request.body)),
  );
  r.delete(
    `${C}/announcements/:announcementId`,
    { schema: { tags, params: announcementParam } },
    async (request, reply) => {
      await activity.deleteAnnouncement(request.actor, request.params.id, request.params.announcementId);
      return reply.code(204).send();
    },
  );
  r.get(`${C}/activity`, { schema: { tags, params: cohortParam } }, async (request) =>
    activity.activity(request.actor, request.params.id),
  );
}
