import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { promisify } from 'node:util';
import { decode, DecodedPacket, ipv4ToString, LAYER, PcapReader, TCP_FLAGS } from '@cynex/pcap';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { telescopeIngestCommand } from '../ingest-command.js';
import { sqlString, withDuckDB } from '../parquet/duckdb.js';
import { ACK, DATA_DIR, icmp, ip, ipv4, SYN, tcp, udp, writePcap, type Timed } from '../testing/synth.js';
import { datasetKeyPath, hashSource } from './anonymise.js';
import { EXPORT_USAGE, telescopeExportCommand } from './export-command.js';
import { DATASET_COLUMNS } from './export.js';

const PREFIX = '198.51.100.0/24';
const DAY1 = '2024-05-01';
const DAY2 = '2024-05-02';

interface Probe {
  t: number;
  src: string;
  dst: string;
  sport: number;
  dport: number;
  kind: 'syn' | 'synack' | 'udp' | 'echo';
}

/**
 * Ten minutes either side of midnight: SYN probes on both days (one source on both), one tuple sent twice,
 * and traffic the dataset must leave out (backscatter, UDP, ICMP echo, a SYN outside the darknet).
 */
function probes(): Probe[] {
  const t1 = Date.UTC(2024, 4, 1, 23, 50) / 1000;
  const t2 = Date.UTC(2024, 4, 2, 0, 0, 30) / 1000;
  const list: Probe[] = [];
  for (let i = 0; i < 30; i++) {
    const dport = [23, 445, 22, 80][i % 4]!;
    list.push({
      t: t1 + i * 10,
      src: `203.0.113.${(i % 6) + 1}`,
      dst: `198.51.100.${i + 10}`,
      sport: 40_000 + i,
      dport,
      kind: 'syn',
    });
  }
  list.push({ ...list[0]!, t: t1 + 1 }); // the same tuple again: one row, two packets
  const bothDays = ['203.0.113.1', '192.0.2.1', '192.0.2.2', '192.0.2.3'];
  for (let i = 0; i < 20; i++) {
    list.push({
      t: t2 + i * 20,
      src: bothDays[i % 4]!,
      dst: `198.51.100.${100 + i}`,
      sport: 50_000 + i,
      dport: 3389,
      kind: 'syn',
    });
  }
  for (const t of [t1 + 5, t2 + 5]) {
    list.push({ t, src: '192.0.2.77', dst: '198.51.100.200', sport: 80, dport: 51_000, kind: 'synack' });
    list.push({ t: t + 1, src: '192.0.2.78', dst: '198.51.100.201', sport: 5353, dport: 53, kind: 'udp' });
    list.push({ t: t + 2, src: '192.0.2.79', dst: '198.51.100.202', sport: 0, dport: 0, kind: 'echo' });
    list.push({ t: t + 3, src: '203.0.113.9', dst: '10.0.0.1', sport: 40_000, dport: 23, kind: 'syn' });
  }
  return list.sort((a, b) => a.t - b.t);
}

function packet(p: Probe): Timed {
  const [src, dst] = [ip(p.src), ip(p.dst)];
  const bytes =
    p.kind === 'udp'
      ? ipv4({ src, dst, proto: 17, payload: udp(p.sport, p.dport) })
      : p.kind === 'echo'
        ? ipv4({ src, dst, proto: 1, payload: icmp(8) })
        : ipv4({
            src,
            dst,
            proto: 6,
            payload: tcp({ sport: p.sport, dport: p.dport, flags: p.kind === 'syn' ? SYN : SYN | ACK }),
          });
  return { t: p.t, bytes };
}

/** What a day's file must hold, worked out from the probes themselves. */
function expected(list: Probe[], day: string) {
  const syn = list.filter(
    (p) => p.kind === 'syn' && p.dst.startsWith('198.51.100.') && new Date(p.t * 1000).toISOString().startsWith(day),
  );
  // A flow tuple is one (5-minute interval, source, destination, ports) with its packet count.
  const tuples = new Set(syn.map((p) => `${Math.floor(p.t / 300)} ${p.src} ${p.dst} ${p.sport} ${p.dport}`));
  return { packets: syn.length, rows: tuples.size, sources: [...new Set(syn.map((p) => p.src))].sort() };
}

function capture() {
  const stream = new PassThrough();
  const out = { text: '', stream };
  stream.on('data', (c: Buffer) => (out.text += c.toString()));
  return out;
}

/** Runs the command as a user would, with its own stdout and stderr. */
async function run(args: string[]) {
  const stdout = capture();
  const stderr = capture();
  const code = await telescopeExportCommand(args, { stdout: stdout.stream, stderr: stderr.stream });
  return { code, stdout: stdout.text, stderr: stderr.text };
}

/** The real ingest, writing flow tuples under `dataDir`. */
async function ingest(dataDir: string, prefix: string, file: string): Promise<void> {
  const stderr = capture();
  const code = await telescopeIngestCommand(
    ['--prefix', prefix, '--sensor', 'lab-1', '--dry-run', '--no-geo', '--data-dir', dataDir, file],
    { stdout: capture().stream, stderr: stderr.stream, env: {} },
  );
  expect(code, stderr.text).toBe(0);
}

type Row = Record<(typeof DATASET_COLUMNS)[number], string>;

/** A CSV file as the header and rows of strings (the dataset has no quoted fields). */
async function readCsv(file: string): Promise<{ header: string; rows: Row[] }> {
  const [header = '', ...lines] = (await readFile(file, 'utf8')).trimEnd().split('\n');
  const names = header.split(',');
  const rows = lines.map((l) => Object.fromEntries(l.split(',').map((v, i) => [names[i], v])) as Row);
  return { header, rows };
}

/** A Parquet file's rows, every value as text, so they compare with the CSV's. */
async function readParquet(file: string): Promise<Row[]> {
  return withDuckDB(async (c) => {
    const cols = DATASET_COLUMNS.map((col) => `${col}::VARCHAR AS ${col}`).join(', ');
    return (await c.runAndReadAll(`SELECT ${cols} FROM read_parquet(${sqlString(file)})`)).getRowObjectsJS() as Row[];
  });
}

const sum = (rows: Row[], col: keyof Row) => rows.reduce((n, r) => n + Number(r[col]), 0);

describe('telescope export', () => {
  let dir: string;
  let dataDir: string;
  const list = probes();

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'cynex-export-cmd-'));
    dataDir = path.join(dir, 'data');
    const file = path.join(dir, 'midnight.pcap');
    writePcap(file, list.map(packet));
    await ingest(dataDir, PREFIX, file);
  });
  afterAll(async () => rm(dir, { recursive: true, force: true }));

  it('writes every day with flow tuples as CSV and Parquet, anonymised, and sums up on stderr', async () => {
    const out = path.join(dir, 'all');
    const r = await run(['--data-dir', dataDir, '--out', out]);
    expect(r.code, r.stderr).toBe(0);
    const names = [DAY1, DAY2].flatMap((d) => [`darknet-syn-${d}.csv`, `darknet-syn-${d}.parquet`]);
    expect(r.stdout.trim().split('\n')).toEqual(names.map((f) => path.join(out, f)));
    expect((await readdir(out)).sort()).toEqual([...names].sort());

    const key = await readFile(datasetKeyPath(dataDir));
    const e1 = expected(list, DAY1);
    const e2 = expected(list, DAY2);
    for (const [day, e] of [
      [DAY1, e1],
      [DAY2, e2],
    ] as const) {
      const csvFile = path.join(out, `darknet-syn-${day}.csv`);
      const { header, rows } = await readCsv(csvFile);
      expect(header).toBe('timestamp,src_hash_hi16,src_hash,dst_lo16,dst_port,packets');
      expect(rows, day).toHaveLength(e.rows);
      expect(sum(rows, 'packets'), day).toBe(e.packets);
      expect(await readParquet(path.join(out, `darknet-syn-${day}.parquet`))).toEqual(rows);
      // Every row lies in its day; the sources are exactly the day's probers, under their keyed hashes.
      const start = Date.parse(`${day}T00:00:00Z`) / 1000;
      for (const row of rows) expect(Number(row.timestamp) - start).toSatisfy((s: number) => s >= 0 && s < 86_400);
      expect([...new Set(rows.map((row) => row.src_hash))].sort()).toEqual(
        e.sources.map((s) => hashSource(key, s).full).sort(),
      );
      expect(new Set(rows.map((row) => row.dst_port))).not.toContain('53');
      for (const file of [csvFile, path.join(out, `darknet-syn-${day}.parquet`)]) {
        const bytes = await readFile(file);
        for (const p of list) expect(bytes.includes(Buffer.from(p.src)), `${p.src} in ${file}`).toBe(false);
      }
    }
    expect(e1.rows).toBe(e1.packets - 1); // the repeated tuple: one row of two packets
    expect(r.stderr).toContain(`${DAY1}: ${e1.rows} rows, ${e1.packets} SYN packets, ${e1.sources.length} sources\n`);
    expect(r.stderr).toContain(`${DAY2}: ${e2.rows} rows, ${e2.packets} SYN packets, ${e2.sources.length} sources\n`);
    expect(r.stderr).toMatch(
      new RegExp(
        `telescope export: 2 day\\(s\\) \\(${DAY1} to ${DAY2}\\), ${e1.rows + e2.rows} rows, ${e1.packets + e2.packets} SYN packets, 4 file\\(s\\) written to ${out}\\n$`,
      ),
    );
  });

  it('gives an address the same pseudonym on every day and in every run with the kept key', async () => {
    const a = path.join(dir, 'run-a');
    const b = path.join(dir, 'run-b');
    expect((await run(['--data-dir', dataDir, '--out', a, '--format', 'csv'])).code).toBe(0);
    const key = await readFile(datasetKeyPath(dataDir));
    expect((await run(['--data-dir', dataDir, '--out', b, '--format', 'csv'])).code).toBe(0);
    expect(await readFile(datasetKeyPath(dataDir))).toEqual(key);
    for (const day of [DAY1, DAY2]) {
      const file = `darknet-syn-${day}.csv`;
      expect(await readFile(path.join(b, file), 'utf8')).toBe(await readFile(path.join(a, file), 'utf8'));
    }
    // 203.0.113.1 probed on both days: one pseudonym (and one /16 pseudonym) across them.
    const hashes = async (day: string) =>
      new Set((await readCsv(path.join(a, `darknet-syn-${day}.csv`))).rows.map((r) => r.src_hash));
    const shared = hashSource(key, '203.0.113.1').full;
    expect(await hashes(DAY1)).toContain(shared);
    expect(await hashes(DAY2)).toContain(shared);
  });

  it('exports only the days asked for, in the format asked for', async () => {
    const out = path.join(dir, 'day2');
    const r = await run(['--data-dir', dataDir, '--out', out, '--from', DAY2, '--format', 'parquet']);
    expect(r.code, r.stderr).toBe(0);
    expect(await readdir(out)).toEqual([`darknet-syn-${DAY2}.parquet`]);
    expect(await readParquet(path.join(out, `darknet-syn-${DAY2}.parquet`))).toHaveLength(expected(list, DAY2).rows);
    expect(r.stderr).toMatch(/telescope export: 1 day\(s\) \(2024-05-02\), .* 1 file\(s\) written/);

    const only1 = path.join(dir, 'day1');
    expect((await run(['--data-dir', dataDir, '--out', only1, '--to', DAY1, '--format', 'csv'])).code).toBe(0);
    expect(await readdir(only1)).toEqual([`darknet-syn-${DAY1}.csv`]);
  });

  it('exits 2 with one line naming what is wrong, and writes nothing', async () => {
    const empty = await mkdtemp(path.join(dir, 'empty-'));
    const out = path.join(dir, 'never');
    const cases: [string[], RegExp][] = [
      [['--out', out], /--data-dir DIR is required/],
      [['--data-dir', dataDir], /--out DIR is required/],
      [['--data-dir', path.join(dir, 'missing'), '--out', out], /--data-dir .*missing: no such directory/],
      [['--data-dir', empty, '--out', out], /--data-dir .*empty-\w+: no flow tuples in .*telescope\/flowtuples/],
      [
        ['--data-dir', dataDir, '--out', out, '--from', '2024-02-30'],
        /--from must be a UTC day YYYY-MM-DD, got "2024-02-30"/,
      ],
      [
        ['--data-dir', dataDir, '--out', out, '--to', '5/1/2024'],
        /--to must be a UTC day YYYY-MM-DD, got "5\/1\/2024"/,
      ],
      [
        ['--data-dir', dataDir, '--out', out, '--from', DAY2, '--to', DAY1],
        /--from 2024-05-02 comes after --to 2024-05-01/,
      ],
      [['--data-dir', dataDir, '--out', out, '--format', 'xlsx'], /--format must be csv, parquet or both, got "xlsx"/],
      [
        ['--data-dir', dataDir, '--out', out, '--from', '2025-01-01'],
        /no flow tuples from 2025-01-01 to the end .*days present: 2024-05-01 to 2024-05-02/,
      ],
      [
        ['--data-dir', dataDir, '--out', path.join(dataDir, 'telescope/flowtuples/day=2024-05-01')],
        /--out .* is inside the flow tuples/,
      ],
      [['--data-dir', dataDir, '--out', out, 'extra'], /Unexpected argument 'extra'/],
    ];
    for (const [args, message] of cases) {
      const r = await run(args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr, args.join(' ')).toMatch(message);
      expect(r.stderr.trimEnd().split('\n'), args.join(' ')).toHaveLength(1);
      expect(r.stdout).toBe('');
    }
    expect(existsSync(out)).toBe(false);
    expect(existsSync(datasetKeyPath(empty))).toBe(false);
  });

  it('exports the SYN probes of a real capture (nmap synscan), as many packets as the capture holds', async () => {
    const target = '64.13.134.52';
    const file = path.join(DATA_DIR, 'chrissanders/synscan.pcapng');
    // Counted here straight from the capture: TCP SYN without ACK to the darknet address, per UTC day.
    const synPerDay = new Map<string, number>();
    const sources = new Set<string>();
    const d = new DecodedPacket();
    await PcapReader.fromFile(file).read((pkt) => {
      if (!(decode(pkt.linkType, pkt.buf, pkt.start, pkt.caplen, d) & LAYER.L4) || d.protocol !== 6) return;
      if (ipv4ToString(d.dst4) !== target || (d.tcpFlags & (TCP_FLAGS.SYN | TCP_FLAGS.ACK)) !== TCP_FLAGS.SYN) return;
      const day = new Date(pkt.tsSec * 1000).toISOString().slice(0, 10);
      synPerDay.set(day, (synPerDay.get(day) ?? 0) + 1);
      sources.add(ipv4ToString(d.src4));
    });
    expect(synPerDay.size).toBeGreaterThan(0);

    const dataDir2 = path.join(dir, 'synscan');
    await ingest(dataDir2, `${target}/32`, file);
    const out = path.join(dir, 'synscan-out');
    const r = await run(['--data-dir', dataDir2, '--out', out]);
    expect(r.code, r.stderr).toBe(0);
    const key = await readFile(datasetKeyPath(dataDir2));
    for (const [day, packets] of synPerDay) {
      const { rows } = await readCsv(path.join(out, `darknet-syn-${day}.csv`));
      expect(sum(rows, 'packets')).toBe(packets);
      expect(new Set(rows.map((row) => row.src_hash))).toEqual(
        new Set([...sources].map((s) => hashSource(key, s).full)),
      );
      expect(new Set(rows.map((row) => row.dst_lo16))).toEqual(new Set([String((134 << 8) | 52)]));
      expect(await readParquet(path.join(out, `darknet-syn-${day}.parquet`))).toEqual(rows);
    }
  });
});

describe('cynex telescope export (the real CLI)', () => {
  // The built command, as a user runs it (the test run builds it first: scripts/vitest-global-setup.ts).
  const bin = path.resolve(import.meta.dirname, '../../../cli/bin/cynex.js');
  const cli = (args: string[]) =>
    promisify(execFile)(process.execPath, [bin, 'telescope', 'export', ...args], {
      cwd: path.resolve(import.meta.dirname, '../../../..'),
    }).then(
      (r) => ({ code: 0, ...r }),
      (e: { code: number; stdout: string; stderr: string }) => ({ code: e.code, stdout: e.stdout, stderr: e.stderr }),
    );

  it('prints the usage for --help and exits 2 with one line on a bad date', async () => {
    const help = await cli(['--help']);
    expect(help.code).toBe(0);
    expect(help.stdout.trim()).toBe(EXPORT_USAGE);
    const bad = await cli(['--data-dir', tmpdir(), '--out', path.join(tmpdir(), 'unused'), '--from', '2024-5-1']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toBe('cynex telescope export: --from must be a UTC day YYYY-MM-DD, got "2024-5-1"\n');
  });
});
