import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { FlowTupleRow } from '../flowtuple.js';
import { sqlString, withDuckDB } from '../parquet/duckdb.js';
import { ParquetFlowTupleSink } from '../parquet/flowtuple-sink.js';
import { addressBytes, datasetKeyPath, hashSource, loadOrCreateDatasetKey, low16 } from './anonymise.js';
import { DATASET_COLUMNS, exportDataset } from './export.js';

const DAY1 = '2024-05-01';
const DAY2 = '2024-05-02';
const SOURCES = ['203.0.113.7', '192.0.2.200', '100.64.12.34', '2001:db8:1234::beef'];

function syn(
  time: Date,
  src: string,
  dst: string,
  dstPort: number,
  packets: number,
  over: Partial<FlowTupleRow> = {},
): FlowTupleRow {
  return {
    time,
    src,
    dst,
    srcPort: 50_000,
    dstPort,
    protocol: 6,
    ttl: 50,
    tcpFlags: 0x02,
    ipLen: 44,
    class: 'tcp_syn',
    tags: 0,
    packets,
    ...over,
  };
}

/** Two days of flow tuples: every source probes both days; some non-SYN rows that must not be exported. */
async function populate(dataDir: string): Promise<void> {
  const sink = new ParquetFlowTupleSink({ dataDir, sensor: 'nict-like' });
  for (const day of [DAY1, DAY2]) {
    for (const hour of [0, 12]) {
      const start = new Date(`${day}T${String(hour).padStart(2, '0')}:00:00Z`);
      const rows: FlowTupleRow[] = [];
      SOURCES.forEach((src, i) => {
        const v6 = src.includes(':');
        const dst = v6 ? '2001:db8:ffff::12:3456' : `198.19.${(i * 40) % 256}.${(i * 77 + hour) % 256}`;
        rows.push(syn(new Date(start.getTime() + i * 1500), src, dst, [23, 445, 8080, 22][i] ?? 1, i + 1));
        rows.push(syn(new Date(start.getTime() + i * 1500 + 60_000), src, '198.19.255.254', 3389, 7));
        rows.push(syn(start, src, '198.19.1.1', 53, 3, { class: 'udp', protocol: 17 }));
        rows.push(syn(start, src, '198.19.1.2', 80, 2, { class: 'backscatter', tcpFlags: 0x12 }));
      });
      await sink.writeInterval(start, rows);
    }
  }
  await sink.close();
}

type Row = Record<string, unknown>;

async function readBoth(
  csvPath: string | null,
  parquetPath: string | null,
): Promise<{ csv: Row[]; parquet: Row[]; columns: string[] }> {
  if (!csvPath || !parquetPath) throw new Error('both formats should have been written');
  return withDuckDB(async (c) => {
    const opts = `header = true, columns = {'timestamp': 'BIGINT', 'src_hash_hi16': 'VARCHAR', 'src_hash': 'VARCHAR', 'dst_lo16': 'INTEGER', 'dst_port': 'INTEGER', 'packets': 'BIGINT'}`;
    const csv = (await c.runAndReadAll(`SELECT * FROM read_csv(${sqlString(csvPath)}, ${opts})`)).getRowObjectsJS();
    const pq = await c.runAndReadAll(
      `SELECT timestamp::BIGINT AS timestamp, src_hash_hi16, src_hash, dst_lo16::INTEGER AS dst_lo16, dst_port::INTEGER AS dst_port, packets::BIGINT AS packets FROM read_parquet(${sqlString(parquetPath)})`,
    );
    const cols = (
      await c.runAndReadAll(`DESCRIBE SELECT * FROM read_parquet(${sqlString(parquetPath)})`)
    ).getRowObjectsJS();
    return { csv, parquet: pq.getRowObjectsJS(), columns: cols.map((r) => r.column_name as string) };
  });
}

describe('exportDataset', () => {
  let dataDir: string;
  let outDir: string;
  beforeEach(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'cynex-ds-'));
    outDir = join(dataDir, 'public');
    await populate(dataDir);
  });
  afterEach(async () => {
    await rm(dataDir, { recursive: true, force: true });
  });

  it('writes the same anonymised SYN rows to CSV and Parquet, with no raw source or key in the bytes', async () => {
    const r = await exportDataset({ dataDir, day: DAY1, outDir, compression: 'uncompressed' });
    expect(r).toMatchObject({ rows: 16, packets: 2 * (1 + 2 + 3 + 4) + 2 * 4 * 7, sources: 4 });
    const { csv, parquet, columns } = await readBoth(r.csvPath, r.parquetPath);
    expect(columns).toEqual([...DATASET_COLUMNS]);
    expect(csv).toEqual(parquet);
    expect(csv).toHaveLength(16);
    const header = (await readFile(r.csvPath!, 'utf8')).split('\n')[0];
    expect(header).toBe(DATASET_COLUMNS.join(','));

    const key = await readFile(datasetKeyPath(dataDir));
    expect(key).toHaveLength(32);
    expect((await stat(datasetKeyPath(dataDir))).mode & 0o777).toBe(0o600);
    for (const path of [r.csvPath!, r.parquetPath!]) {
      const bytes = await readFile(path);
      for (const src of SOURCES) {
        expect(bytes.includes(Buffer.from(src)), `${src} in ${path}`).toBe(false);
        expect(bytes.includes(Buffer.from(addressBytes(src) ?? [])), `${src} bytes in ${path}`).toBe(false);
      }
      expect(bytes.includes(key)).toBe(false);
      expect(bytes.includes(Buffer.from(key.toString('hex')))).toBe(false);
      expect(bytes.includes(Buffer.from(key.toString('base64')))).toBe(false);
    }
    // Compressed Parquet (the default) holds no raw source either, read back value by value.
    const z = await exportDataset({ dataDir, day: DAY1, outDir: join(outDir, 'z') });
    const { parquet: zRows } = await readBoth(z.csvPath, z.parquetPath);
    expect(zRows).toEqual(parquet);
    for (const value of zRows.flatMap((row) => Object.values(row))) expect(SOURCES).not.toContain(String(value));

    // Hashes, dst_lo16, ports, times and packets are what the inputs say.
    for (const [i, src] of SOURCES.entries()) {
      const h = hashSource(key, src);
      const mine = csv.filter((row) => row.src_hash === h.full);
      expect(mine).toHaveLength(4);
      for (const row of mine) expect(row.src_hash_hi16).toBe(h.hi16);
      const v6 = src.includes(':');
      const first = mine.find((row) => row.dst_port === ([23, 445, 8080, 22][i] ?? 1) && row.packets === BigInt(i + 1));
      expect(first?.dst_lo16).toBe(v6 ? 0x3456 : (((i * 40) % 256) << 8) | ((i * 77) % 256));
      expect(first?.timestamp).toBe(BigInt(Math.floor(Date.parse(`${DAY1}T00:00:00Z`) / 1000 + (i * 1500) / 1000)));
      expect(mine.filter((row) => row.dst_port === 3389).every((row) => row.dst_lo16 === 0xfffe)).toBe(true);
    }
    expect(
      csv.every(
        (row) => /^[0-9a-f]{16}$/.test(String(row.src_hash)) && /^[0-9a-f]{16}$/.test(String(row.src_hash_hi16)),
      ),
    ).toBe(true);
    // Rows come sorted by time.
    const times = csv.map((row) => Number(row.timestamp));
    expect(times).toEqual([...times].sort((a, b) => a - b));
  });

  it('keeps one pseudonym per address across days, and another key gives other pseudonyms', async () => {
    const d1 = await exportDataset({ dataDir, day: DAY1, outDir });
    const d2 = await exportDataset({ dataDir, day: DAY2, outDir });
    const a = await readBoth(d1.csvPath, d1.parquetPath);
    const b = await readBoth(d2.csvPath, d2.parquetPath);
    const hashes = (rows: Row[]) => new Set(rows.map((row) => String(row.src_hash)));
    const hi = (rows: Row[]) => new Set(rows.map((row) => String(row.src_hash_hi16)));
    expect(hashes(a.csv).size).toBe(4);
    expect(hashes(b.csv)).toEqual(hashes(a.csv));
    expect(hi(b.csv)).toEqual(hi(a.csv));

    const other = await exportDataset({ dataDir, day: DAY1, outDir: join(outDir, 'other'), key: randomBytes(32) });
    const c = await readBoth(other.csvPath, other.parquetPath);
    expect(c.csv).toHaveLength(a.csv.length);
    for (const h of hashes(c.csv)) expect(hashes(a.csv).has(h)).toBe(false);
    for (const h of hi(c.csv)) expect(hi(a.csv).has(h)).toBe(false);
    // Same destinations, ports and packets: only the pseudonyms differ.
    const strip = (rows: Row[]) =>
      rows
        .map((row) => `${String(row.timestamp)}/${String(row.dst_lo16)}/${String(row.dst_port)}/${String(row.packets)}`)
        .sort();
    expect(strip(c.csv)).toEqual(strip(a.csv));
  });

  it('writes header-only files for a day without data and refuses bad days and short keys', async () => {
    const r = await exportDataset({ dataDir, day: '2024-06-01', outDir });
    expect(r.rows).toBe(0);
    expect((await readFile(r.csvPath!, 'utf8')).trim()).toBe(DATASET_COLUMNS.join(','));
    expect((await readBoth(r.csvPath, r.parquetPath)).parquet).toEqual([]);
    await expect(exportDataset({ dataDir, day: '2024-13-45', outDir })).rejects.toThrow(RangeError);
    await expect(exportDataset({ dataDir, day: '../../x', outDir })).rejects.toThrow(RangeError);
    await expect(exportDataset({ dataDir, day: DAY1, outDir, key: randomBytes(8) })).rejects.toThrow(/shorter/);
  });
});

describe('dataset key and pseudonyms', () => {
  let dataDir: string;
  beforeEach(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'cynex-key-'));
  });
  afterEach(async () => {
    await rm(dataDir, { recursive: true, force: true });
  });

  it('creates the key once with mode 0600 and keeps it', async () => {
    const k1 = await loadOrCreateDatasetKey(dataDir);
    const k2 = await loadOrCreateDatasetKey(dataDir);
    expect(k1).toHaveLength(32);
    expect(k2.equals(k1)).toBe(true);
    expect((await stat(datasetKeyPath(dataDir))).mode & 0o777).toBe(0o600);
    await writeFile(datasetKeyPath(dataDir), randomBytes(4));
    await expect(loadOrCreateDatasetKey(dataDir)).rejects.toThrow(/at least 16/);
  });

  it('hashes deterministically per key, separates /16 and full-address hashes, and takes IPv6', () => {
    const key = Buffer.alloc(32, 7);
    const h = hashSource(key, '203.0.113.7');
    expect(hashSource(key, '203.0.113.7')).toEqual(h);
    expect(h.hi16).not.toBe(h.full);
    expect(hashSource(key, '203.0.200.1').hi16).toBe(h.hi16);
    expect(hashSource(key, '203.0.200.1').full).not.toBe(h.full);
    expect(hashSource(key, '203.1.113.7').hi16).not.toBe(h.hi16);
    expect(hashSource(Buffer.alloc(32, 8), '203.0.113.7').full).not.toBe(h.full);
    expect(hashSource(key, '2001:db8::1')).toEqual(hashSource(key, '2001:0db8:0:0:0:0:0:1'));
    expect(() => hashSource(key, 'not-an-ip')).toThrow(/not an IP/);
  });

  it('parses addresses and takes their lower 16 bits', () => {
    expect(low16('198.19.1.2')).toBe(258);
    expect(low16('198.19.255.255')).toBe(65_535);
    expect(low16('2001:db8::ab:cdef')).toBe(0xcdef);
    expect(Array.from(addressBytes('::ffff:1.2.3.4') ?? [])).toEqual([
      0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, 1, 2, 3, 4,
    ]);
    expect(Array.from(addressBytes('::') ?? [])).toEqual(Array<number>(16).fill(0));
    expect(Array.from(addressBytes('fe80::1%eth0') ?? []).slice(0, 2)).toEqual([0xfe, 0x80]);
    expect(addressBytes('1.2.3')).toBeNull();
  });
});
