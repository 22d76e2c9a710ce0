import { describe, expect, it } from 'vitest';
import { FirstProbeTable } from './first-probes.js';

describe(FirstProbeTable.name, () => {
  it('remembers one probe per address: time, key, destination and fingerprint bits', () => {
    const t = new FirstProbeTable(8);
    t.add(0xcb007132, 1_700_000_000.25, (1 << 16) | 161, 0xdeadbeef, 2);
    const at = t.find(0xcb007132);
    expect(at).toBeGreaterThanOrEqual(0);
    expect([t.time(at), t.key(at), t.destination(at), t.fingerprints(at)]).toEqual([
      1_700_000_000.25,
      (1 << 16) | 161,
      0xdeadbeef,
      2,
    ]);
    expect(t.find(0xcb007133)).toBe(-1);
    expect(t.remove(0xcb007132)).toBe(true);
    expect(t.remove(0xcb007132)).toBe(false);
    expect([t.find(0xcb007132), t.size]).toEqual([-1, 0]);
  });

  it('lets the oldest entry go when full, counting it as evicted', () => {
    const t = new FirstProbeTable(3);
    for (let a = 1; a <= 5; a++) t.add(0xf0000000 + a, a, 23, a, 0);
    expect([1, 2, 3, 4, 5].map((a) => t.find(0xf0000000 + a) >= 0)).toEqual([false, false, true, true, true]);
    expect([t.size, t.evicted]).toEqual([3, 2]);
  });

  it('skips removed entries when evicting, so a live one is only dropped when the ring is really full', () => {
    const t = new FirstProbeTable(3);
    t.add(1, 1, 23, 0, 0);
    t.add(2, 2, 23, 0, 0);
    t.add(3, 3, 23, 0, 0);
    t.remove(1);
    t.add(4, 4, 23, 0, 0); // takes the slot of 1
    expect([t.find(2) >= 0, t.find(3) >= 0, t.find(4) >= 0, t.evicted]).toEqual([true, true, true, 0]);
  });

  it('expires from the oldest end up to the first entry at or after the cutoff', () => {
    const t = new FirstProbeTable(10);
    [10, 20, 30, 25, 40].forEach((time, i) => t.add(100 + i, time, 23, 0, 0));
    t.expire(26);
    // 10 and 20 go; 30 stops the walk, so 25 (out of order) stays until a caller checks its time.
    expect([100, 101, 102, 103, 104].map((a) => t.find(a) >= 0)).toEqual([false, false, true, true, true]);
    expect(t.size).toBe(3);
    t.clear();
    expect([t.size, t.find(102)]).toEqual([0, -1]);
  });

  it('keeps full-range addresses apart (0 and 0xffffffff included)', () => {
    const t = new FirstProbeTable(1000);
    const addrs = Array.from({ length: 1000 }, (_, i) => (i * 2654435761) >>> 0);
    addrs[1] = 0xffffffff;
    addrs.forEach((a, i) => t.add(a, i, i, i, i & 15));
    addrs.forEach((a, i) => expect(t.destination(t.find(a))).toBe(i));
  });
});
