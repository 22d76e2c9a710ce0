import { and, asc, desc, eq } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { cvdAdvisories } from './cvd.table.js';

export type CvdAdvisoryRow = typeof cvdAdvisories.$inferSelect;

/** SQL of published advisory versions. Callers have already checked that the actor sees the case. */
export class AdvisoriesRepository {
  constructor(private readonly db: Db) {}

  /** Every version of a case's advisory, oldest first. */
  async versions(caseId: string): Promise<CvdAdvisoryRow[]> {
    return this.db
      .select()
      .from(cvdAdvisories)
      .where(eq(cvdAdvisories.caseId, caseId))
      .orderBy(asc(cvdAdvisories.version));
  }

  async latest(caseId: string): Promise<CvdAdvisoryRow | undefined> {
    const [row] = await this.db
      .select()
      .from(cvdAdvisories)
      .where(eq(cvdAdvisories.caseId, caseId))
      .orderBy(desc(cvdAdvisories.version))
      .limit(1);
    return row;
  }

  /** Stores a version; the unique (case, version) makes a concurrent publish of the same version a 409. */
  async insert(values: typeof cvdAdvisories.$inferInsert): Promise<CvdAdvisoryRow> {
    const [row] = await this.db.insert(cvdAdvisories).values(values).returning();
    return row!;
  }

  /** Takes back a version whose case could not be marked published (so the two never disagree). */
  async remove(caseId: string, version: number): Promise<void> {
    await this.db
      .delete(cvdAdvisories)
      .where(and(eq(cvdAdvisories.caseId, caseId), eq(cvdAdvisories.version, version)));
  }
}
