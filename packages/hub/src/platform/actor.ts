import { AppError } from '../errors.js';
import type { Role } from '@cynex/core';

export interface Membership {
  orgId: string;
  role: Role;
}

/** Who is asking: a signed-in user (by session or API token) or an anonymous visitor. */
export type Actor =
  | { kind: 'anonymous'; ip: string }
  | {
      kind: 'user';
      userId: string;
      email: string;
      displayName: string;
      isPlatformAdmin: boolean;
      memberships: Membership[];
      /** API-token scopes; undefined for a browser session, which may do whatever the roles allow. */
      tokenScopes?: readonly ('read' | 'write')[];
      ip: string;
    };

export type UserActor = Extract<Actor, { kind: 'user' }>;

export const anonymous = (ip = 'unknown'): Actor => ({ kind: 'anonymous', ip });

export function actorLabel(actor: Actor): string {
  return actor.kind === 'user' ? actor.email : `anonymous@${actor.ip}`;
}

/** The signed-in user behind a request, or UNAUTHENTICATED (401) for anonymous visitors. */
export function requireUser(actor: Actor): UserActor {
  if (actor.kind !== 'user') throw new AppError('UNAUTHENTICATED', 'sign in first');
  return actor;
}
