/**
 * End-to-end benchmark: `cynex telescope ingest` as a user runs it — a fresh process from start to exit, with its
 * start-up, geolocation load and output — beside tcpdump and tshark on the same file, in the same run.
 *
 *   npm run bench:e2e -w @cynex/telescope -- [FILE...] [--runs N=3] [--skip a,b] [--only a,b] [--json OUT]
 *
 * FILE defaults to bench/out/capture-sources-2m.pcap and capture-sources-10m.pcap (make-capture.sh with
 * SPOOFED_SOURCES=150000, then replicate.sh; see README-bench.md). Stages (for --skip/--only): startup, fixed,
 * cynex, cynex-no-geo, tcpdump-text, tcpdump-write, tshark-iostat. Every command runs under `/usr/bin/time -v`
 * (wall time, user + system CPU, peak RSS); ours run --runs times and the median run is kept. Start-up is measured
 * with hyperfine when installed. "In-process" is the time `ingest` reports for reading the capture (its progress
 * line); the rest of the wall time is start-up, geolocation and exit.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { decodePacket, DecodedPacket, LAYER, PcapReader, type Packet } from '@cynex/pcap';
import { replicate } from '../../pcap/bench/replicate.js';
import { BENCH_PREFIX } from './pipeline-stage.js';

const HERE = dirname(fileURLToPath(import.meta.url));
const REPO = resolve(HERE, '../../..');
const CYNEX = join(REPO, 'packages/cli/bin/cynex.js');

interface Run {
  wallSeconds: number;
  cpuSeconds: number;
  maxRss: number;
  stdout: string;
  stderr: string;
}

interface Row {
  file: string;
  what: string;
  command: string;
  packets: number;
  wallSeconds: number;
  cpuSeconds: number;
  maxRss: number;
  /** Ours: what `ingest` reports for reading the capture. */
  inProcessSeconds?: number;
  runs?: number;
}

const q = (s: string) => `'${s.replaceAll("'", "'\\''")}'`;

function sh(command: string): Promise<{ stdout: string; stderr: string }> {
  return new Promise((resolvePromise, reject) => {
    const p = spawn('sh', ['-c', command], { stdio: ['ignore', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    p.stdout.on('data', (d: Buffer) => out.push(d));
    p.stderr.on('data', (d: Buffer) => err.push(d));
    p.on('error', reject);
    p.on('exit', (code) => {
      const r = { stdout: Buffer.concat(out).toString(), stderr: Buffer.concat(err).toString() };
      if (code === 0) resolvePromise(r);
      else reject(new Error(`${command} exited ${code}: ${r.stderr.slice(-2000)}`));
    });
  });
}

/** Runs `command` (stdout and stderr captured; redirect inside `command` to drop them) under /usr/bin/time -v. */
async function timed(command: string): Promise<Run> {
  const dir = mkdtempSync(join(tmpdir(), 'cx-e2e-'));
  const tv = join(dir, 'time.txt');
  try {
    const { stdout, stderr } = await sh(`/usr/bin/time -v -o ${tv} sh -c ${q(command)}`);
    const text = readFileSync(tv, 'utf8');
    const field = (label: string) => new RegExp(`${label}: (.+)`).exec(text)?.[1]?.trim() ?? '0';
    const wall = field('Elapsed \\(wall clock\\) time \\(h:mm:ss or m:ss\\)')
      .split(':')
      .map(Number)
      .reduce((acc, v) => acc * 60 + v, 0);
    return {
      wallSeconds: wall,
      cpuSeconds: Number(field('User time \\(seconds\\)')) + Number(field('System time \\(seconds\\)')),
      maxRss: Number(field('Maximum resident set size \\(kbytes\\)')) * 1024,
      stdout,
      stderr,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The median run by wall time. */
async function median(runs: number, command: string): Promise<Run> {
  const all: Run[] = [];
  for (let i = 0; i < runs; i++) all.push(await timed(command));
  all.sort((a, b) => a.wallSeconds - b.wallSeconds);
  return all[Math.floor((all.length - 1) / 2)]!;
}

/** Packets and distinct IPv4/IPv6 sources of a capture (our reader, in this process). */
async function describeCapture(file: string): Promise<{ packets: number; sources: number }> {
  const out = new DecodedPacket();
  const v4 = new Set<number>();
  const v6 = new Set<string>();
  let packets = 0;
  await PcapReader.fromFile(file).read((p) => {
    packets++;
    if ((decodePacket(p, out) & LAYER.L3) === 0) return;
    if (out.ipVersion === 4) v4.add(out.src4);
    else v6.add(Array.from(out.src6).join(':'));
  });
  return { packets, sources: v4.size + v6.size };
}

/** The first `count` packets of `file` in a capture of their own (the fixed-cost run). */
async function head(file: string, count: number, out: string): Promise<void> {
  const packets: Packet[] = [];
  for await (const p of PcapReader.fromFile(file)) {
    packets.push(p);
    if (packets.length === count) break;
  }
  replicate(packets, out, packets.length);
}

const inProcess = (stderr: string) => Number(/packets from .* in ([\d.]+) s/.exec(stderr)?.[1] ?? NaN);
const fmt = (n: number) => n.toLocaleString('en-US', { maximumFractionDigits: 0 });
const pps = (n: number, s: number) =>
  n >= 1e6 * s ? `${(n / s / 1e6).toFixed(2)} M` : `${(n / s / 1e3).toFixed(0)} k`;
const mib = (b: number) => `${(b / 2 ** 20).toFixed(0)} MiB`;

async function version(command: string, pattern: RegExp): Promise<string> {
  try {
    const r = await sh(`${command} 2>&1`);
    return pattern.exec(r.stdout)?.[0] ?? 'unknown';
  } catch {
    return 'missing';
  }
}

/** `cynex --help` and `cynex telescope ingest --help` beside `node -e 0`: hyperfine, or a loop of /usr/bin/time. */
async function startup(): Promise<{ command: string; meanSeconds: number; cpuSeconds: number }[]> {
  const commands = [`node ${q(CYNEX)} --help`, `node ${q(CYNEX)} telescope ingest --help`, 'node -e 0'];
  if ((await version('hyperfine --version', /\d+\.\d+\.\d+/)) !== 'missing') {
    const dir = mkdtempSync(join(tmpdir(), 'cx-e2e-'));
    try {
      const json = join(dir, 'h.json');
      await sh(`hyperfine -N -w 3 -r 30 --export-json ${json} ${commands.map(q).join(' ')} >/dev/null`);
      const r = JSON.parse(readFileSync(json, 'utf8')) as {
        results: { command: string; mean: number; user: number; system: number }[];
      };
      return r.results.map((x) => ({ command: x.command, meanSeconds: x.mean, cpuSeconds: x.user + x.system }));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
  const rows = [];
  for (const command of commands) {
    const runs: Run[] = [];
    for (let i = 0; i < 20; i++) runs.push(await timed(`${command} >/dev/null`));
    const mean = (f: (r: Run) => number) => runs.reduce((a, r) => a + f(r), 0) / runs.length;
    rows.push({ command, meanSeconds: mean((r) => r.wallSeconds), cpuSeconds: mean((r) => r.cpuSeconds) });
  }
  return rows;
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
  const runs = Number(opt('--runs') ?? 3);
  const skip = new Set((opt('--skip') ?? '').split(',').filter(Boolean));
  const only = new Set((opt('--only') ?? '').split(',').filter(Boolean));
  const cwd = process.env.INIT_CWD ?? process.cwd(); // where `npm run` was typed
  const jsonOut = resolve(cwd, opt('--json') ?? join(HERE, 'out', 'e2e.json'));
  const want = (stage: string) => !skip.has(stage) && (only.size === 0 || only.has(stage));
  const files = (
    args.length > 0
      ? args
      : ['capture-sources-2m.pcap', 'capture-sources-10m.pcap'].map((f) => join(HERE, 'out', f)).filter(existsSync)
  ).map((f) => resolve(cwd, f));
  if (files.length === 0 || !files.every(existsSync)) {
    console.error('no capture: run bench/make-capture.sh (SPOOFED_SOURCES=150000) and bench/replicate.sh first');
    process.exit(2);
  }

  await sh(`node ${q(join(REPO, 'packages/cli/build.mjs'))}`);
  await sh(`node ${q(CYNEX)} telescope geo-cache`);
  const tools = {
    node: process.version,
    tcpdump: await version('tcpdump --version', /tcpdump version \S+/),
    libpcap: await version('tcpdump --version', /libpcap version \S+/),
    tshark: await version('tshark --version', /TShark \(Wireshark\) \S+/),
    hyperfine: await version('hyperfine --version', /hyperfine \S+/),
  };
  const machine = `${cpus().length} × ${cpus()[0]?.model ?? 'unknown CPU'}`;
  console.log(`# cynex end to end — ${machine}, ${new Date().toISOString()}`);
  console.log(`# ${Object.values(tools).join(', ')}\n`);

  let started: Awaited<ReturnType<typeof startup>> = [];
  if (want('startup')) {
    started = await startup();
    for (const s of started) {
      console.log(
        `start-up  ${s.command.padEnd(70)} ${(s.meanSeconds * 1000).toFixed(0).padStart(5)} ms wall  ${(s.cpuSeconds * 1000).toFixed(0).padStart(5)} ms CPU`,
      );
    }
    console.log('');
  }

  const rows: Row[] = [];
  const captures: { file: string; bytes: number; packets: number; sources: number }[] = [];
  const show = (r: Row) => {
    rows.push(r);
    const extra = r.inProcessSeconds === undefined ? '' : `  in-process ${r.inProcessSeconds.toFixed(1)} s`;
    console.log(
      `${r.what.padEnd(44)} wall ${r.wallSeconds.toFixed(2).padStart(7)} s  CPU ${r.cpuSeconds.toFixed(2).padStart(7)} s  ` +
        `${pps(r.packets, r.wallSeconds).padStart(8)} pkt/s  peak RSS ${mib(r.maxRss).padStart(8)}${extra}`,
    );
  };
  const ingest = (file: string, extra = '') =>
    `node ${q(CYNEX)} telescope ingest --prefix ${BENCH_PREFIX} --dry-run${extra} ${q(file)} >/dev/null`;

  for (const file of files) {
    const capture = { file, bytes: statSync(file).size, ...(await describeCapture(file)) };
    captures.push(capture);
    const { packets } = capture;
    console.log(`## ${file}: ${fmt(packets)} packets, ${fmt(capture.sources)} distinct sources, ${mib(capture.bytes)}`);
    const row = (what: string, command: string, r: Run, n: number, ours = false): Row => ({
      file,
      what,
      command,
      packets: n,
      wallSeconds: r.wallSeconds,
      cpuSeconds: r.cpuSeconds,
      maxRss: r.maxRss,
      ...(ours && { inProcessSeconds: inProcess(r.stderr), runs }),
    });
    if (want('fixed')) {
      const dir = mkdtempSync(join(tmpdir(), 'cx-e2e-'));
      try {
        const small = join(dir, 'head-1000.pcap');
        await head(file, 1000, small);
        const command = ingest(small);
        show(row('cynex telescope ingest, first 1,000 packets', command, await median(runs, command), 1000, true));
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    }
    if (want('cynex')) {
      const command = ingest(file);
      show(row('cynex telescope ingest --dry-run', command, await median(runs, command), packets, true));
    }
    if (want('cynex-no-geo')) {
      const command = ingest(file, ' --no-geo');
      show(row('cynex telescope ingest --dry-run --no-geo', command, await median(runs, command), packets, true));
    }
    if (want('tcpdump-write')) {
      const command = `tcpdump -r ${q(file)} -w /dev/null 2>/dev/null`;
      show(row('tcpdump -r FILE -w /dev/null', command, await median(runs, command), packets));
    }
    if (want('tshark-iostat')) {
      const command = `tshark -r ${q(file)} -q -z io,stat,0 >/dev/null`;
      show(row('tshark -q -z io,stat,0', command, await timed(command), packets));
    }
    if (want('tcpdump-text')) {
      const command = `tcpdump -nn -r ${q(file)} 2>/dev/null >/dev/null`;
      show(row('tcpdump -nn -r FILE', command, await timed(command), packets));
    }
    const ours = rows.find((r) => r.file === file && r.what === 'cynex telescope ingest --dry-run');
    const text = rows.find((r) => r.file === file && r.what === 'tcpdump -nn -r FILE');
    const copy = rows.find((r) => r.file === file && r.what === 'tcpdump -r FILE -w /dev/null');
    if (ours && text) {
      console.log(
        `   cynex vs tcpdump -nn -r: ${(text.wallSeconds / ours.wallSeconds).toFixed(1)}× faster (wall), ` +
          `${(text.cpuSeconds / ours.cpuSeconds).toFixed(1)}× (CPU)`,
      );
    }
    if (ours && copy) {
      console.log(
        `   cynex vs tcpdump -w /dev/null: ${(copy.wallSeconds / ours.wallSeconds).toFixed(2)}× its speed (wall), ` +
          `${(copy.cpuSeconds / ours.cpuSeconds).toFixed(2)}× (CPU)`,
      );
    }
    console.log('');
  }
  writeFileSync(
    jsonOut,
    JSON.stringify({ machine, tools, date: new Date().toISOString(), startup: started, captures, rows }, null, 2),
  );
  console.log(`results in ${jsonOut}`);
}

await main();
