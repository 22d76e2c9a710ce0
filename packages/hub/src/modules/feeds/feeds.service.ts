import { desc } from 'drizzle-orm';
import { stringify } from 'csv-stringify/sync';
import type { Db } from '../../db/client.js';
import type { Actor } from '../../platform/actor.js';
import type { AuditService } from '../audit/audit.service.js';
import { blocklistEntries, type BlocklistKind } from './blocklist.js';
import { liveIndicators } from './live-indicators.js';

/** The most lines one blocklist carries. */
export const BLOCKLIST_MAX = 100_000;

export interface BlocklistQuery {
  kinds: BlocklistKind[];
  since?: Date | undefined;
}

export interface BlocklistRow {
  kind: BlocklistKind;
  value: string;
  indicator: string;
  tlp: string;
  dateAdded: string;
  validUntil: string | null;
}

/**
 * Blocklists from the STIX indicators a reader may see: the values their patterns compare with `=` (addresses,
 * domains, URLs, e-mail addresses, file hashes), of indicators not revoked and still valid. The reader decides what
 * the list holds through the one policy: a member's list has what the member may read, an anonymous caller's list
 * only public TLP:CLEAR indicators (the public feed).
 */
export class FeedsService {
  constructor(
    private readonly db: Db,
    private readonly audit: AuditService,
  ) {}

  async blocklist(actor: Actor, query: BlocklistQuery): Promise<BlocklistRow[]> {
    const live = liveIndicators(this.db, actor, { since: query.since });
    const rows = await this.db.select().from(live).orderBy(desc(live.dateAdded)).limit(BLOCKLIST_MAX);
    const wanted = new Set(query.kinds);
    const seen = new Set<string>();
    const out: BlocklistRow[] = [];
    for (const row of rows) {
      for (const entry of blocklistEntries(row.pattern ?? '')) {
        const key = `${entry.kind}\u0000${entry.value}`;
        if (!wanted.has(entry.kind) || seen.has(key) || out.length >= BLOCKLIST_MAX) continue;
        seen.add(key);
        out.push({
          ...entry,
          indicator: row.stixId,
          tlp: row.marking,
          dateAdded: row.dateAdded.toISOString(),
          validUntil: row.validUntil,
        });
      }
    }
    if (actor.kind === 'user') {
      await this.audit.record(actor, {
        action: 'feed.blocklist',
        targetType: 'feed',
        details: { kinds: query.kinds, since: query.since?.toISOString() ?? null, lines: out.length },
      });
    }
    return out;
  }

  /** One value a line, with a comment header saying what the list is. */
  static text(rows: readonly BlocklistRow[], query: BlocklistQuery, now = new Date()): string {
    const header = [
      '# cynex blocklist',
      `# generated ${now.toISOString()}; kinds: ${query.kinds.join(', ')}${query.since ? `; added since ${query.since.toISOString()}` : ''}`,
      `# ${rows.length} values`,
    ];
    return [...header, ...rows.map((r) => r.value)].join('\n') + '\n';
  }

  static csv(rows: readonly BlocklistRow[]): string {
    return stringify(
      rows.map((r) => [r.kind, r.value, r.indicator, r.tlp, r.dateAdded, r.validUntil ?? '']),
      { header: true, columns: ['kind', 'value', 'indicator', 'tlp', 'date_added', 'valid_until'] },
    );
  }
}
