import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { rowsOf } from '../../db/rows.js';
import { caseBehaviours, caseFiles, cases } from '../cases/cases.table.js';
import { changedAfter, earliest, latest, rowsFor, type FusionSource, type IndexRow } from './fusion-source.js';
import { normalise, valuesIn, type ObservedValue } from './observed-value.js';

/** Values of a list, once each (by kind and value). */
function unique(values: ObservedValue[]): ObservedValue[] {
  return [...new Map(values.map((v) => [`${v.kind}|${v.value}`, v])).values()];
}

/**
 * Observation cases: the case mentions its malware family, its samples' hashes, what its summary and behaviours
 * name (addresses, domains, URLs, hashes, e-mail, CVE ids) and the ATT&CK techniques of its behaviours; each
 * behaviour mentions its own (record type `behaviour`, labelled with the case id). Rows carry the case's sharing.
 */
export class CaseFusionSource implements FusionSource {
  readonly kind = 'case';

  constructor(private readonly db: Db) {}

  async rows(ids: readonly string[]): Promise<Map<string, IndexRow[]>> {
    const out = new Map<string, IndexRow[]>();
    if (ids.length === 0) return out;
    const [rows, behaviours, samples] = await Promise.all([
      this.db
        .select()
        .from(cases)
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
    for (const c of rows) {
      const sharing = {
        ownerOrgId: c.ownerOrgId,
        scope: c.scope,
        marking: c.marking,
        sharingGroupId: c.sharingGroupId,
        recipientUserIds: c.recipientUserIds,
        createdBy: c.createdBy,
      };
      const own = behaviours.filter((b) => b.casePk === c.id);
      const files = samples.filter((f) => f.casePk === c.id);
      const label =
        c.malwareFamily && !/^unknown$/i.test(c.malwareFamily) ? `${c.caseId}: ${c.malwareFamily}` : c.caseId;
      const behaviourRows = own.flatMap((b) => {
        const values = unique([
          ...valuesIn(`${b.action}\n${b.notes}\n${b.actionJa}\n${b.notesJa}`),
          ...b.techniqueIds.flatMap((t) => {
            const id = normalise('attack', t);
            return id ? [{ kind: 'attack' as const, value: id }] : [];
          }),
        ]);
        return rowsFor(values, {
          recordType: 'behaviour',
          recordId: b.id,
          recordLabel: `${c.caseId}: ${b.action}`.slice(0, 200),
          firstSeen: new Date(b.occurredAt),
          lastSeen: new Date(b.occurredAt),
          sharing,
        });
      });
      const family = normalise('family', c.malwareFamily);
      const caseValues = unique([
        ...(family ? [{ kind: 'family' as const, value: family }] : []),
        ...files.flatMap((f) =>
          [f.sha256, f.sha1, f.md5].flatMap((h) => {
            const hash = normalise('hash', h);
            return hash ? [{ kind: 'hash' as const, value: hash }] : [];
          }),
        ),
        ...valuesIn(`${c.summaryEn}\n${c.summaryJa}\n${c.sampleName}`),
        ...behaviourRows.map((r) => ({ kind: r.kind, value: r.value })),
      ]);
      const caseRows = rowsFor(caseValues, {
        recordType: 'case',
        recordId: c.id,
        recordLabel: label,
        firstSeen: earliest(c.startDate, ...own.map((b) => b.occurredAt)),
        lastSeen: latest(c.endDate, c.startDate, ...own.map((b) => b.occurredAt)),
        sharing,
      });
      out.set(c.id, [...caseRows, ...behaviourRows]);
    }
    return out;
  }

  async stale(since: Date | undefined): Promise<string[]> {
    const changed = await rowsOf<{ id: string }>(
      this.db,
      sql`select c.id from cases c
          where ${changedAfter(sql`c.updated_at`, since)}
            and not exists (select 1 from observed_values o where o.source = 'case:' || c.id and o.indexed_at >= c.updated_at)`,
    );
    const gone = since
      ? []
      : await rowsOf<{ id: string }>(
          this.db,
          sql`select distinct substr(o.source, 6) as id from observed_values o
              where o.record_type in ('case', 'behaviour')
                and not exists (select 1 from cases c where 'case:' || c.id = o.source)`,
        );
    return [...changed, ...gone].map((r) => r.id);
  }
}
