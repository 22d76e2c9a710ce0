/**
 * Small enumerations the console needs at run time. @cynex/core is imported for types only: its index
 * also carries the ATT&CK catalogue (~230 KB) and zod, which must stay out of the browser bundle.
 * The `Exhaustive` checks make `tsc` fail when core gains a value these lists lack.
 */
import type { C2State, CaseStatus, EnvironmentKind, ProgressLevel, Programme, Role, Scope, Sector, Tlp } from './types';

type Exhaustive<All, Listed extends All> = [Exclude<All, Listed>] extends [never] ? true : never;
const exhaustive = <T extends true>(value: T): T => value;

export const TLP_LABELS = ['CLEAR', 'GREEN', 'AMBER', 'AMBER+STRICT', 'RED'] as const satisfies readonly Tlp[];
export const SCOPES = ['organisation', 'sharing_group', 'community', 'public'] as const satisfies readonly Scope[];
export const ROLES = [
  'platform_admin',
  'org_admin',
  'analyst',
  'instructor',
  'learner',
  'vendor',
  'viewer',
] as const satisfies readonly Role[];
/** Roles an organisation admin can give inside an organisation (platform admin is a user flag). */
export const ORG_ROLES = ROLES.filter((role) => role !== 'platform_admin');
export const INTEL_WRITER_ROLES: readonly Role[] = ['platform_admin', 'org_admin', 'analyst'];
export const ORG_MANAGER_ROLES: readonly Role[] = ['platform_admin', 'org_admin'];
export const SECTORS = ['industry', 'academia', 'government'] as const satisfies readonly Sector[];
export const PROGRAMMES = ['A', 'S', 'E', 'C'] as const satisfies readonly Programme[];
export const CASE_STATUSES = ['observing', 'closed'] as const satisfies readonly CaseStatus[];
export const ENVIRONMENT_KINDS = ['decoy', 'external'] as const satisfies readonly EnvironmentKind[];
export const C2_STATES = ['unknown', 'none', 'failed', 'established'] as const satisfies readonly C2State[];
export const LEVELS = [1, 2, 3, 4, 5, 6, 7, 8] as const satisfies readonly ProgressLevel[];

exhaustive<Exhaustive<Tlp, (typeof TLP_LABELS)[number]>>(true);
exhaustive<Exhaustive<Scope, (typeof SCOPES)[number]>>(true);
exhaustive<Exhaustive<Role, (typeof ROLES)[number]>>(true);
exhaustive<Exhaustive<Sector, (typeof SECTORS)[number]>>(true);
exhaustive<Exhaustive<Programme, (typeof PROGRAMMES)[number]>>(true);
exhaustive<Exhaustive<C2State, (typeof C2_STATES)[number]>>(true);

/** The widest scope each marking allows (mirrors WIDEST_SCOPE in @cynex/core's sharing rules). */
export const WIDEST_SCOPE: Readonly<Record<Tlp, Scope>> = {
  CLEAR: 'public',
  GREEN: 'community',
  AMBER: 'community',
  'AMBER+STRICT': 'organisation',
  RED: 'sharing_group',
};

export function scopeAllowed(marking: Tlp, scope: Scope): boolean {
  return SCOPES.indexOf(scope) <= SCOPES.indexOf(WIDEST_SCOPE[marking]);
}

/** Official TLP 2.0 colours (FIRST): text on a black background. */
export const TLP_COLOURS: Readonly<Record<Tlp, { fg: string; bg: string; border: string }>> = {
  CLEAR: { fg: '#FFFFFF', bg: '#000000', border: '#000000' },
  GREEN: { fg: '#33FF00', bg: '#000000', border: '#000000' },
  AMBER: { fg: '#FFC000', bg: '#000000', border: '#000000' },
  'AMBER+STRICT': { fg: '#FFC000', bg: '#000000', border: '#000000' },
  RED: { fg: '#FF2B2B', bg: '#000000', border: '#000000' },
};

/** Progress-level colours, from "did not run" (cool) to "continuous activity" (hot). */
export const LEVEL_COLOURS: Readonly<Record<ProgressLevel, string>> = {
  1: '#8a94a6',
  2: '#4f7cac',
  3: '#2f9c95',
  4: '#5aa03c',
  5: '#d4a017',
  6: '#e07b22',
  7: '#d2452f',
  8: '#8e1b3a',
};

export const MITRE_BASE = 'https://attack.mitre.org';

/** The attack.mitre.org page of a technique: T1555.003 → /techniques/T1555/003/. */
export function techniqueUrl(id: string): string {
  return `${MITRE_BASE}/techniques/${id.replace('.', '/')}/`;
}

export const LANG_STORAGE_KEY = 'cynex.lang';
