/** Organisations, their members and invitations, platform users and sharing groups. */
import type { Programme, Role, Sector } from '@cynex/core';
import type { Membership } from './auth';

export interface Org {
  id: string;
  slug: string;
  nameEn: string;
  nameJa: string;
  sector: Sector;
  programmes: Programme[];
  memberCount: number;
  createdAt: string;
}

export type OrgInput = Pick<Org, 'slug' | 'nameEn' | 'nameJa' | 'sector' | 'programmes'>;

export interface Member {
  userId: string;
  email: string;
  displayName: string;
  role: Role;
  disabled: boolean;
  lockedUntil: string | null;
}

export interface Invitation {
  id: string;
  email: string;
  role: Role;
  createdAt: string;
  expiresAt: string;
  usedAt: string | null;
}

export interface OneTimeLink {
  id?: string;
  link: string;
  expiresAt: string;
}

export interface PlatformUser {
  id: string;
  email: string;
  displayName: string;
  isPlatformAdmin: boolean;
  disabled: boolean;
  createdAt: string;
  memberships: Membership[];
}

export interface SharingGroup {
  id: string;
  name: string;
  ownerOrgId: string;
  orgIds: string[];
  createdAt: string;
}
