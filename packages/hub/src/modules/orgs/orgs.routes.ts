import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { programmeSchema, roleSchema, sectorSchema } from '@cynex/core';
import { publicLink } from '../../platform/links.js';
import type { AuthService } from '../auth/auth.service.js';
import type { OrgsService } from './orgs.service.js';

const orgBody = z
  .object({
    slug: z.string().regex(/^[a-z0-9][a-z0-9-]{1,62}$/, 'lowercase letters, digits and dashes'),
    nameEn: z.string().trim().min(1).max(200),
    nameJa: z.string().trim().min(1).max(200),
    sector: sectorSchema,
    programmes: z.array(programmeSchema).max(4).default([]),
  })
  .strict();
const idParam = z.object({ id: z.uuid() });
const memberParam = z.object({ id: z.uuid(), userId: z.uuid() });
const groupBody = z
  .object({
    name: z.string().trim().min(1).max(200),
    orgIds: z.array(z.uuid()).max(500),
    ownerOrgId: z.uuid().optional(),
  })
  .strict();

export function orgsRoutes(app: FastifyInstance, orgs: OrgsService, auth: AuthService, baseUrl: string): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['organisations'];

  r.get('/api/v1/orgs', { schema: { tags } }, async (request) => ({ items: await orgs.list(request.actor) }));
  r.post('/api/v1/orgs', { schema: { tags, body: orgBody } }, async (request, reply) =>
    reply.code(201).send(await orgs.create(request.actor, request.body)),
  );
  r.patch(
    '/api/v1/orgs/:id',
    { schema: { tags, params: idParam, body: orgBody.partial().strict() } },
    async (request) => orgs.update(request.actor, request.params.id, request.body),
  );
  r.get('/api/v1/orgs/:id/members', { schema: { tags, params: idParam } }, async (request) => ({
    items: await orgs.members(request.actor, request.params.id),
  }));
  r.patch(
    '/api/v1/orgs/:id/members/:userId',
    { schema: { tags, params: memberParam, body: z.object({ role: roleSchema }).strict() } },
    async (request, reply) => {
      await orgs.setRole(request.actor, request.params.id, request.params.userId, request.body.role);
      return reply.code(204).send();
    },
  );
  r.delete('/api/v1/orgs/:id/members/:userId', { schema: { tags, params: memberParam } }, async (request, reply) => {
    await orgs.removeMember(request.actor, request.params.id, request.params.userId);
    return reply.code(204).send();
  });
  r.get('/api/v1/orgs/:id/invitations', { schema: { tags, params: idParam } }, async (request) => ({
    items: await auth.invitations(request.actor, request.params.id),
  }));
  r.post(
    '/api/v1/orgs/:id/invitations',
    { schema: { tags, params: idParam, body: z.object({ email: z.email().max(320), role: roleSchema }).strict() } },
    async (request, reply) => {
      if (!(await orgs.orgById(request.params.id)))
        return reply.code(404).send({ error: { code: 'ORG_NOT_FOUND', message: 'no such organisation' } });
      const { id, token, expiresAt } = await auth.invite(
        request.actor,
        request.params.id,
        request.body.email,
        request.body.role,
      );
      return reply.code(201).send({ id, link: publicLink(baseUrl, token), expiresAt });
    },
  );
  r.post(
    '/api/v1/users/:id/password-reset',
    { schema: { tags: ['users'], params: idParam } },
    async (request, reply) => {
      const { token, expiresAt } = await auth.passwordReset(request.actor, request.params.id);
      return reply.code(201).send({ link: publicLink(baseUrl, token), expiresAt });
    },
  );
  r.get('/api/v1/users', { schema: { tags: ['users'] } }, async (request) => ({
    items: await orgs.users(request.actor),
  }));

  r.get('/api/v1/sharing-groups', { schema: { tags: ['sharing groups'] } }, async (request) => ({
    items: await orgs.groups(request.actor),
  }));
  r.post('/api/v1/sharing-groups', { schema: { tags: ['sharing groups'], body: groupBody } }, async (request, reply) =>
    reply.code(201).send(await orgs.createGroup(request.actor, request.body)),
  );
  r.patch(
    '/api/v1/sharing-groups/:id',
    {
      schema: {
        tags: ['sharing groups'],
        params: idParam,
        body: groupBody.omit({ ownerOrgId: true }).partial().strict(),
      },
    },
    async (request) => orgs.updateGroup(request.actor, request.params.id, request.body),
  );
  r.delete(
    '/api/v1/sharing-groups/:id',
    { schema: { tags: ['sharing groups'], params: idParam } },
    async (request, reply) => {
      await orgs.deleteGroup(request.actor, request.params.id);
      return reply.code(204).send();
    },
  );
}
