import { createHmac } from 'node:crypto';
import http from 'node:http';
import https from 'node:https';
import nodemailer, { type Transporter } from 'nodemailer';
import { EgressRefused, pinnedLookup, type EgressGuard, type EgressTarget } from '../../platform/egress.js';
import { DeliveryFailed } from '../deliveries/delivery-failed.js';

/** An outgoing e-mail: plain text, to the addresses an org admin configured. */
export interface MailMessage {
  to: string[];
  subject: string;
  text: string;
  /** The delivery's idempotency key: the same on every attempt, it becomes the Message-ID. */
  idempotencyKey?: string | undefined;
}

export interface Mailer {
  send(message: MailMessage): Promise<{ messageId: string }>;
}

export interface WebhookSender {
  /** POSTs the JSON body, signed; resolves with the status, rejects with DeliveryFailed when not delivered (non-2xx too). */
  post(url: string, secret: string, body: unknown, options?: WebhookOptions): Promise<{ status: number }>;
}

export interface WebhookOptions {
  /** The same on every attempt of one delivery, so the receiver can drop one it has seen. */
  idempotencyKey?: string | undefined;
}

export const SIGNATURE_HEADER = 'x-cynex-signature';
/** The delivery's idempotency key, under the name most receivers know and under our own. */
export const IDEMPOTENCY_HEADER = 'idempotency-key';
export const DELIVERY_HEADER = 'x-cynex-delivery';

/** `sha256=<hex HMAC-SHA256 of the raw body under the organisation's webhook secret>`. */
export function webhookSignature(secret: string, rawBody: string): string {
  return `sha256=${createHmac('sha256', secret).update(rawBody).digest('hex')}`;
}

export { DeliveryFailed } from '../deliveries/delivery-failed.js';

export const EGRESS_REFUSED = 'refused by the egress policy';
export const UNREACHABLE = 'the receiver could not be reached';
export const MAIL_NOT_SENT = 'the e-mail could not be sent';

/**
 * smtp:// upgrades with STARTTLS before credentials or mail cross the wire, unless the operator allows plain
 * text; smtps:// is TLS from the start. Set in the URL because nodemailer lets the URL's query override the
 * transport options.
 */
function requireStartTls(url: string, allowPlaintext: boolean): string {
  const parsed = new URL(url);
  if (parsed.protocol !== 'smtp:' || allowPlaintext) return url;
  parsed.searchParams.set('requireTLS', 'true');
  return parsed.toString();
}

/**
 * Mail through the SMTP server of `CYNEX_SMTP_URL` (smtp:// with STARTTLS, or smtps://; credentials in the
 * URL). The server is the operator's own choice, not an organisation's, so it does not go through the egress
 * guard.
 */
export class SmtpMailer implements Mailer {
  private readonly transport: Transporter;

  constructor(
    url: string,
    private readonly from: string,
    options: { allowPlaintext?: boolean } = {},
  ) {
    this.transport = nodemailer.createTransport({
      url: requireStartTls(url, options.allowPlaintext ?? false),
      connectionTimeout: 10_000,
      greetingTimeout: 10_000,
      socketTimeout: 20_000,
    });
  }

  async send(message: MailMessage): Promise<{ messageId: string }> {
    try {
      const { idempotencyKey, ...mail } = message;
      const info = (await this.transport.sendMail({
        from: this.from,
        ...mail,
        // Every attempt of one delivery carries the same Message-ID, so mail systems can drop a repeat.
        ...(idempotencyKey && { messageId: `<${idempotencyKey}@${/@([^>\s]+)/.exec(this.from)?.[1] ?? 'cynex'}>` }),
      })) as { messageId?: string };
      return { messageId: info.messageId ?? '' };
    } catch (error) {
      throw new DeliveryFailed(MAIL_NOT_SENT, { cause: error });
    }
  }
}

/** Resolves with the guard's outcome, or rejects with the signal's reason once the deadline passes. */
function beforeDeadline<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason as Error);
    if (signal.aborted) return onAbort();
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}

/**
 * Webhook deliveries through the egress guard: checked again right before connecting, and connected only to
 * the addresses that check vetted (so DNS re-binding after the check gets nowhere). Redirects are not followed,
 * so a delivery never goes anywhere the org admin did not name; one deadline bounds the lookup, the connection
 * and the answer.
 */
export class HttpWebhookSender implements WebhookSender {
  constructor(
    private readonly guard: Pick<EgressGuard, 'check'>,
    private readonly timeoutMs = 10_000,
  ) {}

  async post(url: string, secret: string, body: unknown, options: WebhookOptions = {}): Promise<{ status: number }> {
    const raw = JSON.stringify(body);
    const deadline = AbortSignal.timeout(this.timeoutMs);
    let target: EgressTarget;
    try {
      target = await beforeDeadline(this.guard.check(url), deadline);
    } catch (error) {
      const refused = error instanceof EgressRefused && error.reason !== 'unresolvable';
      throw new DeliveryFailed(refused ? EGRESS_REFUSED : UNREACHABLE, { cause: error });
    }
    const headers: Record<string, string> = { [SIGNATURE_HEADER]: webhookSignature(secret, raw) };
    if (options.idempotencyKey) {
      headers[IDEMPOTENCY_HEADER] = options.idempotencyKey;
      headers[DELIVERY_HEADER] = options.idempotencyKey;
    }
    const status = await this.send(target, raw, headers, deadline);
    if (status < 200 || status >= 300) throw new DeliveryFailed(`the receiver answered ${status}`);
    return { status };
  }

  private send(target: EgressTarget, raw: string, extra: Record<string, string>, signal: AbortSignal): Promise<number> {
    const client = target.url.protocol === 'https:' ? https : http;
    return new Promise((resolve, reject) => {
      const request = client.request(
        {
          protocol: target.url.protocol,
          hostname: target.hostname,
          port: target.url.port || undefined,
          path: `${target.url.pathname}${target.url.search}`,
          method: 'POST',
          agent: false,
          lookup: pinnedLookup(target.addresses),
          signal,
          headers: {
            'content-type': 'application/json',
            'content-length': Buffer.byteLength(raw),
            'user-agent': 'cynex-hub',
            'x-cynex-event': 'alerts',
            ...extra,
          },
        },
        (response) => {
          // Only the status matters; the body is not read.
          response.destroy();
          resolve(response.statusCode ?? 0);
        },
      );
      // For the operator's log, a timeout is named as such rather than as the abort it causes.
      request.on('error', (error) =>
        reject(new DeliveryFailed(UNREACHABLE, { cause: signal.aborted ? (signal.reason as unknown) : error })),
      );
      request.end(raw);
    });
  }
}
