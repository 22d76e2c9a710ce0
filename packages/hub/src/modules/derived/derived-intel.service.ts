import { and, eq, inArray, sql } from 'drizzle-orm';
import { validateStixObject } from '@cynex/core';
import type { Db } from '../../db/client.js';
import { stixImportObjects, stixObjects } from '../intel/intel.table.js';
import { organisations } from '../orgs/orgs.table.js';
import type { IntelSource } from './intel-source.js';
import { ANONYMOUS_MEMBER } from './source-identity.js';

/** The source key of a derived object (`case:<uuid>`), kept in the object as `x_cynex_source`. */
const sourceKey = sql<string>`${stixObjects.object} ->> 'x_cynex_source'`;
/**
 * Objects the hub derived itself: an imported object may carry `x_cynex_source` too (exported by another cynex hub
 * and brought in here), but it came with an import, and no refresh replaces or removes it.
 */
const notImported = sql`not exists (select 1 from ${stixImportObjects} where ${stixImportObjects.objectId} = ${stixObjects.id})`;

/** Records derived in one transaction, and rows written in one statement. */
const BATCH = 500;
const INSERT_ROWS = 1000;

export interface ReconcileReport {
  refreshed: number;
  removed: number;
}

/**
 * Keeps the STIX store's derived intelligence in step with its sources: `refresh` replaces what records stand
 * for (in one transaction, with each record's sharing copied to every object derived from it, so that derived
 * objects are never visible to anyone the record is not), `reconcile` catches up on every record changed since
 * its last derivation and drops what deleted records left. The objects then reach members through every channel
 * the store has (the intel console, TAXII, blocklists, the MISP feed), each applying the one policy.
 */
export class DerivedIntel {
  private readonly sources: Map<string, IntelSource>;

  constructor(
    private readonly db: Db,
    sources: readonly IntelSource[],
  ) {
    this.sources = new Map(sources.map((s) => [s.kind, s]));
  }

  /**
   * Derives records' objects again (a record that is gone loses its objects); returns how many objects they
   * stand for now. Every object is checked against the STIX schemas before it is stored.
   */
  async refresh(kind: string, ids: readonly string[], at = new Date()): Promise<number> {
    const source = this.sources.get(kind);
    if (!source) throw new Error(`no intelligence source ${kind}`);
    let written = 0;
    for (let start = 0; start < ids.length; start += BATCH) {
      const batch = [...new Set(ids.slice(start, start + BATCH))].sort();
      const sets = await source.derive(batch, at);
      const rows = batch.flatMap((id) => {
        const set = sets.get(id);
        return (set?.objects ?? []).map((object) => {
          const problems = validateStixObject(object);
          if (problems.length > 0) {
            const [first] = problems;
            throw new Error(
              `derived ${String(object.type)} of ${kind}:${id} is not valid STIX: ${first!.path} ${first!.message}`,
            );
          }
          return {
            stixId: String(object.id),
            type: String(object.type),
            version: typeof object.modified === 'string' ? object.modified : '',
            specVersion: '2.1',
            label: typeof object.name === 'string' ? object.name : null,
            object,
            ...set!.sharing,
          };
        });
      });
      const keys = batch.map((id) => `${kind}:${id}`);
      await this.db.transaction(async (tx) => {
        // Two refreshes of one record at once (two behaviours added in parallel) would both delete, then collide;
        // the locks are taken in key order, so two batches never wait on each other in a circle.
        for (const key of keys)
          await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`cynex.derived:${key}`}))`);
        await tx.delete(stixObjects).where(and(inArray(sourceKey, keys), notImported));
        for (let i = 0; i < rows.length; i += INSERT_ROWS) {
          await tx.insert(stixObjects).values(rows.slice(i, i + INSERT_ROWS));
        }
      });
      written += rows.length;
    }
    return written;
  }

  /** Refreshes every record changed since its objects were derived, and removes objects of deleted records. */
  async reconcile(): Promise<ReconcileReport> {
    const report: ReconcileReport = { refreshed: 0, removed: 0 };
    for (const source of this.sources.values()) {
      const prefix = `${source.kind}:`;
      const derived = await this.db
        .select({ key: sourceKey, at: sql<string>`max(${stixObjects.dateAdded})` })
        .from(stixObjects)
        .where(and(sql`${sourceKey} like ${`${prefix}%`}`, notImported))
        .groupBy(sourceKey);
      const derivedAt = new Map(derived.map((d) => [d.key.slice(prefix.length), new Date(d.at)]));
      const records = await source.changedSince(undefined);
      const alive = new Set(records.map((r) => r.id));
      const misnamed = await this.anonymityChanged(prefix);
      const stale = records
        .filter((r) => !(derivedAt.get(r.id)! >= r.changedAt) || misnamed.has(r.id))
        .map((r) => r.id);
      const gone = [...derivedAt.keys()].filter((id) => !alive.has(id));
      // Gone records are refreshed too: deriving nothing for them deletes what they left.
      await this.refresh(source.kind, [...stale, ...gone]);
      report.refreshed += stale.length;
      report.removed += gone.length;
    }
    return report;
  }

  /**
   * Derives again every record whose objects an organisation owns: after it changed whether its sightings are
   * anonymised, so that its identity changes in all of them. Returns how many records were refreshed.
   */
  async refreshOwner(orgId: string): Promise<number> {
    const keys = await this.db
      .selectDistinct({ key: sourceKey })
      .from(stixObjects)
      .where(and(eq(stixObjects.ownerOrgId, orgId), eq(stixObjects.type, 'identity'), notImported));
    let records = 0;
    for (const source of this.sources.values()) {
      const prefix = `${source.kind}:`;
      const ids = keys.filter((k) => k.key?.startsWith(prefix)).map((k) => k.key.slice(prefix.length));
      await this.refresh(source.kind, ids);
      records += ids.length;
    }
    return records;
  }

  /**
   * Records (of one source) whose identity does not match their owner's choice of anonymised sightings: the
   * choice changed and `refreshOwner` did not finish. Every record's objects hold one identity.
   */
  private async anonymityChanged(prefix: string): Promise<Set<string>> {
    const rows = await this.db
      .select({ key: sourceKey })
      .from(stixObjects)
      .innerJoin(organisations, eq(organisations.id, stixObjects.ownerOrgId))
      .where(
        and(
          eq(stixObjects.type, 'identity'),
          sql`${sourceKey} like ${`${prefix}%`}`,
          sql`(${stixObjects.label} = ${ANONYMOUS_MEMBER.en}) <> ${organisations.anonymiseSightings}`,
          notImported,
        ),
      );
    return new Set(rows.map((r) => r.key.slice(prefix.length)));
  }
}
