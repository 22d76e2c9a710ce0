/**
 * Builds a large benchmark capture by cycling the records of a small one.
 *
 *   npx tsx packages/pcap/bench/replicate.ts IN OUT N [pcap|pcapng]
 *
 * Writes N records as a little-endian nanosecond classic pcap (default) or a pcapng with
 * one nanosecond interface and EPBs. Each pass over the input is shifted by the input's
 * time span (plus 1 µs) so timestamps keep increasing.
 */
import { closeSync, openSync, writeSync } from 'node:fs';
import { PcapReader, type Packet } from '../src/index.js';

/**
 * Writes `count` records cycling `packets` to `outPath`; returns bytes written.
 *
 * @example
 * const packets: Packet[] = [];
 * for await (const p of PcapReader.fromFile('in.pcap')) packets.push(p);
 * replicate(packets, 'out.pcap', 1_000_000);
 */
export function replicate(
  packets: Packet[],
  outPath: string,
  count: number,
  format: 'pcap' | 'pcapng' = 'pcap',
): number {
  const first = packets[0];
  const last = packets[packets.length - 1];
  if (!first || !last) throw new Error('input capture has no packets');
  const linkType = first.linkType;
  if (packets.some((p) => p.linkType !== linkType)) throw new Error('input mixes link types; classic pcap cannot');
  const ns = (p: Packet) => BigInt(p.tsSec) * 1_000_000_000n + BigInt(p.tsNsec);
  const shiftPerPass = ns(last) - ns(first) + 1000n;
  const fd = openSync(outPath, 'w');
  const buf = Buffer.alloc(4 << 20);
  let used = 0;
  let total = 0;
  const flush = () => {
    writeSync(fd, buf, 0, used);
    total += used;
    used = 0;
  };
  try {
    used = format === 'pcap' ? pcapHeader(buf, linkType) : pcapngHeader(buf, linkType);
    for (let i = 0; i < count; i++) {
      const p = packets[i % packets.length] ?? first;
      const t = ns(p) + BigInt(Math.floor(i / packets.length)) * shiftPerPass;
      if (used + 64 + p.caplen > buf.length) flush();
      used += format === 'pcap' ? pcapRecord(buf, used, t, p) : epbBlock(buf, used, t, p);
    }
    flush();
  } finally {
    closeSync(fd);
  }
  return total;
}

function pcapHeader(buf: Buffer, linkType: number): number {
  buf.writeUInt32LE(0xa1b23c4d, 0); // nanosecond magic
  buf.writeUInt16LE(2, 4);
  buf.writeUInt16LE(4, 6);
  buf.writeUInt32LE(0, 8);
  buf.writeUInt32LE(0, 12);
  buf.writeUInt32LE(262_144, 16);
  buf.writeUInt32LE(linkType, 20);
  return 24;
}

function pcapRecord(buf: Buffer, at: number, t: bigint, p: Packet): number {
  buf.writeUInt32LE(Number(t / 1_000_000_000n), at);
  buf.writeUInt32LE(Number(t % 1_000_000_000n), at + 4);
  buf.writeUInt32LE(p.caplen, at + 8);
  buf.writeUInt32LE(p.origLen, at + 12);
  buf.set(p.data, at + 16);
  return 16 + p.caplen;
}

function pcapngHeader(buf: Buffer, linkType: number): number {
  // SHB (28 bytes, no options) then IDB with if_tsresol=9 (32 bytes).
  for (const [o, v] of [
    [0, 0x0a0d0d0a],
    [4, 28],
    [8, 0x1a2b3c4d],
    [12, 1],
    [16, 0xffffffff],
    [20, 0xffffffff],
    [24, 28],
  ]) {
    buf.writeUInt32LE(v ?? 0, o ?? 0);
  }
  buf.writeUInt32LE(1, 28);
  buf.writeUInt32LE(32, 32);
  buf.writeUInt16LE(linkType, 36);
  buf.writeUInt16LE(0, 38);
  buf.writeUInt32LE(262_144, 40);
  buf.writeUInt32LE(0x00010009, 44); // option 9, length 1
  buf.writeUInt32LE(9, 48); // value 9 (ns) + padding
  buf.writeUInt32LE(0, 52); // opt_endofopt
  buf.writeUInt32LE(32, 56);
  return 60;
}

function epbBlock(buf: Buffer, at: number, t: bigint, p: Packet): number {
  const len = 32 + ((p.caplen + 3) & ~3);
  buf.writeUInt32LE(6, at);
  buf.writeUInt32LE(len, at + 4);
  buf.writeUInt32LE(0, at + 8);
  buf.writeUInt32LE(Number(t >> 32n), at + 12);
  buf.writeUInt32LE(Number(t & 0xffffffffn), at + 16);
  buf.writeUInt32LE(p.caplen, at + 20);
  buf.writeUInt32LE(p.origLen, at + 24);
  buf.fill(0, at + 28, at + len - 4);
  buf.set(p.data, at + 28);
  buf.writeUInt32LE(len, at + len - 4);
  return len;
}

async function main(): Promise<void> {
  const [input, output, n, format = 'pcap'] = process.argv.slice(2);
  if (!input || !output || !n || (format !== 'pcap' && format !== 'pcapng')) {
    console.error('usage: replicate.ts IN OUT N [pcap|pcapng]');
    process.exit(2);
  }
  const packets: Packet[] = [];
  for await (const p of PcapReader.fromFile(input)) packets.push(p);
  const bytes = replicate(packets, output, Number(n), format);
  console.log(`wrote ${n} ${format} records (${(bytes / 1e6).toFixed(1)} MB) cycling ${packets.length} from ${input}`);
}

if (import.meta.url === `file://${process.argv[1]}`) await main();
