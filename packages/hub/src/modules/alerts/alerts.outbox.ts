import { DeliveryFailed } from '../deliveries/delivery-failed.js';
import type { DeliveryJobRow } from '../deliveries/deliveries.repository.js';
import type { DeliveryAbout } from '../deliveries/deliveries.service.js';
import type { DeliveryHandler, DeliveryOutcome } from '../deliveries/delivery-worker.js';
import type { Mailer, WebhookSender } from './alerts.delivery.js';
import type { AlertsRepository, HistoryInsert } from './alerts.repository.js';

/** The topic of the jobs that announce newly opened alerts. */
export const ALERTS_OPENED = 'alerts.opened';

/** What an alerts.opened job carries: the e-mail's text, or the webhook's alerts, as they were when opened. */
export interface AlertsOpenedPayload {
  [key: string]: unknown;
  about: DeliveryAbout[];
  subject?: string;
  text?: string;
  alerts?: unknown[];
}

export interface AlertChannels {
  /** Undefined when no SMTP server is configured: e-mail is off. */
  mailer?: Mailer | undefined;
  webhooks: WebhookSender;
}

const gone = (what: string) => new DeliveryFailed(`${what} is no longer configured`, { permanent: true });

/**
 * Sends alerts.opened jobs to where the organisation's settings say now (so an admin who fixes a broken webhook
 * URL and presses "retry now" is heard), and records each outcome in the history of the alerts concerned.
 */
export class AlertDeliveryHandler implements DeliveryHandler {
  constructor(
    private readonly repo: AlertsRepository,
    private readonly channels: AlertChannels,
  ) {}

  async send(job: DeliveryJobRow) {
    const payload = job.payload as AlertsOpenedPayload;
    const settings = await this.repo.settings(job.orgId);
    if (job.channel === 'email') {
      const { mailer } = this.channels;
      if (!mailer) throw gone('e-mail');
      const to = settings?.emails ?? [];
      if (to.length === 0) throw gone('e-mail');
      const { messageId } = await mailer.send({
        to,
        subject: payload.subject ?? '',
        text: payload.text ?? '',
        idempotencyKey: job.idempotencyKey,
      });
      return { target: to.join(', '), details: { to, messageId } };
    }
    const url = settings?.webhookUrl;
    const secret = settings?.webhookSecret;
    if (!url || !secret) throw gone('the webhook');
    const body = {
      event: ALERTS_OPENED,
      orgId: job.orgId,
      deliveryId: job.idempotencyKey,
      sentAt: new Date().toISOString(),
      alerts: payload.alerts ?? [],
    };
    const { status } = await this.channels.webhooks.post(url, secret, body, { idempotencyKey: job.idempotencyKey });
    return { target: url, details: { url, status } };
  }

  /** email_sent / webhook_sent, or email_failed / webhook_failed with when the next attempt is (null: none). */
  async settled(job: DeliveryJobRow, outcome: DeliveryOutcome): Promise<void> {
    const about = (job.payload as AlertsOpenedPayload).about.filter((a) => a.type === 'alert');
    let details: Record<string, unknown>;
    if (outcome.delivered) {
      details = { ...outcome.details, attempt: outcome.attempt };
    } else {
      const settings = await this.repo.settings(job.orgId);
      details = {
        ...(job.channel === 'email' ? { to: settings?.emails ?? [] } : { url: settings?.webhookUrl ?? null }),
        error: outcome.reason,
        attempt: outcome.attempt,
        nextAttemptAt: outcome.nextAttemptAt?.toISOString() ?? null,
      };
    }
    const action = `${job.channel}_${outcome.delivered ? 'sent' : 'failed'}`;
    const entries: HistoryInsert[] = about.map((a) => ({ alertId: a.id, action, details }));
    await this.repo.addHistory(entries);
  }
}
