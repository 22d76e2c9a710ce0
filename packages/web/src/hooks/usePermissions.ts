import { useMemo } from 'react';
import { INTEL_WRITER_ROLES, ORG_MANAGER_ROLES } from '../constants';
import type { Me } from '../types';
import { useMe } from './useAuth';

export interface Permissions {
  isPlatformAdmin: boolean;
  /** Admin of at least one organisation (or platform admin): sees the audit log. */
  isAnyOrgAdmin: boolean;
  canWriteCases: boolean;
  canManageOrg: (orgId: string) => boolean;
  canWriteForOrg: (orgId: string) => boolean;
  /** Organisations the user may create cases for. */
  writableOrgIds: string[];
}

export function permissionsOf(me: Me): Permissions {
  const roleIn = (orgId: string) => me.memberships.find((membership) => membership.orgId === orgId)?.role;
  const writable = me.memberships.filter((m) => INTEL_WRITER_ROLES.includes(m.role)).map((m) => m.orgId);
  return {
    isPlatformAdmin: me.isPlatformAdmin,
    isAnyOrgAdmin: me.isPlatformAdmin || me.memberships.some((m) => ORG_MANAGER_ROLES.includes(m.role)),
    canWriteCases: me.isPlatformAdmin || writable.length > 0,
    canManageOrg: (orgId) => me.isPlatformAdmin || ORG_MANAGER_ROLES.includes(roleIn(orgId) ?? 'viewer'),
    canWriteForOrg: (orgId) => me.isPlatformAdmin || INTEL_WRITER_ROLES.includes(roleIn(orgId) ?? 'viewer'),
    writableOrgIds: writable,
  };
}

export function usePermissions(): Permissions {
  const me = useMe();
  return useMemo(() => permissionsOf(me), [me]);
}
