import { and, asc, eq, gt, inArray, isNotNull, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { decoyEvents, decoySessions } from '../decoy/decoy.table.js';
import { organisations } from '../orgs/orgs.table.js';
import { decoyIntel, type TransferEvent } from './decoy-intel.js';
import type { DerivedSet, IntelSource } from './intel-source.js';

/** The networks whose sessions derive nothing (`standsForSomething`), as a PostgreSQL inet[] literal. */
const PRIVATE_NETWORKS = `array['0.0.0.0/8', '10.0.0.0/8', '127.0.0.0/8', '169.254.0.0/16', '172.16.0.0/12',
  '192.168.0.0/16', '::1/128', 'fc00::/7', 'fe80::/10', '::ffff:0:0/96']::inet[]`;

/** Transfer events read per session at most: a scripted bot may fetch the same file thousands of times. */
const MAX_TRANSFERS = 1_000;

/**
 * Decoy sessions as a source of derived intelligence (see `decoyIntel`), once the decoy analysis has mapped
 * their techniques. Each session's objects carry the session's own sharing, which the ingest copied from its
 * world when the session was first seen (owner: the borrower of a lent world, else the world's owner) and which
 * the session's list and page (`DecoySessionsRepository`) are filtered by.
 */
export class DecoyIntelSource implements IntelSource {
  readonly kind = 'decoy';

  constructor(private readonly db: Db) {}

  async derive(ids: readonly string[], at: Date): Promise<Map<string, DerivedSet>> {
    const out = new Map<string, DerivedSet>();
    if (ids.length === 0) return out;
    const rows = await this.db
      .select({ s: decoySessions, ownerName: organisations.nameEn, anonymise: organisations.anonymiseSightings })
      .from(decoySessions)
      .innerJoin(organisations, eq(organisations.id, decoySessions.ownerOrgId))
      .where(and(inArray(decoySessions.id, [...ids]), isNotNull(decoySessions.analysedAt)));
    const transfers = await this.transfers(rows.map((r) => r.s));
    for (const { s, ownerName, anonymise } of rows) {
      out.set(s.id, {
        sharing: {
          ownerOrgId: s.ownerOrgId,
          scope: s.scope,
          marking: s.marking,
          sharingGroupId: s.sharingGroupId,
          recipientUserIds: s.recipientUserIds,
          createdBy: s.createdBy,
        },
        objects: decoyIntel(
          {
            id: s.id,
            owner: { orgId: s.ownerOrgId, name: ownerName, anonymise },
            marking: s.marking,
            srcIp: s.srcIp,
            protocol: s.protocol,
            startedAt: s.startedAt,
            lastEventAt: s.lastEventAt,
            authAttempts: s.authAttempts,
            commands: s.commands,
            events: s.events,
            techniques: s.techniques,
            transfers: transfers.get(`${s.sensorId}\u0000${s.session}`) ?? [],
          },
          at,
        ),
      });
    }
    return out;
  }

  /**
   * Analysed sessions that stand for something (`standsForSomething`), and their last change: new events move
   * `last_event_at` on (and make the session pending for the analysis again).
   */
  async changedSince(since: Date | undefined) {
    return this.db
      .select({ id: decoySessions.id, changedAt: decoySessions.lastEventAt })
      .from(decoySessions)
      .where(
        and(
          isNotNull(decoySessions.analysedAt),
          sql`(${decoySessions.authAttempts} > 0 or ${decoySessions.commands} > 0
            or cardinality(${decoySessions.techniques}) > 0)`,
          sql`not (${decoySessions.srcIp}::inet <<= any(${sql.raw(PRIVATE_NETWORKS)}))`,
          since ? gt(decoySessions.lastEventAt, since) : undefined,
        ),
      );
  }

  /** The downloads and file events of the sessions (the ingest's parse of wget, curl, uploads), by session. */
  private async transfers(sessions: { sensorId: string; session: string }[]): Promise<Map<string, TransferEvent[]>> {
    const out = new Map<string, TransferEvent[]>();
    if (sessions.length === 0) return out;
    const pairs = sessions.map((s) => [s.sensorId, s.session]);
    const rows = await this.db
      .select({
        sensorId: decoyEvents.sensorId,
        session: decoyEvents.session,
        kind: decoyEvents.kind,
        time: decoyEvents.time,
        url: sql<string | null>`${decoyEvents.payload} ->> 'url'`,
        path: sql<string | null>`${decoyEvents.payload} ->> 'path'`,
        action: sql<string | null>`${decoyEvents.payload} ->> 'action'`,
        sha256: sql<string | null>`${decoyEvents.payload} ->> 'sha256'`,
      })
      .from(decoyEvents)
      .where(
        and(
          sql`(${decoyEvents.sensorId}, ${decoyEvents.session}) in (
            select x ->> 0, x ->> 1 from jsonb_array_elements(${JSON.stringify(pairs)}::jsonb) as x)`,
          inArray(decoyEvents.kind, ['download', 'file']),
        ),
      )
      .orderBy(asc(decoyEvents.time), asc(decoyEvents.id));
    for (const row of rows) {
      const key = `${row.sensorId}\u0000${row.session}`;
      const list = out.get(key) ?? [];
      if (list.length >= MAX_TRANSFERS) continue;
      list.push({
        kind: row.kind as TransferEvent['kind'],
        time: row.time.toISOString(),
        url: row.url ?? undefined,
        path: row.path ?? undefined,
        action: row.action ?? undefined,
        sha256: row.sha256 ?? undefined,
      });
      out.set(key, list);
    }
    return out;
  }
}
