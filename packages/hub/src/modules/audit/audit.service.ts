import { and, count, desc, eq, gte, ilike, like, lte, or, type SQL } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
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

/** The append-only audit log: sign-ins, permission and membership changes, sharing changes, exports. */
export class AuditService {
  constructor(private readonly db: Db) {}

  async record(actor: Actor, ...entries: AuditEntry[]): Promise<void> {
    if (entries.length === 0) return;
    await this.db.insert(auditLog).values(
      entries.map((entry) => ({
        actorId: actor.kind === 'user' ? actor.userId : null,
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
}
