import { readFileSync, writeFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { PcapFormatError } from './errors.js';
import { PcapReader } from './pcap-reader.js';
import { CAPTURES, capturePath, chunkedStream, PacketDigest } from './testing/fixtures.js';
import { concat, epb, idb, pcapFile, shb } from './testing/synth.js';

const tmp = mkdtempSync(path.join(tmpdir(), 'cynex-pcap-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

async function digestOf(reader: PcapReader) {
  const d = new PacketDigest();
  const summary = await reader.read((p) => d.add(p));
  return { digest: d.value, summary };
}

async function rejection(p: Promise<unknown>): Promise<PcapFormatError> {
  try {
    await p;
  } catch (err) {
    if (err instanceof PcapFormatError) return err;
    throw err;
  }
  throw new Error('expected a PcapFormatError');
}

describe('PcapReader sources', () => {
  for (const name of CAPTURES) {
    it(`gives identical packets for ${name} from a file, a buffer, a stream and sync`, async () => {
      const file = capturePath(name);
      const bytes = readFileSync(file);
      const fromFile = await digestOf(PcapReader.fromFile(file, { chunkSize: 4096 + 13 }));
      const fromBuffer = await digestOf(PcapReader.fromBuffer(bytes));
      const fromStream = await digestOf(PcapReader.fromStream(chunkedStream(bytes, 100, 3000, 7)));
      const sync = new PacketDigest();
      PcapReader.readSync(bytes, (p) => sync.add(p));
      expect(fromBuffer.digest).toBe(fromFile.digest);
      expect(fromStream.digest).toBe(fromFile.digest);
      expect(sync.value).toBe(fromFile.digest);
      expect(fromFile.summary.bytes).toBe(bytes.length);
      expect(fromStream.summary).toEqual(fromFile.summary);
    });
  }

  it('handles 1–7 byte stream chunks (records split everywhere) exactly like a file', async () => {
    for (const name of ['chrissanders/synscan.pcapng', 'stopddos/amp.TCP.reflection.SYNACK.pcap']) {
      const file = capturePath(name);
      const expected = await digestOf(PcapReader.fromFile(file));
      const tiny = await digestOf(PcapReader.fromStream(chunkedStream(readFileSync(file), 1, 7, 3)));
      expect(tiny.digest).toBe(expected.digest);
      expect(tiny.summary).toEqual(expected.summary);
    }
  });

  it('parses complete records in place: a buffer source hands out views of the input itself', async () => {
    const bytes = readFileSync(capturePath('chrissanders/synscan.pcapng'));
    let foreign = 0;
    await PcapReader.fromBuffer(bytes).read((p) => {
      if (p.buf !== bytes) foreign++;
    });
    expect(foreign).toBe(0);
  });

  it('iterates owned packet copies with for await, then exposes the summary', async () => {
    const reader = PcapReader.fromFile(capturePath('chrissanders/activeosfingerprinting.pcapng'), { chunkSize: 512 });
    const seen: number[] = [];
    const datas: Uint8Array[] = [];
    for await (const p of reader) {
      seen.push(p.index);
      datas.push(p.data);
    }
    expect(seen).toEqual([...Array(48).keys()]);
    expect(reader.summary?.records).toBe(48);
    // Copies survive later chunks: re-read and compare the bytes.
    const again: string[] = [];
    await reader.read((p) => again.push(Buffer.from(p.data()).toString('hex')));
    expect(datas.map((d) => Buffer.from(d).toString('hex'))).toEqual(again);
  });

  it('lets a callback error through unchanged and stops reading', async () => {
    const boom = new Error('stop here');
    let calls = 0;
    const p = PcapReader.fromFile(capturePath('chrissanders/synscan.pcapng')).read(() => {
      if (++calls === 10) throw boom;
    });
    await expect(p).rejects.toBe(boom);
    expect(calls).toBe(10);
  });

  it('reads a stream only once and refuses text streams', async () => {
    const reader = PcapReader.fromStream(Readable.from([pcapFile('microLE', 1, [])]));
    await reader.read(() => {});
    await expect(reader.read(() => {})).rejects.toThrow(/only be read once/);
    await expect(PcapReader.fromStream(Readable.from(['text'])).read(() => {})).rejects.toThrow(TypeError);
  });

  it('passes I/O errors through as they are', async () => {
    await expect(PcapReader.fromFile(path.join(tmp, 'missing.pcap')).read(() => {})).rejects.toMatchObject({
      code: 'ENOENT',
    });
  });

  it('refuses a read size that could never make progress', () => {
    expect(() => PcapReader.fromFile('x', { chunkSize: 0 })).toThrow(RangeError);
    expect(() => PcapReader.fromBuffer(new Uint8Array(0), { chunkSize: 1.5 })).toThrow(RangeError);
  });

  it('rejects an empty stream and an empty file as truncated', async () => {
    await expect(PcapReader.fromStream(Readable.from([])).read(() => {})).rejects.toMatchObject({
      code: 'truncated',
      offset: 0,
    });
    const empty = path.join(tmp, 'empty.pcap');
    writeFileSync(empty, new Uint8Array(0));
    await expect(PcapReader.fromFile(empty).read(() => {})).rejects.toBeInstanceOf(PcapFormatError);
  });
});

describe('gzip input', () => {
  const plain = readFileSync(capturePath('stopddos/amp.UDP.snmp.src161.pcapng'));
  const gz = gzipSync(plain);

  it('inflates gzip from a buffer, a file, a tiny-chunk stream and sync, detected by magic', async () => {
    const expected = await digestOf(PcapReader.fromBuffer(plain));
    const gzFile = path.join(tmp, 'capture.bin'); // no .gz suffix: detection is by content
    writeFileSync(gzFile, gz);
    for (const reader of [
      PcapReader.fromBuffer(gz, { chunkSize: 1000 }),
      PcapReader.fromFile(gzFile),
      PcapReader.fromStream(chunkedStream(gz, 1, 64, 9)),
    ]) {
      const got = await digestOf(reader);
      expect(got.digest).toBe(expected.digest);
      expect(got.summary).toEqual({ ...expected.summary, compressed: true });
    }
    const sync = new PacketDigest();
    expect(PcapReader.readSync(gz, (p) => sync.add(p)).compressed).toBe(true);
    expect(sync.value).toBe(expected.digest);
  });

  it('inflates a gzip stream arriving in 1–7 byte chunks', async () => {
    const ng = readFileSync(capturePath('chrissanders/synscan.pcapng'));
    const expected = await digestOf(PcapReader.fromBuffer(ng));
    const got = await digestOf(PcapReader.fromStream(chunkedStream(gzipSync(ng), 1, 7, 5)));
    expect(got.digest).toBe(expected.digest);
  });

  it('sniffs gzip even when the first chunk is a single byte', async () => {
    const stream = Readable.from([gz.subarray(0, 1), gz.subarray(1, 2), gz.subarray(2)]);
    expect((await PcapReader.fromStream(stream).read(() => {})).compressed).toBe(true);
  });

  it('reads a gzipped pcapng', async () => {
    const ng = concat(shb(true), idb(true, 1, 0), epb(true, 0, 1n, new Uint8Array(60)));
    const s = await PcapReader.fromBuffer(gzipSync(ng)).read(() => {});
    expect(s).toMatchObject({ format: 'pcapng', compressed: true, records: 1, bytes: ng.length });
  });

  it('rejects a gzip stream cut short at any point', async () => {
    for (const cut of [3, 10, 100, Math.floor(gz.length / 2), gz.length - 4, gz.length - 1]) {
      const part = gz.subarray(0, cut);
      const err = await rejection(PcapReader.fromBuffer(part).read(() => {}));
      expect(err.code).toBe('gzip');
      expect(err.message).toMatch(/gzip .* at byte \d+ after \d+ records/);
      expect(() => PcapReader.readSync(part, () => {})).toThrow(PcapFormatError);
      const fromStream = await rejection(PcapReader.fromStream(chunkedStream(part, 1, 500, cut)).read(() => {}));
      expect(fromStream.code).toBe('gzip');
    }
  });

  it('rejects corrupted gzip with a format error', async () => {
    const bad = Uint8Array.from(gz);
    const at = Math.floor(bad.length / 3);
    bad[at] = (bad[at] ?? 0) ^ 0xff;
    const err = await rejection(PcapReader.fromBuffer(bad).read(() => {}));
    expect(['gzip', 'corrupt', 'truncated']).toContain(err.code);
  });
});
