import { createHash } from 'node:crypto';
import { desc, eq, inArray } from 'drizzle-orm';
import { TLP_LABELS, uuidV5, type Tlp } from '@cynex/core';
import type { Db } from '../../db/client.js';
import type { Actor } from '../../platform/actor.js';
import type { AuditService } from '../audit/audit.service.js';
import { cases } from '../cases/cases.table.js';
import { stixImportObjects, stixImports } from '../intel/intel.table.js';
import { ANONYMOUS_MEMBER } from '../derived/source-identity.js';
import { organisations } from '../orgs/orgs.table.js';
import { blocklistEntries, type BlocklistKind } from './blocklist.js';
import { liveIndicators } from './live-indicators.js';

/** The namespace of cynex's MISP attribute uuids (UUIDv5 of indicator, kind and value: stable across pulls). */
const ATTRIBUTE_NAMESPACE = '6b0a7f5e-2f1c-5a8e-9d55-0c7f3e2b9a41';
/** The namespace of the uuids of events made from derived intelligence (UUIDv5 of the source key `case:<uuid>`). */
const EVENT_NAMESPACE = '0e4f1c8a-7b3d-5f29-a6c1-93d2e5b8f104';

/** MISP attribute type and category of each blocklist kind. */
const MISP_TYPES: Record<BlocklistKind, { type: string; category: string }> = {
  ipv4: { type: 'ip-dst', category: 'Network activity' },
  ipv6: { type: 'ip-dst', category: 'Network activity' },
  domain: { type: 'domain', category: 'Network activity' },
  url: { type: 'url', category: 'Network activity' },
  email: { type: 'email', category: 'Payload delivery' },
  md5: { type: 'md5', category: 'Payload delivery' },
  sha1: { type: 'sha1', category: 'Payload delivery' },
  sha256: { type: 'sha256', category: 'Payload delivery' },
};

export interface MispAttribute {
  uuid: string;
  type: string;
  category: string;
  value: string;
  to_ids: boolean;
  timestamp: string;
  comment: string;
}

export interface MispEvent {
  uuid: string;
  info: string;
  date: string;
  timestamp: string;
  publish_timestamp: string;
  published: boolean;
  analysis: string;
  threat_level_id: string;
  distribution: string;
  Orgc: { name: string; uuid: string };
  Tag: { name: string }[];
  Attribute: MispAttribute[];
}

/** An event title for a source record of derived intelligence. */
function sourceInfo(source: string, caseIds: Map<string, string>): string {
  const caseId = caseIds.get(source);
  if (caseId) return `cynex observation case ${caseId}`;
  const [kind] = source.split(':');
  return `cynex ${kind === 'decoy' ? 'decoy session' : kind} ${source.slice(source.indexOf(':') + 1)}`;
}

const seconds = (date: Date) => String(Math.floor(date.getTime() / 1000));
const strictest = (labels: string[]): Tlp =>
  labels.reduce<Tlp>((a, b) => (TLP_LABELS.indexOf(b as Tlp) > TLP_LABELS.indexOf(a) ? (b as Tlp) : a), 'CLEAR');

/**
 * A MISP feed (the format a MISP instance subscribes to: `manifest.json`, `hashes.csv`, one `<uuid>.json` per
 * event) of the indicators the reader may see: one event per bundle import, its attributes the values named by
 * the live indicators (`liveIndicators`) whose newest version that import brought, tagged with the strictest TLP among them. A member's feed (with an API token in
 * the MISP feed's headers) carries what the member may read; without credentials, public TLP:CLEAR only.
 */
export class MispFeed {
  constructor(
    private readonly db: Db,
    private readonly audit: AuditService,
  ) {}

  /**
   * Every event the reader may see, built from their visible, live indicators: one per bundle import (the
   * indicators it brought) and one per source record of derived intelligence (an observation case's indicators).
   */
  async events(actor: Actor, only?: string): Promise<MispEvent[]> {
    const live = liveIndicators(this.db, actor);
    const rows = await this.db
      .select({
        importId: stixImportObjects.importId,
        source: live.source,
        stixId: live.stixId,
        marking: live.marking,
        pattern: live.pattern,
        dateAdded: live.dateAdded,
        fileName: stixImports.fileName,
        startedAt: stixImports.startedAt,
        orgId: organisations.id,
        orgName: organisations.nameEn,
        anonymise: organisations.anonymiseSightings,
      })
      .from(live)
      .leftJoin(stixImportObjects, eq(stixImportObjects.objectId, live.objectId))
      .leftJoin(stixImports, eq(stixImports.id, stixImportObjects.importId))
      .innerJoin(organisations, eq(organisations.id, live.ownerOrgId))
      .orderBy(desc(live.dateAdded), live.stixId);
    const caseIds = await this.caseIdsOf(rows.map((row) => row.source));
    const events = new Map<string, MispEvent & { markings: string[]; seen: Set<string> }>();
    for (const row of rows) {
      const uuid = row.importId ?? (row.source ? uuidV5(EVENT_NAMESPACE, row.source) : undefined);
      if (!uuid || (only && uuid !== only)) continue;
      let event = events.get(uuid);
      if (!event) {
        const at = row.startedAt ?? row.dateAdded;
        event = {
          uuid,
          info: row.importId
            ? `cynex STIX import${row.fileName ? ` ${row.fileName}` : ''}`
            : sourceInfo(row.source!, caseIds),
          date: at.toISOString().slice(0, 10),
          timestamp: seconds(at),
          publish_timestamp: seconds(at),
          published: true,
          analysis: '2',
          threat_level_id: '2',
          distribution: '0',
          // Derived intelligence of an organisation that anonymises its sightings names no organisation here either.
          Orgc:
            !row.importId && row.anonymise
              ? { name: ANONYMOUS_MEMBER.en, uuid: uuidV5(EVENT_NAMESPACE, 'anonymous-member') }
              : { name: row.orgName, uuid: row.orgId },
          Tag: [],
          Attribute: [],
          markings: [],
          seen: new Set(),
        };
        events.set(uuid, event);
      }
      event.markings.push(row.marking);
      for (const entry of blocklistEntries(row.pattern ?? '')) {
        const id = uuidV5(ATTRIBUTE_NAMESPACE, `${row.stixId}|${entry.kind}|${entry.value}`);
        if (event.seen.has(id)) continue;
        event.seen.add(id);
        event.Attribute.push({
          uuid: id,
          ...MISP_TYPES[entry.kind],
          value: entry.value,
          to_ids: true,
          timestamp: seconds(row.dateAdded),
          comment: row.stixId,
        });
      }
    }
    return [...events.values()]
      .filter((event) => event.Attribute.length > 0)
      .map(({ markings, seen: _seen, ...event }) => ({
        ...event,
        Tag: [{ name: `tlp:${strictest(markings).toLowerCase()}` }],
      }));
  }

  /** The NICT-style ids of the cases derived indicators stand for (the reader sees the indicator, so the case). */
  private async caseIdsOf(sources: (string | null)[]): Promise<Map<string, string>> {
    const ids = [...new Set(sources.flatMap((s) => (s?.startsWith('case:') ? [s.slice('case:'.length)] : [])))];
    if (ids.length === 0) return new Map();
    const rows = await this.db.select({ id: cases.id, caseId: cases.caseId }).from(cases).where(inArray(cases.id, ids));
    return new Map(rows.map((row) => [`case:${row.id}`, row.caseId]));
  }

  /** `manifest.json`: each event's header, keyed by its uuid. */
  async manifest(
    actor: Actor,
  ): Promise<Record<string, Omit<MispEvent, 'Attribute' | 'uuid' | 'published' | 'distribution'>>> {
    const events = await this.events(actor);
    await this.record(actor, 'manifest', events.length);
    return Object.fromEntries(
      events.map(({ uuid, Attribute: _a, published: _p, distribution: _d, ...header }) => [uuid, header]),
    );
  }

  /** `hashes.csv`: MD5 of each attribute value and its event's uuid (MISP's feed cache and correlation). */
  async hashes(actor: Actor): Promise<string> {
    const events = await this.events(actor);
    await this.record(actor, 'hashes', events.length);
    return events
      .flatMap((event) =>
        event.Attribute.map((a) => `${createHash('md5').update(a.value).digest('hex')},${event.uuid}\n`),
      )
      .join('');
  }

  /** `<uuid>.json`: one event, or undefined when the reader may see none of it. */
  async event(actor: Actor, uuid: string): Promise<{ Event: MispEvent } | undefined> {
    const [event] = await this.events(actor, uuid);
    if (event) await this.record(actor, 'event', 1, uuid);
    return event ? { Event: event } : undefined;
  }

  private async record(actor: Actor, part: string, events: number, uuid?: string): Promise<void> {
    if (actor.kind !== 'user') return;
    await this.audit.record(actor, {
      action: 'feed.misp',
      targetType: 'feed',
      ...(uuid ? { targetId: uuid } : {}),
      details: { part, events },
    });
  }
}
