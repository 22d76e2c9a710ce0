import { describe, expect, it } from 'vitest';
import { TimingWheel } from './timing-wheel.js';

const take = (w: TimingWheel, time: number) => {
  const got: [number, number][] = [];
  w.takeBefore(time, (id, bucket) => got.push([id, bucket]));
  return got;
};

describe(TimingWheel.name, () => {
  it('hands out ids by bucket, oldest first, only once their bucket has started before the time', () => {
    const w = new TimingWheel(60);
    w.schedule(1, 1_000_130); // bucket 16668 (starts 1,000,080)
    w.schedule(2, 1_000_010); // bucket 16666 (starts 999,960)
    w.schedule(3, 1_000_500); // bucket 16675
    expect(w.size).toBe(3);
    expect(take(w, 999_960)).toEqual([]); // bucket 16666 starts exactly then: not before
    expect(take(w, 1_000_081)).toEqual([
      [2, 16666],
      [1, 16668],
    ]);
    expect(w.size).toBe(1);
    expect(take(w, 1_000_100)).toEqual([]);
    expect(take(w, Infinity)).toEqual([[3, 16675]]);
    expect(w.size).toBe(0);
  });

  it('puts ids filed from inside a callback into fresh buckets, taken by a later call', () => {
    const w = new TimingWheel(10);
    w.schedule(7, 105);
    const seen: number[] = [];
    w.takeBefore(109, (id) => {
      seen.push(id);
      w.schedule(id, 108); // same bucket as the one being emptied
    });
    expect(seen).toEqual([7]);
    expect(take(w, 109)).toEqual([[7, 10]]);
  });

  it('copes with a jump of years between calls (sorting the buckets instead of walking the gap)', () => {
    const w = new TimingWheel(60);
    w.schedule(1, 0);
    w.schedule(2, 3e9);
    expect(take(w, 2e9).map(([id]) => id)).toEqual([1]);
    expect(take(w, 4e9).map(([id]) => id)).toEqual([2]);
  });

  it('rejects a tick that is not positive', () => {
    expect(() => new TimingWheel(0)).toThrow(RangeError);
  });
});
