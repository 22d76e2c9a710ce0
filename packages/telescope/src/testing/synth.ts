/**
 * Synthetic packets and captures for the telescope tests and the hub's demo: raw IPv4/IPv6 packets (link type
 * RAW), fed to a pipeline directly or written as a classic pcap. Checksums stay zero (nothing checks them).
 */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { decode, DecodedPacket, LINKTYPE, PacketView, parseIPv4 } from '@cynex/pcap';
import type { TelescopePipeline } from '../pipeline.js';

/** The sample captures shared by the project (/work/shared/data/pcap). */
export const DATA_DIR = fileURLToPath(new URL('../../../../../shared/data/pcap', import.meta.url));

/** `'10.0.0.1'` → number (throws on typos, which would otherwise make tests vacuous). */
export function ip(text: string): number {
  const n = parseIPv4(text);
  if (n === null) throw new Error(`bad IPv4 ${text}`);
  return n;
}

class Bytes {
  private readonly out: number[] = [];
  u8(v: number): this {
    this.out.push(v & 0xff);
    return this;
  }
  u16(v: number): this {
    return this.u8(v >>> 8).u8(v);
  }
  u32(v: number): this {
    return this.u16(v >>> 16).u16(v & 0xffff);
  }
  raw(b: ArrayLike<number>): this {
    for (let i = 0; i < b.length; i++) this.out.push(b[i]! & 0xff);
    return this;
  }
  bytes(): Uint8Array {
    return Uint8Array.from(this.out);
  }
}

/** TCP flag bits. */
export const SYN = 0x02;
export const ACK = 0x10;
export const RST = 0x04;

/** A 20-byte TCP header. */
export function tcp(o: { sport?: number; dport: number; seq?: number; ack?: number; flags: number }): Uint8Array {
  return new Bytes()
    .u16(o.sport ?? 40000)
    .u16(o.dport)
    .u32(o.seq ?? 0)
    .u32(o.ack ?? 0)
    .u8(0x50)
    .u8(o.flags)
    .u16(1024)
    .u32(0)
    .bytes();
}

/** A UDP header plus `payload` zero bytes. */
export function udp(sport: number, dport: number, payload = 0): Uint8Array {
  return new Bytes()
    .u16(sport)
    .u16(dport)
    .u16(8 + payload)
    .u16(0)
    .raw(new Uint8Array(payload))
    .bytes();
}

/** An 8-byte ICMP (or ICMPv6) header. */
export function icmp(type: number, code = 0): Uint8Array {
  return new Bytes().u8(type).u8(code).u16(0).u32(0).bytes();
}

/** An IPv4 packet. */
export function ipv4(o: {
  src: number;
  dst: number;
  proto: number;
  payload: Uint8Array;
  id?: number;
  ttl?: number;
  mf?: boolean;
  fragOffset?: number;
}): Uint8Array {
  return new Bytes()
    .u8(0x45)
    .u8(0)
    .u16(20 + o.payload.length)
    .u16(o.id ?? 0x1234)
    .u16((o.mf ? 0x2000 : 0) | ((o.fragOffset ?? 0) / 8))
    .u8(o.ttl ?? 64)
    .u8(o.proto)
    .u16(0)
    .u32(o.src)
    .u32(o.dst)
    .raw(o.payload)
    .bytes();
}

/** An IPv6 packet (no extension headers). */
export function ipv6(o: { src: Uint32Array; dst: Uint32Array; next: number; payload: Uint8Array }): Uint8Array {
  const b = new Bytes().u32(0x60000000).u16(o.payload.length).u8(o.next).u8(64);
  for (const w of o.src) b.u32(w);
  for (const w of o.dst) b.u32(w);
  return b.raw(o.payload).bytes();
}

/** A packet and its capture time (seconds, fractional). */
export interface Timed {
  t: number;
  bytes: Uint8Array;
}

/**
 * Decodes raw IP packets and pushes them into a pipeline with the right timestamps.
 *
 * @example
 * const feed = new Feeder(pipeline);
 * feed.push(1_700_000_000, ipv4({ src, dst, proto: 6, payload: tcp({ dport: 23, flags: SYN }) }));
 */
export class Feeder {
  private readonly view = new PacketView();
  private readonly out = new DecodedPacket();

  constructor(private readonly pipeline: TelescopePipeline) {}

  push(t: number, bytes: Uint8Array): void {
    const v = this.view;
    v.tsSec = Math.floor(t);
    v.tsNsec = Math.round((t - v.tsSec) * 1e9);
    v.linkType = LINKTYPE.RAW;
    v.buf = bytes;
    v.start = 0;
    v.caplen = v.origLen = bytes.length;
    decode(LINKTYPE.RAW, bytes, 0, bytes.length, this.out);
    this.pipeline.push(v, this.out);
  }

  pushAll(packets: Timed[]): void {
    for (const p of packets) this.push(p.t, p.bytes);
  }
}

/** Writes a little-endian microsecond classic pcap with link type RAW; returns its bytes. */
export function pcapBytes(packets: Timed[]): Buffer {
  const parts: Buffer[] = [];
  const head = Buffer.alloc(24);
  head.writeUInt32LE(0xa1b2c3d4, 0);
  head.writeUInt16LE(2, 4);
  head.writeUInt16LE(4, 6);
  head.writeUInt32LE(65535, 16);
  head.writeUInt32LE(LINKTYPE.RAW, 20);
  parts.push(head);
  for (const p of packets) {
    const rec = Buffer.alloc(16);
    const sec = Math.floor(p.t);
    rec.writeUInt32LE(sec, 0);
    rec.writeUInt32LE(Math.round((p.t - sec) * 1e6), 4);
    rec.writeUInt32LE(p.bytes.length, 8);
    rec.writeUInt32LE(p.bytes.length, 12);
    parts.push(rec, Buffer.from(p.bytes));
  }
  return Buffer.concat(parts);
}

/** Writes {@link pcapBytes} to a file. */
export function writePcap(file: string, packets: Timed[]): void {
  writeFileSync(file, pcapBytes(packets));
}
