import { AppError } from '../../errors.js';
import { requireUser, type Actor } from '../../platform/actor.js';
import { alertReadableOrgs, canAcknowledgeAlert } from '../../platform/policy.js';
import type { AuditService } from '../audit/audit.service.js';
import type { NotificationsService } from '../notifications/notifications.service.js';
import { canonicalIp } from '../telescope/ip-address.js';
import type { HostDay } from '../telescope/telescope-batch.js';
import type {
  DarknetEvidenceRow,
  DecoyEvidenceRow,
  DecoySightingInsert,
  TelescopeRepository,
} from '../telescope/telescope.repository.js';
import { DeliveryFailed, MAIL_NOT_SENT, type Mailer, type WebhookSender } from './alerts.delivery.js';
import type {
  AlertFilters,
  AlertRow,
  AlertValues,
  AlertsRepository,
  HistoryInsert,
  SettingsRow,
} from './alerts.repository.js';
import type { AlertKind } from './alerts.table.js';

/** The evidence alerts are built from: darknet contributions and scans, decoy sightings. */
export type EvidenceSource = Pick<TelescopeRepository, 'darknetEvidence' | 'decoyEvidence' | 'upsertDecoySighting'>;

/** Where the raw errors of failed deliveries go: the operator's log, not the alert history. */
export interface DeliveryLog {
  warn(details: Record<string, unknown>, message: string): void;
}

export interface AlertDeliveries {
  /** Undefined when no SMTP server is configured: e-mail is off. */
  mailer?: Mailer | undefined;
  webhooks: WebhookSender;
  log?: DeliveryLog | undefined;
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

/** The history's words for a failure: a DeliveryFailed's generic reason, never a raw error's text. */
const reasonOf = (error: unknown, otherwise: string) => (error instanceof DeliveryFailed ? error.message : otherwise);

/**
 * Member alerts (DAEDALUS-style): darknet or decoy activity from an address inside a prefix an organisation
 * registered, one alert per organisation, host and UTC day, delivered to the console, by e-mail and by webhook.
 * Deliveries never fail the upload that caused them: their outcome goes into the alert's history.
 */
export class AlertsService {
  constructor(
    private readonly repo: AlertsRepository,
    private readonly evidence: EvidenceSource,
    private readonly notifications: NotificationsService,
    private readonly audit: AuditService,
    private readonly deliveries: AlertDeliveries,
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
    const existing = new Map((await this.repo.byKeys(candidates)).map((a) => [keyOf(a), a]));
    const touched: AlertRow[] = [];
    const fresh: AlertRow[] = [];
    const history: HistoryInsert[] = [];
    for (const values of candidates) {
      const before = existing.get(keyOf(values));
      if (before && unchanged(before, values)) {
        touched.push(before);
        continue;
      }
      const { row, created } = await this.repo.upsert(values);
      touched.push(row);
      const newKinds = values.kinds.filter((k) => !before?.kinds.includes(k));
      history.push({
        alertId: row.id,
        action: created ? 'opened' : 'updated',
        details: { kinds: values.kinds, packets: values.packets, ...(before && { previousPackets: before.packets }) },
      });
      if (created || newKinds.length > 0) fresh.push(row);
    }
    await this.repo.addHistory(history);
    await this.deliver(fresh);
    return touched;
  }

  /** One notification, e-mail and webhook call per organisation for the alerts an upload opened. */
  private async deliver(fresh: AlertRow[]): Promise<void> {
    if (fresh.length === 0) return;
    const byOrg = new Map<string, AlertRow[]>();
    for (const row of fresh) byOrg.set(row.orgId, [...(byOrg.get(row.orgId) ?? []), row]);
    const settings = new Map((await this.repo.settingsOf([...byOrg.keys()])).map((s) => [s.orgId, s]));
    await Promise.all([...byOrg].map(([orgId, rows]) => this.deliverToOrg(orgId, rows, settings.get(orgId))));
  }

  private async deliverToOrg(orgId: string, rows: AlertRow[], settings: SettingsRow | undefined): Promise<void> {
    const history: HistoryInsert[] = [];
    const record = (action: string, details: Record<string, unknown>) =>
      history.push(...rows.map((r) => ({ alertId: r.id, action, details })));
    const failed = (channel: 'notification' | 'email' | 'webhook', error: unknown) =>
      this.deliveries.log?.warn(
        { err: error instanceof DeliveryFailed && error.cause !== undefined ? error.cause : error, orgId, channel },
        'an alert delivery failed',
      );
    const summary = this.summary(rows);
    try {
      const recipients = await this.repo.recipients(orgId);
      await this.notifications.notify(
        recipients.map((r) => ({ userId: r.userId, kind: 'alert' as const, casePk: null, text: summary.subject })),
      );
      record('notified', { users: recipients.length });
    } catch (error) {
      failed('notification', error);
      record('notify_failed', { error: 'the notifications could not be stored' });
    }
    const { mailer, webhooks } = this.deliveries;
    if (mailer && settings && settings.emails.length > 0) {
      try {
        const { messageId } = await mailer.send({ to: settings.emails, subject: summary.subject, text: summary.text });
        record('email_sent', { to: settings.emails, messageId });
      } catch (error) {
        failed('email', error);
        record('email_failed', { to: settings.emails, error: reasonOf(error, MAIL_NOT_SENT) });
      }
    }
    if (settings?.webhookUrl && settings.webhookSecret) {
      const body = {
        event: 'alerts.opened',
        orgId,
        sentAt: new Date().toISOString(),
        alerts: rows.map((r) => this.presentRow(r, [], new Map())),
      };
      try {
        const { status } = await webhooks.post(settings.webhookUrl, settings.webhookSecret, body);
        record('webhook_sent', { url: settings.webhookUrl, status });
      } catch (error) {
        failed('webhook', error);
        record('webhook_failed', {
          url: settings.webhookUrl,
          error: reasonOf(error, 'the webhook could not be delivered'),
        });
      }
    }
    try {
      await this.repo.addHistory(history);
    } catch {
      // The alert stands; only the record of its delivery is lost, and the upload is not failed for it.
    }
  }

  private summary(rows: AlertRow[]): { subject: string; text: string } {
    const first = rows[0]!;
    const kinds = union(...rows.map((r) => r.kinds));
    const subject =
      rows.length === 1
        ? `[cynex] ${kinds.join(' + ')} alert: ${first.host} (${first.day})`
        : `[cynex] ${rows.length} ${kinds.join(' + ')} alerts for your network`;
    const seenBy = kinds.map((k) => (k === 'darknet' ? 'the darknet telescope' : 'the decoys')).join(' and ');
    const lines = rows
      .slice(0, MAIL_LINES)
      .map(
        (r) =>
          `- ${r.host} on ${r.day}: ${r.kinds.join(' + ')}, ${r.packets} packets, ports ${r.ports.join(' ') || '-'}, ` +
          `${iso(r.firstSeen)} to ${iso(r.lastSeen)}`,
      );
    const text = [
      `Addresses in the prefixes your organisation registered with cynex were seen by ${seenBy}:`,
      '',
      ...lines,
      ...(rows.length > MAIL_LINES ? [`... and ${rows.length - MAIL_LINES} more`] : []),
      '',
      'Unsolicited traffic into a darknet, or connections to a decoy, usually mean that the host is infected or',
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
    const { items, total } = await this.repo.list({ ...query, orgs: alertReadableOrgs(user) });
    return { items: await this.present(items), total };
  }

  async get(actor: Actor, id: string) {
    const user = requireUser(actor);
    const row = await this.repo.get(alertReadableOrgs(user), id);
    if (!row) throw new AppError('ALERT_NOT_FOUND', 'no such alert');
    return (await this.present([row]))[0]!;
  }

  /** Org admins and analysts of the alert's organisation acknowledge it; acknowledging twice changes nothing. */
  async acknowledge(actor: Actor, id: string, note: string | undefined) {
    const user = requireUser(actor);
    const row = await this.repo.get(alertReadableOrgs(user), id);
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
