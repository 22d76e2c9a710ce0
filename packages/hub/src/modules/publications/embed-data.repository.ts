import { and, asc, count, desc, eq, inArray, or, sql, type SQL } from 'drizzle-orm';
import { TLP_LABELS, type Scope, type Tlp } from '@cynex/core';
import type { Db } from '../../db/client.js';
import { rowsOf } from '../../db/rows.js';
import type { Actor } from '../../platform/actor.js';
import { visibleTo } from '../../platform/policy.js';
import { cases, caseBehaviours } from '../cases/cases.table.js';
import { sharingGroupOrgs } from '../orgs/orgs.table.js';

/** Who a publication is for: its owner and sharing. */
export interface Audience {
  ownerOrgId: string;
  scope: Scope;
  marking: Tlp;
  sharingGroupId: string | null;
}

/**
 * THE embed scope rule for cases: a case may feed a publication only when everyone in the publication's audience
 * could read it. Its marking is no more restrictive than the publication's (and never RED: named recipients differ
 * from record to record), and its scope is at least as wide: public ⊂ community ⊂ the publication's sharing group ⊂
 * the owner organisation (which reads its own cases and those of the groups it belongs to).
 */
export function fitsAudience(audience: Audience): SQL {
  const markings = TLP_LABELS.slice(0, TLP_LABELS.indexOf(audience.marking) + 1).filter((m) => m !== 'RED');
  const wide: SQL[] = [];
  switch (audience.scope) {
    case 'public':
      wide.push(eq(cases.scope, 'public'));
      break;
    case 'community':
      wide.push(inArray(cases.scope, ['community', 'public']));
      break;
    case 'sharing_group':
      wide.push(inArray(cases.scope, ['community', 'public']));
      if (audience.sharingGroupId)
        wide.push(and(eq(cases.scope, 'sharing_group'), eq(cases.sharingGroupId, audience.sharingGroupId))!);
      break;
    case 'organisation':
      wide.push(
        inArray(cases.scope, ['community', 'public']),
        and(eq(cases.scope, 'organisation'), eq(cases.ownerOrgId, audience.ownerOrgId))!,
        and(
          eq(cases.scope, 'sharing_group'),
          inArray(
            cases.sharingGroupId,
            sql`(select ${sharingGroupOrgs.groupId} from ${sharingGroupOrgs} where ${sharingGroupOrgs.orgId} = ${audience.ownerOrgId})`,
          ),
        )!,
      );
      break;
  }
  return and(inArray(cases.marking, markings), or(...wide))!;
}

export interface EmbedCaseRow {
  id: string;
  caseId: string;
  malwareFamily: string;
  progressLevel: number;
  startDate: string;
  status: string;
}

/** The case data embeds read: only cases the author may read AND the audience may read. */
export class EmbedDataRepository {
  constructor(private readonly db: Db) {}

  private where(author: Actor, audience: Audience): SQL {
    return and(visibleTo(author, cases), fitsAudience(audience))!;
  }

  async caseLevels(author: Actor, audience: Audience) {
    return this.db
      .select({ level: cases.progressLevel, count: count() })
      .from(cases)
      .where(this.where(author, audience))
      .groupBy(cases.progressLevel)
      .orderBy(asc(cases.progressLevel));
  }

  async caseFamilies(author: Actor, audience: Audience, limit: number) {
    return this.db
      .select({ family: cases.malwareFamily, count: count() })
      .from(cases)
      .where(this.where(author, audience))
      .groupBy(cases.malwareFamily)
      .orderBy(desc(count()), asc(cases.malwareFamily))
      .limit(limit);
  }

  async cases(author: Actor, audience: Audience, family: string | undefined, limit: number): Promise<EmbedCaseRow[]> {
    return this.db
      .select({
        id: cases.id,
        caseId: cases.caseId,
        malwareFamily: cases.malwareFamily,
        progressLevel: cases.progressLevel,
        startDate: cases.startDate,
        status: cases.status,
      })
      .from(cases)
      .where(and(this.where(author, audience), family ? eq(cases.malwareFamily, family) : undefined))
      .orderBy(desc(cases.startDate), asc(cases.caseId))
      .limit(limit);
  }

  /** ATT&CK techniques recorded on the behaviours of the cases, with the number of cases each was seen in. */
  async techniques(author: Actor, audience: Audience, limit: number) {
    const rows = await rowsOf<{ technique: string; cases: number | string }>(
      this.db,
      sql`select t.technique, count(distinct b.case_pk)::int as cases
          from ${caseBehaviours} b cross join lateral unnest(b.technique_ids) as t(technique)
          where b.case_pk in (select ${cases.id} from ${cases} where ${this.where(author, audience)})
          group by 1 order by 2 desc, 1 asc limit ${limit}`,
    );
    return rows.map((r) => ({ technique: r.technique, cases: Number(r.cases) }));
  }

  /**
   * A case named by `[[case:…]]` (its uuid or its case id), as the author reads it, and whether the audience may:
   * undefined when the author may not read it at all.
   */
  async findCase(author: Actor, audience: Audience, ref: string) {
    const isUuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(ref);
    const [row] = await this.db
      .select({
        id: cases.id,
        caseId: cases.caseId,
        malwareFamily: cases.malwareFamily,
        fits: sql<boolean>`(${fitsAudience(audience)})`,
      })
      .from(cases)
      .where(and(visibleTo(author, cases), isUuid ? eq(cases.id, ref) : eq(cases.caseId, ref)))
      // An author's own organisation's case first when a case id is used by several organisations.
      .orderBy(sql`(${cases.ownerOrgId} = ${audience.ownerOrgId}) desc`, asc(cases.id))
      .limit(1);
    return row ? { ...row, fits: row.fits === true || String(row.fits) === 't' } : undefined;
  }
}
