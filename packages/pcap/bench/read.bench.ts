/**
 * Throughput benchmark for the reader and decoder.
 *
 *   npx tsx packages/pcap/bench/read.bench.ts FILE [ROUNDS=5]
 *
 * Measures, per round: (a) reader only, counting records; (b) reader + decode + a
 * per-protocol counter; each from the file (includes I/O) and from a buffer already in
 * memory (parser cost alone). Prints the best round, as the others include JIT warm-up.
 */
import { readFileSync } from 'node:fs';
import { decode, DecodedPacket, LAYER, PcapReader, type PacketView } from '../src/index.js';

type Mode = { name: string; make: () => PcapReader; decode: boolean };

/**
 * Runs one mode once and returns records and seconds.
 *
 * @example
 * const { records, seconds } = await runOnce(() => PcapReader.fromFile('x.pcap'), true);
 */
export async function runOnce(
  make: () => PcapReader,
  withDecode: boolean,
): Promise<{ records: number; seconds: number }> {
  const out = new DecodedPacket();
  const perProtocol = new Uint32Array(256);
  let nonIp = 0;
  let records = 0;
  const countOnly = (_p: PacketView) => {
    records++;
  };
  const decodeAndCount = (p: PacketView) => {
    records++;
    const layers = decode(p.linkType, p.buf, p.start, p.caplen, out);
    if (layers & LAYER.L3) perProtocol[out.protocol] = (perProtocol[out.protocol] ?? 0) + 1;
    else nonIp++;
  };
  const t0 = performance.now();
  await make().read(withDecode ? decodeAndCount : countOnly);
  const seconds = (performance.now() - t0) / 1000;
  if (withDecode && perProtocol.reduce((a, b) => a + b, 0) + nonIp !== records) throw new Error('counter mismatch');
  return { records, seconds };
}

async function main(): Promise<void> {
  const [file, roundsArg] = process.argv.slice(2);
  if (!file) {
    console.error('usage: read.bench.ts FILE [ROUNDS]');
    process.exit(2);
  }
  const rounds = Number(roundsArg ?? 5);
  const bytes = readFileSync(file);
  const modes: Mode[] = [
    { name: 'file   reader only     ', make: () => PcapReader.fromFile(file), decode: false },
    { name: 'file   reader + decode ', make: () => PcapReader.fromFile(file), decode: true },
    { name: 'buffer reader only     ', make: () => PcapReader.fromBuffer(bytes), decode: false },
    { name: 'buffer reader + decode ', make: () => PcapReader.fromBuffer(bytes), decode: true },
  ];
  console.log(`${file}: ${(bytes.length / 1e6).toFixed(1)} MB, node ${process.version}, best of ${rounds}`);
  for (const mode of modes) {
    let best = Infinity;
    let records = 0;
    for (let r = 0; r < rounds; r++) {
      const res = await runOnce(mode.make, mode.decode);
      records = res.records;
      best = Math.min(best, res.seconds);
    }
    const mpps = records / best / 1e6;
    const mbps = bytes.length / best / 1e6;
    console.log(`${mode.name} ${records} records  ${mpps.toFixed(2)} M packets/s  ${mbps.toFixed(0)} MB/s`);
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await main();
