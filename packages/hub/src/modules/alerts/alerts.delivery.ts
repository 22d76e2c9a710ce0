import { createHmac } from 'node:crypto';
import nodemailer, { type Transporter } from 'nodemailer';

/** An outgoing e-mail: plain text, to the addresses an org admin configured. */
export interface MailMessage {
  to: string[];
  subject: string;
  text: string;
}

export interface Mailer {
  send(message: MailMessage): Promise<{ messageId: string }>;
}

export interface WebhookSender {
  /** POSTs the JSON body, signed; resolves with the status, rejects when it was not delivered (non-2xx too). */
  post(url: string, secret: string, body: unknown): Promise<{ status: number }>;
}

export const SIGNATURE_HEADER = 'x-cynex-signature';

/** `sha256=<hex HMAC-SHA256 of the raw body under the organisation's webhook secret>`. */
export function webhookSignature(secret: string, rawBody: string): string {
  return `sha256=${createHmac('sha256', secret).update(rawBody).digest('hex')}`;
}

/** Mail through the SMTP server of `CYNEX_SMTP_URL` (smtp:// or smtps://, credentials in the URL). */
export class SmtpMailer implements Mailer {
  private readonly transport: Transporter;

  constructor(
    url: string,
    private readonly from: string,
  ) {
    this.transport = nodemailer.createTransport({
      url,
      connectionTimeout: 10_000,
      greetingTimeout: 10_000,
      socketTimeout: 20_000,
    });
  }

  async send(message: MailMessage): Promise<{ messageId: string }> {
    const info = (await this.transport.sendMail({ from: this.from, ...message })) as { messageId?: string };
    return { messageId: info.messageId ?? '' };
  }
}

/**
 * Webhook deliveries with fetch: to the configured URL only (redirects are not followed, so a delivery never
 * goes anywhere the org admin did not name), bounded by a timeout.
 */
export class HttpWebhookSender implements WebhookSender {
  constructor(private readonly timeoutMs = 10_000) {}

  async post(url: string, secret: string, body: unknown): Promise<{ status: number }> {
    const raw = JSON.stringify(body);
    const response = await fetch(url, {
      method: 'POST',
      redirect: 'manual',
      signal: AbortSignal.timeout(this.timeoutMs),
      headers: {
        'content-type': 'application/json',
        'user-agent': 'cynex-hub',
        'x-cynex-event': 'alerts',
        [SIGNATURE_HEADER]: webhookSignature(secret, raw),
      },
      body: raw,
    });
    await response.body?.cancel();
    if (response.status < 200 || response.status >= 300) throw new Error(`the webhook answered ${response.status}`);
    return { status: response.status };
  }
}
