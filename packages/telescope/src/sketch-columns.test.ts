import { describe, expect, it } from 'vitest';
import { Hll, type DenseBudget } from './hll.js';
import { SketchColumns } from './sketch-columns.js';
import { mix32 } from './u32map.js';

describe(SketchColumns.name, () => {
  it('counts exactly like an Hll fed the same hashes, inline and past the inline limit', () => {
    const sets = new SketchColumns(12, 4, null, 4);
    const ref = [new Hll(12), new Hll(12)];
    const values = [[1, 1, 2, 0, 3], Array.from({ length: 5000 }, (_, i) => mix32(i % 3000))];
    values.forEach((vs, id) =>
      vs.forEach((v) => {
        expect(sets.add(id, v)).toBe(ref[id]!.add(v));
      }),
    );
    expect([sets.count(0), sets.count(1)]).toEqual([ref[0]!.count(), ref[1]!.count()]);
    expect(sets.count(0)).toBe(4); // 1, 2, 0, 3: still inline, exact
    expect(Math.abs(sets.count(1) - 3000) / 3000).toBeLessThan(0.05);
  });

  it('merges an inline set or a sketch into another set', () => {
    const a = new SketchColumns(12, 2, null, 4);
    const b = new SketchColumns(12, 8, null, 4);
    a.add(0, 10);
    a.add(0, 11);
    for (let i = 0; i < 50; i++) a.add(1, mix32(i));
    b.add(0, 11);
    b.merge(0, a, 0); // inline into inline
    expect(b.count(0)).toBe(2);
    b.merge(0, a, 1); // sketch into inline
    expect(b.count(0)).toBe(52);
    expect(() => b.merge(0, new SketchColumns(10, 2, null, 1), 0)).toThrow(RangeError);
  });

  it('grows keeping its sets, and clears a set for reuse, giving its dense slot back', () => {
    const budget: DenseBudget = { remaining: 1, refused: 0 };
    const sets = new SketchColumns(6, 2, budget, 1); // p 6: dense beyond 16 values
    for (let i = 0; i < 100; i++) sets.add(0, mix32(i));
    expect(budget.remaining).toBe(0);
    sets.grow(64);
    sets.add(40, 7);
    expect(sets.count(40)).toBe(1);
    expect(sets.count(0)).toBeGreaterThan(80);
    sets.clear(0);
    expect([sets.count(0), budget.remaining]).toEqual([0, 1]);
    for (let i = 0; i < 3; i++) sets.add(0, i); // a recycled sketch starts empty
    expect(sets.count(0)).toBe(3);
  });
});
