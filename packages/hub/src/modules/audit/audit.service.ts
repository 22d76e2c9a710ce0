import { and, count, desc, eq, gte, ilike, like, lte, or, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { rowsOf } from '../../db/rows.js';
import { actorLabel, type Actor } from '../../platform/actor.js';
import { AppError } from '../../errors.js';
import { auditLog } from './audit.table.js';

export interface AuditEntry {
  action: string;
  targetType?: string;
  targetId?: string;
  orgId?: string | null;
  details?: Record<string, unknown>;
}

export interface AuditQuery {
  actor?: string | undefined;
  action?: string | undefined;
  from?: string | undefined;
  to?: string | undefined;
  limit: number;
  offset: number;
}

/** What `cynex audit verify` reports. */
export interface AuditVerification {
  ok: boolean;
  /** Entries checked. */
  checked: number;
  /** The last entry of the chain: record it somewhere else to detect later removals from the end. */
  head: { seq: number; hash: string } | null;
  /** The first broken link, when there is one. */
  broken?: { seq: number; id: number | null; reason: string };
}

const VERIFY_PAGE = 5_000;

/** The append-only audit log: sign-ins, permission and membership changes, sharing changes, exports. */
export class AuditService {
  constructor(private readonly db: Db) {}

  async record(actor: Actor, ...entries: AuditEntry[]): Promise<void> {
    if (entries.length === 0) return;
    await this.db.insert(auditLog).values(
      entries.map((entry) => ({
        // (the CLI acts as the operator, a user without an id)
        actorId: actor.kind === 'user' && actor.userId !== '' ? actor.userId : null,
        actorLabel: actorLabel(actor),
        action: entry.action,
        targetType: entry.targetType ?? null,
        targetId: entry.targetId ?? null,
        orgId: entry.orgId ?? null,
        ip: actor.ip,
        details: entry.details ?? {},
      })),
    );
  }

  /** Platform admins read everything; org admins read the entries of their organisations. */
  async list(actor: Actor, query: AuditQuery) {
    if (actor.kind !== 'user') throw new AppError('UNAUTHENTICATED', 'sign in first');
    const adminOrgs = actor.memberships.filter((m) => m.role === 'org_admin').map((m) => m.orgId);
    if (!actor.isPlatformAdmin && adminOrgs.length === 0) throw new AppError('FORBIDDEN', 'audit log is for admins');
    const conditions: (SQL | undefined)[] = [];
    if (!actor.isPlatformAdmin) conditions.push(or(...adminOrgs.map((orgId) => eq(auditLog.orgId, orgId))));
    if (query.actor) {
      const isUuid = /^[0-9a-f-]{36}$/i.test(query.actor);
      conditions.push(
        isUuid
          ? eq(auditLog.actorId, query.actor)
          : ilike(auditLog.actorLabel, `%${query.actor.replace(/[%_\\]/g, '\\$&')}%`),
      );
    }
    if (query.action) conditions.push(like(auditLog.action, `${query.action}%`));
    if (query.from) conditions.push(gte(auditLog.at, new Date(query.from)));
    if (query.to) conditions.push(lte(auditLog.at, new Date(query.to)));
    const where = and(...conditions);
    const [items, totals] = await Promise.all([
      this.db.select().from(auditLog).where(where).orderBy(desc(auditLog.id)).limit(query.limit).offset(query.offset),
      this.db.select({ n: count() }).from(auditLog).where(where),
    ]);
    return { items, total: totals[0]?.n ?? 0 };
  }

  /**
   * Walks the hash chain from its first entry: every entry's hash must match its content and the previous entry's
   * hash, positions must follow without gaps, and (when given) the anchor recorded earlier must still be there.
   * Reports the first broken link: an edited entry breaks its own hash, a deleted one leaves a gap.
   */
  async verify(anchor?: { seq: number; hash: string }): Promise<AuditVerification> {
    let expectedSeq = 1;
    let previous = '';
    let checked = 0;
    let head: AuditVerification['head'] = null;
    const broken = (seq: number, id: number | null, reason: string): AuditVerification => ({
      ok: false,
      checked,
      head,
      broken: { seq, id, reason },
    });
    for (;;) {
      const rows = await rowsOf<{
        id: number;
        seq: string | null;
        prev_hash: string | null;
        hash: string | null;
        expected: string;
      }>(
        this.db,
        sql`select a.id, a.seq, a.prev_hash, a.hash, audit_log_entry_hash(a.prev_hash, a) as expected
            from audit_log a where a.seq >= ${expectedSeq} order by a.seq limit ${VERIFY_PAGE}`,
      );
      for (const row of rows) {
        const seq = Number(row.seq);
        const id = Number(row.id);
        if (seq !== expectedSeq) return broken(expectedSeq, null, `entries ${expectedSeq}–${seq - 1} are missing`);
        if (row.prev_hash !== previous) return broken(seq, id, 'does not follow the entry before it');
        if (row.hash !== row.expected) return broken(seq, id, 'its content does not match its hash (edited)');
        if (anchor && seq === anchor.seq && row.hash !== anchor.hash) return broken(seq, id, 'differs from the anchor');
        previous = row.hash;
        head = { seq, hash: row.hash };
        expectedSeq += 1;
        checked += 1;
      }
      if (rows.length < VERIFY_PAGE) break;
    }
    const unchained = await rowsOf<{ id: number }>(this.db, sql`select id from audit_log where seq is null limit 1`);
    if (unchained[0]) return broken(expectedSeq, Number(unchained[0].id), 'an entry outside the chain');
    if (anchor && (head?.seq ?? 0) < anchor.seq) {
      return broken(anchor.seq, null, `the chain ends at ${head?.seq ?? 0}, before the anchor: entries were removed`);
    }
    return { ok: true, checked, head };
  }
}
