import { useEffect, useState } from 'react';
import { api } from '../api';
import type { Items, Member, PlatformUser } from '../types';
import { useMe } from './useAuth';
import { permissionsOf } from './usePermissions';

export interface DirectoryUser {
  id: string;
  email: string;
  displayName: string;
}

export interface DirectoryState {
  /** undefined while loading; null when the user may not list anyone (fall back to typed ids). */
  users: DirectoryUser[] | null | undefined;
}

/**
 * People the signed-in user may pick as recipients or analysts: every user for a platform admin,
 * otherwise the members of the organisations they administer.
 */
export function useUserDirectory(): DirectoryState {
  const me = useMe();
  const [users, setUsers] = useState<DirectoryUser[] | null | undefined>(undefined);

  useEffect(() => {
    let live = true;
    const permissions = permissionsOf(me);
    const managed = me.memberships.filter((m) => permissions.canManageOrg(m.orgId)).map((m) => m.orgId);
    let pending: Promise<DirectoryUser[] | null>;
    if (me.isPlatformAdmin) {
      pending = api
        .get<Items<PlatformUser>>('/users')
        .then((result) => result.items.map(({ id, email, displayName }) => ({ id, email, displayName })));
    } else if (managed.length > 0) {
      pending = Promise.all(
        managed.map((orgId) => api.get<Items<Member>>(`/orgs/${orgId}/members`).then((result) => result.items)),
      ).then((lists) => {
        const byId = new Map<string, DirectoryUser>();
        for (const member of lists.flat()) {
          byId.set(member.userId, { id: member.userId, email: member.email, displayName: member.displayName });
        }
        return [...byId.values()];
      });
    } else {
      pending = Promise.resolve(null);
    }
    pending
      .then((found) => live && setUsers(found && [...found].sort((a, b) => a.email.localeCompare(b.email))))
      .catch(() => live && setUsers(null));
    return () => {
      live = false;
    };
  }, [me]);

  return { users };
}
