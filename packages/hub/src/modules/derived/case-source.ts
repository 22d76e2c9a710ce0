import { and, asc, eq, gt, inArray } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { caseBehaviours, caseFiles, cases } from '../cases/cases.table.js';
import { organisations } from '../orgs/orgs.table.js';
import { caseIntel } from './case-intel.js';
import type { DerivedSet, IntelSource } from './intel-source.js';

/** Observation cases as a source of derived intelligence (see `caseIntel`). */
export class CaseIntelSource implements IntelSource {
  readonly kind = 'case';

  constructor(private readonly db: Db) {}

  async derive(ids: readonly string[], at: Date): Promise<Map<string, DerivedSet>> {
    const out = new Map<string, DerivedSet>();
    if (ids.length === 0) return out;
    const [rows, behaviours, samples] = await Promise.all([
      this.db
        .select({ c: cases, ownerName: organisations.nameEn, anonymise: organisations.anonymiseSightings })
        .from(cases)
        .innerJoin(organisations, eq(organisations.id, cases.ownerOrgId))
        .where(inArray(cases.id, [...ids])),
      this.db
        .select()
        .from(caseBehaviours)
        .where(inArray(caseBehaviours.casePk, [...ids]))
        .orderBy(asc(caseBehaviours.occurredAt)),
      this.db
        .select()
        .from(caseFiles)
        .where(and(inArray(caseFiles.casePk, [...ids]), eq(caseFiles.kind, 'sample'))),
    ]);
    for (const { c, ownerName, anonymise } of rows) {
      out.set(c.id, {
        sharing: {
          ownerOrgId: c.ownerOrgId,
          scope: c.scope,
          marking: c.marking,
          sharingGroupId: c.sharingGroupId,
          recipientUserIds: c.recipientUserIds,
          createdBy: c.createdBy,
        },
        objects: caseIntel(
          {
            id: c.id,
            caseId: c.caseId,
            ownerOrgId: c.ownerOrgId,
            ownerName,
            anonymise,
            marking: c.marking,
            malwareFamily: c.malwareFamily,
            sampleName: c.sampleName,
            progressLevel: c.progressLevel,
            summaryEn: c.summaryEn,
            createdAt: c.createdAt,
            updatedAt: c.updatedAt,
            behaviours: behaviours.filter((b) => b.casePk === c.id),
            samples: samples.filter((f) => f.casePk === c.id),
          },
          at,
        ),
      });
    }
    return out;
  }

  async changedSince(since: Date | undefined) {
    return this.db
      .select({ id: cases.id, changedAt: cases.updatedAt })
      .from(cases)
      .where(since ? gt(cases.updatedAt, since) : undefined);
  }
}
