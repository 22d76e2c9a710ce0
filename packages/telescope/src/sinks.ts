import { once } from 'node:events';
import type { Writable } from 'node:stream';
import type { TelescopeBatch } from '@cynex/core';

/** Where finished batches go. `send` resolves when the batch is safely delivered, or rejects. */
export interface BatchSink {
  send(batch: TelescopeBatch): Promise<void>;
}

/**
 * Keeps batches in memory (tests, embedding).
 *
 * @example
 * const sink = new MemoryBatchSink();
 * await sink.send(batch);
 * sink.batches.length; // 1
 */
export class MemoryBatchSink implements BatchSink {
  readonly batches: TelescopeBatch[] = [];

  async send(batch: TelescopeBatch): Promise<void> {
    this.batches.push(batch);
  }
}

/**
 * Writes each batch as one JSON line (`--dry-run`), waiting for the stream to drain.
 *
 * @example
 * const sink = new JsonLinesSink(process.stdout);
 */
export class JsonLinesSink implements BatchSink {
  constructor(private readonly out: Writable) {}

  async send(batch: TelescopeBatch): Promise<void> {
    if (!this.out.write(`${JSON.stringify(batch)}\n`)) await once(this.out, 'drain');
  }
}

/** The hub refused a batch (4xx): retrying would not help. Carries the hub's own message. */
export class HubRejectedError extends Error {
  override readonly name = 'HubRejectedError';
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/** How `HubBatchSink` connects and retries. */
export interface HubBatchSinkOptions {
  /** Base URL of the hub, e.g. `https://hub.example.org`. */
  hubUrl: string;
  /**
   * The bearer: the sensor's credential (`cnxs_…`, registered for its sensor id), or, during the transition, the
   * API token (`cnx_…`) of a platform admin with `write` scope.
   */
  token: string;
  /** Attempts per batch including the first (default 8). */
  maxAttempts?: number;
  /** First retry delay in ms, doubled each time up to `maxDelayMs` (defaults 500 and 30,000). */
  baseDelayMs?: number;
  maxDelayMs?: number;
  /** Per-request timeout in ms (default 60,000). */
  timeoutMs?: number;
  /** Largest request body; bigger batches are split (default 19 MiB, under the hub's 20 MiB limit). */
  maxBodyBytes?: number;
  /** Injected for tests. */
  fetch?: typeof fetch;
  sleep?: (ms: number) => Promise<void>;
  /** Told about each retry (for a log line). */
  onRetry?: (info: { attempt: number; delayMs: number; reason: string }) => void;
}

/**
 * Uploads batches to `POST {hubUrl}/api/v1/telescope/batches` with `Authorization: Bearer <token>`.
 * Server errors (5xx), 408, 429 and network failures are retried with exponential backoff (honouring
 * `Retry-After`); other 4xx answers stop at once with a {@link HubRejectedError} carrying the hub's
 * message (and field problems for a validation failure). The hub keys intervals and events, so a retry
 * of a batch that did arrive is harmless. Batches beyond `maxBodyBytes` are sent in parts ({@link splitBatch}).
 *
 * @example
 * const sink = new HubBatchSink({ hubUrl: 'https://hub.example.org', token: process.env.CYNEX_SENSOR_CREDENTIAL! });
 * await sink.send(batch);
 */
export class HubBatchSink implements BatchSink {
  private readonly url: string;
  /** Uploads done and retries made. */
  readonly stats = { sent: 0, retries: 0 };

  constructor(private readonly options: HubBatchSinkOptions) {
    this.url = `${options.hubUrl.replace(/\/+$/, '')}/api/v1/telescope/batches`;
  }

  async send(batch: TelescopeBatch): Promise<void> {
    for (const part of splitBatch(batch, this.options.maxBodyBytes ?? DEFAULT_MAX_BODY))
      await this.post(JSON.stringify(part));
  }

  private async post(body: string): Promise<void> {
    const o = this.options;
    const doFetch = o.fetch ?? fetch;
    const sleep = o.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
    const maxAttempts = o.maxAttempts ?? 8;
    for (let attempt = 1; ; attempt++) {
      let reason: string;
      let retryAfterMs = 0;
      try {
        const res = await doFetch(this.url, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${o.token}` },
          body,
          signal: AbortSignal.timeout(o.timeoutMs ?? 60_000),
        });
        if (res.ok) {
          await res.arrayBuffer();
          this.stats.sent++;
          return;
        }
        const { code, message } = await errorOf(res);
        if (res.status < 500 && res.status !== 408 && res.status !== 429) {
          throw new HubRejectedError(res.status, code, `hub refused the batch (${res.status} ${code}): ${message}`);
        }
        reason = `${res.status} ${message}`;
        retryAfterMs = Number(res.headers.get('retry-after') ?? 0) * 1000 || 0;
      } catch (err) {
        if (err instanceof HubRejectedError) throw err;
        reason = networkReason(err);
      }
      if (attempt >= maxAttempts) throw new Error(`hub upload failed after ${attempt} attempts: ${reason}`);
      const backoff = Math.min(o.maxDelayMs ?? 30_000, (o.baseDelayMs ?? 500) * 2 ** (attempt - 1));
      const delayMs = Math.max(backoff, Math.min(retryAfterMs, 300_000));
      this.stats.retries++;
      o.onRetry?.({ attempt, delayMs, reason });
      await sleep(delayMs);
    }
  }
}

const DEFAULT_MAX_BODY = 19 * 1024 * 1024;

/**
 * Splits a batch whose JSON would exceed `maxBytes` (100,000 source profiles are about 21 MB): the first
 * part carries the intervals and events and as many sources as fit, the next parts only further sources.
 * The hub merges sources per (source, interval), so the parts add up to the whole batch.
 *
 * @example
 * for (const part of splitBatch(batch, 19 * 1024 * 1024)) await post(part);
 */
export function splitBatch(batch: TelescopeBatch, maxBytes: number): TelescopeBatch[] {
  const whole = Buffer.byteLength(JSON.stringify(batch));
  if (whole <= maxBytes || batch.sources.length <= 1) return [batch];
  const head = { ...batch, sources: [] };
  const parts: TelescopeBatch[] = [];
  let current: TelescopeBatch = head;
  let size = Buffer.byteLength(JSON.stringify(head));
  for (const s of batch.sources) {
    const n = Buffer.byteLength(JSON.stringify(s)) + 1;
    if (size + n > maxBytes && current.sources.length > 0) {
      parts.push(current);
      current = { ...batch, intervals: [], scans: [], dos: [], sources: [] };
      size = Buffer.byteLength(JSON.stringify(current));
    }
    current.sources.push(s);
    size += n;
  }
  parts.push(current);
  return parts;
}

/** The hub's `{ error: { code, message, fields? } }`, or the raw text of anything else. */
async function errorOf(res: Response): Promise<{ code: string; message: string }> {
  const text = await res.text().catch(() => '');
  try {
    const body = JSON.parse(text) as {
      error?: { code?: string; message?: string; fields?: { path: string; message: string }[] };
    };
    if (body.error?.message) {
      const fields = body.error.fields?.map((f) => `${f.path}: ${f.message}`).join('; ');
      return {
        code: body.error.code ?? 'ERROR',
        message: fields ? `${body.error.message} (${fields})` : body.error.message,
      };
    }
  } catch {
    // not JSON: fall through to the text
  }
  return { code: 'HTTP', message: text.slice(0, 500) || res.statusText };
}

function networkReason(err: unknown): string {
  if (err instanceof Error) {
    const cause = (err as Error & { cause?: { code?: string; message?: string } }).cause;
    return cause?.code ? `${err.message} (${cause.code})` : err.message;
  }
  return String(err);
}
