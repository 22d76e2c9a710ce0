import { DECOY_LIMITS } from '@cynex/core';
import type { FileCaptureStore } from './captures.js';
import { HubError, type HubClient } from './hub-client.js';
import type { Spool } from './spool.js';

export interface ShipperOptions {
  /** First wait after a failure; doubled on each further failure up to `maxBackoffMs`. */
  backoffMs?: number;
  maxBackoffMs?: number;
  log: (line: string) => void;
}

/** Chunks per upload (core's recording batch allows 200). */
const BATCH_CHUNKS = 200;
/** An idle shipper looks at the spool this often even without a wake-up. */
const IDLE_MS = 1_000;

/**
 * Sends what the spool holds to the hub: pending captures first (each PUT independent and retried until it
 * succeeds), then batches of up to 1,000 events and their recording chunks. A batch is acknowledged in the spool only
 * after the hub stored it, so a crash or an outage at any point means the batch is sent again; the hub's
 * idempotent uploads store each event once. While the hub is unreachable it waits with exponential backoff.
 */
export class Shipper {
  private running = false;
  private loop: Promise<void> | null = null;
  private wakeUp: (() => void) | null = null;
  private serial: Promise<unknown> = Promise.resolve();
  private backoff: number;
  private readonly counters = { sent: 0, rejected: 0, failures: 0 };
  private lastError: string | undefined;

  constructor(
    private readonly hub: HubClient,
    private readonly spool: Spool,
    private readonly captures: FileCaptureStore,
    private readonly options: ShipperOptions,
  ) {
    this.backoff = options.backoffMs ?? 500;
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.loop = this.run();
  }

  /** New records are durable: ship soon. */
  wake(): void {
    this.wakeUp?.();
  }

  async stop(): Promise<void> {
    this.running = false;
    this.wake();
    await this.loop;
  }

  /** Ships everything spooled now, once, without backoff; rejects with the hub's error if it fails. */
  async flush(): Promise<void> {
    await this.spool.durable();
    while (await this.shipOnce()) {
      /* until the spool is empty */
    }
  }

  stats(): { sent: number; rejected: number; failures: number; lastError?: string } {
    return { ...this.counters, ...(this.lastError === undefined ? {} : { lastError: this.lastError }) };
  }

  private async run(): Promise<void> {
    const first = this.options.backoffMs ?? 500;
    while (this.running) {
      let shipped = false;
      try {
        shipped = await this.shipOnce();
        this.backoff = first;
        this.lastError = undefined;
      } catch (error) {
        this.counters.failures++;
        const message = error instanceof Error ? error.message : String(error);
        if (message !== this.lastError) this.options.log(`shipping paused: ${message}; retrying with backoff`);
        this.lastError = message;
        await this.sleep(this.backoff);
        this.backoff = Math.min(this.backoff * 2, this.options.maxBackoffMs ?? 30_000);
        continue;
      }
      if (!shipped) await this.sleep(IDLE_MS);
    }
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.wakeUp = () => {
        this.wakeUp = null;
        done();
      };
      if (!this.running) done();
    });
  }

  /** One pass: captures, then one batch. True when it sent something (there may be more). */
  private shipOnce(): Promise<boolean> {
    const next = this.serial.then(async () => {
      const captures = await this.shipCaptures();
      const batch = await this.spool.read(DECOY_LIMITS.batchEvents, BATCH_CHUNKS);
      if (batch.lines === 0) return captures;
      if (batch.events.length > 0)
        await this.sendInHalves(
          batch.events,
          (e) => this.hub.events(e),
          (e) => `event ${e.id}`,
        );
      if (batch.chunks.length > 0)
        await this.sendInHalves(
          batch.chunks,
          (c) => this.hub.recordings(c),
          (c) => `recording chunk ${c.session}#${c.seq}`,
        );
      await this.spool.ack(batch);
      this.counters.sent += batch.events.length;
      return true;
    });
    this.serial = next.catch(() => undefined);
    return next;
  }

  private async shipCaptures(): Promise<boolean> {
    const pending = await this.captures.pending();
    for (const sha256 of pending) {
      const bytes = await this.captures.read(sha256);
      if (bytes === undefined) continue;
      try {
        await this.hub.capture(sha256, bytes);
      } catch (error) {
        if (!(error instanceof HubError) || error.code !== 'HUB_REJECTED') throw error;
        // Too large for this hub, say: retrying cannot help. The copy stays on disk.
        this.counters.rejected++;
        this.options.log(`the hub rejected capture ${sha256}; kept on disk only: ${error.message}`);
      }
      await this.captures.uploaded(sha256);
    }
    return pending.length > 0;
  }

  /**
   * Uploads in halves when the hub refuses a batch as invalid or too large (400, 413): the one item it cannot take
   * is logged and skipped, so it cannot hold back everything after it.
   */
  private async sendInHalves<T>(items: T[], send: (items: T[]) => Promise<unknown>, name: (item: T) => string) {
    try {
      await send(items);
    } catch (error) {
      if (!(error instanceof HubError) || error.code !== 'HUB_REJECTED') throw error;
      if (items.length === 1) {
        this.counters.rejected++;
        this.options.log(`the hub rejected ${name(items[0]!)}; skipped: ${error.message}`);
        return;
      }
      const half = Math.ceil(items.length / 2);
      await this.sendInHalves(items.slice(0, half), send, name);
      await this.sendInHalves(items.slice(half), send, name);
    }
  }
}
