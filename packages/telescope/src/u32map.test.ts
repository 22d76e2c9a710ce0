import { describe, expect, it } from 'vitest';
import { PairMap, U32IdMap } from './u32map.js';

describe(PairMap.name, () => {
  it('maps pairs to ids, telling (a, b) from (b, a), through growth and deletions', () => {
    const m = new PairMap();
    for (let a = 0; a < 300; a++) for (let b = 0; b < 10; b++) m.set(a, (1 << 16) | b, a * 10 + b);
    expect(m.size).toBe(3000);
    expect([m.get(7, (1 << 16) | 3), m.get((1 << 16) | 3, 7), m.get(300, 1 << 16)]).toEqual([73, -1, -1]);
    for (let a = 0; a < 300; a += 3) for (let b = 0; b < 10; b++) expect(m.delete(a, (1 << 16) | b)).toBe(true);
    expect(m.delete(0, 1 << 16)).toBe(false);
    for (let a = 0; a < 300; a++) {
      for (let b = 0; b < 10; b++) expect(m.get(a, (1 << 16) | b)).toBe(a % 3 === 0 ? -1 : a * 10 + b);
    }
    m.set(1, (1 << 16) | 1, 5);
    expect([m.get(1, (1 << 16) | 1), m.size]).toEqual([5, 2000]);
  });
});

describe(U32IdMap.name, () => {
  it('maps full-range uint32 keys to ids through growth and deletions', () => {
    const m = new U32IdMap();
    const keys = Array.from({ length: 5000 }, (_, i) => (i * 2654435761) >>> 0);
    keys[1] = 0xffffffff;
    keys.forEach((k, i) => m.set(k, i));
    m.set(keys[2]!, 0xfffffffd);
    expect([m.size, m.get(keys[1]), m.get(keys[2]!), m.get(12345)]).toEqual([5000, 1, 0xfffffffd, -1]);
    for (let i = 0; i < 5000; i += 2) expect(m.delete(keys[i]!)).toBe(true);
    expect(m.delete(keys[0]!)).toBe(false);
    for (let i = 1; i < 5000; i += 2) expect(m.get(keys[i]!)).toBe(i);
    m.clear();
    expect([m.size, m.get(keys[1])]).toEqual([0, -1]);
  });
});
