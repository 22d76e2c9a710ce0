import { describe, expect, it } from 'vitest';
import { PcapFormatError } from './errors.js';
import { copyPacket, PcapReader } from './pcap-reader.js';
import type { Packet } from './packet.js';
import { pcapFile, type PcapVariant } from './testing/synth.js';

function readAll(buf: Uint8Array) {
  const packets: Packet[] = [];
  const summary = PcapReader.readSync(buf, (p) => packets.push(copyPacket(p)));
  return { packets, summary };
}

function catchError(fn: () => unknown): PcapFormatError {
  try {
    fn();
  } catch (err) {
    if (err instanceof PcapFormatError) return err;
    throw err;
  }
  throw new Error('expected a PcapFormatError');
}

const records = [
  { sec: 1_700_000_000, frac: 123_456, data: Uint8Array.of(1, 2, 3, 4, 5) },
  { sec: 1_700_000_001, frac: 999_999, data: Uint8Array.of(9), origLen: 1514 },
  { sec: 1_700_000_002, frac: 0, data: new Uint8Array(0) },
];

describe('classic pcap', () => {
  const variants: PcapVariant[] = ['microLE', 'microBE', 'nanoLE', 'nanoBE'];
  for (const variant of variants) {
    it(`reads ${variant} records with the right timestamps and lengths`, () => {
      const { packets, summary } = readAll(pcapFile(variant, 1, records));
      const nsMul = variant.startsWith('nano') ? 1 : 1000;
      expect(packets.map((p) => [p.tsSec, p.tsNsec, p.caplen, p.origLen, Array.from(p.data)])).toEqual(
        records.map((r) => [r.sec, r.frac * nsMul, r.data.length, r.origLen ?? r.data.length, Array.from(r.data)]),
      );
      expect(packets.map((p) => [p.index, p.offset, p.linkType])).toEqual([
        [0, 24, 1],
        [1, 24 + 16 + 5, 1],
        [2, 24 + 16 + 5 + 16 + 1, 1],
      ]);
      expect(summary).toMatchObject({
        format: 'pcap',
        compressed: false,
        records: 3,
        bytes: 24 + 48 + 6,
        first: { sec: 1_700_000_000, nsec: 123_456 * nsMul },
        last: { sec: 1_700_000_002, nsec: 0 },
        linkTypes: [1],
        warnings: [],
      });
    });
  }

  it('accepts a header-only file as an empty capture', () => {
    expect(readAll(pcapFile('microLE', 101, [])).summary).toMatchObject({ records: 0, bytes: 24, first: null });
  });

  it('masks the FCS bits out of the link-type field', () => {
    const buf = pcapFile('microLE', 1 | 0x10000000 | (4 << 26), records);
    expect(readAll(buf).packets[0]?.linkType).toBe(1);
  });

  it('rejects an unknown magic at offset 0', () => {
    const buf = pcapFile('microLE', 1, records);
    buf[0] = 0x00;
    const err = catchError(() => readAll(buf));
    expect(err).toMatchObject({ code: 'bad-magic', offset: 0, records: 0 });
    expect(err.message).toMatch(/^bad magic 0x00c3b2a1 \(not pcap, pcapng or gzip\) at byte 0 after 0 records$/);
  });

  it('rejects an unsupported major version', () => {
    const buf = pcapFile('microBE', 1, records);
    buf[5] = 9;
    expect(catchError(() => readAll(buf))).toMatchObject({ code: 'unsupported', offset: 0 });
  });

  it('rejects a captured length above the sane maximum, naming offset and record count', () => {
    const buf = pcapFile('microLE', 1, records);
    const second = 24 + 16 + 5;
    new DataView(buf.buffer).setUint32(second + 8, 0x7fff0000, true);
    const err = catchError(() => readAll(buf));
    expect(err).toMatchObject({ code: 'corrupt', offset: second, records: 1 });
    expect(err.message).toContain(`at byte ${second} after 1 records`);
  });

  it('honours a custom maxRecordLength', () => {
    const err = catchError(() =>
      PcapReader.readSync(pcapFile('microLE', 1, records), () => {}, { maxRecordLength: 4 }),
    );
    expect(err).toMatchObject({ code: 'corrupt', offset: 24, records: 0 });
  });

  it('reports a record cut short with what it needed and what was left', () => {
    const buf = pcapFile('microLE', 1, records).subarray(0, 24 + 16 + 3);
    const err = catchError(() => readAll(buf));
    expect(err).toMatchObject({ code: 'truncated', offset: 24, records: 0 });
    expect(err.message).toBe('truncated record at byte 24 after 0 records: needs 21 bytes, 19 left');
  });

  it('reports a cut file header', () => {
    const err = catchError(() => readAll(pcapFile('nanoLE', 1, []).subarray(0, 10)));
    expect(err.message).toBe('truncated file header at byte 0 after 0 records: needs 24 bytes, 10 left');
  });

  it('rejects empty input instead of calling it an empty capture', () => {
    expect(catchError(() => readAll(new Uint8Array(0)))).toMatchObject({ code: 'truncated', offset: 0, records: 0 });
  });

  it('counts tolerated oddities as warnings rather than failing', () => {
    const odd = [
      { sec: 1, frac: 2_000_000, data: new Uint8Array(100), origLen: 50 },
      { sec: 2, frac: 0, data: new Uint8Array(100), origLen: 50 },
    ];
    const { summary } = readAll(pcapFile('microLE', 1, odd, 64));
    expect(summary.records).toBe(2);
    expect(summary.warnings).toEqual([
      { code: 'caplen-exceeds-snaplen', message: expect.any(String), offset: 24, count: 2 },
      { code: 'caplen-exceeds-origlen', message: expect.any(String), offset: 24, count: 2 },
      { code: 'bad-timestamp', message: expect.any(String), offset: 24, count: 1 },
    ]);
  });
});
