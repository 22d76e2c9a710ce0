import { describe, expect, it } from 'vitest';
import { grown, IdPool } from './id-pool.js';

describe(IdPool.name, () => {
  it('hands out ids from 0, reuses given-back ones first, and doubles the capacity when needed', () => {
    const caps: number[] = [];
    const pool = new IdPool(2, (cap) => caps.push(cap));
    expect([pool.take(), pool.take()]).toEqual([0, 1]);
    expect(caps).toEqual([]);
    expect(pool.take()).toBe(2);
    expect(caps).toEqual([4]);
    pool.give(1);
    expect([pool.take(), pool.live]).toEqual([1, 3]);
  });

  it('grows typed arrays keeping their contents', () => {
    const a = grown(Float64Array.of(1.5, 2), 4);
    expect([...a]).toEqual([1.5, 2, 0, 0]);
  });
});
