import { DECOY_LIMITS, type DecoyEvent } from '@cynex/core';
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
      if (batch.events.length > 0) await this.sendEvents(batch.events);
      if (batch.chunks.length > 0) await this.hub.recordings(batch.chunks);
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
      await this.hub.capture(sha256, bytes);
      await this.captures.uploaded(sha256);
    }
    return pending.length > 0;
  }

  /**
   * Uploads events; a batch the hub rejects as invalid (400) is split in halves until the one bad event is found,
   * which is logged and skipped: one event the hub cannot take must not hold back everything after it.
   */
  private async sendEvents(events: DecoyEvent[]): Promise<void> {
    try {
      await this.hub.events(events);
    } catch (error) {
      if (!(error instanceof HubError) || error.code !== 'HUB_REJECTED') throw error;
      if (events.length === 1) {
        this.counters.rejected++;
        this.options.log(`the hub rejected event ${events[0]!.id}; skipped: ${error.message}`);
        return;
      }
      const half = Math.ceil(events.length / 2);
      await this.sendEvents(events.slice(0, half));
      await this.sendEvents(events.slice(half));
    }
  }
}
