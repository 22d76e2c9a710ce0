import { and, asc, count, desc, eq, gt, ilike, inArray, or, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { rowsOf } from '../../db/rows.js';
import type { Actor } from '../../platform/actor.js';
import { visibleTo } from '../../platform/policy.js';
import { stixImportObjects, stixImports, stixObjects } from './intel.table.js';

export type StixObjectInsert = typeof stixObjects.$inferInsert;
export type StixObjectRow = typeof stixObjects.$inferSelect;
export type StixImportRow = typeof stixImports.$inferSelect;

export interface ObjectListQuery {
  type?: string | undefined;
  q?: string | undefined;
  importId?: string | undefined;
  limit: number;
  offset: number;
}

/** Escapes LIKE's wildcards in a user's search text. */
const likeText = (text: string) => `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/** STIX objects and bundle imports; every read goes through the visibility policy. */
export class IntelRepository {
  constructor(private readonly db: Db) {}

  async createImport(values: typeof stixImports.$inferInsert): Promise<string> {
    const [row] = await this.db.insert(stixImports).values(values).returning({ id: stixImports.id });
    return row!.id;
  }

  async updateImport(id: string, values: Partial<typeof stixImports.$inferInsert>): Promise<void> {
    await this.db.update(stixImports).set(values).where(eq(stixImports.id, id));
  }

  /**
   * Inserts object versions for an import; an owner's existing version is left as it is but still counted as
   * brought by this import. Returns how many versions were new.
   */
  async insertObjects(importId: string, rows: StixObjectInsert[]): Promise<number> {
    if (rows.length === 0) return 0;
    // The same version twice in one group would make the upsert touch a row twice.
    const unique = [...new Map(rows.map((row) => [`${row.stixId}\u0000${row.version}`, row])).values()];
    const records = unique.map((row) => ({
      stix_id: row.stixId,
      type: row.type,
      version: row.version,
      spec_version: row.specVersion ?? null,
      revoked: row.revoked ?? false,
      label: row.label ?? null,
      object: row.object,
      owner_org_id: row.ownerOrgId,
      scope: row.scope,
      marking: row.marking,
      sharing_group_id: row.sharingGroupId ?? null,
      recipients: (row.recipientUserIds ?? []).join(','),
      created_by: row.createdBy ?? null,
    }));
    // One statement: the versions (a no-op update on an existing one, so that its id comes back too; xmax = 0
    // tells a new row), then the import's links to all of them.
    const [result] = await rowsOf<{ inserted: number | string }>(
      this.db,
      sql`with input as (
            select * from jsonb_to_recordset(${JSON.stringify(records)}::jsonb) as x(stix_id text, type text,
              version text, spec_version text, revoked boolean, label text, object jsonb, owner_org_id uuid,
              scope text, marking text, sharing_group_id uuid, recipients text, created_by uuid)
          ),
          written as (
            insert into stix_objects (stix_id, type, version, spec_version, revoked, label, object, owner_org_id,
              scope, marking, sharing_group_id, recipient_user_ids, created_by)
            select stix_id, type, version, spec_version, revoked, label, object, owner_org_id, scope, marking,
              sharing_group_id, case when recipients = '' then '{}'::uuid[] else string_to_array(recipients, ',')::uuid[] end,
              created_by
            from input
            on conflict (owner_org_id, stix_id, version) do update set stix_id = excluded.stix_id
            returning id, (xmax = 0) as inserted
          ),
          linked as (
            insert into stix_import_objects (import_id, object_id)
            select ${importId}::uuid, id from written
            on conflict do nothing
          )
          select count(*) filter (where inserted) as inserted from written`,
    );
    return Number(result?.inserted ?? 0);
  }

  async getImport(actor: Actor, id: string): Promise<StixImportRow | undefined> {
    const [row] = await this.db
      .select()
      .from(stixImports)
      .where(and(eq(stixImports.id, id), visibleTo(actor, stixImports)));
    return row;
  }

  async listImports(actor: Actor, limit: number, offset: number) {
    const where = visibleTo(actor, stixImports);
    const [items, [total]] = await Promise.all([
      this.db.select().from(stixImports).where(where).orderBy(desc(stixImports.startedAt)).limit(limit).offset(offset),
      this.db.select({ n: count() }).from(stixImports).where(where),
    ]);
    return { items, total: total?.n ?? 0 };
  }

  private listWhere(actor: Actor, query: ObjectListQuery): SQL {
    const conditions: SQL[] = [visibleTo(actor, stixObjects)];
    if (query.type) conditions.push(eq(stixObjects.type, query.type));
    if (query.importId) {
      const brought = this.db
        .select({ id: stixImportObjects.objectId })
        .from(stixImportObjects)
        .where(eq(stixImportObjects.importId, query.importId));
      conditions.push(inArray(stixObjects.id, brought));
    }
    if (query.q) {
      const text = likeText(query.q);
      conditions.push(or(ilike(stixObjects.label, text), ilike(stixObjects.stixId, text))!);
    }
    return and(...conditions)!;
  }

  /** The newest visible version of each object (per owner), newest first. */
  async listObjects(actor: Actor, query: ObjectListQuery) {
    const where = this.listWhere(actor, query);
    const latest = this.db
      .selectDistinctOn([stixObjects.ownerOrgId, stixObjects.stixId])
      .from(stixObjects)
      .where(where)
      .orderBy(stixObjects.ownerOrgId, stixObjects.stixId, desc(stixObjects.version))
      .as('latest');
    const [items, [total]] = await Promise.all([
      this.db
        .select()
        .from(latest)
        .orderBy(desc(latest.dateAdded), asc(latest.stixId))
        .limit(query.limit)
        .offset(query.offset),
      this.db.select({ n: count() }).from(latest),
    ]);
    return { items: items as StixObjectRow[], total: total?.n ?? 0 };
  }

  /** Every visible version of one object, oldest first. */
  async versions(actor: Actor, stixId: string): Promise<StixObjectRow[]> {
    return this.db
      .select()
      .from(stixObjects)
      .where(and(eq(stixObjects.stixId, stixId), visibleTo(actor, stixObjects)))
      .orderBy(asc(stixObjects.version), asc(stixObjects.ownerOrgId));
  }

  /** A page of visible object versions for an export, in a stable order (row id), after `afterId`. */
  async exportPage(actor: Actor, query: ObjectListQuery, afterId: string | null, limit: number) {
    const conditions = [this.listWhere(actor, query)];
    if (afterId) conditions.push(gt(stixObjects.id, afterId));
    return this.db
      .select({ id: stixObjects.id, object: stixObjects.object })
      .from(stixObjects)
      .where(and(...conditions))
      .orderBy(asc(stixObjects.id))
      .limit(limit);
  }
}
