/**
 * Telescope benchmark: our reader and pipeline against tcpdump and tshark on the same capture.
 *
 *   npm run bench -w @cynex/telescope -- [FILE=bench/out/capture-10m.pcap] [--skip a,b] [--only a,b]
 *        [--synthetic-packets N=20000000] [--synthetic-sources M=10000000] [--parquet-rows R=2000000] [--json OUT]
 *
 * Stages (names for --skip/--only): count, pipeline, pipeline-parquet, parquet, synthetic, synthetic-parquet, tcpdump-write, tcpdump-text, tshark-iostat,
 * tshark-conv, tshark-ports. Each of ours runs in its own child process so its peak RSS and CPU time are
 * its own; each tool runs under `/usr/bin/time -v`. "Per core" = packets / (user + system CPU seconds).
 * Then our per-protocol and TCP destination-port counts are checked against tshark's.
 *
 * Build the capture first: `bench/make-capture.sh` (root) then `bench/replicate.sh`.
 */
import { spawn, fork } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { decodePacket, DecodedPacket, ipv4ToString, LAYER, PcapReader } from '@cynex/pcap';
import { exportDataset } from '../src/dataset/index.js';
import type { FlowTupleRow } from '../src/flowtuple.js';
import { ParquetFlowTupleSink, queryFlowTuples } from '../src/parquet/index.js';
import { runPipeline } from './pipeline-stage.js';
import { mixSource, syntheticCapture } from './synthetic.js';

const HERE = dirname(fileURLToPath(import.meta.url));

/** What one measurement produced. */
interface Measure {
  name: string;
  packets: number;
  wallSeconds: number;
  cpuSeconds: number;
  /** Peak RSS in bytes (getrusage / time -v). */
  maxRss: number;
  /** Highest `process.memoryUsage().rss` sampled during the run (ours only). */
  sampledRss?: number;
  note?: string;
}

interface CountResult extends Measure {
  protocols: { tcp: number; udp: number; icmp: number; other: number; nonIp: number };
  tcpDstPorts: Record<string, number>;
}

// ---------------------------------------------------------------------------------------------- children

class RssSampler {
  max = 0;
  private timer: NodeJS.Timeout;
  constructor() {
    this.sample();
    this.timer = setInterval(() => this.sample(), 200);
    this.timer.unref();
  }
  sample(): void {
    const rss = process.memoryUsage().rss;
    if (rss > this.max) this.max = rss;
  }
  stop(): number {
    clearInterval(this.timer);
    this.sample();
    return this.max;
  }
}

function finish(m: Omit<Measure, 'cpuSeconds' | 'maxRss'>, cpu0: NodeJS.CpuUsage): Measure {
  const cpu = process.cpuUsage(cpu0);
  return { ...m, cpuSeconds: (cpu.user + cpu.system) / 1e6, maxRss: process.resourceUsage().maxRSS * 1024 };
}

/** (a) Header-only counting with @cynex/pcap: reader + decoder + per-protocol and TCP port counters. */
async function countStage(file: string): Promise<CountResult> {
  const rss = new RssSampler();
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const out = new DecodedPacket();
  const proto = new Float64Array(256);
  const tcpPorts = new Float64Array(65_536);
  let nonIp = 0;
  let packets = 0;
  await PcapReader.fromFile(file).read((p) => {
    packets++;
    const layers = decodePacket(p, out);
    if (layers & LAYER.L3) {
      proto[out.protocol]!++;
      if (out.protocol === 6 && layers & LAYER.L4) tcpPorts[out.dstPort]!++;
    } else nonIp++;
    if ((packets & 0xfffff) === 0) rss.sample();
  });
  const wallSeconds = (performance.now() - t0) / 1000;
  const sampledRss = rss.stop();
  const tcpDstPorts: Record<string, number> = {};
  tcpPorts.forEach((n, port) => {
    if (n) tcpDstPorts[port] = n;
  });
  const [tcp, udp, icmp] = [proto[6] ?? 0, proto[17] ?? 0, proto[1] ?? 0];
  return {
    ...finish({ name: 'cynex pcap: read + decodePacket + count', packets, wallSeconds, sampledRss }, cpu0),
    protocols: { tcp, udp, icmp, other: proto.reduce((a, b) => a + b, 0) - tcp - udp - icmp, nonIp },
    tcpDstPorts,
  };
}

/** (b) The full telescope pipeline over the file; with `parquet`, flow tuples written to Parquet too. */
async function pipelineStage(file: string, parquet: boolean): Promise<Measure> {
  const rss = new RssSampler();
  const dataDir = parquet ? mkdtempSync(join(tmpdir(), 'cx-bench-pipeline-')) : undefined;
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  try {
    const r = await runPipeline(file, { onProgress: () => rss.sample(), ...(dataDir ? { parquetDir: dataDir } : {}) });
    const wallSeconds = (performance.now() - t0) / 1000;
    const name = parquet ? 'cynex telescope pipeline + Parquet flow tuples' : 'cynex telescope pipeline (runIngest)';
    return finish({ name, packets: r.packets, wallSeconds, sampledRss: rss.stop(), note: r.note }, cpu0);
  } finally {
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  }
}

/** Synthetic stream with many sources through the pipeline: the memory check. */
async function syntheticStage(packets: number, sources: number, parquet: boolean): Promise<Measure> {
  const rss = new RssSampler();
  const dataDir = parquet ? mkdtempSync(join(tmpdir(), 'cx-bench-synthetic-')) : undefined;
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  try {
    let last = performance.now();
    const onChunk = (generated: number) => {
      if (performance.now() - last < 30_000) return;
      last = performance.now();
      const secs = (last - t0) / 1000;
      process.stderr.write(
        `  synthetic: ${fmtCount(generated)} packets generated in ${secs.toFixed(0)} s (${pps(generated, secs)}), rss ${mb(process.memoryUsage().rss)}\n`,
      );
    };
    const r = await runPipeline(syntheticCapture({ packets, sources, onChunk }), {
      onProgress: () => rss.sample(),
      ...(dataDir ? { parquetDir: dataDir } : {}),
    });
    const wallSeconds = (performance.now() - t0) / 1000;
    return finish(
      {
        name: `synthetic ${fmtCount(packets)} pkts / ${fmtCount(sources)} sources, pipeline${parquet ? ' + Parquet' : ''}`,
        packets: r.packets,
        wallSeconds,
        sampledRss: rss.stop(),
        note: r.note,
      },
      cpu0,
    );
  } finally {
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  }
}

/**
 * Parquet sink and dataset export throughput: `rows` synthetic flow tuples in 5-minute intervals of
 * `perInterval` rows (the shape of a busy darknet: random sources, a /16 of destinations, few ports),
 * written with ParquetFlowTupleSink, queried back, then exported as the anonymised SYN dataset.
 */
async function parquetStage(rows: number, perInterval: number): Promise<Measure> {
  const dataDir = mkdtempSync(join(tmpdir(), 'cx-bench-parquet-'));
  const rss = new RssSampler();
  const cpu0 = process.cpuUsage();
  try {
    const sink = new ParquetFlowTupleSink({ dataDir, sensor: 'bench' });
    const start0 = Date.UTC(2024, 4, 1, 23, 35, 0); // ten intervals cross midnight: two days
    let rng = 0x2545f491;
    const next = () => {
      rng ^= rng << 13;
      rng ^= rng >>> 17;
      rng ^= rng << 5;
      return rng >>> 0;
    };
    const classes = ['tcp_syn', 'tcp_syn', 'tcp_syn', 'udp', 'backscatter', 'icmp_echo'] as const;
    let genSeconds = 0;
    let sinkCpu = 0;
    for (let done = 0, k = 0; done < rows; k++) {
      const g0 = performance.now();
      const start = new Date(start0 + k * 300_000);
      const batch: FlowTupleRow[] = [];
      for (let i = 0; i < Math.min(perInterval, rows - done); i++) {
        const r = next();
        batch.push({
          time: new Date(start.getTime() + (r % 300) * 1000),
          src: ipv4ToString(mixSource(next() % 1_000_000)),
          dst: ipv4ToString((0xc6130000 | (r & 0xffff)) >>> 0),
          srcPort: next() & 0xffff,
          dstPort: [23, 22, 80, 443, 445, 3389, 8080][r % 7] ?? 23,
          protocol: 6,
          ttl: 32 + (r % 200),
          tcpFlags: 2,
          ipLen: 40 + (r % 3) * 4,
          class: classes[(r >>> 3) % classes.length] ?? 'tcp_syn',
          tags: (r >>> 7) & 15,
          packets: 1 + (r % 3),
        });
      }
      genSeconds += (performance.now() - g0) / 1000;
      const c0 = process.cpuUsage();
      await sink.writeInterval(start, batch);
      const c = process.cpuUsage(c0);
      sinkCpu += (c.user + c.system) / 1e6;
      done += batch.length;
      rss.sample();
    }
    await sink.close();
    const readBack = (await queryFlowTuples(dataDir, 'SELECT count(*) AS n FROM flowtuples'))[0]?.n;
    const q0 = performance.now();
    await queryFlowTuples(
      dataDir,
      'SELECT dst_port, count(DISTINCT src) AS s, sum(packets) AS p FROM flowtuples GROUP BY 1',
    );
    const querySeconds = (performance.now() - q0) / 1000;
    const e0 = performance.now();
    const d1 = await exportDataset({ dataDir, day: '2024-05-01', outDir: join(dataDir, 'dataset') });
    const d2 = await exportDataset({ dataDir, day: '2024-05-02', outDir: join(dataDir, 'dataset') });
    const exportSeconds = (performance.now() - e0) / 1000;
    const files = await queryFlowTuples(
      dataDir,
      'SELECT count(DISTINCT filename) AS f FROM read_parquet(' +
        `'${join(dataDir, 'telescope/flowtuples/day=*/*.parquet')}', filename = true)`,
    );
    const s = sink.stats;
    return {
      ...finish(
        {
          name: `ParquetFlowTupleSink: ${fmtCount(rows)} rows in ${s.intervals} intervals`,
          packets: s.rows,
          wallSeconds: s.seconds,
          sampledRss: rss.stop(),
          note:
            `${fmtCount(s.rows / s.seconds)} rows/s written (append + COPY), row generation ${genSeconds.toFixed(1)} s apart; ` +
            `read back ${Number(readBack)} rows in ${Number(files[0]?.f)} files; group-by query ${querySeconds.toFixed(2)} s; ` +
            `dataset export of ${fmtCount(d1.rows + d2.rows)} SYN rows (${fmtCount(d1.sources + d2.sources)} sources) ${exportSeconds.toFixed(1)} s`,
        },
        cpu0,
      ),
      cpuSeconds: sinkCpu,
    };
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}

async function child(argv: string[]): Promise<void> {
  const [stage, a = '', b = ''] = argv;
  let result: Measure;
  if (stage === 'count') result = await countStage(a);
  else if (stage === 'pipeline') result = await pipelineStage(a, false);
  else if (stage === 'pipeline-parquet') result = await pipelineStage(a, true);
  else if (stage === 'synthetic') result = await syntheticStage(Number(a), Number(b), false);
  else if (stage === 'synthetic-parquet') result = await syntheticStage(Number(a), Number(b), true);
  else if (stage === 'parquet') result = await parquetStage(Number(a), Number(b));
  else throw new Error(`unknown stage ${stage}`);
  process.send?.(result);
}

function runChild<T extends Measure>(args: string[]): Promise<T> {
  return new Promise((resolvePromise, reject) => {
    const p = fork(fileURLToPath(import.meta.url), ['--stage', ...args], {
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    let result: T | undefined;
    p.on('message', (m) => {
      result = m as T;
    });
    p.on('error', reject);
    p.on('exit', (code) => (result ? resolvePromise(result) : reject(new Error(`stage ${args[0]} exited ${code}`))));
  });
}

// ---------------------------------------------------------------------------------------------- tools

interface TimeV {
  wallSeconds: number;
  cpuSeconds: number;
  maxRss: number;
}

function parseTimeV(text: string): TimeV {
  const field = (label: string) => new RegExp(`${label}: (.+)`).exec(text)?.[1]?.trim() ?? '0';
  const wall = field('Elapsed \\(wall clock\\) time \\(h:mm:ss or m:ss\\)')
    .split(':')
    .map(Number)
    .reduce((acc, v) => acc * 60 + v, 0);
  return {
    wallSeconds: wall,
    cpuSeconds: Number(field('User time \\(seconds\\)')) + Number(field('System time \\(seconds\\)')),
    maxRss: Number(field('Maximum resident set size \\(kbytes\\)')) * 1024,
  };
}

/** Runs a shell pipeline whose first command is timed by `/usr/bin/time -v`; returns its stdout too. */
async function timed(pipeline: (time: string) => string): Promise<TimeV & { stdout: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'cx-bench-'));
  const tv = join(dir, 'time.txt');
  try {
    const stdout = await sh(pipeline(`/usr/bin/time -v -o ${tv}`));
    return { ...parseTimeV(readFileSync(tv, 'utf8')), stdout };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function sh(command: string): Promise<string> {
  return new Promise((resolvePromise, reject) => {
    const p = spawn('sh', ['-c', `set -e; ${command}`], { stdio: ['ignore', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    p.stdout.on('data', (d: Buffer) => out.push(d));
    p.stderr.on('data', (d: Buffer) => err.push(d));
    p.on('error', reject);
    p.on('exit', (code) =>
      code === 0
        ? resolvePromise(Buffer.concat(out).toString())
        : reject(new Error(`${command} exited ${code}: ${Buffer.concat(err).toString().slice(-2000)}`)),
    );
  });
}

const q = (s: string) => `'${s.replaceAll("'", "'\\''")}'`;

/** Frames per column of the last data row of `tshark -z io,stat,0,…`. */
function parseIoStat(text: string): number[] {
  const row = text.split('\n').find((l) => /^\|\s*[\d.]+\s*<>\s*[\d.]+\s*\|/.test(l));
  if (!row) throw new Error(`no io,stat row in:\n${text}`);
  const cells = row
    .split('|')
    .slice(2, -1)
    .map((c) => Number(c.trim()));
  return cells.filter((_, i) => i % 2 === 0);
}

// ---------------------------------------------------------------------------------------------- report

function fmtCount(n: number): string {
  if (n >= 1e6) return `${+(n / 1e6).toFixed(2)}M`;
  if (n >= 1e3) return `${+(n / 1e3).toFixed(1)}k`;
  return String(n);
}
const mb = (b: number) => `${(b / 2 ** 20).toFixed(0)} MiB`;
const pps = (n: number, s: number) => (s > 0 ? `${fmtCount(n / s)}/s` : '-');

function line(m: Measure): string {
  return [
    m.name.padEnd(58),
    `${fmtCount(m.packets).padStart(7)} pkts`,
    `wall ${m.wallSeconds.toFixed(2).padStart(7)} s`,
    `cpu ${m.cpuSeconds.toFixed(2).padStart(7)} s`,
    `${pps(m.packets, m.wallSeconds).padStart(9)} wall`,
    `${pps(m.packets, m.cpuSeconds).padStart(9)} per core`,
    `peak RSS ${mb(m.maxRss).padStart(9)}`,
    m.sampledRss ? `(sampled ${mb(m.sampledRss)})` : '',
    m.note ? `— ${m.note}` : '',
  ].join('  ');
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const opt = (name: string) => {
    const i = args.indexOf(name);
    if (i < 0) return undefined;
    const v = args[i + 1];
    args.splice(i, 2);
    return v;
  };
  const skip = new Set((opt('--skip') ?? '').split(',').filter(Boolean));
  const only = new Set((opt('--only') ?? '').split(',').filter(Boolean));
  const synPackets = Number(opt('--synthetic-packets') ?? 20_000_000);
  const synSources = Number(opt('--synthetic-sources') ?? 10_000_000);
  const parquetRows = Number(opt('--parquet-rows') ?? 2_000_000);
  const jsonOut = opt('--json') ?? join(HERE, 'out', 'results.json');
  const file = resolve(args[0] ?? join(HERE, 'out', 'capture-10m.pcap'));
  const want = (stage: string) => !skip.has(stage) && (only.size === 0 || only.has(stage));
  if (!existsSync(file)) {
    console.error(`${file} not found: run bench/make-capture.sh (as root) then bench/replicate.sh`);
    process.exit(2);
  }

  const cpu = cpus()[0]?.model ?? 'unknown CPU';
  console.log(`# telescope bench — ${file} (${mb(statSync(file).size)})`);
  console.log(`# ${cpus().length} × ${cpu}, node ${process.version}, ${new Date().toISOString()}\n`);
  const results: Measure[] = [];
  const show = (m: Measure) => {
    results.push(m);
    console.log(line(m));
  };

  let ours: CountResult | undefined;
  if (want('count')) show((ours = await runChild<CountResult>(['count', file])));
  if (want('pipeline')) show(await runChild(['pipeline', file]));
  if (want('pipeline-parquet')) show(await runChild(['pipeline-parquet', file]));

  let packets = ours?.packets ?? 0;
  const tool = async (name: string, command: (time: string) => string, note?: (stdout: string) => string) => {
    const r = await timed(command);
    const m: Measure = { name, packets, wallSeconds: r.wallSeconds, cpuSeconds: r.cpuSeconds, maxRss: r.maxRss };
    if (note) m.note = note(r.stdout);
    show(m);
    return r.stdout;
  };
  if (want('tcpdump-write'))
    await tool('tcpdump -r FILE -w /dev/null', (t) => `${t} tcpdump -r ${q(file)} -w /dev/null 2>/dev/null`);
  if (want('tcpdump-text')) {
    await tool(
      'tcpdump -nr FILE | wc -l',
      (t) => `${t} tcpdump -nr ${q(file)} 2>/dev/null | wc -l`,
      (out) => `${out.trim()} lines`,
    );
  }
  const filters = ['frame', 'tcp', 'udp', 'icmp', 'tcp && !icmp', 'udp && !icmp'];
  let io: number[] | undefined;
  if (want('tshark-iostat')) {
    const out = await tool(
      'tshark -q -z io,stat,0,tcp,udp,icmp,…',
      (t) => `${t} tshark -r ${q(file)} -q -z ${q(`io,stat,0,${filters.join(',')}`)}`,
    );
    io = parseIoStat(out);
    packets = io[0] ?? packets;
    if (!ours) for (const m of results) m.packets ||= packets;
  }
  if (want('tshark-conv')) {
    await tool(
      'tshark -q -z conv,ip',
      (t) => `${t} tshark -r ${q(file)} -q -z conv,ip`,
      (out) => `${out.split('\n').filter((l) => /^\d+\.\d+\.\d+\.\d+\s+<->/.test(l)).length} IP conversations`,
    );
  }
  let tsharkPorts: Map<number, number> | undefined;
  if (want('tshark-ports')) {
    const out = await tool(
      "tshark -Y 'tcp && !icmp' -T fields -e tcp.dstport | sort | uniq -c",
      (t) => `${t} tshark -r ${q(file)} -Y 'tcp && !icmp' -T fields -e tcp.dstport | sort | uniq -c`,
    );
    tsharkPorts = new Map();
    for (const l of out.split('\n')) {
      const m = /^\s*(\d+)\s+(\d+)\s*$/.exec(l);
      if (m) tsharkPorts.set(Number(m[2]), Number(m[1]));
    }
  }
  if (want('parquet')) show(await runChild(['parquet', String(parquetRows), String(200_000)]));
  for (const stage of ['synthetic', 'synthetic-parquet']) {
    if (want(stage)) show(await runChild([stage, String(synPackets), String(synSources)]));
  }

  // ------------------------------------------------------------------ cross-checks against tshark
  const checks: { what: string; ours: string; tshark: string; equal: boolean }[] = [];
  if (ours && io) {
    const [frames, tcp, udp, icmp, tcpOnly, udpOnly] = io;
    const p = ours.protocols;
    checks.push({
      what: 'packets',
      ours: String(ours.packets),
      tshark: String(frames),
      equal: ours.packets === frames,
    });
    checks.push({
      what: 'tcp (outer header)',
      ours: String(p.tcp),
      tshark: `${tcpOnly} (tcp && !icmp; plain tcp ${tcp})`,
      equal: p.tcp === tcpOnly,
    });
    checks.push({
      what: 'udp (outer header)',
      ours: String(p.udp),
      tshark: `${udpOnly} (udp && !icmp; plain udp ${udp})`,
      equal: p.udp === udpOnly,
    });
    checks.push({ what: 'icmp', ours: String(p.icmp), tshark: String(icmp), equal: p.icmp === icmp });
  }
  if (ours && tsharkPorts) {
    const mine = new Map(Object.entries(ours.tcpDstPorts).map(([k, v]) => [Number(k), v]));
    const all = new Set([...mine.keys(), ...tsharkPorts.keys()]);
    const diff = [...all].filter((port) => mine.get(port) !== tsharkPorts.get(port));
    const top = [...mine].sort((a, b) => b[1] - a[1]).slice(0, 10);
    checks.push({
      what: `tcp dst ports (${all.size} ports)`,
      ours: top.map(([port, n]) => `${port}:${n}`).join(' '),
      tshark: top.map(([port]) => `${port}:${tsharkPorts.get(port) ?? 0}`).join(' '),
      equal: diff.length === 0,
    });
  }
  if (checks.length) {
    console.log('\n# counts vs tshark');
    for (const c of checks)
      console.log(`${c.equal ? 'equal    ' : 'DIFFERENT'}  ${c.what}: ours ${c.ours} | tshark ${c.tshark}`);
  }
  writeFileSync(
    jsonOut,
    JSON.stringify({ file, cpu, cores: cpus().length, node: process.version, results, checks }, null, 2),
  );
  console.log(`\nresults in ${jsonOut}`);
}

if (process.argv[2] === '--stage') await child(process.argv.slice(3));
else await main();
