/**
 * Shared test helpers: where the sample captures live, a seeded PRNG, chunked streams and
 * a packet digest for comparing reads without keeping copies of every packet.
 */
import path from 'node:path';
import { Readable } from 'node:stream';
import type { PacketView } from '../packet.js';

/**
 * /work/shared/data/pcap, relative to this file (packages/pcap/src/testing).
 *
 * @example
 * readdirSync(path.join(DATA_DIR, 'stopddos'));
 */
export const DATA_DIR = path.resolve(import.meta.dirname, '../../../../../shared/data/pcap');

/**
 * The sample captures every test suite must parse completely.
 *
 * @example
 * for (const name of CAPTURES) await PcapReader.fromFile(capturePath(name)).read(() => {});
 */
export const CAPTURES = [
  'stopddos/amp.TCP.reflection.SYNACK.pcap',
  'stopddos/pkt.TCP.synflood.spoofed.pcap',
  'stopddos/amp.UDP.snmp.src161.pcapng',
  'stopddos/amp.TCP.syn.optionallyACK.optionallysamePort.pcapng',
  'chrissanders/synscan.pcapng',
  'chrissanders/activeosfingerprinting.pcapng',
] as const;

/**
 * Absolute path of a sample capture.
 *
 * @example
 * capturePath('chrissanders/synscan.pcapng');
 */
export function capturePath(name: string): string {
  return path.join(DATA_DIR, name);
}

/**
 * Deterministic PRNG (mulberry32) so fuzz failures reproduce from the seed.
 *
 * @example
 * const rand = prng(42); rand(); // 0..1
 */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * A Readable that delivers `buf` in chunks of `min..max` bytes (seeded), to exercise
 * records split across chunk boundaries.
 *
 * @example
 * const stream = chunkedStream(bytes, 1, 7, 1);
 */
export function chunkedStream(buf: Uint8Array, min: number, max: number, seed: number): Readable {
  const rand = prng(seed);
  function* chunks() {
    for (let o = 0; o < buf.length;) {
      const n = min + Math.floor(rand() * (max - min + 1));
      yield buf.slice(o, o + n);
      o += n;
    }
  }
  return Readable.from(chunks());
}

/**
 * Running FNV-1a digest over every field and byte of the packets seen, plus a count.
 *
 * @example
 * const d = new PacketDigest(); await reader.read((p) => d.add(p)); d.value;
 */
export class PacketDigest {
  private h = 0x811c9dc5;
  count = 0;

  add(p: PacketView): void {
    this.mix(p.index);
    this.mix(p.offset);
    this.mix(p.tsSec);
    this.mix(p.tsNsec);
    this.mix(p.linkType);
    this.mix(p.interfaceId);
    this.mix(p.caplen);
    this.mix(p.origLen);
    for (let i = p.start; i < p.start + p.caplen; i++) this.mix(p.buf[i] ?? 0x100);
    this.count++;
  }

  get value(): string {
    return `${this.count}:${(this.h >>> 0).toString(16)}`;
  }

  private mix(n: number): void {
    this.h = Math.imul(this.h ^ (n & 0xffffffff), 0x01000193);
    this.h = Math.imul(this.h ^ Math.floor(n / 4294967296), 0x01000193);
  }
}
