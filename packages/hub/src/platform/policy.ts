import { and, eq, inArray, or, sql, type SQL, type SQLWrapper } from 'drizzle-orm';
import { INTEL_READER_ROLES, INTEL_WRITER_ROLES, type Role } from '@cynex/core';
import { sharingGroupOrgs } from '../modules/orgs/orgs.table.js';
import type { Actor, SensorPurpose } from './actor.js';

/**
 * The columns of a shareable table the policy reads: a table's columns, or SQL expressions naming the columns of
 * a derived row (to ask whether someone could read a record before it is written).
 */
export interface ShareableTable {
  ownerOrgId: SQLWrapper;
  scope: SQLWrapper;
  marking: SQLWrapper;
  sharingGroupId: SQLWrapper;
  recipientUserIds: SQLWrapper;
  createdBy: SQLWrapper;
}

const NOTHING = sql`false`;

function orgsWithRole(actor: Actor, roles: readonly Role[]): string[] {
  return actor.kind === 'user' ? actor.memberships.filter((m) => roles.includes(m.role)).map((m) => m.orgId) : [];
}

/** The record's sharing group is one that one of the organisations belongs to. */
const inGroupOf = (t: ShareableTable, orgIds: string[]): SQL =>
  inArray(
    t.sharingGroupId,
    sql`(select ${sharingGroupOrgs.groupId} from ${sharingGroupOrgs} where ${inArray(sharingGroupOrgs.orgId, orgIds)})`,
  );

/**
 * THE visibility rule: the one function that decides which shareable records an actor may read.
 * Every read path (get, list, search, export, counts) puts this condition in its WHERE clause, so a
 * record that is not visible is never loaded, counted or exported. Default deny.
 *
 * - sensors (by their sensor credential): nothing at all, not even public records;
 * - anonymous visitors: scope public and TLP:CLEAR only;
 * - TLP:RED: the named recipients and the record's creator only, whoever else asks (platform admins too), and
 *   only while they are members of the owner organisation or of an organisation in the record's sharing group:
 *   someone removed from the organisation, or whose organisation left the group, reads it no more;
 * - platform admins: every other record;
 * - intelligence readers (org admin, analyst, instructor, viewer) of an organisation: its records in every scope,
 *   sharing-group records of the groups it belongs to, community and public records;
 * - other members (learner, vendor): community and public records marked CLEAR or GREEN.
 */
export function visibleTo(actor: Actor, t: ShareableTable): SQL {
  if (actor.kind === 'sensor') return NOTHING;
  if (actor.kind === 'anonymous') {
    return and(eq(t.scope, 'public'), eq(t.marking, 'CLEAR')) ?? NOTHING;
  }
  const memberOrgs = actor.memberships.map((m) => m.orgId);
  const red =
    memberOrgs.length === 0
      ? NOTHING
      : (and(
          eq(t.marking, 'RED'),
          or(sql`${actor.userId}::uuid = ANY(${t.recipientUserIds})`, eq(t.createdBy, actor.userId)),
          or(inArray(t.ownerOrgId, memberOrgs), and(eq(t.scope, 'sharing_group'), inGroupOf(t, memberOrgs))),
        ) ?? NOTHING);
  if (actor.isPlatformAdmin) {
    return or(sql`${t.marking} <> 'RED'`, red) ?? NOTHING;
  }
  const readerOrgs = orgsWithRole(actor, INTEL_READER_ROLES);
  const anyMembership = actor.memberships.length > 0;
  const allowed: SQL[] = [];
  if (anyMembership) {
    allowed.push(and(inArray(t.scope, ['community', 'public']), inArray(t.marking, ['CLEAR', 'GREEN'])) ?? NOTHING);
  } else {
    allowed.push(and(eq(t.scope, 'public'), eq(t.marking, 'CLEAR')) ?? NOTHING);
  }
  if (readerOrgs.length > 0) {
    allowed.push(inArray(t.scope, ['community', 'public']));
    allowed.push(inArray(t.ownerOrgId, readerOrgs));
    allowed.push(and(eq(t.scope, 'sharing_group'), inGroupOf(t, readerOrgs)) ?? NOTHING);
  }
  const nonRed = and(sql`${t.marking} <> 'RED'`, or(...allowed));
  return or(nonRed, red) ?? NOTHING;
}

/** Whether the actor may create or change records owned by an organisation. */
export function canWriteFor(actor: Actor, ownerOrgId: string): boolean {
  if (actor.kind !== 'user') return false;
  if (actor.tokenScopes && !actor.tokenScopes.includes('write')) return false;
  return actor.isPlatformAdmin || orgsWithRole(actor, INTEL_WRITER_ROLES).includes(ownerOrgId);
}

/** Whether the actor manages the people of an organisation. */
export function canManageOrg(actor: Actor, orgId: string): boolean {
  if (actor.kind !== 'user') return false;
  if (actor.tokenScopes && !actor.tokenScopes.includes('write')) return false;
  return actor.isPlatformAdmin || orgsWithRole(actor, ['org_admin']).includes(orgId);
}

/** The organisations an actor may write intelligence for. */
export function writableOrgs(actor: Actor): string[] {
  return orgsWithRole(actor, INTEL_WRITER_ROLES);
}

/**
 * Darknet aggregates are community material (TLP:GREEN): any signed-in member of an organisation and platform
 * admins read them; anonymous visitors and accounts without a membership do not.
 */
export function canReadTelescope(actor: Actor): boolean {
  return actor.kind === 'user' && (actor.isPlatformAdmin || actor.memberships.length > 0);
}

/**
 * Why an upload for a sensor is refused, or undefined when it is allowed. A sensor credential uploads for its own
 * sensor id and for the purposes it was registered with; platform admins (by session or a token with write scope)
 * still upload for any sensor during the transition to sensor credentials. Pass no sensor id to ask before the
 * body is read.
 */
export function sensorUploadRefusal(
  actor: Actor,
  purpose: SensorPurpose,
  sensorId?: string,
): 'unauthenticated' | 'not_platform_admin' | 'wrong_purpose' | 'wrong_sensor' | undefined {
  switch (actor.kind) {
    case 'anonymous':
      return 'unauthenticated';
    case 'sensor':
      if (!actor.purposes.includes(purpose)) return 'wrong_purpose';
      if (sensorId !== undefined && sensorId !== actor.sensorId) return 'wrong_sensor';
      return undefined;
    case 'user':
      if (actor.tokenScopes && !actor.tokenScopes.includes('write')) return 'not_platform_admin';
      return actor.isPlatformAdmin ? undefined : 'not_platform_admin';
  }
}

/** Sensor credentials are platform infrastructure: platform admins list, register and revoke them. */
export function canManageSensors(actor: Actor): boolean {
  return actor.kind === 'user' && actor.isPlatformAdmin;
}

/**
 * Member alerts belong to their organisation: its members (any role) and platform admins read them.
 * Returns 'all' for platform admins, else the organisations whose alerts the actor reads.
 */
export function alertReadableOrgs(actor: Actor): 'all' | string[] {
  if (actor.kind !== 'user') return [];
  return actor.isPlatformAdmin ? 'all' : actor.memberships.map((m) => m.orgId);
}

/**
 * Watchlist alerts carry evidence from records their organisation's intelligence readers may read (labels of
 * organisation-scoped cases...), so only those readers (and platform admins) see them, not its learners or vendors.
 */
export function watchlistAlertOrgs(actor: Actor): 'all' | string[] {
  if (actor.kind !== 'user') return [];
  return actor.isPlatformAdmin ? 'all' : orgsWithRole(actor, INTEL_READER_ROLES);
}

/** Acknowledging an alert is the organisation's own call: its org admins and analysts. */
export function canAcknowledgeAlert(actor: Actor, orgId: string): boolean {
  if (actor.kind !== 'user') return false;
  if (actor.tokenScopes && !actor.tokenScopes.includes('write')) return false;
  return orgsWithRole(actor, ['org_admin', 'analyst']).includes(orgId);
}
