/** Who is signed in, their memberships, one-time links, pending invitations and API tokens. */
import type { Role } from '@cynex/core';
import type { Lang } from './common';

export interface Membership {
  orgId: string;
  orgSlug: string;
  orgNameEn: string;
  orgNameJa: string;
  role: Role;
}

export interface Me {
  id: string;
  email: string;
  displayName: string;
  locale: Lang | null;
  isPlatformAdmin: boolean;
  memberships: Membership[];
}

export interface SessionResponse {
  user: Me;
  csrfToken: string | null;
}

export interface LinkInfo {
  kind: 'invitation' | 'password_reset' | 'first_admin';
  email: string;
  /** For invitations: the address has an account, which accepts the invitation signed in (never by password). */
  existingAccount?: boolean;
  orgNameEn?: string;
  orgNameJa?: string;
  role?: Role;
  expiresAt?: string;
}

/** An invitation waiting for the signed-in person. */
export interface PendingInvitation {
  id: string;
  orgId: string;
  orgSlug: string;
  orgNameEn: string;
  orgNameJa: string;
  role: Role;
  invitedBy: string | null;
  createdAt: string;
  expiresAt: string;
}

export type TokenScope = 'read' | 'write';

export interface ApiToken {
  id: string;
  name: string;
  prefix: string;
  scopes: TokenScope[];
  createdAt: string;
  lastUsedAt: string | null;
  expiresAt: string | null;
  revokedAt: string | null;
}
