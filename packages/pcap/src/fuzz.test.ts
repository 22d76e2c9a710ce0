import { readFileSync } from 'node:fs';
import { gunzipSync, gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { decodePacket } from './decode.js';
import { DecodedPacket } from './decoded-packet.js';
import { PcapFormatError } from './errors.js';
import { PcapReader } from './pcap-reader.js';
import { capturePath, chunkedStream, PacketDigest, prng } from './testing/fixtures.js';
import { concat, epb, idb, ngBlock, opb, shb, spb } from './testing/synth.js';

/** Seed corpora: small real captures (or prefixes ending on a record boundary) and a synthetic pcapng. */
function corpus(): Uint8Array[] {
  const prefix = (name: string, records: number) => {
    const bytes = readFileSync(capturePath(name));
    let end = 0;
    PcapReader.readSync(bytes, (p) => {
      if (p.index < records) end = p.offset + recordLength(bytes, p.offset, p.caplen);
    });
    return Uint8Array.from(bytes.subarray(0, end));
  };
  const synth = concat(
    shb(true),
    idb(true, 1, 65535, { tsresol: 9 }),
    epb(true, 0, 123_456_789_000n, new Uint8Array(60).fill(0x45)),
    spb(true, new Uint8Array(20)),
    ngBlock(true, 0x77, new Uint8Array(8)),
    shb(false),
    idb(false, 101, 64, { tsresol: 0x83, tsoffset: 5 }),
    opb(false, 0, 99n, new Uint8Array(40).fill(0x60)),
  );
  return [
    Uint8Array.from(readFileSync(capturePath('chrissanders/activeosfingerprinting.pcapng'))),
    prefix('stopddos/amp.TCP.reflection.SYNACK.pcap', 60),
    prefix('chrissanders/synscan.pcapng', 60),
    prefix('stopddos/amp.UDP.snmp.src161.pcapng', 20),
    synth,
  ];
}

/** Length of the record at `offset`: classic pcap records are 16 + caplen, pcapng blocks carry their length. */
function recordLength(bytes: Buffer, offset: number, caplen: number): number {
  const magic = bytes.readUInt32BE(0);
  return magic === 0x0a0d0d0a ? bytes.readUInt32LE(offset + 4) : 16 + caplen;
}

type Mutation = (b: Uint8Array, rand: () => number) => Uint8Array;

const pick = (rand: () => number, n: number) => Math.floor(rand() * n);

const MUTATIONS: Mutation[] = [
  // Flip 1–8 random bits.
  (b, rand) => {
    const c = Uint8Array.from(b);
    for (let i = 1 + pick(rand, 8); i > 0; i--) {
      const at = pick(rand, c.length);
      c[at] = (c[at] ?? 0) ^ (1 << pick(rand, 8));
    }
    return c;
  },
  // Truncate anywhere.
  (b, rand) => b.slice(0, pick(rand, b.length + 1)),
  // Garbage in a 32-bit little/big-endian field at an aligned spot (lengths live there).
  (b, rand) => {
    const c = Uint8Array.from(b);
    const at = pick(rand, Math.floor(c.length / 4)) * 4;
    const v =
      [0, 0xffffffff, 12, 13, 0x7fffffff, 262_144, 262_145, pick(rand, 2 ** 32), pick(rand, 4096)][pick(rand, 9)] ?? 0;
    if (at + 4 <= c.length) new DataView(c.buffer).setUint32(at, v, rand() < 0.5);
    return c;
  },
  // Delete or duplicate a short run of bytes, shifting everything after it.
  (b, rand) => {
    const at = pick(rand, b.length);
    const n = 1 + pick(rand, 16);
    return rand() < 0.5 ? concat(b.subarray(0, at), b.subarray(at + n)) : concat(b.subarray(0, at + n), b.subarray(at));
  },
  // Random bytes overwriting a region.
  (b, rand) => {
    const c = Uint8Array.from(b);
    const at = pick(rand, c.length);
    for (let i = at; i < Math.min(c.length, at + 1 + pick(rand, 64)); i++) c[i] = pick(rand, 256);
    return c;
  },
];

interface Outcome {
  ok: boolean;
  digest: string;
  code: string;
  message: string;
}

/** Uncompressed size of the input, or -1 when it is gzip that does not inflate. */
function plainLength(input: Uint8Array): number {
  if (input[0] !== 0x1f || input[1] !== 0x8b) return input.length;
  try {
    return gunzipSync(input).length;
  } catch {
    return -1;
  }
}

/** Reads one input synchronously and checks the reader's invariants on the way. */
function readChecked(input: Uint8Array, out: DecodedPacket): Outcome {
  const size = plainLength(input);
  const digest = new PacketDigest();
  let maxEnd = 0;
  try {
    const s = PcapReader.readSync(input, (p) => {
      // Views never point outside the buffer, and decoding garbage never throws.
      if (p.start < 0 || p.start + p.caplen > p.buf.length) throw new Error(`view out of bounds at ${p.offset}`);
      maxEnd = Math.max(maxEnd, p.offset);
      digest.add(p);
      decodePacket(p, out);
    });
    expect(s.bytes).toBe(size);
    expect(s.records).toBe(digest.count);
    expect(maxEnd).toBeLessThan(Math.max(size, 1));
    return { ok: true, digest: digest.value, code: '', message: '' };
  } catch (err) {
    if (!(err instanceof PcapFormatError)) throw err;
    if (size < 0) expect(err.code).toBe('gzip');
    else expect(err.offset).toBeLessThanOrEqual(size);
    expect(err.records).toBe(digest.count);
    return { ok: false, digest: digest.value, code: err.code, message: err.message };
  }
}

async function readStreamed(input: Uint8Array, seed: number): Promise<Outcome> {
  const digest = new PacketDigest();
  try {
    await PcapReader.fromStream(chunkedStream(input, 1, 97, seed)).read((p) => digest.add(p));
    return { ok: true, digest: digest.value, code: '', message: '' };
  } catch (err) {
    if (!(err instanceof PcapFormatError)) throw err;
    return { ok: false, digest: digest.value, code: err.code, message: err.message };
  }
}

describe('fuzzing the reader with mutated real captures', () => {
  const seeds = corpus();

  it('finishes or throws PcapFormatError for 10 000 mutations, never anything else', async () => {
    const rand = prng(0xc0ffee);
    const out = new DecodedPacket();
    const tally = { ok: 0, bad: 0 };
    for (let i = 0; i < 10_000; i++) {
      const base = seeds[i % seeds.length] ?? new Uint8Array(0);
      let input = base;
      for (let m = 1 + pick(rand, 3); m > 0; m--)
        input = MUTATIONS[pick(rand, MUTATIONS.length)]?.(input, rand) ?? input;
      const result = readChecked(input, out);
      if (result.ok) tally.ok++;
      else tally.bad++;
      // Chunking must not change the outcome, error messages and offsets included.
      if (i % 25 === 0) expect(await readStreamed(input, i)).toEqual(result);
    }
    // Both outcomes occur, so the mutations reach past the first check.
    expect(tally.ok).toBeGreaterThan(1000);
    expect(tally.bad).toBeGreaterThan(5000);
  });

  it('handles mutated gzip input the same way', async () => {
    const rand = prng(7);
    const out = new DecodedPacket();
    const codes = new Set<string>();
    for (let i = 0; i < 1500; i++) {
      const plain = seeds[i % seeds.length] ?? new Uint8Array(0);
      const gz = gzipSync(plain);
      const input = MUTATIONS[pick(rand, MUTATIONS.length)]?.(gz, rand) ?? gz;
      let result: Outcome;
      try {
        result = readChecked(input, out);
      } catch (err) {
        throw new Error(`iteration ${i}: ${String(err)}`, { cause: err });
      }
      if (!result.ok) codes.add(result.code);
      if (i % 30 === 0) {
        const streamed = await readStreamed(input, i);
        expect(streamed.ok).toBe(result.ok);
        if (result.ok) expect(streamed.digest).toBe(result.digest);
      }
    }
    expect(codes).toContain('gzip');
  });
});
