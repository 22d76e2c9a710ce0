import type { z } from 'zod';
import { AppError } from '../../errors.js';
import type { Actor } from '../../platform/actor.js';
import type { FusionRepository, LookupFilter, RecordHit } from './fusion.repository.js';
import type { GraphQuery, graphResponseSchema, LookupQuery, lookupResponseSchema } from './fusion.schema.js';
import { classify, normalise, type ObservedValue } from './observed-value.js';

export type LookupResult = z.infer<typeof lookupResponseSchema>;
export type Graph = z.infer<typeof graphResponseSchema>;
type GraphNode = Graph['nodes'][number];

/** Value nodes a graph holds besides the queried one. */
const GRAPH_VALUES = 200;

const valueNode = (v: ObservedValue): GraphNode => ({
  id: `value:${v.kind}:${v.value}`,
  kind: 'value',
  type: v.kind,
  label: v.value,
  value: v.value,
});
const recordNodeId = (r: { recordType: string; recordId: string }) => `record:${r.recordType}:${r.recordId}`;

/**
 * Fusion across sources (CURE-style): every record that mentions a value — cases and their behaviours, STIX objects
 * (imported and derived: indicators, sightings, malware, attack-patterns…), darknet sources and DoS events, decoy
 * sessions — in one lookup over the index of observed values, limited to what the caller may read; and the graph
 * of those records and the other values they mention, one hop at a time.
 */
export class FusionService {
  constructor(private readonly repo: FusionRepository) {}

  private signedIn(actor: Actor): void {
    if (actor.kind === 'anonymous') throw new AppError('UNAUTHENTICATED', 'sign in first');
    if (actor.kind !== 'user') throw new AppError('FORBIDDEN', 'sensor credentials do not read intelligence');
  }

  /** The value a query names: as the caller says it is, or as its shape suggests. */
  private value(raw: string, kind: ObservedValue['kind'] | undefined): ObservedValue {
    if (kind) {
      const value = normalise(kind, raw);
      if (value === undefined) {
        throw new AppError('VALIDATION_FAILED', `"${raw.slice(0, 100)}" is not a valid ${kind} value`, {
          fields: [{ path: 'q', message: `not a valid ${kind} value` }],
        });
      }
      return { kind, value };
    }
    const found = classify(raw);
    if (!found) {
      throw new AppError(
        'VALIDATION_FAILED',
        'not a value the index knows: write an address or prefix, domain, URL, hash, e-mail address, ATT&CK id, CVE id or family name',
        { fields: [{ path: 'q', message: 'unrecognised value' }] },
      );
    }
    return found;
  }

  private filter(input: { types?: string[] | undefined; from?: string | undefined; to?: string | undefined }) {
    const filter: LookupFilter = {
      types: input.types,
      from: input.from ? new Date(input.from) : undefined,
      to: input.to ? new Date(input.to) : undefined,
    };
    if (filter.from && filter.to && filter.from > filter.to) {
      throw new AppError('VALIDATION_FAILED', 'from must not be after to', {
        fields: [{ path: 'from', message: 'must not be after to' }],
      });
    }
    return filter;
  }

  /** Console paths of a page of records. */
  private async links(hits: readonly { recordType: string; recordId: string }[]): Promise<Map<string, string | null>> {
    const behaviours = await this.repo.casesOfBehaviours(
      hits.filter((h) => h.recordType === 'behaviour').map((h) => h.recordId),
    );
    const path = (h: { recordType: string; recordId: string }): string | null => {
      const id = encodeURIComponent(h.recordId);
      switch (h.recordType) {
        case 'case':
          return `/cases/${id}`;
        case 'behaviour': {
          const casePk = behaviours.get(h.recordId);
          return casePk ? `/cases/${casePk}` : null;
        }
        case 'stix':
          return `/intel/objects/${id}`;
        case 'telescope_source':
          return `/telescope/sources/${id}`;
        case 'telescope_event':
          return '/telescope/events';
        case 'decoy_session':
          return `/decoy/sessions/${id}`;
        default:
          return null;
      }
    };
    return new Map(hits.map((h) => [recordNodeId(h), path(h)]));
  }

  async lookup(actor: Actor, input: LookupQuery): Promise<LookupResult> {
    this.signedIn(actor);
    const query = this.value(input.q, input.kind);
    const filter = this.filter(input);
    const [groups, hits] = await Promise.all([
      this.repo.groups(actor, query, filter),
      this.repo.records(actor, query, filter, { limit: input.limit, offset: input.offset }),
    ]);
    const links = await this.links(hits);
    return {
      query,
      total: groups.reduce((sum, g) => sum + g.count, 0),
      groups,
      records: hits.map((h: RecordHit) => ({
        ...h,
        firstSeen: h.firstSeen?.toISOString() ?? null,
        lastSeen: h.lastSeen?.toISOString() ?? null,
        link: links.get(recordNodeId(h)) ?? null,
      })),
    };
  }

  /**
   * The graph around a value (the records that mention it and the other values they mention) or around a record
   * (its values); each node a caller expands is one more call.
   */
  async graph(actor: Actor, input: GraphQuery): Promise<Graph> {
    this.signedIn(actor);
    const nodes = new Map<string, GraphNode>();
    const edges = new Map<string, { source: string; target: string }>();
    const link = (source: string, target: string) => edges.set(`${source}>${target}`, { source, target });
    let records: { recordType: string; recordId: string; label: string }[];
    let centre: string;
    if (input.q !== undefined) {
      const query = this.value(input.q, input.kind);
      const hits = await this.repo.records(actor, query, this.filter(input), { limit: input.limit, offset: 0 });
      const node = valueNode(query);
      nodes.set(node.id, node);
      centre = node.id;
      records = hits;
      for (const r of records) link(centre, recordNodeId(r));
    } else {
      const record = input.record!;
      const colon = record.indexOf(':');
      records = [{ recordType: record.slice(0, colon), recordId: record.slice(colon + 1), label: '' }];
      centre = recordNodeId(records[0]!);
    }
    const values = await this.repo.valuesOf(actor, records, GRAPH_VALUES + records.length);
    if (input.record !== undefined) {
      if (values.length === 0) throw new AppError('NOT_FOUND', 'no such record in the index, or not one you may read');
      records[0]!.label = values[0]!.label;
    }
    for (const r of records) {
      nodes.set(recordNodeId(r), { id: recordNodeId(r), kind: 'record', type: r.recordType, label: r.label });
    }
    let added = 0;
    for (const v of values) {
      const node = valueNode(v);
      if (!nodes.has(node.id)) {
        if (added >= GRAPH_VALUES) continue;
        nodes.set(node.id, node);
        added += 1;
      }
      const recordId = recordNodeId(v);
      if (node.id === centre) continue;
      link(recordId, node.id);
    }
    return { nodes: [...nodes.values()], edges: [...edges.values()] };
  }
}
