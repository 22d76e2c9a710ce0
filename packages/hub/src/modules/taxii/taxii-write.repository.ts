import { and, eq, inArray, lt, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { stixImportObjects, stixObjects } from '../intel/intel.table.js';
import { taxiiStatuses } from './taxii.table.js';

export type TaxiiStatusInsert = typeof taxiiStatuses.$inferInsert;
export type TaxiiStatusRow = typeof taxiiStatuses.$inferSelect;
type Scope = (typeof stixObjects.$inferSelect)['scope'];

/** One stored copy of an object version, as DELETE picks among them. */
export interface OwnVersion {
  rowId: string;
  ownerOrgId: string;
  version: string;
  /** Derived here from a case or decoy record (`x_cynex_source`, not imported): regenerated from it, never deleted by hand. */
  derived: boolean;
}

/** The TAXII write side's storage: status resources, and an organisation's own object versions. */
export class TaxiiWriteRepository {
  constructor(private readonly db: Db) {}

  async insertStatus(status: TaxiiStatusInsert): Promise<TaxiiStatusRow> {
    const [row] = await this.db.insert(taxiiStatuses).values(status).returning();
    return row!;
  }

  /** The counts of a pending status as its import goes on; a status already complete stays as it is. */
  async progress(
    id: string,
    counts: Pick<TaxiiStatusRow, 'successCount' | 'failureCount' | 'pendingCount'>,
  ): Promise<void> {
    await this.db
      .update(taxiiStatuses)
      .set(counts)
      .where(and(eq(taxiiStatuses.id, id), eq(taxiiStatuses.status, 'pending')));
  }

  async finishStatus(id: string, values: Partial<TaxiiStatusInsert>): Promise<void> {
    await this.db.update(taxiiStatuses).set(values).where(eq(taxiiStatuses.id, id));
  }

  /** Statuses still pending that were requested before a time. */
  async stalePending(requestedBefore: Date): Promise<TaxiiStatusRow[]> {
    return this.db
      .select()
      .from(taxiiStatuses)
      .where(and(eq(taxiiStatuses.status, 'pending'), lt(taxiiStatuses.requestTimestamp, requestedBefore)))
      .limit(100);
  }

  /** A status resource of one of these organisations; undefined otherwise, whether or not it exists. */
  async status(id: string, orgIds: string[]): Promise<TaxiiStatusRow | undefined> {
    if (orgIds.length === 0) return undefined;
    const [row] = await this.db
      .select()
      .from(taxiiStatuses)
      .where(and(eq(taxiiStatuses.id, id), inArray(taxiiStatuses.ownerOrgId, orgIds)));
    return row;
  }

  /** The versions of an object that these organisations own (never anyone else's copies), in these scopes. */
  async ownVersions(
    stixId: string,
    orgIds: string[],
    scopes?: Scope[],
    sharingGroupIds?: string[],
  ): Promise<OwnVersion[]> {
    if (orgIds.length === 0) return [];
    const t = stixObjects;
    return this.db
      .select({
        rowId: t.id,
        ownerOrgId: t.ownerOrgId,
        version: t.version,
        // An object imported from another hub may carry that hub's x_cynex_source: it is an ordinary import here.
        derived: sql<boolean>`(${t.object} ->> 'x_cynex_source') is not null and not exists (select 1 from ${stixImportObjects} where ${stixImportObjects.objectId} = ${t.id})`,
      })
      .from(t)
      .where(
        and(
          eq(t.stixId, stixId),
          inArray(t.ownerOrgId, orgIds),
          scopes ? inArray(t.scope, scopes) : undefined,
          sharingGroupIds ? inArray(t.sharingGroupId, sharingGroupIds) : undefined,
        ),
      );
  }

  async deleteVersions(rowIds: string[]): Promise<number> {
    if (rowIds.length === 0) return 0;
    const deleted = await this.db
      .delete(stixObjects)
      .where(inArray(stixObjects.id, rowIds))
      .returning({ id: stixObjects.id });
    return deleted.length;
  }
}
