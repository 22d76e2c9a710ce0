import { z } from 'zod';
import { ROLES, type Role } from './role-list.js';

export const roleSchema = z.enum(ROLES);

/** Roles that read their organisation's and the community's intelligence (cases, reports). */
export const INTEL_READER_ROLES: readonly Role[] = ['platform_admin', 'org_admin', 'analyst', 'instructor', 'viewer'];
/** Roles that create and edit cases for their organisation. */
export const INTEL_WRITER_ROLES: readonly Role[] = ['platform_admin', 'org_admin', 'analyst'];
/** Roles that manage an organisation's people. */
export const ORG_MANAGER_ROLES: readonly Role[] = ['platform_admin', 'org_admin'];

export const ROLE_NAMES: Readonly<Record<Role, { en: string; ja: string }>> = {
  platform_admin: { en: 'Platform admin', ja: 'プラットフォーム管理者' },
  org_admin: { en: 'Organisation admin', ja: '組織管理者' },
  analyst: { en: 'Analyst', ja: 'アナリスト' },
  instructor: { en: 'Instructor', ja: '講師' },
  learner: { en: 'Learner', ja: '受講者' },
  vendor: { en: 'Vendor', ja: 'ベンダー' },
  viewer: { en: 'Viewer', ja: '閲覧者' },
};

export const SECTORS = ['industry', 'academia', 'government'] as const;
export const sectorSchema = z.enum(SECTORS);
export type Sector = z.infer<typeof sectorSchema>;

/** CYNEX programmes: A observation & analysis, S SOC & sharing, E evaluation, C exercises. */
export const PROGRAMMES = ['A', 'S', 'E', 'C'] as const;
export const programmeSchema = z.enum(PROGRAMMES);
export type Programme = z.infer<typeof programmeSchema>;
