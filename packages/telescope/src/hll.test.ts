import { describe, expect, it } from 'vitest';
import { Hll, type DenseBudget } from './hll.js';
import { mix32 } from './u32map.js';

describe('HyperLogLog', () => {
  it('counts 100,000 distinct addresses within 2 % at precision 14', () => {
    const h = new Hll(14);
    // Addresses of a /15 in order: the worst case for a weak hash.
    for (let i = 0; i < 100_000; i++) h.add(mix32(0xc6120000 + i));
    for (let i = 0; i < 50_000; i++) h.add(mix32(0xc6120000 + i)); // repeats change nothing
    expect(Math.abs(h.count() - 100_000) / 100_000).toBeLessThan(0.02);
    expect(h.dense).toBe(true);
  });

  it('is exact while sparse (up to 2^p / 4 distinct values)', () => {
    const h = new Hll(12);
    for (let i = 0; i < 1024; i++) h.add(mix32(i));
    expect(h.dense).toBe(false);
    expect(h.count()).toBe(1024);
    expect(h.add(mix32(5))).toBe(false); // already there
    h.add(mix32(0)); // hash of 0 is 0: the sparse table's empty marker, remembered apart
    expect(h.count()).toBe(1024);
    h.add(mix32(5000));
    expect(h.dense).toBe(true);
    expect(Math.abs(h.count() - 1025)).toBeLessThan(1025 * 0.05);
  });

  it('merges: the union of two overlapping sets', () => {
    const a = new Hll(14);
    const b = new Hll(14);
    for (let i = 0; i < 60_000; i++) a.add(mix32(i));
    for (let i = 30_000; i < 90_000; i++) b.add(mix32(i));
    a.merge(b);
    expect(Math.abs(a.count() - 90_000) / 90_000).toBeLessThan(0.02);
    const small = new Hll(14);
    small.add(mix32(1));
    small.add(mix32(200_000));
    a.merge(small);
    expect(a.count()).toBeGreaterThan(89_000);
    expect(() => a.merge(new Hll(12))).toThrow(/precision 12/);
  });

  it('round-trips through bytes and base64, sparse and dense', () => {
    const sparse = new Hll(10);
    for (let i = 0; i < 100; i++) sparse.add(mix32(i));
    expect(Hll.fromBase64(sparse.toBase64()).count()).toBe(100);
    const dense = new Hll(10);
    for (let i = 0; i < 10_000; i++) dense.add(mix32(i));
    const copy = Hll.fromBytes(dense.toBytes());
    expect(copy.count()).toBe(dense.count());
    expect(dense.toBytes().length).toBe(4 + 1024);
    expect(() => Hll.fromBytes(new Uint8Array([1, 2, 3]))).toThrow(/not a cynex HyperLogLog/);
  });

  it('keeps memory bounded with a dense budget: refused sketches stay exact up to their limit', () => {
    const budget: DenseBudget = { remaining: 1, refused: 0 };
    const a = new Hll(10, budget);
    const b = new Hll(10, budget);
    for (let i = 0; i < 1000; i++) {
      a.add(mix32(i));
      b.add(mix32(i));
    }
    expect(a.dense).toBe(true);
    expect(b.dense).toBe(false);
    expect(b.saturated).toBe(true);
    expect(b.count()).toBe(257); // the limit (256) plus the value that asked for registers
    expect(budget.refused).toBe(1);
  });
});
