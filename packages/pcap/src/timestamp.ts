import type { PacketView } from './packet.js';

/**
 * How one pcapng interface's 64-bit timestamps turn into seconds + nanoseconds.
 * Precomputed per interface so the per-packet work is a couple of divisions.
 *
 * @example
 * const res = tsResolution(9); // nanosecond ticks
 */
export interface TsResolution {
  /** Ticks per second (10^n or 2^n). */
  ticks: number;
  /** Integer factor from remainder ticks to nanoseconds when ticks divides 1e9, else 0. */
  nsMul: number;
  /**
   * For 2^-n resolutions up to 2^-32 that do not divide 1e9: 1e9 / ticks, an exact binary
   * fraction, so `floor(rem * nsFrac)` is exact (rem·1953125 stays below 2^53). Else 0.
   */
  nsFrac: number;
}

/**
 * Decodes the `if_tsresol` option byte: high bit clear means 10^-n seconds, set means
 * 2^-n. Returns null for resolutions finer than 10^-19 / 2^-63, which no real capture
 * uses and which would overflow the arithmetic below.
 *
 * @example
 * tsResolution(6);    // { ticks: 1e6, nsMul: 1000, nsFrac: 0 } — the pcapng default
 * tsResolution(0x8a); // { ticks: 1024, nsMul: 0, nsFrac: 976562.5 }
 */
export function tsResolution(code: number): TsResolution | null {
  const exp = code & 0x7f;
  const pow2 = (code & 0x80) !== 0;
  if (pow2 ? exp > 63 : exp > 19) return null;
  const ticks = pow2 ? 2 ** exp : 10 ** exp;
  const nsMul = 1e9 % ticks === 0 ? 1e9 / ticks : 0;
  return { ticks, nsMul, nsFrac: nsMul === 0 && pow2 && exp <= 32 ? 1e9 / ticks : 0 };
}

const TWO32 = 4294967296;
const FAST_HI_LIMIT = 0x200000; // hi < 2^21 keeps hi*2^32+lo below 2^53: exact in a double
const ONE_E9 = 1_000_000_000n;

/**
 * Writes `tsSec`/`tsNsec` for the 64-bit tick count stored at `pos` as two 32-bit words
 * (high word first, each in the section's byte order, as pcapng stores them), exactly,
 * for every resolution. It reads the words itself rather than taking them as arguments:
 * values above 2^30 passed between non-inlined functions get boxed by V8, which would
 * mean an allocation per packet.
 *
 * - 4096..2^30 ticks/s (µs, ns, ms, 2^-12..2^-30 — what real captures use): one double
 *   division gives the quotient within ±1 even though hi:lo may exceed 2^53; the
 *   remainder is then recovered exactly modulo 2^32 (it is known to lie in
 *   [-ticks, 2·ticks), which fits a signed 32-bit window) and the quotient corrected.
 * - Small counts (hi < 2^21, so hi:lo < 2^53): plain double arithmetic is exact.
 * - Otherwise: long division on 16-bit limbs keeps every intermediate below 2^48; only
 *   resolutions above 2^32 ticks/s fall back to BigInt.
 *
 * @example
 * setTimestamp(view, dv, blockStart + 12, true, tsResolution(6)!, 0);
 */
export function setTimestamp(
  view: PacketView,
  dv: DataView,
  pos: number,
  le: boolean,
  res: TsResolution,
  offsetSec: number,
): void {
  const hi = dv.getUint32(pos, le);
  const lo = dv.getUint32(pos + 4, le);
  const ticks = res.ticks;
  let sec: number;
  let rem: number;
  if (ticks >= 4096 && ticks <= 0x40000000) {
    sec = Math.floor((hi * TWO32 + lo) / ticks);
    // ts ≡ lo (mod 2^32), so lo - sec·ticks (mod 2^32) is the true remainder.
    rem = (lo - Math.imul(sec, ticks)) | 0;
    if (rem < 0) {
      sec--;
      rem += ticks;
    } else if (rem >= ticks) {
      sec++;
      rem -= ticks;
    }
  } else if (hi < FAST_HI_LIMIT) {
    const ts = hi * TWO32 + lo;
    sec = Math.floor(ts / ticks);
    rem = ts - sec * ticks;
    // The division is correctly rounded but floor() of it can be one off; fix exactly.
    if (rem < 0) {
      sec--;
      rem += ticks;
    } else if (rem >= ticks) {
      sec++;
      rem -= ticks;
    }
  } else if (ticks <= TWO32) {
    let r = hi >>> 16;
    const q3 = Math.floor(r / ticks);
    r -= q3 * ticks;
    r = r * 65536 + (hi & 0xffff);
    const q2 = Math.floor(r / ticks);
    r -= q2 * ticks;
    r = r * 65536 + (lo >>> 16);
    const q1 = Math.floor(r / ticks);
    r -= q1 * ticks;
    r = r * 65536 + (lo & 0xffff);
    const q0 = Math.floor(r / ticks);
    r -= q0 * ticks;
    sec = ((q3 * 65536 + q2) * 65536 + q1) * 65536 + q0;
    rem = r;
  } else {
    setTimestampBig(view, hi, lo, ticks, offsetSec);
    return;
  }
  view.tsSec = sec + offsetSec;
  if (res.nsMul !== 0) view.tsNsec = rem * res.nsMul;
  else if (res.nsFrac !== 0) view.tsNsec = Math.floor(rem * res.nsFrac);
  else view.tsNsec = Number((BigInt(rem) * ONE_E9) / BigInt(ticks));
}

/** Rare path (>2^32 ticks/s, i.e. finer than ~0.2 ns): exact but allocating. */
function setTimestampBig(view: PacketView, hi: number, lo: number, ticks: number, offsetSec: number): void {
  const ts = (BigInt(hi) << 32n) | BigInt(lo);
  const t = BigInt(ticks);
  view.tsSec = Number(ts / t) + offsetSec;
  view.tsNsec = Number(((ts % t) * ONE_E9) / t);
}
