import { AppError } from '../../errors.js';
import type { UserActor } from '../../platform/actor.js';
import type { AuditService } from '../audit/audit.service.js';
import type { IntelStreamRepository, StreamRow } from './intel-stream.repository.js';

/** Open streams one user may hold at once (per hub instance). */
export const MAX_STREAMS_PER_USER = 5;
/** Rows sent per poll at most; a backlog is sent poll after poll without waiting. */
export const STREAM_BATCH = 500;

export interface StreamTiming {
  pollMs: number;
  heartbeatMs: number;
}
const DEFAULT_TIMING: StreamTiming = { pollMs: 1000, heartbeatMs: 15_000 };

/** Where a stream writes: one server-sent-events chunk at a time; resolves when the client can take more. */
export type StreamSink = (chunk: string) => Promise<void>;

/** An admitted stream: `run` sends until `stop`. */
export interface StreamSubscription {
  run(send: StreamSink): Promise<void>;
  stop(): void;
}

export interface StreamRequest {
  /** The last event id the client has (Last-Event-ID or ?since=); undefined to start from now. */
  since: number | undefined;
  types: string[] | undefined;
  /** false: send what is there and end (a catch-up for scripts); true: keep polling for new rows. */
  follow: boolean;
}

/** One server-sent event: id = the row's sequence number, data = the object version. */
export function eventOf(row: StreamRow): string {
  const data = { id: row.stixId, type: row.type, version: row.version, revoked: row.revoked, object: row.object };
  return `id: ${row.seq}\nevent: stix\ndata: ${JSON.stringify(data)}\n\n`;
}

/**
 * The server-sent-events stream of new and changed STIX object versions (a changed derived object is a new row,
 * so a new event). Stateless across hub instances: each stream polls the store for rows after the last sequence
 * number it sent, under the visibility policy; no in-process publish/subscribe.
 */
export class IntelStream {
  private readonly perUser = new Map<string, number>();
  /** Each running stream and what settles when it has ended. */
  private readonly running = new Map<StreamSubscription, Promise<void>>();

  constructor(
    private readonly repo: IntelStreamRepository,
    private readonly audit: AuditService,
    private readonly timing: StreamTiming = DEFAULT_TIMING,
  ) {}

  /**
   * Admits a stream for a signed-in member (429 past the per-user cap; audited like other exports) from where it
   * asks, or from now. `run` sends events until `stop` is called or the sink fails; call it once.
   */
  async open(actor: UserActor, request: StreamRequest): Promise<StreamSubscription> {
    const open = this.perUser.get(actor.userId) ?? 0;
    if (open >= MAX_STREAMS_PER_USER) {
      throw new AppError('RATE_LIMITED', `at most ${MAX_STREAMS_PER_USER} open streams per user: close one first`);
    }
    this.perUser.set(actor.userId, open + 1);
    let start: number;
    try {
      start = request.since ?? (await this.repo.latestSeq());
      await this.audit.record(actor, {
        action: 'intel.stream',
        targetType: 'feed',
        details: { since: start, resumed: request.since !== undefined, types: request.types ?? null },
      });
    } catch (error) {
      this.release(actor.userId);
      throw error;
    }
    let stopped = false;
    let wake: () => void = () => undefined;
    const pause = (ms: number) =>
      new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, ms);
        wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
    const subscription: StreamSubscription = {
      stop: () => {
        stopped = true;
        wake();
      },
      run: async (send) => {
        let ended: () => void = () => undefined;
        this.running.set(subscription, new Promise((resolve) => (ended = resolve)));
        try {
          let last = start;
          let lastSent = Date.now();
          await send(': stream open\n\n');
          while (!stopped) {
            const rows = await this.repo.after(actor, last, request.types, STREAM_BATCH);
            for (const row of rows) {
              if (stopped) return;
              await send(eventOf(row));
              last = row.seq;
              lastSent = Date.now();
            }
            if (Date.now() - lastSent >= this.timing.heartbeatMs) {
              await send(': heartbeat\n\n');
              lastSent = Date.now();
            }
            if (rows.length < STREAM_BATCH && !request.follow) return;
            if (rows.length < STREAM_BATCH && !stopped) await pause(this.timing.pollMs);
          }
        } finally {
          this.running.delete(subscription);
          this.release(actor.userId);
          ended();
        }
      },
    };
    return subscription;
  }

  /** Ends every open stream (the hub is closing) and waits for them. */
  async closeAll(): Promise<void> {
    const running = [...this.running];
    for (const [subscription] of running) subscription.stop();
    await Promise.all(running.map(([, ended]) => ended));
  }

  private release(userId: string) {
    const open = (this.perUser.get(userId) ?? 1) - 1;
    if (open <= 0) this.perUser.delete(userId);
    else this.perUser.set(userId, open);
  }
}
