import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import type { TelescopeBatch } from '@cynex/core';
import { afterAll, describe, expect, it } from 'vitest';
import { runIngest } from './ingest.js';
import { HubRejectedError, MemoryBatchSink, type BatchSink } from './sinks.js';
import { ip, ipv4, pcapBytes, SYN, tcp, writePcap, type Timed } from './testing/synth.js';

const dir = mkdtempSync(path.join(tmpdir(), 'cynex-telescope-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const T0 = Date.UTC(2024, 4, 1) / 1000;
const config = { prefixes: ['198.51.100.0/24'], sensorId: 'lab-1' };
/** `n` SYNs (40-byte packets, 56-byte pcap records) from `start`, one every 10 s. */
const syns = (start: number, n: number): Timed[] =>
  Array.from({ length: n }, (_, i) => ({
    t: start + i * 10,
    bytes: ipv4({
      src: ip('203.0.113.1') + i,
      dst: ip('198.51.100.0') + i,
      proto: 6,
      payload: tcp({ dport: 23, flags: SYN }),
    }),
  }));
const starts = (batches: TelescopeBatch[]) => batches.flatMap((b) => b.intervals.map((i) => `${i.start} ${i.packets}`));

describe('runIngest', () => {
  it('reads many files in order as one stream and emits every interval in order', async () => {
    const files = [0, 1, 2].map((k) => {
      const file = path.join(dir, `day-${k}.pcap`);
      writePcap(file, syns(T0 + k * 600, 30)); // 300 s each: k*600 .. k*600+290
      return file;
    });
    const sink = new MemoryBatchSink();
    const r = await runIngest({ files, pipeline: { config }, sink, progress: null });
    expect(r.exitCode).toBe(0);
    expect(r.files.map((f) => f.records)).toEqual([30, 30, 30]);
    expect(starts(sink.batches)).toEqual([
      '2024-05-01T00:00:00.000Z 30',
      '2024-05-01T00:10:00.000Z 30',
      '2024-05-01T00:20:00.000Z 30',
    ]);
  });

  it('reports a truncated capture by offset and records, still sends what was complete, and fails', async () => {
    const good = path.join(dir, 'good.pcap');
    const cut = path.join(dir, 'cut.pcap');
    const later = path.join(dir, 'later.pcap');
    writePcap(good, syns(T0, 10));
    const bytes = pcapBytes(syns(T0 + 300, 40)); // 24 + 40 × 56 = 2264 bytes
    writeFileSync(cut, bytes.subarray(0, bytes.length - 20)); // the 40th record loses 20 bytes
    writePcap(later, syns(T0 + 900, 5));
    const sink = new MemoryBatchSink();
    const progress = {
      text: '',
      write(s: string) {
        this.text += s;
      },
    };
    const r = await runIngest({ files: [good, cut, later], pipeline: { config }, sink, progress });
    expect(r.exitCode).toBe(1);
    expect(r.files[1]).toMatchObject({ path: cut, records: 39, offset: 2208 });
    expect(r.errors).toEqual([`${cut}: truncated record at byte 2208 after 39 records: needs 56 bytes, 36 left`]);
    expect(progress.text).toContain(`error: ${cut}: truncated record at byte 2208 after 39 records`);
    // The 39 complete records of the cut file are counted and sent, and the next file is still read.
    expect(starts(sink.batches)).toEqual([
      '2024-05-01T00:00:00.000Z 10',
      '2024-05-01T00:05:00.000Z 30',
      '2024-05-01T00:10:00.000Z 9',
      '2024-05-01T00:15:00.000Z 5',
    ]);
    expect(progress.text).toMatch(/^telescope: 54 packets from 3 input\(s\) in .*; 1 error\(s\)\n/);
  });

  it('stops reading when the hub refuses a batch, and fails with its message', async () => {
    const files = [0, 1].map((k) => {
      const file = path.join(dir, `refused-${k}.pcap`);
      writePcap(file, syns(T0 + k * 86_400, 61)); // 10 minutes: the first interval closes mid-file
      return file;
    });
    const refusing: BatchSink = {
      send: () =>
        Promise.reject(
          new HubRejectedError(403, 'FORBIDDEN', 'hub refused the batch (403 FORBIDDEN): platform admins only'),
        ),
    };
    const r = await runIngest({ files, pipeline: { config }, sink: refusing, progress: null, chunkSize: 256 });
    expect(r.exitCode).toBe(1);
    expect(r.errors).toEqual(['hub refused the batch (403 FORBIDDEN): platform admins only']);
    expect(r.files).toHaveLength(1); // reading stopped in the first file; the second day was never read
    expect(r.files[0]!.records).toBeLessThan(61);
  });

  it('stops reading an idle stdin when aborted (Ctrl-C) and still sends what was read', async () => {
    const stdin = new PassThrough();
    const sink = new MemoryBatchSink();
    const stop = new AbortController();
    const run = runIngest({ files: ['-'], pipeline: { config }, sink, stdin, progress: null, signal: stop.signal });
    stdin.write(pcapBytes(syns(T0, 5)));
    await new Promise((r) => setTimeout(r, 50));
    stop.abort();
    const r = await run;
    expect(r.exitCode).toBe(0);
    expect(starts(sink.batches)).toEqual(['2024-05-01T00:00:00.000Z 5']);
  });

  it('closes the intervals of a quiet live stream (stdin) on the wall clock', async () => {
    const stdin = new PassThrough();
    const sink = new MemoryBatchSink();
    let now = 5_000_000;
    const run = runIngest({
      files: ['-'],
      pipeline: { config },
      sink,
      stdin,
      progress: null,
      now: () => now,
      tickMs: 5,
    });
    stdin.write(pcapBytes(syns(T0 + 100, 3))); // T0+100 .. T0+120, then silence
    await new Promise((r) => setTimeout(r, 50));
    expect(sink.batches).toHaveLength(0);
    now += 200_000; // the stream clock passes T0 + 310 (end + 10 s): no packet needed
    await expect.poll(() => sink.batches.length, { timeout: 2000 }).toBe(1);
    expect(starts(sink.batches)).toEqual(['2024-05-01T00:00:00.000Z 3']);
    stdin.end();
    const r = await run;
    expect(r.exitCode).toBe(0);
    expect(sink.batches).toHaveLength(1);
  });
});
