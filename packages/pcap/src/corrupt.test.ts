import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { PcapFormatError } from './errors.js';
import { PcapReader } from './pcap-reader.js';
import { capturePath, chunkedStream, prng } from './testing/fixtures.js';

/** Start offset and length of every packet record/block, from a clean read. */
function recordSpans(bytes: Uint8Array, pcapng: boolean): { start: number; end: number }[] {
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const spans: { start: number; end: number }[] = [];
  PcapReader.readSync(bytes, (p) => {
    const end = pcapng ? p.offset + dv.getUint32(p.offset + 4, true) : p.offset + 16 + p.caplen;
    spans.push({ start: p.offset, end });
  });
  return spans;
}

function outcome(bytes: Uint8Array): { records: number } | PcapFormatError {
  try {
    return PcapReader.readSync(bytes, () => {});
  } catch (err) {
    if (err instanceof PcapFormatError) return err;
    throw err;
  }
}

/**
 * For a capture cut at `cut`, the reader must deliver every record that fits and then
 * fail at the first record that does not, unless the cut falls exactly on a boundary.
 */
function expectCutBehaviour(bytes: Uint8Array, spans: { start: number; end: number }[], cut: number) {
  const complete = spans.filter((s) => s.end <= cut).length;
  const result = outcome(bytes.subarray(0, cut));
  const next = spans[complete];
  if (next && cut > next.start) {
    expect(result).toBeInstanceOf(PcapFormatError);
    expect(result).toMatchObject({ code: 'truncated', offset: next.start, records: complete });
    const need = next.end - next.start;
    expect((result as PcapFormatError).message).toContain(`at byte ${next.start} after ${complete} records`);
    // pcap needs the 16-byte header first, then the whole record; pcapng needs 12, then the block.
    expect((result as PcapFormatError).message).toMatch(
      new RegExp(`needs (${need}|16|12) bytes, ${cut - next.start} left$`),
    );
  } else if (!(result instanceof PcapFormatError)) {
    expect(result.records).toBe(complete);
  }
}

describe('truncated real captures', () => {
  it('rejects activeosfingerprinting.pcapng cut at every byte unless on a block boundary', () => {
    const bytes = readFileSync(capturePath('chrissanders/activeosfingerprinting.pcapng'));
    const spans = recordSpans(bytes, true);
    const boundaries = new Set<number>();
    // Walk all blocks (packets and others) to know where a cut looks like a clean end.
    for (let o = 0; o < bytes.length; o += bytes.readUInt32LE(o + 4)) boundaries.add(o);
    boundaries.add(bytes.length);
    let failures = 0;
    for (let cut = 0; cut < bytes.length; cut++) {
      const result = outcome(bytes.subarray(0, cut));
      if (boundaries.has(cut) && cut >= 28) {
        expect(result).not.toBeInstanceOf(PcapFormatError);
        continue;
      }
      expect(result).toBeInstanceOf(PcapFormatError);
      failures++;
      expectCutBehaviour(bytes, spans, cut);
    }
    expect(failures).toBeGreaterThan(bytes.length - 60);
  });

  it('rejects SYN-ACK reflection pcap cut mid-header, mid-record-header and mid-record', () => {
    const bytes = readFileSync(capturePath('stopddos/amp.TCP.reflection.SYNACK.pcap'));
    const spans = recordSpans(bytes, false);
    const rand = prng(99);
    const cuts = [1, 4, 23, 24 + 5, 24 + 16 + 3];
    for (let i = 0; i < 200; i++) cuts.push(24 + Math.floor(rand() * (bytes.length - 24)));
    for (const cut of cuts) expectCutBehaviour(bytes, spans, cut);
    const mid = spans[4000];
    if (!mid) throw new Error('capture shorter than expected');
    const err = outcome(bytes.subarray(0, mid.start + 20));
    expect(err).toMatchObject({ code: 'truncated', offset: mid.start, records: 4000 });
  });

  it('reports the same truncation from a stream as from a buffer', async () => {
    const bytes = readFileSync(capturePath('chrissanders/synscan.pcapng'));
    const cut = bytes.subarray(0, 100_001);
    const sync = outcome(cut);
    expect(sync).toBeInstanceOf(PcapFormatError);
    await expect(PcapReader.fromStream(chunkedStream(cut, 1, 9, 4)).read(() => {})).rejects.toThrow(
      (sync as PcapFormatError).message,
    );
  });
});

describe('corrupted length fields', () => {
  it('rejects a pcap record whose length was flipped to garbage, at that record', () => {
    const bytes = Uint8Array.from(readFileSync(capturePath('stopddos/pkt.TCP.synflood.spoofed.pcap')));
    const spans = recordSpans(bytes, false);
    const victim = spans[1234];
    if (!victim) throw new Error('capture shorter than expected');
    const dv = new DataView(bytes.buffer);
    dv.setUint32(victim.start + 8, dv.getUint32(victim.start + 8, true) ^ 0x00ff0000, true);
    const err = outcome(bytes);
    expect(err).toMatchObject({ code: 'corrupt', offset: victim.start, records: 1234 });
    expect((err as PcapFormatError).message).toMatch(/captured length \d+ exceeds the maximum 262144/);
  });

  it('rejects a pcapng block whose leading length was changed, at that block', () => {
    const bytes = Uint8Array.from(readFileSync(capturePath('chrissanders/synscan.pcapng')));
    const spans = recordSpans(bytes, true);
    const victim = spans[500];
    if (!victim) throw new Error('capture shorter than expected');
    const dv = new DataView(bytes.buffer);
    dv.setUint32(victim.start + 4, dv.getUint32(victim.start + 4, true) + 8, true);
    const err = outcome(bytes);
    expect(err).toMatchObject({ code: 'corrupt', offset: victim.start, records: 500 });
    expect((err as PcapFormatError).message).toContain('differs from leading length');
  });

  it('rejects a pcapng trailing length flip, at that block', () => {
    const bytes = Uint8Array.from(readFileSync(capturePath('chrissanders/synscan.pcapng')));
    const spans = recordSpans(bytes, true);
    const victim = spans[7];
    if (!victim) throw new Error('capture shorter than expected');
    bytes[victim.end - 2] = (bytes[victim.end - 2] ?? 0) ^ 0x01;
    expect(outcome(bytes)).toMatchObject({ code: 'corrupt', offset: victim.start, records: 7 });
  });
});
