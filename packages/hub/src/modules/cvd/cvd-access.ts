import { and, eq, inArray, or, sql, type SQL } from 'drizzle-orm';
import { INTEL_READER_ROLES, INTEL_WRITER_ROLES, type Role } from '@cynex/core';
import type { Actor, UserActor } from '../../platform/actor.js';
import { cvdCases, cvdEvents } from './cvd.table.js';

const NOTHING = sql`false`;

const orgsWithRole = (actor: UserActor, roles: readonly Role[]): string[] =>
  actor.memberships.filter((m) => roles.includes(m.role)).map((m) => m.orgId);

/**
 * THE visibility rule of vulnerability coordination cases: every read path (get, list, contacts, attachments,
 * downloads) puts this condition in its WHERE clause; a case it does not match answers 404. Default deny.
 *
 * - platform admins: every case;
 * - intelligence readers (org admin, analyst, instructor, viewer) of the reporter organisation: its cases;
 * - the case's coordinators (`coordinator_user_ids`), whatever their organisation;
 * - members with role vendor of the case's vendor organisation: only once the vendor has been notified (the case
 *   has an event to `vendor_notified`), and from then on whatever its status (also after closing or publication);
 * - everyone else (other organisations, the vendor before notification, anonymous visitors, sensors): nothing.
 *   After publication the public learns of the case through its advisory's public page, never through this record.
 */
export function cvdVisibleTo(actor: Actor): SQL {
  if (actor.kind !== 'user') return NOTHING;
  if (actor.isPlatformAdmin) return sql`true`;
  const readerOrgs = orgsWithRole(actor, INTEL_READER_ROLES);
  const vendorOrgs = orgsWithRole(actor, ['vendor']);
  const allowed: SQL[] = [sql`${actor.userId}::uuid = ANY(${cvdCases.coordinatorUserIds})`];
  if (readerOrgs.length > 0) allowed.push(inArray(cvdCases.reporterOrgId, readerOrgs));
  if (vendorOrgs.length > 0) {
    allowed.push(
      and(
        inArray(cvdCases.vendorOrgId, vendorOrgs),
        sql`exists (select 1 from ${cvdEvents} where ${cvdEvents.caseId} = ${cvdCases.id} and ${eq(cvdEvents.toStatus, 'vendor_notified')})`,
      ) ?? NOTHING,
    );
  }
  return or(...allowed) ?? NOTHING;
}

/** The parts of a case the permissions read. */
export interface CvdCaseParties {
  reporterOrgId: string;
  vendorOrgId: string | null;
  coordinatorUserIds: string[];
}

/** What a user who sees a case may do with it (only asked of cases `cvdVisibleTo` let through). */
export interface CvdPermissions {
  /** Edit the case, change its status, upload attachments, add any contact-log entry. */
  write: boolean;
  /** Add contact-log entries: writers, and the vendor's members (their entries are inbound replies). */
  addContact: boolean;
  /** Seen as the vendor only: sees no internal contact-log notes, and what it adds is an inbound reply. */
  vendorOnly: boolean;
  /** Assign coordinators: platform admins and the reporter organisation's admins. */
  assignCoordinators: boolean;
}

const canWriteToken = (actor: UserActor) => !actor.tokenScopes || actor.tokenScopes.includes('write');

/**
 * Who may write: the reporter organisation's intelligence writers (org admin, analyst), the coordinators and
 * platform admins. Vendors add contact-log entries and read the status; they never change status or CVSS.
 * Read-only API tokens write nothing.
 */
export function cvdPermissions(actor: UserActor, row: CvdCaseParties): CvdPermissions {
  const writeToken = canWriteToken(actor);
  const writer =
    actor.isPlatformAdmin ||
    orgsWithRole(actor, INTEL_WRITER_ROLES).includes(row.reporterOrgId) ||
    row.coordinatorUserIds.includes(actor.userId);
  const reader =
    writer ||
    orgsWithRole(actor, INTEL_READER_ROLES).includes(row.reporterOrgId) ||
    row.coordinatorUserIds.includes(actor.userId);
  const vendor = row.vendorOrgId !== null && orgsWithRole(actor, ['vendor']).includes(row.vendorOrgId);
  return {
    write: writeToken && writer,
    addContact: writeToken && (writer || vendor),
    vendorOnly: !reader && vendor,
    assignCoordinators:
      writeToken && (actor.isPlatformAdmin || orgsWithRole(actor, ['org_admin']).includes(row.reporterOrgId)),
  };
}

/** The organisations a user may report vulnerabilities for (intelligence writers). */
export function cvdReporterOrgs(actor: UserActor): string[] {
  return canWriteToken(actor) ? orgsWithRole(actor, INTEL_WRITER_ROLES) : [];
}
