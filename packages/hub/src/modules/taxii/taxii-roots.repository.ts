import { asc, eq, inArray } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { organisations, sharingGroupOrgs, sharingGroups } from '../orgs/orgs.table.js';

export interface RootOrg {
  id: string;
  slug: string;
  nameEn: string;
}

export interface GroupOfOrg {
  id: string;
  name: string;
}

/** What the TAXII API roots are made of: organisations (one root each) and the sharing groups they are in. */
export class TaxiiRootsRepository {
  constructor(private readonly db: Db) {}

  async orgBySlug(slug: string): Promise<RootOrg | undefined> {
    const [row] = await this.db
      .select({ id: organisations.id, slug: organisations.slug, nameEn: organisations.nameEn })
      .from(organisations)
      .where(eq(organisations.slug, slug));
    return row;
  }

  /** These organisations, or every organisation when ids is 'all'; by slug. */
  async orgs(ids: string[] | 'all'): Promise<RootOrg[]> {
    if (ids !== 'all' && ids.length === 0) return [];
    const query = this.db
      .select({ id: organisations.id, slug: organisations.slug, nameEn: organisations.nameEn })
      .from(organisations);
    return (ids === 'all' ? query : query.where(inArray(organisations.id, ids))).orderBy(asc(organisations.slug));
  }

  /** The sharing groups any of these organisations is in (the policy's own membership), each once, by name. */
  async groupsOf(orgIds: string[]): Promise<GroupOfOrg[]> {
    if (orgIds.length === 0) return [];
    return this.db
      .selectDistinct({ id: sharingGroups.id, name: sharingGroups.name })
      .from(sharingGroups)
      .innerJoin(sharingGroupOrgs, eq(sharingGroupOrgs.groupId, sharingGroups.id))
      .where(inArray(sharingGroupOrgs.orgId, orgIds))
      .orderBy(asc(sharingGroups.name), asc(sharingGroups.id));
  }
}
