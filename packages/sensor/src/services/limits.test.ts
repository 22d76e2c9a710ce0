import { describe, expect, it } from 'vitest';
import { DEFAULT_DECOY_LIMITS, type DecoyLimits } from './contracts.js';
import { BoundedCounter, OutputLimiter, SourceGuard, type TimerPort } from './limits.js';

const limits = (overrides: Partial<DecoyLimits>): DecoyLimits => ({ ...DEFAULT_DECOY_LIMITS, ...overrides });

describe(SourceGuard.name, () => {
  it('refuses a source over its connections per minute, and admits it again a minute later', () => {
    let now = 0;
    const guard = new SourceGuard(limits({ maxConnectionsPerSourcePerMinute: 3 }), () => now);
    for (let i = 0; i < 3; i++) {
      const a = guard.admit('198.51.100.1');
      expect(a.ok).toBe(true);
      if (a.ok) a.release();
    }
    expect(guard.admit('198.51.100.1')).toEqual({ ok: false, reason: 'rate' });
    expect(guard.admit('198.51.100.2').ok).toBe(true);
    now += 60_000;
    expect(guard.admit('198.51.100.1').ok).toBe(true);
  });

  it('refuses more concurrent sessions than allowed from one source until one ends', () => {
    const guard = new SourceGuard(limits({ maxSessionsPerSource: 2 }));
    const first = guard.admit('198.51.100.1');
    guard.admit('198.51.100.1');
    expect(guard.admit('198.51.100.1')).toEqual({ ok: false, reason: 'concurrency' });
    if (first.ok) {
      first.release();
      first.release(); // twice is harmless
    }
    expect(guard.admit('198.51.100.1').ok).toBe(true);
    expect(guard.admit('198.51.100.1')).toEqual({ ok: false, reason: 'concurrency' });
  });

  it('refuses everyone at the total connection capacity', () => {
    const guard = new SourceGuard(limits({ maxConnections: 2 }));
    guard.admit('198.51.100.1');
    guard.admit('198.51.100.2');
    expect(guard.admit('198.51.100.3')).toEqual({ ok: false, reason: 'capacity' });
    expect(guard.openConnections).toBe(2);
  });

  it('remembers a bounded number of sources however many connect', () => {
    const guard = new SourceGuard(limits({}), Date.now, 1_000);
    for (let i = 0; i < 200_000; i++) {
      const a = guard.admit(`10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`);
      if (a.ok) a.release();
    }
    expect(guard.trackedSources).toBeLessThanOrEqual(1_000);
    expect(guard.openConnections).toBe(0);
  });
});

describe(BoundedCounter.name, () => {
  it('counts per key and forgets the least recently touched beyond its capacity', () => {
    const counter = new BoundedCounter(2);
    counter.increment('a');
    counter.increment('a');
    counter.increment('b');
    counter.increment('c');
    expect(counter.get('a')).toBe(0);
    expect(counter.get('b')).toBe(1);
    expect(counter.get('c')).toBe(1);
  });
});

function fakeTimers() {
  let now = 0;
  const pending: { at: number; fn: () => void }[] = [];
  const timers: TimerPort = {
    now: () => now,
    setTimeout: (fn, ms) => {
      const t = { at: now + ms, fn };
      pending.push(t);
      return t;
    },
    clearTimeout: (t) => {
      const i = pending.indexOf(t as (typeof pending)[number]);
      if (i >= 0) pending.splice(i, 1);
    },
  };
  const advance = (ms: number) => {
    now += ms;
    for (;;) {
      const due = pending.filter((t) => t.at <= now).sort((a, b) => a.at - b.at)[0];
      if (!due) return;
      pending.splice(pending.indexOf(due), 1);
      due.fn();
    }
  };
  return { timers, advance };
}

describe(OutputLimiter.name, () => {
  it('sends within the budget at once and delays the rest to the next second', () => {
    const { timers, advance } = fakeTimers();
    const sent: string[] = [];
    const limiter = new OutputLimiter(10, (d) => sent.push(d), undefined, timers);
    limiter.write('12345');
    limiter.write('67890abcde');
    expect(sent.join('')).toBe('12345');
    advance(1000);
    expect(sent.join('')).toBe('1234567890abcde');
  });

  it('cuts output once too much is waiting', () => {
    const { timers } = fakeTimers();
    const sent: string[] = [];
    let cut = 0;
    const limiter = new OutputLimiter(
      10,
      (d) => sent.push(d),
      () => cut++,
      timers,
      2,
    );
    limiter.write('x'.repeat(10));
    limiter.write('y'.repeat(25));
    limiter.write('z');
    expect(cut).toBe(1);
    expect(limiter.wasCut).toBe(true);
    expect(sent.join('')).toBe('x'.repeat(10));
  });
});
