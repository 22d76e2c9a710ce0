/**
 * Builders for synthetic packets (link, IP and transport headers) used by the decoder
 * tests. Checksums are left zero: the decoder does not verify them.
 */
import { concat, Writer } from './synth.js';

/**
 * An Ethernet frame, optionally with VLAN tags given as [tpid, vid] pairs, outermost first.
 *
 * @example
 * ethernet(0x0800, ipv4Packet({ proto: 6, payload: tcpHeader({}) }), [[0x88a8, 100], [0x8100, 200]]);
 */
export function ethernet(etherType: number, payload: Uint8Array, tags: [number, number][] = []): Uint8Array {
  const w = new Writer().raw([2, 0, 0, 0, 0, 1]).raw([2, 0, 0, 0, 0, 2]);
  for (const [tpid, vid] of tags) w.u16(tpid).u16(vid);
  w.u16(etherType).raw(payload);
  return w.bytes();
}

/**
 * Options for {@link ipv4Packet}.
 *
 * @example
 * const o: Ipv4Options = { proto: 17, mf: true, payload: udpHeader(53, 53, 0) };
 */
export interface Ipv4Options {
  src?: number;
  dst?: number;
  proto: number;
  id?: number;
  ttl?: number;
  df?: boolean;
  mf?: boolean;
  /** Fragment offset in bytes (multiple of 8). */
  fragOffset?: number;
  /** Extra option bytes (multiple of 4) to make IHL > 5. */
  options?: Uint8Array;
  payload: Uint8Array;
  /** Override the total length field. */
  totalLength?: number;
}

/**
 * An IPv4 packet.
 *
 * @example
 * ipv4Packet({ src: 0x0a000001, dst: 0x0a000002, proto: 17, payload: udpHeader(53, 53, 0) });
 */
export function ipv4Packet(o: Ipv4Options): Uint8Array {
  const opt = o.options ?? new Uint8Array(0);
  const ihl = 20 + opt.length;
  const flags = (o.df ? 0x4000 : 0) | (o.mf ? 0x2000 : 0) | ((o.fragOffset ?? 0) / 8);
  return new Writer()
    .u8(0x40 | (ihl / 4))
    .u8(0)
    .u16(o.totalLength ?? ihl + o.payload.length)
    .u16(o.id ?? 0x1234)
    .u16(flags)
    .u8(o.ttl ?? 64)
    .u8(o.proto)
    .u16(0)
    .u32(o.src ?? 0xc0a80001)
    .u32(o.dst ?? 0xc0a80002)
    .raw(opt)
    .raw(o.payload)
    .bytes();
}

/**
 * An IPv6 extension header for {@link ipv6Packet}: a type and its body (after next-header/length).
 *
 * @example
 * const exts: Ipv6Ext[] = [{ type: 0 }, { type: 44, offset: 0, more: true, id: 1 }];
 */
export type Ipv6Ext =
  { type: 0 | 43 | 60; body?: Uint8Array } | { type: 44; offset: number; more: boolean; id: number } | { type: 51 };

/**
 * An IPv6 packet with optional extension headers (next-header fields chained for you).
 *
 * @example
 * ipv6Packet({ next: 58, exts: [{ type: 0 }], payload: icmpHeader(128, 0) });
 */
export function ipv6Packet(o: {
  src?: number[];
  dst?: number[];
  next: number;
  hopLimit?: number;
  exts?: Ipv6Ext[];
  payload: Uint8Array;
}): Uint8Array {
  const exts = o.exts ?? [];
  const extBytes: Uint8Array[] = exts.map((e, i) => {
    const nh = i + 1 < exts.length ? (exts[i + 1]?.type ?? o.next) : o.next;
    if (e.type === 44)
      return new Writer()
        .u8(nh)
        .u8(0)
        .u16(e.offset | (e.more ? 1 : 0))
        .u32(e.id)
        .bytes();
    if (e.type === 51) return new Writer().u8(nh).u8(1).u16(0).u32(0x100).u32(7).bytes(); // 12 bytes: (1+2)*4
    const body = e.body ?? new Uint8Array(6);
    return new Writer()
      .u8(nh)
      .u8((body.length + 2) / 8 - 1)
      .raw(body)
      .bytes();
  });
  const rest = concat(...extBytes, o.payload);
  const first = exts[0]?.type ?? o.next;
  const w = new Writer()
    .u32(0x60000000)
    .u16(rest.length)
    .u8(first)
    .u8(o.hopLimit ?? 64);
  for (const x of o.src ?? [0x20010db8, 0, 0, 1]) w.u32(x);
  for (const x of o.dst ?? [0x20010db8, 0, 0, 2]) w.u32(x);
  return w.raw(rest).bytes();
}

/**
 * A TCP header (no options unless `optionBytes` > 0).
 *
 * @example
 * tcpHeader({ sport: 1234, dport: 80, flags: 0x12 });
 */
export function tcpHeader(o: {
  sport?: number;
  dport?: number;
  seq?: number;
  ack?: number;
  flags?: number;
  window?: number;
  optionBytes?: number;
  payload?: Uint8Array;
}): Uint8Array {
  const opt = o.optionBytes ?? 0;
  return new Writer()
    .u16(o.sport ?? 40000)
    .u16(o.dport ?? 80)
    .u32(o.seq ?? 1)
    .u32(o.ack ?? 0)
    .u8(((20 + opt) / 4) << 4)
    .u8(o.flags ?? 0x02)
    .u16(o.window ?? 1024)
    .u32(0)
    .raw(new Uint8Array(opt))
    .raw(o.payload ?? new Uint8Array(0))
    .bytes();
}

/**
 * A UDP header plus payload.
 *
 * @example
 * udpHeader(161, 40000, 10);
 */
export function udpHeader(sport: number, dport: number, payloadLength: number): Uint8Array {
  return new Writer()
    .u16(sport)
    .u16(dport)
    .u16(8 + payloadLength)
    .u16(0)
    .raw(new Uint8Array(payloadLength))
    .bytes();
}

/**
 * An ICMP / ICMPv6 header (type, code, checksum, 4 bytes rest).
 *
 * @example
 * icmpHeader(8, 0); // echo request
 */
export function icmpHeader(type: number, code: number): Uint8Array {
  return new Writer().u8(type).u8(code).u16(0).u32(0).bytes();
}
