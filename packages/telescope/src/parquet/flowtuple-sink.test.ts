import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { FlowTupleRow } from '../flowtuple.js';
import { withDuckDB } from './duckdb.js';
import {
  flowTuplePath,
  flowTupleRoot,
  flowTupleSource,
  ParquetFlowTupleSink,
  queryFlowTuples,
} from './flowtuple-sink.js';

const DAY1_A = new Date('2024-05-01T23:50:00Z');
const DAY1_B = new Date('2024-05-01T23:55:00Z');
const DAY2_A = new Date('2024-05-02T00:00:00Z');

function row(start: Date, i: number, over: Partial<FlowTupleRow> = {}): FlowTupleRow {
  return {
    time: new Date(start.getTime() + i * 1000),
    src: `203.0.113.${i % 250}`,
    dst: `198.19.${i % 256}.${(i * 7) % 256}`,
    srcPort: 40_000 + i,
    dstPort: [23, 80, 443, 65_535][i % 4] ?? 0,
    protocol: 6,
    ttl: 240,
    tcpFlags: 0x02,
    ipLen: 40,
    class: 'tcp_syn',
    tags: i % 16,
    packets: 1 + i,
    ...over,
  };
}

async function listFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((e) => e.isFile())
    .map((e) => relative(dir, join(e.parentPath, e.name)))
    .sort();
}

describe('ParquetFlowTupleSink', () => {
  let dataDir: string;
  beforeEach(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'cynex-ft-'));
  });
  afterEach(async () => {
    await rm(dataDir, { recursive: true, force: true });
  });

  it('writes intervals across two days into day partitions and reads them back', async () => {
    const sink = new ParquetFlowTupleSink({ dataDir, sensor: 'tokyo-1' });
    const a = Array.from({ length: 100 }, (_, i) => row(DAY1_A, i));
    const b = Array.from({ length: 50 }, (_, i) =>
      row(DAY1_B, i, { class: i % 2 ? 'udp' : 'backscatter', protocol: 17 }),
    );
    const c = [
      row(DAY2_A, 0, { src: '2001:db8::1', dst: '2001:db8:ffff::2', packets: 5_000_000_000, tcpFlags: 0x12 }),
      row(DAY2_A, 1, { srcPort: 0, dstPort: 0, ttl: 1, ipLen: 65_535, time: new Date(DAY2_A.getTime() + 1_234) }),
    ];
    await sink.writeInterval(DAY1_A, a);
    await sink.writeInterval(DAY1_B, b);
    await sink.writeInterval(DAY2_A, c);
    await sink.close();
    expect(sink.stats.rows).toBe(152);

    expect(await listFiles(flowTupleRoot(dataDir))).toEqual([
      'day=2024-05-01/tokyo-1-20240501T235000Z.parquet',
      'day=2024-05-01/tokyo-1-20240501T235500Z.parquet',
      'day=2024-05-02/tokyo-1-20240502T000000Z.parquet',
    ]);
    expect(flowTuplePath(dataDir, 'tokyo-1', DAY2_A)).toBe(
      join(dataDir, 'telescope/flowtuples/day=2024-05-02/tokyo-1-20240502T000000Z.parquet'),
    );

    const perDay = await queryFlowTuples(
      dataDir,
      "SELECT strftime(day, '%Y-%m-%d') AS day, count(*) AS n, sum(packets) AS p FROM flowtuples GROUP BY ALL ORDER BY 1",
    );
    const sum = (rows: FlowTupleRow[]) => BigInt(rows.reduce((s, r) => s + r.packets, 0));
    expect(perDay).toEqual([
      { day: '2024-05-01', n: 150n, p: sum(a) + sum(b) },
      { day: '2024-05-02', n: 2n, p: sum(c) },
    ]);

    const byClass = await queryFlowTuples(dataDir, 'SELECT class, count(*) AS n FROM flowtuples GROUP BY 1 ORDER BY 1');
    expect(byClass).toEqual([
      { class: 'backscatter', n: 25n },
      { class: 'tcp_syn', n: 102n },
      { class: 'udp', n: 25n },
    ]);

    // Every value of every row survives, in order.
    const back = await queryFlowTuples(
      dataDir,
      'SELECT * EXCLUDE (sensor, interval_start, day) FROM flowtuples ORDER BY interval_start, time, src',
    );
    const expected = [...a, ...b, ...c]
      .map((r) => ({
        time: r.time,
        src: r.src,
        dst: r.dst,
        src_port: r.srcPort,
        dst_port: r.dstPort,
        protocol: r.protocol,
        ttl: r.ttl,
        tcp_flags: r.tcpFlags,
        ip_len: r.ipLen,
        class: r.class,
        tags: r.tags,
        packets: BigInt(r.packets),
      }))
      .sort((x, y) => x.time.getTime() - y.time.getTime() || (x.src < y.src ? -1 : x.src > y.src ? 1 : 0));
    expect(back).toEqual(expected);

    const meta = await queryFlowTuples(
      dataDir,
      'SELECT DISTINCT sensor, interval_start FROM flowtuples ORDER BY interval_start',
    );
    expect(meta).toEqual([
      { sensor: 'tokyo-1', interval_start: DAY1_A },
      { sensor: 'tokyo-1', interval_start: DAY1_B },
      { sensor: 'tokyo-1', interval_start: DAY2_A },
    ]);
  });

  it('replaces an interval on re-write (idempotent) and removes it when empty', async () => {
    const sink = new ParquetFlowTupleSink({ dataDir, sensor: 's1' });
    await sink.writeInterval(DAY1_A, [row(DAY1_A, 1), row(DAY1_A, 2), row(DAY1_A, 3)]);
    await sink.writeInterval(DAY1_B, [row(DAY1_B, 1)]);
    await sink.writeInterval(DAY1_A, [row(DAY1_A, 9, { packets: 42 })]);
    await sink.writeInterval(DAY1_A, [row(DAY1_A, 9, { packets: 42 })]);
    let rows = await queryFlowTuples(
      dataDir,
      'SELECT interval_start, count(*) AS n, sum(packets) AS p FROM flowtuples GROUP BY 1 ORDER BY 1',
    );
    expect(rows).toEqual([
      { interval_start: DAY1_A, n: 1n, p: 42n },
      { interval_start: DAY1_B, n: 1n, p: 2n },
    ]);
    expect(await listFiles(flowTupleRoot(dataDir))).toEqual([
      'day=2024-05-01/s1-20240501T235000Z.parquet',
      'day=2024-05-01/s1-20240501T235500Z.parquet',
    ]);

    await sink.writeInterval(DAY1_A, []);
    await sink.close();
    rows = await queryFlowTuples(dataDir, 'SELECT count(*) AS n FROM flowtuples');
    expect(rows).toEqual([{ n: 1n }]);
    await expect(sink.writeInterval(DAY1_A, [])).rejects.toThrow(/closed/);
  });

  it('keeps sensors apart in one day and serialises concurrent writes', async () => {
    const s1 = new ParquetFlowTupleSink({ dataDir, sensor: 's1', threads: 1 });
    const s2 = new ParquetFlowTupleSink({ dataDir, sensor: 's2', compression: 'snappy' });
    await Promise.all([
      s1.writeInterval(DAY1_A, [row(DAY1_A, 1)]),
      s1.writeInterval(DAY1_B, [row(DAY1_B, 1), row(DAY1_B, 2)]),
      s2.writeInterval(DAY1_A, [row(DAY1_A, 3)]),
    ]);
    await Promise.all([s1.close(), s2.close()]);
    const rows = await queryFlowTuples(dataDir, 'SELECT sensor, count(*) AS n FROM flowtuples GROUP BY 1 ORDER BY 1');
    expect(rows).toEqual([
      { sensor: 's1', n: 3n },
      { sensor: 's2', n: 1n },
    ]);
    // The files are plain Parquet any DuckDB reads with the hive day column.
    const direct = await withDuckDB(async (c) =>
      (await c.runAndReadAll(`SELECT count(DISTINCT day) AS days FROM ${flowTupleSource(dataDir)}`)).getRowObjectsJS(),
    );
    expect(direct).toEqual([{ days: 1n }]);
  });

  it('answers queries over an empty data directory and rejects bad input', async () => {
    expect(await queryFlowTuples(dataDir, 'SELECT count(*) AS n FROM flowtuples')).toEqual([{ n: 0n }]);
    expect(() => new ParquetFlowTupleSink({ dataDir, sensor: '../x' })).toThrow(/invalid sensor/);
    const sink = new ParquetFlowTupleSink({ dataDir, sensor: 's1' });
    await expect(sink.writeInterval(new Date(Number.NaN), [])).rejects.toThrow(RangeError);
    await sink.close();
  });
});
