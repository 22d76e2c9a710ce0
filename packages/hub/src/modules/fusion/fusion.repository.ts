import { and, inArray, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { rowsOf } from '../../db/rows.js';
import type { Actor } from '../../platform/actor.js';
import { visibleTo } from '../../platform/policy.js';
import { caseBehaviours } from '../cases/cases.table.js';
import type { IndexRow } from './fusion-source.js';
import { observedValues, type ObservedKind } from './fusion.table.js';
import type { ObservedValue } from './observed-value.js';

/** Rows written in one statement. */
const INSERT_ROWS = 1000;

export interface LookupFilter {
  types?: readonly string[] | undefined;
  from?: Date | undefined;
  to?: Date | undefined;
}

/** One record that mentions the value (its rows merged: earliest first seen, latest last seen). */
export interface RecordHit {
  recordType: string;
  recordId: string;
  label: string;
  kind: ObservedKind;
  value: string;
  firstSeen: Date | null;
  lastSeen: Date | null;
  ownerOrgId: string | null;
  scope: string;
  marking: string;
}

const date = (v: string | Date | null) => (v === null ? null : new Date(v));

/** The fusion index: replacing a record's rows, and lookups that every reader sees through the one policy. */
export class FusionRepository {
  constructor(private readonly db: Db) {}

  /**
   * Replaces the rows of some sources (delete, then insert) in one transaction; two replacements of one source at
   * once wait for each other (locks taken in key order, so never in a circle). Returns the rows written.
   */
  async replace(sources: readonly string[], rows: readonly (IndexRow & { source: string })[]): Promise<number> {
    if (sources.length === 0) return 0;
    const keys = [...new Set(sources)].sort();
    await this.db.transaction(async (tx) => {
      // One statement for all the locks, taken in key order.
      await tx.execute(
        sql`select pg_advisory_xact_lock(hashtext('cynex.fusion:' || k))
            from (select k from jsonb_array_elements_text(${JSON.stringify(keys)}::jsonb) as k order by k) as ordered`,
      );
      await tx.delete(observedValues).where(inArray(observedValues.source, keys));
      for (let i = 0; i < rows.length; i += INSERT_ROWS) {
        const records = rows.slice(i, i + INSERT_ROWS).map((r) => ({
          kind: r.kind,
          value: r.value,
          record_type: r.recordType,
          record_id: r.recordId,
          record_label: r.recordLabel,
          source: r.source,
          first_seen: r.firstSeen?.toISOString() ?? null,
          last_seen: r.lastSeen?.toISOString() ?? null,
          owner_org_id: r.sharing.ownerOrgId,
          scope: r.sharing.scope,
          marking: r.sharing.marking,
          sharing_group_id: r.sharing.sharingGroupId,
          recipients: r.sharing.recipientUserIds.join(','),
          created_by: r.sharing.createdBy,
        }));
        await tx.execute(sql`
          insert into observed_values (kind, value, addr, record_type, record_id, record_label, source, first_seen,
            last_seen, owner_org_id, scope, marking, sharing_group_id, recipient_user_ids, created_by)
          select kind, value, case when kind = 'ip' then value::inet end, record_type, record_id, record_label, source,
            first_seen, last_seen, owner_org_id, scope, marking, sharing_group_id,
            case when recipients = '' then '{}'::uuid[] else string_to_array(recipients, ',')::uuid[] end, created_by
          from jsonb_to_recordset(${JSON.stringify(records)}::jsonb) as x(kind text, value text, record_type text,
            record_id text, record_label text, source text, first_seen timestamptz, last_seen timestamptz,
            owner_org_id uuid, scope text, marking text, sharing_group_id uuid, recipients text, created_by uuid)`);
      }
    });
    return rows.length;
  }

  /**
   * The condition for rows that mention a value: equal kind and value; for an address, the rows of that address
   * and of prefixes containing it; for a prefix, the addresses and prefixes inside it and the prefixes around it.
   */
  private matches(query: ObservedValue): SQL {
    if (query.kind !== 'ip')
      return sql`(${observedValues.kind} = ${query.kind} and ${observedValues.value} = ${query.value})`;
    if (!query.value.includes('/')) return sql`${observedValues.addr} >>= ${query.value}::inet`;
    return sql`(${observedValues.addr} <<= ${query.value}::inet or ${observedValues.addr} >> ${query.value}::inet)`;
  }

  private where(actor: Actor, query: ObservedValue, filter: LookupFilter): SQL {
    const seenFrom = sql`coalesce(${observedValues.lastSeen}, ${observedValues.firstSeen}, ${observedValues.indexedAt})`;
    const seenTo = sql`coalesce(${observedValues.firstSeen}, ${observedValues.lastSeen}, ${observedValues.indexedAt})`;
    return and(
      this.matches(query),
      filter.types && filter.types.length > 0 ? inArray(observedValues.recordType, [...filter.types]) : undefined,
      filter.from ? sql`${seenFrom} >= ${filter.from.toISOString()}::timestamptz` : undefined,
      filter.to ? sql`${seenTo} <= ${filter.to.toISOString()}::timestamptz` : undefined,
      visibleTo(actor, observedValues),
    )!;
  }

  /** How many visible records of each type mention the value. */
  async groups(
    actor: Actor,
    query: ObservedValue,
    filter: LookupFilter,
  ): Promise<{ recordType: string; count: number }[]> {
    const rows = await this.db
      .select({
        recordType: observedValues.recordType,
        count: sql<string>`count(distinct ${observedValues.recordId})`,
      })
      .from(observedValues)
      .where(this.where(actor, query, filter))
      .groupBy(observedValues.recordType)
      .orderBy(observedValues.recordType);
    return rows.map((r) => ({ recordType: r.recordType, count: Number(r.count) }));
  }

  /** A page of the visible records that mention the value, newest first, one entry per record. */
  async records(
    actor: Actor,
    query: ObservedValue,
    filter: LookupFilter,
    page: { limit: number; offset: number },
  ): Promise<RecordHit[]> {
    const rows = await rowsOf<{
      record_type: string;
      record_id: string;
      label: string;
      kind: ObservedKind;
      value: string;
      first_seen: string | Date | null;
      last_seen: string | Date | null;
      owner_org_id: string | null;
      scope: string;
      marking: string;
    }>(
      this.db,
      sql`select record_type, record_id, min(record_label) as label, min(kind) as kind, min(value) as value,
            min(first_seen) as first_seen, max(last_seen) as last_seen,
            (array_agg(owner_org_id))[1] as owner_org_id, min(scope) as scope, min(marking) as marking,
            max(indexed_at) as indexed_at
          from observed_values
          where ${this.where(actor, query, filter)}
          group by record_type, record_id
          order by coalesce(max(last_seen), min(first_seen), max(indexed_at)) desc, record_type, record_id
          limit ${page.limit} offset ${page.offset}`,
    );
    return rows.map((r) => ({
      recordType: r.record_type,
      recordId: r.record_id,
      label: r.label,
      kind: r.kind,
      value: r.value,
      firstSeen: date(r.first_seen),
      lastSeen: date(r.last_seen),
      ownerOrgId: r.owner_org_id,
      scope: r.scope,
      marking: r.marking,
    }));
  }

  /** The visible values some records mention (at most `limit`), with the record each row belongs to. */
  async valuesOf(
    actor: Actor,
    records: readonly { recordType: string; recordId: string }[],
    limit: number,
  ): Promise<{ recordType: string; recordId: string; label: string; kind: ObservedKind; value: string }[]> {
    if (records.length === 0) return [];
    const pairs = sql.join(
      records.map((r) => sql`(${r.recordType}, ${r.recordId})`),
      sql`, `,
    );
    const rows = await rowsOf<{
      record_type: string;
      record_id: string;
      label: string;
      kind: ObservedKind;
      value: string;
    }>(
      this.db,
      sql`select distinct record_type, record_id, record_label as label, kind, value from observed_values
          where (record_type, record_id) in (${pairs}) and ${visibleTo(actor, observedValues)}
          order by kind, value, record_type, record_id
          limit ${limit}`,
    );
    return rows.map((r) => ({
      recordType: r.record_type,
      recordId: r.record_id,
      label: r.label,
      kind: r.kind,
      value: r.value,
    }));
  }

  /** The case each behaviour belongs to (for links to the case page). */
  async casesOfBehaviours(ids: readonly string[]): Promise<Map<string, string>> {
    const uuids = ids.filter((id) => /^[0-9a-f-]{36}$/i.test(id));
    if (uuids.length === 0) return new Map();
    const rows = await this.db
      .select({ id: caseBehaviours.id, casePk: caseBehaviours.casePk })
      .from(caseBehaviours)
      .where(inArray(caseBehaviours.id, uuids));
    return new Map(rows.map((r) => [r.id, r.casePk]));
  }
}
