import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { createTeamBody, langQuery, releaseBody, runParam, teamParam, updateTeamBody } from './submissions.schema.js';
import type { TeamsService } from './teams.service.js';
import { cohortParam } from './training.schema.js';

export function teamsRoutes(app: FastifyInstance, teams: TeamsService): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['training'];
  const T = '/api/v1/cohorts/:id/teams';
  const run = `${T}/:teamId/scenarios/:scenarioId`;

  r.get(T, { schema: { tags, params: cohortParam } }, async (request) => teams.list(request.actor, request.params.id));
  r.post(T, { schema: { tags, params: cohortParam, body: createTeamBody } }, async (request, reply) =>
    reply.code(201).send(await teams.create(request.actor, request.params.id, request.body)),
  );
  r.patch(`${T}/:teamId`, { schema: { tags, params: teamParam, body: updateTeamBody } }, async (request) =>
    teams.update(request.actor, request.params.id, request.params.teamId, request.body),
  );
  r.delete(`${T}/:teamId`, { schema: { tags, params: teamParam } }, async (request, reply) => {
    await teams.remove(request.actor, request.params.id, request.params.teamId);
    return reply.code(204).send();
  });
  r.post(`${run}/start`, { schema: { tags, params: runParam } }, async (request, reply) => {
    const { id, teamId, scenarioId } = request.params;
    const { created, run: started } = await teams.start(request.actor, id, teamId, scenarioId);
    return reply.code(created ? 201 : 200).send(started);
  });
  r.post(`${run}/release`, { schema: { tags, params: runParam, body: releaseBody } }, async (request) => {
    const { id, teamId, scenarioId } = request.params;
    return teams.release(request.actor, id, teamId, scenarioId, request.body ?? {});
  });
  r.get(run, { schema: { tags, params: runParam, querystring: langQuery } }, async (request) => {
    const { id, teamId, scenarioId } = request.params;
    return teams.scenario(request.actor, id, teamId, scenarioId, request.query.lang);
  });
}
