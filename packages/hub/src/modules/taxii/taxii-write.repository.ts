import { and, eq, inArray } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { stixObjects } from '../intel/intel.table.js';
import { taxiiStatuses } from './taxii.table.js';

export type TaxiiStatusInsert = typeof taxiiStatuses.$inferInsert;
export type TaxiiStatusRow = typeof taxiiStatuses.$inferSelect;

/** One stored copy of an object version, as DELETE picks among them. */
export interface OwnVersion {
  rowId: string;
  ownerOrgId: string;
  version: string;
}

/** The TAXII write side's storage: status resources, and an organisation's own object versions. */
export class TaxiiWriteRepository {
  constructor(private readonly db: Db) {}

  async insertStatus(status: TaxiiStatusInsert): Promise<TaxiiStatusRow> {
    const [row] = await this.db.insert(taxiiStatuses).values(status).returning();
    return row!;
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

  /** The versions of an object that these organisations own (never anyone else's copies). */
  async ownVersions(stixId: string, orgIds: string[]): Promise<OwnVersion[]> {
    if (orgIds.length === 0) return [];
    return this.db
      .select({ rowId: stixObjects.id, ownerOrgId: stixObjects.ownerOrgId, version: stixObjects.version })
      .from(stixObjects)
      .where(and(eq(stixObjects.stixId, stixId), inArray(stixObjects.ownerOrgId, orgIds)));
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
