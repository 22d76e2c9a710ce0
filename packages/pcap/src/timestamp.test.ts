import { describe, expect, it } from 'vitest';
import { PacketView } from './packet.js';
import { prng } from './testing/fixtures.js';
import { setTimestamp, tsResolution, type TsResolution } from './timestamp.js';

/** Exact reference: 64-bit ticks → (seconds, nanoseconds) in BigInt arithmetic. */
function reference(hi: number, lo: number, ticks: bigint): [number, number] {
  const ts = (BigInt(hi) << 32n) | BigInt(lo);
  return [Number(ts / ticks), Number(((ts % ticks) * 1_000_000_000n) / ticks)];
}

/** Stores hi:lo the way a little-endian pcapng section does and converts it. */
function convert(view: PacketView, hi: number, lo: number, res: TsResolution, offsetSec: number): void {
  const dv = new DataView(new ArrayBuffer(8));
  dv.setUint32(0, hi, true);
  dv.setUint32(4, lo, true);
  setTimestamp(view, dv, 0, true, res, offsetSec);
}

describe('pcapng timestamps', () => {
  it('decodes if_tsresol in both forms and rejects absurd ones', () => {
    expect(tsResolution(6)).toEqual({ ticks: 1e6, nsMul: 1000, nsFrac: 0 });
    expect(tsResolution(9)).toEqual({ ticks: 1e9, nsMul: 1, nsFrac: 0 });
    expect(tsResolution(0x80 | 10)).toEqual({ ticks: 1024, nsMul: 0, nsFrac: 976_562.5 });
    expect(tsResolution(0x80 | 3)).toEqual({ ticks: 8, nsMul: 125_000_000, nsFrac: 0 });
    expect(tsResolution(0x80 | 63)?.ticks).toBe(2 ** 63);
    expect(tsResolution(20)).toBeNull();
    expect(tsResolution(0x80 | 64)).toBeNull();
  });

  it('matches exact BigInt arithmetic for every resolution and random 64-bit values', () => {
    const rand = prng(2024);
    const view = new PacketView();
    const codes = [...Array(20).keys(), ...[...Array(64).keys()].map((e) => 0x80 | e)];
    for (const code of codes) {
      const res = tsResolution(code);
      if (!res) throw new Error(`resolution ${code} rejected`);
      const ticks = code & 0x80 ? 1n << BigInt(code & 0x7f) : 10n ** BigInt(code);
      // Small values (fast path), present-day values and the full 64-bit range.
      const his = [0, 1, 0x1fffff, 0x200000, 0x17b4a2b4, 0xffffffff];
      for (let i = 0; i < 200; i++) his.push(Math.floor(rand() * 2 ** 32));
      for (const [k, hi] of his.entries()) {
        // Edge values of the low word every few samples, random otherwise.
        const lo = k % 4 === 3 ? Math.floor(rand() * 2 ** 32) : ([0, 0xffffffff, 999_999_999][k % 4] ?? 0);
        convert(view, hi, lo, res, 0);
        const [sec, nsec] = reference(hi, lo, ticks);
        // Seconds beyond 2^53 cannot be exact in a number; compare approximately there.
        if (sec < 2 ** 53) expect([code, hi, lo, view.tsSec, view.tsNsec]).toEqual([code, hi, lo, sec, nsec]);
        else expect(view.tsSec / sec).toBeCloseTo(1, 9);
      }
    }
  });

  it('applies if_tsoffset seconds', () => {
    const view = new PacketView();
    convert(view, 0, 1_500_000, tsResolution(6) ?? { ticks: 1e6, nsMul: 1000, nsFrac: 0 }, 1_000_000_000);
    expect([view.tsSec, view.tsNsec]).toEqual([1_000_000_001, 500_000_000]);
  });
});
