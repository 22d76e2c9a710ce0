import { AppError } from '../../errors.js';
import { requireUser, type Actor } from '../../platform/actor.js';
import type { ColleaguesRepository } from './colleagues.repository.js';

export interface ColleagueQuery {
  q?: string | undefined;
  sharingGroupId?: string | undefined;
  limit: number;
  offset: number;
}

/**
 * Who an analyst may name as a TLP:RED recipient or assign to a case: the members of their own organisations and,
 * for a sharing group their organisation belongs to, the members of that group's organisations. Nobody else: the
 * list is not a directory of the platform.
 */
export class ColleaguesService {
  constructor(private readonly repo: ColleaguesRepository) {}

  async list(actor: Actor, query: ColleagueQuery) {
    const user = requireUser(actor);
    const own = user.memberships.map((m) => m.orgId);
    const orgIds = new Set(own);
    if (query.sharingGroupId) {
      const groupOrgs = await this.repo.groupOrgs(query.sharingGroupId);
      // The same answer whether the group does not exist or is someone else's: group ids reveal nothing.
      if (!groupOrgs.some((orgId) => own.includes(orgId)))
        throw new AppError('FORBIDDEN', 'no such sharing group, or your organisation is not in it');
      for (const orgId of groupOrgs) orgIds.add(orgId);
    }
    return this.repo.search([...orgIds], query);
  }
}
