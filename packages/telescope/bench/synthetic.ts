import { Readable } from 'node:stream';

/**
 * A synthetic darknet capture generated on the fly, as a classic pcap byte stream (Ethernet, IPv4, TCP SYN,
 * 54-byte frames): `packets` packets from exactly `sources` distinct sources (packet i comes from source
 * (i·P) mod sources, P a prime coprime to it, so every source appears once in each run of `sources`
 * packets), each source address a 32-bit bijective mix of its index (spread over the whole IPv4 space),
 * destinations uniform over `darknet` (a /16 base), ports from a skewed list, times spread evenly over
 * `seconds`. Nothing is held in memory but one chunk.
 *
 * @example
 * const reader = PcapReader.fromStream(syntheticCapture({ packets: 1e8, sources: 1e7 }));
 */
export interface SyntheticOptions {
  packets: number;
  sources: number;
  /** Time span of the capture (default one hour: twelve 5-minute intervals). */
  seconds?: number;
  /** First second (default 2024-05-01T00:00:00Z). */
  startSec?: number;
  /** Base of the /16 darknet the destinations fall in (default 198.19.0.0). */
  darknet?: number;
  /** Called after each generated chunk with the packets generated so far. */
  onChunk?: (generated: number) => void;
}

const FRAME = 54;
const RECORD = 16 + FRAME;
const PORTS = [23, 23, 23, 22, 80, 443, 445, 2323, 3389, 8080, 5555, 6379];
const PRIME = 1_000_003;

/** Bijective 32-bit mix (odd multipliers and xorshifts are invertible). */
export function mixSource(i: number): number {
  let x = (i + 0x1000000) >>> 0;
  x = Math.imul(x ^ (x >>> 16), 0x7feb352d) >>> 0;
  x = Math.imul(x ^ (x >>> 15), 0x846ca68b) >>> 0;
  return (x ^ (x >>> 16)) >>> 0;
}

export function syntheticCapture(options: SyntheticOptions): Readable {
  const { packets, sources } = options;
  if (sources % PRIME === 0) throw new RangeError('sources must not be a multiple of 1000003');
  const seconds = options.seconds ?? 3600;
  const startSec = options.startSec ?? Date.UTC(2024, 4, 1) / 1000;
  const darknet = (options.darknet ?? 0xc6130000) >>> 0;
  const perChunk = 16_384;
  const nsPerPacket = (seconds * 1e9) / packets;
  let i = 0;
  let headerSent = false;
  let rng = 0x9e3779b9;
  const next = () => {
    rng ^= rng << 13;
    rng ^= rng >>> 17;
    rng ^= rng << 5;
    return rng >>> 0;
  };

  // A template frame; per packet only addresses, ports, id, seq, TTL and the IP checksum change.
  const template = Buffer.alloc(FRAME);
  template.set([0x02, 0, 0, 0, 0, 2, 0x02, 0, 0, 0, 0, 1, 0x08, 0x00], 0); // Ethernet, IPv4
  template.set([0x45, 0, 0, 40, 0, 0, 0x40, 0, 64, 6, 0, 0], 14); // IPv4, DF, TCP
  template.writeUInt8(0x50, 14 + 20 + 12); // data offset 5
  template.writeUInt8(0x02, 14 + 20 + 13); // SYN
  template.writeUInt16BE(1024, 14 + 20 + 14); // window

  return new Readable({
    read() {
      if (!headerSent) {
        headerSent = true;
        const h = Buffer.alloc(24);
        h.writeUInt32LE(0xa1b23c4d, 0); // nanosecond pcap
        h.writeUInt16LE(2, 4);
        h.writeUInt16LE(4, 6);
        h.writeUInt32LE(65_535, 16);
        h.writeUInt32LE(1, 20); // Ethernet
        this.push(h);
        return;
      }
      if (i >= packets) {
        this.push(null);
        return;
      }
      const n = Math.min(perChunk, packets - i);
      const buf = Buffer.allocUnsafe(n * RECORD);
      for (let k = 0; k < n; k++, i++) {
        const at = k * RECORD;
        const ns = Math.floor(i * nsPerPacket);
        buf.writeUInt32LE(startSec + Math.floor(ns / 1e9), at);
        buf.writeUInt32LE(ns % 1e9, at + 4);
        buf.writeUInt32LE(FRAME, at + 8);
        buf.writeUInt32LE(FRAME, at + 12);
        template.copy(buf, at + 16);
        const ip = at + 16 + 14;
        const r = next();
        const src = mixSource((i * PRIME) % sources);
        const dst = (darknet | (r & 0xffff)) >>> 0;
        buf.writeUInt16BE(r >>> 16, ip + 4); // IP id
        buf.writeUInt8(32 + (r & 0xbf), ip + 8); // TTL 32..223
        buf.writeUInt32BE(src, ip + 12);
        buf.writeUInt32BE(dst, ip + 16);
        buf.writeUInt16BE(ipChecksum(buf, ip), ip + 10);
        buf.writeUInt16BE(1024 + (r % 60_000), ip + 20);
        buf.writeUInt16BE(PORTS[(r >>> 8) % PORTS.length] ?? 23, ip + 22);
        buf.writeUInt32BE(next(), ip + 24); // seq
      }
      options.onChunk?.(i);
      this.push(buf);
    },
  });
}

function ipChecksum(buf: Buffer, at: number): number {
  let sum = 0;
  for (let o = 0; o < 20; o += 2) if (o !== 10) sum += buf.readUInt16BE(at + o);
  while (sum > 0xffff) sum = (sum & 0xffff) + (sum >>> 16);
  return ~sum & 0xffff;
}
