import { describe, expect, it } from 'vitest';
import { isoSeconds } from './facts.js';

describe(isoSeconds.name, () => {
  it('writes what Date#toISOString writes, for times in and far outside a capture', () => {
    const times = [
      0, 1_700_000_000, 1_700_000_000.0004, 1_700_000_000.999_9, 1_700_004_096.5, -1.5, 253_402_300_800.25,
    ];
    let x = 0x2545f491;
    for (let i = 0; i < 5000; i++) {
      x ^= x << 13;
      x ^= x >>> 17;
      x ^= x << 5;
      // Seconds within a few hours (the prefix slots wrap and are reused), with sub-millisecond fractions.
      times.push(1_700_000_000 + ((x >>> 0) % 20_000) + ((x >>> 0) % 1_000_003) / 1_000_003);
    }
    for (const t of [...times, ...times])
      expect([t, isoSeconds(t)]).toEqual([t, new Date(Math.floor(t * 1000)).toISOString()]);
  });
});
