import { INTEL_READER_ROLES } from '@cynex/core';
import { AppError } from '../../errors.js';
import { requireUser, type Actor, type UserActor } from '../../platform/actor.js';
import { canWriteFor } from '../../platform/policy.js';
import type { AuditService } from '../audit/audit.service.js';
import { normaliseEntry } from './watchlist-entry.js';
import type { WatchlistMatcher } from './watchlist.matcher.js';
import type { EntryFilters, WatchlistEntryRow, WatchlistsRepository } from './watchlists.repository.js';
import type { WatchlistKind } from './watchlists.table.js';

export interface EntryInput {
  kind: WatchlistKind;
  value: string;
  note?: string | undefined;
}

/** Entries one organisation may keep. */
export const MAX_ENTRIES_PER_ORG = 10_000;

const presentEntry = (row: WatchlistEntryRow, matches = 0) => ({
  id: row.id,
  orgId: row.orgId,
  kind: row.kind,
  value: row.value,
  note: row.note,
  matches,
  createdAt: row.createdAt.toISOString(),
});

/**
 * An organisation's watchlist: the values it wants to hear about. Its intelligence readers (and platform admins)
 * read it, its org admins and analysts change it; every change is audited. New entries match what was indexed
 * recently at once (backfill), later values as the matcher reads them.
 */
export class WatchlistsService {
  constructor(
    private readonly repo: WatchlistsRepository,
    private readonly audit: AuditService,
    private readonly matcher: Pick<WatchlistMatcher, 'backfill'>,
  ) {}

  /** The organisation's intelligence readers and platform admins; 401, 403, or 404 for no such organisation. */
  private async reader(actor: Actor, orgId: string): Promise<UserActor> {
    const user = requireUser(actor);
    const reads =
      user.isPlatformAdmin || user.memberships.some((m) => m.orgId === orgId && INTEL_READER_ROLES.includes(m.role));
    if (!reads) throw new AppError('FORBIDDEN', "only the organisation's intelligence readers see its watchlist");
    if (!(await this.repo.orgExists(orgId))) throw new AppError('ORG_NOT_FOUND', 'no such organisation');
    return user;
  }

  private async writer(actor: Actor, orgId: string): Promise<UserActor> {
    const user = await this.reader(actor, orgId);
    if (!canWriteFor(user, orgId)) {
      throw new AppError('FORBIDDEN', "only the organisation's admins and analysts change its watchlist");
    }
    return user;
  }

  async list(actor: Actor, orgId: string, filters: EntryFilters) {
    await this.reader(actor, orgId);
    const { items, total } = await this.repo.list(orgId, filters);
    return { items: items.map((r) => presentEntry(r.entry, r.matches)), total };
  }

  /**
   * Adds entries; ones the organisation has already are skipped and counted (so pasting a list twice is harmless),
   * except that adding a single entry that exists is a conflict the form shows.
   */
  async add(actor: Actor, orgId: string, inputs: EntryInput[], single: boolean) {
    const user = await this.writer(actor, orgId);
    const fields: { path: string; message: string }[] = [];
    const values = new Map<string, { kind: WatchlistKind; value: string; addr: string | null; note: string }>();
    inputs.forEach((input, i) => {
      const parsed = normaliseEntry(input.kind, input.value);
      if (!parsed.ok) fields.push({ path: single ? 'value' : `entries.${i}.value`, message: parsed.reason });
      else values.set(`${input.kind} ${parsed.value}`, { ...parsed, kind: input.kind, note: input.note ?? '' });
    });
    if (fields.length > 0) throw new AppError('VALIDATION_FAILED', 'some values cannot be watched', { fields });
    const existing = await this.repo.countOf(orgId);
    if (existing + values.size > MAX_ENTRIES_PER_ORG) {
      throw new AppError(
        'WATCHLIST_FULL',
        `a watchlist holds at most ${MAX_ENTRIES_PER_ORG} entries; this one has ${existing}`,
      );
    }
    const rows = await this.repo.insertMany(
      [...values.values()].map((v) => ({
        orgId,
        kind: v.kind,
        value: v.value,
        addr: v.addr,
        note: v.note,
        createdBy: user.userId,
      })),
    );
    if (single && rows.length === 0) {
      throw new AppError('WATCHLIST_ENTRY_CONFLICT', 'this value is on the watchlist already');
    }
    if (rows.length > 0) {
      await this.audit.record(user, {
        action: 'watchlist.add',
        targetType: 'watchlist',
        targetId: orgId,
        orgId,
        details: {
          entries: rows.slice(0, 100).map((r) => ({ id: r.id, kind: r.kind, value: r.value })),
          count: rows.length,
        },
      });
    }
    const backfill = await this.matcher.backfill(rows.map((r) => r.id));
    return {
      items: rows.map((r) => presentEntry(r)),
      created: rows.length,
      duplicates: inputs.length - rows.length,
      alerts: backfill.alerts,
    };
  }

  async remove(actor: Actor, orgId: string, entryId: string): Promise<void> {
    const user = await this.writer(actor, orgId);
    const row = await this.repo.delete(orgId, entryId);
    if (!row) throw new AppError('WATCHLIST_ENTRY_NOT_FOUND', 'no such watchlist entry');
    await this.audit.record(user, {
      action: 'watchlist.remove',
      targetType: 'watchlist_entry',
      targetId: row.id,
      orgId,
      details: { kind: row.kind, value: row.value },
    });
  }

  /** The alerts an entry raised (watchlist alerts are the organisation's intelligence readers'). */
  async matches(actor: Actor, orgId: string, entryId: string, page: { limit: number; offset: number }) {
    await this.reader(actor, orgId);
    const entry = await this.repo.get(orgId, entryId);
    if (!entry) throw new AppError('WATCHLIST_ENTRY_NOT_FOUND', 'no such watchlist entry');
    const { items, total } = await this.repo.alertsOf(orgId, entryId, page.limit, page.offset);
    return {
      entry: presentEntry(entry, total),
      items: items.map((a) => ({
        id: a.id,
        host: a.host,
        day: a.day,
        kinds: a.kinds,
        status: a.status,
        firstSeen: a.firstSeen.toISOString(),
        lastSeen: a.lastSeen.toISOString(),
        evidence: a.evidence,
      })),
      total,
    };
  }
}
