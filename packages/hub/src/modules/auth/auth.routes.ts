import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { clearSessionCookies, requireUser, setSessionCookies } from '../../platform/auth-plugin.js';
import { MIN_PASSWORD_LENGTH, type AuthService } from './auth.service.js';

const loginBody = z
  .object({ email: z.string().trim().max(320).min(3), password: z.string().min(1).max(1024) })
  .strict();
const acceptBody = z
  .object({
    displayName: z.string().trim().min(1).max(120).optional(),
    password: z.string().min(MIN_PASSWORD_LENGTH, `at least ${MIN_PASSWORD_LENGTH} characters`).max(1024),
  })
  .strict();
const tokenParam = z.object({ token: z.string().min(10).max(200) });
const idParam = z.object({ id: z.uuid() });
const meBody = z
  .object({ displayName: z.string().trim().min(1).max(120).optional(), locale: z.enum(['ja', 'en']).optional() })
  .strict();
const tokenBody = z
  .object({
    name: z.string().trim().min(1).max(100),
    scopes: z
      .array(z.enum(['read', 'write']))
      .min(1)
      .max(2),
    expiresInDays: z.number().int().min(1).max(3650).optional(),
  })
  .strict();

export function authRoutes(
  app: FastifyInstance,
  auth: AuthService,
  secureCookies: boolean,
  orgName: (orgId: string) => Promise<{ nameEn: string; nameJa: string } | undefined>,
): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['auth'];

  r.post('/api/v1/auth/login', { schema: { tags, body: loginBody } }, async (request, reply) => {
    const signedIn = await auth.login(request.body.email, request.body.password, request.ip);
    setSessionCookies(reply, signedIn.sessionToken, signedIn.csrfToken, secureCookies);
    return { user: await auth.me(signedIn.actor), csrfToken: signedIn.csrfToken };
  });

  r.post('/api/v1/auth/logout', { schema: { tags } }, async (request, reply) => {
    const actor = requireUser(request);
    if (request.sessionToken) await auth.logout(actor, request.sessionToken);
    clearSessionCookies(reply);
    return reply.code(204).send();
  });

  r.get('/api/v1/auth/me', { schema: { tags } }, async (request) => {
    const actor = requireUser(request);
    return { user: await auth.me(actor), csrfToken: request.csrfToken ?? null };
  });

  r.patch('/api/v1/auth/me', { schema: { tags, body: meBody } }, async (request) => ({
    user: await auth.updateMe(requireUser(request), request.body),
  }));

  r.get('/api/v1/auth/links/:token', { schema: { tags, params: tokenParam } }, async (request) => {
    const { link, existingAccount } = await auth.linkInfo(request.params.token);
    const org = link.orgId ? await orgName(link.orgId) : undefined;
    return {
      kind: link.kind,
      email: link.email,
      existingAccount,
      orgId: link.orgId,
      orgNameEn: org?.nameEn ?? null,
      orgNameJa: org?.nameJa ?? null,
      role: link.role,
      expiresAt: link.expiresAt,
    };
  });

  r.post(
    '/api/v1/auth/links/:token/accept',
    { schema: { tags, params: tokenParam, body: acceptBody } },
    async (request, reply) => {
      const signedIn = await auth.acceptLink(request.params.token, request.body, request.ip);
      setSessionCookies(reply, signedIn.sessionToken, signedIn.csrfToken, secureCookies);
      return { user: await auth.me(signedIn.actor), csrfToken: signedIn.csrfToken };
    },
  );

  // An invitation to an address that has an account: its owner, signed in, accepts it (never through a password).
  r.post('/api/v1/auth/links/:token/join', { schema: { tags, params: tokenParam } }, async (request) =>
    auth.joinByLink(requireUser(request), request.params.token),
  );

  r.get('/api/v1/auth/invitations', { schema: { tags } }, async (request) => ({
    items: await auth.pendingInvitations(requireUser(request)),
  }));

  r.post('/api/v1/auth/invitations/:id/accept', { schema: { tags, params: idParam } }, async (request) =>
    auth.acceptInvitation(requireUser(request), request.params.id),
  );

  r.post('/api/v1/auth/invitations/:id/decline', { schema: { tags, params: idParam } }, async (request, reply) => {
    await auth.declineInvitation(requireUser(request), request.params.id);
    return reply.code(204).send();
  });

  r.get('/api/v1/tokens', { schema: { tags: ['tokens'] } }, async (request) => ({
    items: await auth.listTokens(requireUser(request)),
  }));

  r.post('/api/v1/tokens', { schema: { tags: ['tokens'], body: tokenBody } }, async (request, reply) => {
    const created = await auth.createToken(requireUser(request), request.body);
    return reply.code(201).send(created);
  });

  r.delete('/api/v1/tokens/:id', { schema: { tags: ['tokens'], params: idParam } }, async (request, reply) => {
    await auth.revokeToken(requireUser(request), request.params.id);
    return reply.code(204).send();
  });
}
