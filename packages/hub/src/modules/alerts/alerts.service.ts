import { randomUUID } from 'node:crypto';
import { AppError } from '../../errors.js';
import { requireUser, type Actor } from '../../platform/actor.js';
import { alertReadableOrgs, canAcknowledgeAlert, watchlistAlertOrgs } from '../../platform/policy.js';
import type { AuditService } from '../audit/audit.service.js';
import { canonicalIp } from '../telescope/ip-address.js';
import type { HostDay } from '../telescope/telescope-batch.js';
import type {
  DarknetEvidenceRow,
  DecoyEvidenceRow,
  DecoySightingInsert,
  TelescopeRepository,
} from '../telescope/telescope.repository.js';
import type { DeliveryJobInsert, DeliveryJobsRepository } from '../deliveries/deliveries.repository.js';
import { matchedHost, recordLink, type WatchlistMatch } from '../watchlists/watchlist-match.js';
import { ALERTS_OPENED, type AlertsOpenedPayload } from './alerts.outbox.js';
import type { AlertFilters, AlertRow, AlertValues, AlertsRepository, HistoryInsert } from './alerts.repository.js';
import type { AlertKind } from './alerts.table.js';

/** The evidence alerts are built from: darknet contributions and scans, decoy sightings. */
export type EvidenceSource = Pick<TelescopeRepository, 'darknetEvidence' | 'decoyEvidence' | 'upsertDecoySighting'>;

/** How the alerts an upload opens leave the hub: as jobs in the delivery outbox. */
export interface AlertOutbox {
  /** Whether this hub sends e-mail at all (an SMTP server is configured). */
  email: boolean;
  /** Attempts before a delivery is dead. */
  maxAttempts: number;
  /** Tells the worker that jobs were committed. */
  queued(): void;
}

/** A sighting of a host in a decoy environment, as the deception sensor reports it. */
export interface DecoySightingInput {
  /** The sensor's own id for the sighting: reporting it again updates it instead of adding another. */
  key: string;
  host: string;
  sensorId?: string;
  environmentCode?: string;
  /** e.g. connection, login, command, download. */
  kind?: string;
  port?: number | null;
  firstSeen: Date | string;
  lastSeen?: Date | string;
  count?: number;
  details?: Record<string, unknown>;
}

export type AlertListQuery = Omit<AlertFilters, 'orgs'>;

const MAIL_LINES = 50;
/** Records one watchlist alert lists in its evidence; past that it says the list was cut. */
const WATCHLIST_RECORDS = 100;
const TELESCOPE_KINDS: readonly AlertKind[] = ['darknet', 'decoy'];
const iso = (value: number | Date | string) => new Date(value).toISOString();
const keyOf = (a: { orgId: string; host: string; day: string }) => `${a.orgId} ${a.host} ${a.day}`;
const union = (...lists: string[][]) => [...new Set(lists.flat())].sort();

/** JSON with sorted keys: jsonb keeps its own key order, so evidence is compared in a canonical form. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined);
    return `{${entries
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`)
      .join(',')}}`;
  }
  return JSON.stringify(value);
}

function alertValues(
  orgId: string,
  pair: HostDay,
  darknet: DarknetEvidenceRow | undefined,
  decoy: DecoyEvidenceRow | undefined,
): AlertValues | undefined {
  if (!darknet && !decoy) return undefined;
  const kinds: AlertKind[] = [...(darknet ? ['darknet' as const] : []), ...(decoy ? ['decoy' as const] : [])];
  const times = [darknet, decoy].filter((e) => e !== undefined);
  return {
    orgId,
    host: pair.host,
    day: pair.day,
    kinds,
    packets: darknet?.packets ?? 0,
    ports: union(darknet?.ports ?? [], decoy?.ports ?? []),
    firstSeen: new Date(Math.min(...times.map((e) => e.firstSeen))),
    lastSeen: new Date(Math.max(...times.map((e) => e.lastSeen))),
    evidence: {
      ...(darknet && {
        darknet: {
          packets: darknet.packets,
          bytes: darknet.bytes,
          ports: darknet.ports,
          firstSeen: iso(darknet.firstSeen),
          lastSeen: iso(darknet.lastSeen),
          sensors: darknet.sensors,
          scans: darknet.scans,
        },
      }),
      ...(decoy && {
        decoy: {
          count: decoy.count,
          ports: decoy.ports,
          firstSeen: iso(decoy.firstSeen),
          lastSeen: iso(decoy.lastSeen),
          sightings: decoy.sightings,
        },
      }),
    },
  };
}

/**
 * One alert gathers what every source found about a host on a day: a source recomputes its own kinds' evidence
 * and keeps the others' (packets and ports belong to the telescope's kinds).
 */
function keepOthers(before: AlertRow | undefined, values: AlertValues, own: readonly AlertKind[]): AlertValues {
  const kept = (before?.kinds ?? []).filter((k) => !own.includes(k));
  if (!before || kept.length === 0) return values;
  const keptTelescope = kept.some((k) => TELESCOPE_KINDS.includes(k));
  return {
    ...values,
    kinds: union(kept, values.kinds) as AlertKind[],
    packets: keptTelescope ? before.packets : values.packets,
    ports: keptTelescope ? before.ports : values.ports,
    firstSeen: new Date(Math.min(before.firstSeen.getTime(), values.firstSeen.getTime())),
    lastSeen: new Date(Math.max(before.lastSeen.getTime(), values.lastSeen.getTime())),
    evidence: {
      ...Object.fromEntries(Object.entries(before.evidence).filter(([k]) => kept.includes(k as AlertKind))),
      ...values.evidence,
    },
  };
}

interface WatchlistEvidence {
  entryIds: string[];
  entries: { id: string; kind: string; value: string; note: string }[];
  records: {
    recordType: string;
    recordId: string;
    label: string;
    link: string;
    valueKind: string;
    value: string;
    firstSeen: string | null;
    lastSeen: string | null;
  }[];
  truncated: boolean;
}

/** A watchlist alert's evidence: the entries that matched and the records that mention the value (deduplicated). */
function watchlistEvidence(previous: WatchlistEvidence | undefined, matches: WatchlistMatch[]): WatchlistEvidence {
  const entries = new Map((previous?.entries ?? []).map((e) => [e.id, e]));
  const records = new Map((previous?.records ?? []).map((r) => [`${r.recordType} ${r.recordId} ${r.value}`, r]));
  let truncated = previous?.truncated ?? false;
  for (const m of matches) {
    entries.set(m.entryId, { id: m.entryId, kind: m.entryKind, value: m.entryValue, note: m.entryNote });
    const key = `${m.recordType} ${m.recordId} ${m.value}`;
    if (records.has(key)) continue;
    if (records.size >= WATCHLIST_RECORDS) {
      truncated = true;
      continue;
    }
    records.set(key, {
      recordType: m.recordType,
      recordId: m.recordId,
      label: m.recordLabel,
      link: recordLink(m.recordType, m.recordId, m.value),
      valueKind: m.valueKind,
      value: m.value,
      firstSeen: m.firstSeen ? iso(m.firstSeen) : null,
      lastSeen: m.lastSeen ? iso(m.lastSeen) : null,
    });
  }
  const sortedEntries = [...entries.values()].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return {
    entryIds: sortedEntries.map((e) => e.id),
    entries: sortedEntries,
    records: [...records.values()],
    truncated,
  };
}

function unchanged(before: AlertRow, after: AlertValues): boolean {
  return (
    canonical([...before.kinds].sort()) === canonical([...after.kinds].sort()) &&
    before.packets === after.packets &&
    canonical(before.ports) === canonical(after.ports) &&
    before.firstSeen.getTime() === after.firstSeen.getTime() &&
    before.lastSeen.getTime() === after.lastSeen.getTime() &&
    canonical(before.evidence) === canonical(after.evidence)
  );
}

/**
 * Member alerts (DAEDALUS-style): darknet or decoy activity from an address inside a prefix an organisation
 * registered, one alert per organisation, host and UTC day, delivered to the console, by e-mail and by webhook.
 * E-mail and webhook deliveries are jobs in the outbox, written in the transaction that stores the alerts, so a
 * hub that stops after the upload still delivers them; their outcome goes into the alert's history.
 */
export class AlertsService {
  constructor(
    private readonly repo: AlertsRepository,
    private readonly evidence: EvidenceSource,
    private readonly audit: AuditService,
    private readonly outbox: AlertOutbox,
    private readonly baseUrl: string,
  ) {}

  /** After a darknet upload: the alerts of the hosts seen; returns how many alerts the batch matched. */
  async fromDarknet(hostDays: HostDay[]): Promise<number> {
    return (await this.refresh(hostDays)).length;
  }

  /** After decoy sightings were stored: the alerts of their (host, day) pairs; returns how many alerts they matched. */
  async fromDecoys(hostDays: HostDay[]): Promise<number> {
    return (await this.refresh(hostDays)).length;
  }

  /** Records a decoy sighting (from the deception sensor) and raises or extends the alerts it falls in. */
  async recordDecoySighting(input: DecoySightingInput) {
    const host = canonicalIp(input.host);
    if (!host) {
      throw new AppError('VALIDATION_FAILED', 'the host is not an IP address', {
        fields: [{ path: 'host', message: 'an IPv4 or IPv6 address' }],
      });
    }
    const firstSeen = new Date(input.firstSeen);
    const values: DecoySightingInsert = {
      key: input.key,
      host,
      sensorId: input.sensorId ?? '',
      environmentCode: input.environmentCode ?? '',
      kind: input.kind ?? 'connection',
      port: input.port ?? null,
      firstSeen,
      lastSeen: new Date(input.lastSeen ?? firstSeen),
      count: input.count ?? 1,
      details: input.details ?? {},
    };
    const sighting = await this.evidence.upsertDecoySighting(values);
    const alerts = await this.refresh([{ host, day: iso(firstSeen).slice(0, 10) }]);
    return { sighting, alerts };
  }

  /** Recomputes the alerts of the (host, day) pairs from the stored evidence, so a retried upload changes nothing. */
  private async refresh(hostDays: HostDay[]): Promise<AlertRow[]> {
    const matches = await this.repo.matchPrefixes([...new Set(hostDays.map((hd) => hd.host))]);
    if (matches.length === 0) return [];
    const orgsByHost = new Map<string, string[]>();
    for (const m of matches) orgsByHost.set(m.host, [...(orgsByHost.get(m.host) ?? []), m.orgId]);
    const pairs = hostDays.filter((hd) => orgsByHost.has(hd.host));
    const [darknet, decoy] = await Promise.all([
      this.evidence.darknetEvidence(pairs),
      this.evidence.decoyEvidence(pairs),
    ]);
    const darknetOf = new Map(darknet.map((e) => [`${e.host} ${e.day}`, e]));
    const decoyOf = new Map(decoy.map((e) => [`${e.host} ${e.day}`, e]));
    const candidates = pairs.flatMap((pair) =>
      (orgsByHost.get(pair.host) ?? []).flatMap((orgId) => {
        const key = `${pair.host} ${pair.day}`;
        return alertValues(orgId, pair, darknetOf.get(key), decoyOf.get(key)) ?? [];
      }),
    );
    const { touched, fresh } = await this.repo.transaction((repo, jobs) =>
      this.store(repo, jobs, candidates, (before, values) => keepOthers(before, values, TELESCOPE_KINDS)),
    );
    if (fresh.length > 0) this.outbox.queued();
    return touched;
  }

  /**
   * Raises the alerts of watchlist matches (the matcher has kept only records the watching organisation may
   * read): one per organisation, matched value and UTC day of the pass, gathering every record and entry; a value
   * matched again the same day extends its alert without notifying again. Runs in the caller's transaction (the
   * matcher's, which advances its cursor with it); call `queued()` once it has committed. Returns the alerts opened
   * or newly of kind watchlist.
   */
  async fromWatchlist(
    matches: WatchlistMatch[],
    tx: { repo: AlertsRepository; jobs: DeliveryJobsRepository },
    at = new Date(),
  ): Promise<AlertRow[]> {
    const day = iso(at).slice(0, 10);
    const groups = new Map<string, WatchlistMatch[]>();
    for (const m of matches) {
      const key = keyOf({ orgId: m.orgId, host: matchedHost(m), day });
      groups.set(key, [...(groups.get(key) ?? []), m]);
    }
    const candidates = [...groups.values()].map((group): AlertValues => {
      const times = group.flatMap((m) => [m.firstSeen, m.lastSeen]).filter((t) => t !== null);
      const first = group[0]!;
      return {
        orgId: first.orgId,
        host: matchedHost(first),
        day,
        kinds: ['watchlist'],
        packets: 0,
        ports: [],
        firstSeen: times.length > 0 ? new Date(Math.min(...times.map((t) => t.getTime()))) : at,
        lastSeen: times.length > 0 ? new Date(Math.max(...times.map((t) => t.getTime()))) : at,
        evidence: { watchlist: watchlistEvidence(undefined, group) },
        watchlistEntryId: group.map((m) => m.entryId).sort()[0]!,
      };
    });
    const { fresh } = await this.store(tx.repo, tx.jobs, candidates, (before, values) => {
      const group = groups.get(keyOf(values))!;
      const previous = before?.evidence.watchlist as WatchlistEvidence | undefined;
      return keepOthers(
        before,
        {
          ...values,
          evidence: { watchlist: watchlistEvidence(previous, group) },
          watchlistEntryId: before?.watchlistEntryId ?? values.watchlistEntryId ?? null,
          ...(previous &&
            before && {
              firstSeen: new Date(Math.min(before.firstSeen.getTime(), values.firstSeen.getTime())),
              lastSeen: new Date(Math.max(before.lastSeen.getTime(), values.lastSeen.getTime())),
            }),
        },
        ['watchlist'],
      );
    });
    return fresh;
  }

  /** Tells the delivery worker that jobs were committed (after a caller's transaction that raised alerts). */
  queued(): void {
    this.outbox.queued();
  }

  /**
   * Stores the alerts, their history, the console's notifications and the jobs that deliver the new ones, in one
   * transaction: once the upload is answered, its deliveries are in the outbox.
   */
  private async store(
    repo: AlertsRepository,
    jobs: DeliveryJobsRepository,
    candidates: AlertValues[],
    combine: (before: AlertRow | undefined, values: AlertValues) => AlertValues,
  ) {
    const existing = new Map((await repo.byKeys(candidates)).map((a) => [keyOf(a), a]));
    const touched: AlertRow[] = [];
    const fresh: AlertRow[] = [];
    const history: HistoryInsert[] = [];
    for (const candidate of candidates) {
      const before = existing.get(keyOf(candidate));
      const values = combine(before, candidate);
      if (before && unchanged(before, values)) {
        touched.push(before);
        continue;
      }
      const { row, created } = await repo.upsert(values);
      touched.push(row);
      const newKinds = values.kinds.filter((k) => !before?.kinds.includes(k));
      history.push({
        alertId: row.id,
        action: created ? 'opened' : 'updated',
        details: { kinds: values.kinds, packets: values.packets, ...(before && { previousPackets: before.packets }) },
      });
      if (created || newKinds.length > 0) fresh.push(row);
    }
    await repo.addHistory(history);
    await this.enqueue(repo, jobs, fresh);
    return { touched, fresh };
  }

  /**
   * For the alerts an upload opened, per organisation: a notification for its admins and analysts, and one
   * e-mail and one webhook job as its settings ask.
   */
  private async enqueue(repo: AlertsRepository, jobs: DeliveryJobsRepository, fresh: AlertRow[]): Promise<void> {
    if (fresh.length === 0) return;
    const byOrg = new Map<string, AlertRow[]>();
    for (const row of fresh) byOrg.set(row.orgId, [...(byOrg.get(row.orgId) ?? []), row]);
    const settings = new Map((await repo.settingsOf([...byOrg.keys()])).map((s) => [s.orgId, s]));
    const queued: DeliveryJobInsert[] = [];
    const history: HistoryInsert[] = [];
    for (const [orgId, rows] of byOrg) {
      const recipients = await repo.recipients(orgId);
      const { subject } = this.summary(rows);
      await repo.notify(
        recipients.map((r) => ({ userId: r.userId, kind: 'alert' as const, casePk: null, text: subject })),
      );
      history.push(...rows.map((r) => ({ alertId: r.id, action: 'notified', details: { users: recipients.length } })));
      const s = settings.get(orgId);
      const about = rows.map((r) => ({ type: 'alert', id: r.id, label: `${r.host} (${r.day})` }));
      const job = (channel: 'email' | 'webhook', target: string, payload: AlertsOpenedPayload): DeliveryJobInsert => ({
        orgId,
        channel,
        topic: ALERTS_OPENED,
        idempotencyKey: randomUUID(),
        payload,
        maxAttempts: this.outbox.maxAttempts,
        target,
      });
      if (this.outbox.email && s && s.emails.length > 0) {
        queued.push(job('email', s.emails.join(', '), { about, ...this.summary(rows) }));
        history.push(...rows.map((r) => ({ alertId: r.id, action: 'email_queued', details: { to: s.emails } })));
      }
      if (s?.webhookUrl && s.webhookSecret) {
        queued.push(
          job('webhook', s.webhookUrl, { about, alerts: rows.map((r) => this.presentRow(r, [], new Map())) }),
        );
        history.push(...rows.map((r) => ({ alertId: r.id, action: 'webhook_queued', details: { url: s.webhookUrl } })));
      }
    }
    await jobs.enqueue(queued);
    await repo.addHistory(history);
  }

  private summary(rows: AlertRow[]): { subject: string; text: string } {
    const first = rows[0]!;
    const kinds = union(...rows.map((r) => r.kinds));
    const subject =
      rows.length === 1
        ? `[cynex] ${kinds.join(' + ')} alert: ${first.host} (${first.day})`
        : `[cynex] ${rows.length} ${kinds.join(' + ')} alerts for your network`;
    const seenBy = kinds
      .filter((k) => k !== 'watchlist')
      .map((k) => (k === 'darknet' ? 'the darknet telescope' : 'the decoys'))
      .join(' and ');
    const lines = rows.slice(0, MAIL_LINES).map((r) => {
      const watchlist = r.evidence.watchlist as WatchlistEvidence | undefined;
      const parts = [
        ...(TELESCOPE_KINDS.some((k) => r.kinds.includes(k))
          ? [`${r.packets} packets, ports ${r.ports.join(' ') || '-'}`]
          : []),
        ...(watchlist
          ? [
              `watchlist ${watchlist.entries.map((e) => `${e.kind} ${e.value}`).join(', ')} in ` +
                `${watchlist.records.length}${watchlist.truncated ? '+' : ''} record(s)`,
            ]
          : []),
      ];
      return `- ${r.host} on ${r.day}: ${r.kinds.join(' + ')}, ${parts.join('; ')}, ${iso(r.firstSeen)} to ${iso(r.lastSeen)}`;
    });
    const watchlistOnly = kinds.every((k) => k === 'watchlist');
    const text = [
      watchlistOnly
        ? "Values on your organisation's cynex watchlist appear in records your organisation may read:"
        : `Addresses in the prefixes your organisation registered with cynex were seen by ${seenBy}:`,
      '',
      ...lines,
      ...(rows.length > MAIL_LINES ? [`... and ${rows.length - MAIL_LINES} more`] : []),
      '',
      watchlistOnly
        ? 'The alert lists the records (cases, indicators, sightings, telescope and decoy data) that mention them.'
        : 'Unsolicited traffic into a darknet, or connections to a decoy, usually mean that the host is infected or\n' +
          'misconfigured. Please check it.',
      '',
      `Details and acknowledgement: ${this.baseUrl}/alerts`,
    ].join('\n');
    return { subject, text };
  }

  private presentRow(
    row: AlertRow,
    history: Awaited<ReturnType<AlertsRepository['history']>>,
    labels: Map<string, string>,
  ) {
    return {
      id: row.id,
      orgId: row.orgId,
      host: row.host,
      day: row.day,
      kinds: row.kinds,
      packets: row.packets,
      ports: row.ports,
      firstSeen: iso(row.firstSeen),
      lastSeen: iso(row.lastSeen),
      evidence: row.evidence,
      watchlistEntryId: row.watchlistEntryId,
      status: row.status,
      acknowledgedBy: row.acknowledgedBy ? (labels.get(row.acknowledgedBy) ?? row.acknowledgedBy) : null,
      acknowledgedAt: row.acknowledgedAt ? iso(row.acknowledgedAt) : null,
      history: history
        .filter((h) => h.alertId === row.id)
        .map((h) => ({ at: iso(h.at), action: h.action, by: h.by, note: h.note, details: h.details })),
    };
  }

  private async present(rows: AlertRow[]) {
    const [history, labels] = await Promise.all([
      this.repo.history(rows.map((r) => r.id)),
      this.repo.userLabels([...new Set(rows.flatMap((r) => (r.acknowledgedBy ? [r.acknowledgedBy] : [])))]),
    ]);
    return rows.map((row) => this.presentRow(row, history, labels));
  }

  /** Only the organisation's members (and platform admins) see its alerts; for anybody else the list is empty. */
  async list(actor: Actor, query: AlertListQuery) {
    const user = requireUser(actor);
    const { items, total } = await this.repo.list({
      ...query,
      orgs: alertReadableOrgs(user),
      watchlistOrgs: watchlistAlertOrgs(user),
    });
    return { items: await this.present(items), total };
  }

  async get(actor: Actor, id: string) {
    const user = requireUser(actor);
    const row = await this.repo.get(alertReadableOrgs(user), id, watchlistAlertOrgs(user));
    if (!row) throw new AppError('ALERT_NOT_FOUND', 'no such alert');
    return (await this.present([row]))[0]!;
  }

  /** Org admins and analysts of the alert's organisation acknowledge it; acknowledging twice changes nothing. */
  async acknowledge(actor: Actor, id: string, note: string | undefined) {
    const user = requireUser(actor);
    const row = await this.repo.get(alertReadableOrgs(user), id, watchlistAlertOrgs(user));
    if (!row) throw new AppError('ALERT_NOT_FOUND', 'no such alert');
    if (!canAcknowledgeAlert(user, row.orgId)) {
      throw new AppError('FORBIDDEN', "only the organisation's admins and analysts acknowledge its alerts");
    }
    if (await this.repo.acknowledge(id, user.userId)) {
      await this.repo.addHistory([
        { alertId: id, action: 'acknowledged', byUserId: user.userId, byLabel: user.email, note: note ?? null },
      ]);
      await this.audit.record(user, {
        action: 'alert.acknowledge',
        targetType: 'alert',
        targetId: id,
        orgId: row.orgId,
        details: { host: row.host, day: row.day, ...(note && { note }) },
      });
    }
    return this.get(user, id);
  }
}
