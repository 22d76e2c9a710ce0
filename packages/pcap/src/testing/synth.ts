/**
 * Builders for synthetic captures and packets, used by the tests to cover formats and
 * encapsulations the real sample captures do not contain. Deliberately simple and
 * allocation-happy: clarity over speed.
 */

/**
 * Concatenates byte arrays.
 *
 * @example
 * concat(Uint8Array.of(1), Uint8Array.of(2, 3)); // [1, 2, 3]
 */
export function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

/**
 * A little writer with explicit byte order, for headers.
 *
 * @example
 * new Writer(true).u32(1).u16(2).bytes();
 */
export class Writer {
  private readonly parts: number[] = [];
  constructor(readonly le = false) {}
  u8(v: number): this {
    this.parts.push(v & 0xff);
    return this;
  }
  u16(v: number): this {
    return this.le ? this.u8(v).u8(v >>> 8) : this.u8(v >>> 8).u8(v);
  }
  u32(v: number): this {
    return this.le ? this.u16(v & 0xffff).u16(v >>> 16) : this.u16(v >>> 16).u16(v & 0xffff);
  }
  raw(b: ArrayLike<number>): this {
    for (let i = 0; i < b.length; i++) this.parts.push(b[i] ?? 0);
    return this;
  }
  pad4(): this {
    while (this.parts.length % 4 !== 0) this.parts.push(0);
    return this;
  }
  get length(): number {
    return this.parts.length;
  }
  bytes(): Uint8Array {
    return Uint8Array.from(this.parts);
  }
}

/**
 * One record for {@link pcapFile}. `frac` is µs or ns depending on the magic.
 *
 * @example
 * const r: SynthRecord = { sec: 1, frac: 500, data: Uint8Array.of(0x45) };
 */
export interface SynthRecord {
  sec: number;
  frac: number;
  data: Uint8Array;
  origLen?: number;
}

/**
 * Classic pcap variants by resolution and byte order.
 *
 * @example
 * const v: PcapVariant = 'nanoBE';
 */
export type PcapVariant = 'microLE' | 'microBE' | 'nanoLE' | 'nanoBE';

/**
 * A classic pcap file.
 *
 * @example
 * pcapFile('nanoBE', 1, [{ sec: 1, frac: 5, data: Uint8Array.of(1, 2) }]);
 */
export function pcapFile(variant: PcapVariant, linkType: number, records: SynthRecord[], snaplen = 65535): Uint8Array {
  const le = variant.endsWith('LE');
  const w = new Writer(le);
  w.u32(variant.startsWith('nano') ? 0xa1b23c4d : 0xa1b2c3d4)
    .u16(2)
    .u16(4)
    .u32(0)
    .u32(0)
    .u32(snaplen)
    .u32(linkType);
  for (const r of records) {
    w.u32(r.sec)
      .u32(r.frac)
      .u32(r.data.length)
      .u32(r.origLen ?? r.data.length)
      .raw(r.data);
  }
  return w.bytes();
}

/**
 * A pcapng block of any type with a correct trailing length.
 *
 * @example
 * ngBlock(true, 0xbad, Uint8Array.of(1, 2, 3, 4));
 */
export function ngBlock(le: boolean, type: number, body: Uint8Array): Uint8Array {
  const padded = (body.length + 3) & ~3;
  const len = 12 + padded;
  const w = new Writer(le).u32(type).u32(len).raw(body).pad4().u32(len);
  return w.bytes();
}

/**
 * A section header block.
 *
 * @example
 * shb(false); // big-endian section
 */
export function shb(le: boolean): Uint8Array {
  const body = new Writer(le).u32(0x1a2b3c4d).u16(1).u16(0).u32(0xffffffff).u32(0xffffffff).bytes();
  return ngBlock(le, 0x0a0d0d0a, body);
}

/**
 * An interface description block, optionally with if_tsresol / if_tsoffset.
 *
 * @example
 * idb(true, 1, 65535, { tsresol: 9 });
 */
export function idb(
  le: boolean,
  linkType: number,
  snaplen: number,
  opts: { tsresol?: number; tsoffset?: number } = {},
): Uint8Array {
  const w = new Writer(le).u16(linkType).u16(0).u32(snaplen);
  if (opts.tsresol !== undefined) w.u16(9).u16(1).u8(opts.tsresol).pad4();
  if (opts.tsoffset !== undefined) {
    const hi = Math.floor(opts.tsoffset / 4294967296);
    const lo = opts.tsoffset >>> 0;
    if (le) w.u16(14).u16(8).u32(lo).u32(hi);
    else w.u16(14).u16(8).u32(hi).u32(lo);
  }
  if (opts.tsresol !== undefined || opts.tsoffset !== undefined) w.u16(0).u16(0);
  return ngBlock(le, 1, w.bytes());
}

/**
 * An enhanced packet block; the 64-bit timestamp is given as a bigint of ticks.
 *
 * @example
 * epb(true, 0, 1_600_000_000_000_000n, Uint8Array.of(0x45));
 */
export function epb(le: boolean, ifId: number, ticks: bigint, data: Uint8Array, origLen = data.length): Uint8Array {
  const w = new Writer(le)
    .u32(ifId)
    .u32(Number(ticks >> 32n))
    .u32(Number(ticks & 0xffffffffn))
    .u32(data.length)
    .u32(origLen)
    .raw(data)
    .pad4();
  return ngBlock(le, 6, w.bytes());
}

/**
 * An obsolete packet block (16-bit interface id + drops count).
 *
 * @example
 * opb(true, 0, 1_000_000n, Uint8Array.of(0x45));
 */
export function opb(le: boolean, ifId: number, ticks: bigint, data: Uint8Array): Uint8Array {
  const w = new Writer(le)
    .u16(ifId)
    .u16(0)
    .u32(Number(ticks >> 32n))
    .u32(Number(ticks & 0xffffffffn))
    .u32(data.length)
    .u32(data.length)
    .raw(data)
    .pad4();
  return ngBlock(le, 2, w.bytes());
}

/**
 * A simple packet block.
 *
 * @example
 * spb(true, Uint8Array.of(0x45), 60);
 */
export function spb(le: boolean, data: Uint8Array, origLen = data.length): Uint8Array {
  return ngBlock(le, 3, new Writer(le).u32(origLen).raw(data).pad4().bytes());
}
