import type { DecoyLimits } from './contracts.js';

/**
 * Per-source containment shared by every transport (SSH, Telnet, and later mail and HTTP): connection rate per
 * source per minute, concurrent sessions per source, and total connections. Memory stays bounded under millions of
 * sources: the rate table is a fixed-size map that forgets the least recently seen source first, and a source's
 * window expires after a minute anyway.
 */

export type Admission = { ok: true; release(): void } | { ok: false; reason: 'rate' | 'concurrency' | 'capacity' };

interface SourceEntry {
  /** Start of the current one-minute window (ms). */
  windowStart: number;
  /** Connections admitted in that window. */
  count: number;
  /** Sessions open right now. */
  open: number;
}

/** Sources remembered at once for rate limiting; beyond it the least recently seen are forgotten. */
export const DEFAULT_SOURCE_TABLE_SIZE = 65_536;
const WINDOW_MS = 60_000;

export class SourceGuard {
  private readonly sources = new Map<string, SourceEntry>();
  private total = 0;

  constructor(
    private readonly limits: DecoyLimits,
    private readonly now: () => number = Date.now,
    private readonly tableSize: number = DEFAULT_SOURCE_TABLE_SIZE,
  ) {}

  /** Decides on a new connection from `ip`; an admitted one must be released exactly once when it ends. */
  admit(ip: string): Admission {
    if (this.total >= this.limits.maxConnections) return { ok: false, reason: 'capacity' };
    const now = this.now();
    let entry = this.sources.get(ip);
    if (entry) {
      // Re-insert so the map's insertion order is least-recently-seen first.
      this.sources.delete(ip);
      if (now - entry.windowStart >= WINDOW_MS) {
        entry.windowStart = now;
        entry.count = 0;
      }
    } else {
      entry = { windowStart: now, count: 0, open: 0 };
    }
    this.sources.set(ip, entry);
    this.evict();
    if (entry.count >= this.limits.maxConnectionsPerSourcePerMinute) return { ok: false, reason: 'rate' };
    if (entry.open >= this.limits.maxSessionsPerSource) return { ok: false, reason: 'concurrency' };
    entry.count += 1;
    entry.open += 1;
    this.total += 1;
    const held = entry;
    let released = false;
    return {
      ok: true,
      release: () => {
        if (released) return;
        released = true;
        held.open -= 1;
        this.total -= 1;
      },
    };
  }

  /** Connections open now (all sources). */
  get openConnections(): number {
    return this.total;
  }

  /** Sources remembered now (bounded by the table size). */
  get trackedSources(): number {
    return this.sources.size;
  }

  private evict(): void {
    if (this.sources.size <= this.tableSize) return;
    // Forget the least recently seen sources that hold no open session; a source with open sessions is kept so
    // its concurrency count stays right (there are at most maxConnections of those).
    for (const [ip, entry] of this.sources) {
      if (this.sources.size <= this.tableSize) return;
      if (entry.open === 0) this.sources.delete(ip);
    }
  }
}

/**
 * Bounded memory for per-source counters other than admission (failed logins before "accept after N"): a map that
 * forgets the least recently touched key beyond `capacity`.
 */
export class BoundedCounter {
  private readonly counts = new Map<string, number>();

  constructor(private readonly capacity = DEFAULT_SOURCE_TABLE_SIZE) {}

  get(key: string): number {
    return this.counts.get(key) ?? 0;
  }

  increment(key: string): number {
    const next = this.get(key) + 1;
    this.counts.delete(key);
    this.counts.set(key, next);
    if (this.counts.size > this.capacity) {
      const oldest = this.counts.keys().next().value;
      if (oldest !== undefined) this.counts.delete(oldest);
    }
    return next;
  }

  reset(key: string): void {
    this.counts.delete(key);
  }
}

/** Timers behind a small seam so the output limiter tests without waiting. */
export interface TimerPort {
  now(): number;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export const realTimers: TimerPort = {
  now: () => Date.now(),
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

/**
 * Output to an attacker at no more than `bytesPerSecond`: writes within the budget go out at once, the rest waits
 * in a queue released once a second; when more than `maxBacklogSeconds` of output is waiting the output is cut
 * (the queue dropped and `onCut` called once), so a `cat /dev/urandom`-style flood cannot hold memory.
 */
export class OutputLimiter {
  private queue: string[] = [];
  private queued = 0;
  private windowStart: number;
  private sentInWindow = 0;
  private timer: unknown;
  private cut = false;

  constructor(
    private readonly bytesPerSecond: number,
    private readonly send: (data: string) => void,
    private readonly onCut: () => void = () => {},
    private readonly timers: TimerPort = realTimers,
    private readonly maxBacklogSeconds = 10,
  ) {
    this.windowStart = timers.now();
  }

  write(data: string): void {
    if (this.cut || data.length === 0) return;
    this.roll();
    if (this.queued === 0 && this.sentInWindow + data.length <= this.bytesPerSecond) {
      this.sentInWindow += data.length;
      this.send(data);
      return;
    }
    this.queue.push(data);
    this.queued += data.length;
    if (this.queued > this.bytesPerSecond * this.maxBacklogSeconds) {
      this.cut = true;
      this.dispose();
      this.onCut();
      return;
    }
    this.schedule();
  }

  /** Whether output was cut for flooding. */
  get wasCut(): boolean {
    return this.cut;
  }

  dispose(): void {
    if (this.timer !== undefined) this.timers.clearTimeout(this.timer);
    this.timer = undefined;
    this.queue = [];
    this.queued = 0;
  }

  private roll(): void {
    const now = this.timers.now();
    if (now - this.windowStart >= 1000) {
      this.windowStart = now;
      this.sentInWindow = 0;
    }
  }

  private schedule(): void {
    if (this.timer !== undefined) return;
    const wait = Math.max(1, 1000 - (this.timers.now() - this.windowStart));
    this.timer = this.timers.setTimeout(() => {
      this.timer = undefined;
      this.flush();
    }, wait);
  }

  private flush(): void {
    this.roll();
    while (this.queue.length > 0 && this.sentInWindow < this.bytesPerSecond) {
      const head = this.queue[0]!;
      const room = this.bytesPerSecond - this.sentInWindow;
      const part = head.length <= room ? head : head.slice(0, room);
      if (part.length === head.length) this.queue.shift();
      else this.queue[0] = head.slice(room);
      this.queued -= part.length;
      this.sentInWindow += part.length;
      this.send(part);
    }
    if (this.queue.length > 0) this.schedule();
  }
}
