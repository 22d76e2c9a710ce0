/**
 * Scale benchmark: 10^8 synthetic packets from 10^7 distinct sources through the full pipeline
 * (`runIngest`: read, decode, classify, aggregate, scans, DoS, source profiles, flow tuples).
 *
 *   npm run bench:scale -w @cynex/telescope -- [--packets N=1e8] [--sources M=1e7] [--seconds S=3600]
 *        [--shape spread|bursts] [--scanners K=20] [--json OUT]
 *
 * The packets come from `synthetic.ts`, generated in a worker thread (see scale-stream.ts) and never
 * written to disk; every 1,000th is rewritten to come from one of K planted scanners probing port 23,
 * each a Durumeric scan, so the scan count can be checked at scale. Printed: packets/s wall and per core
 * (packets ÷ CPU seconds of the process less the generator thread's), peak RSS (the largest sampled
 * `process.memoryUsage().rss` and the kernel's VmHWM), sources and scans found.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import type { TelescopeBatch } from '@cynex/core';
import { runIngest, type BatchSink } from '../src/index.js';
import { generatedStream, SCANNER_BASE, type StreamOptions } from './scale-stream.js';

const BENCH_PREFIX = '198.19.0.0/16';

function parseArgs(argv: string[]): StreamOptions & { json: string | null } {
  const value = (name: string) => {
    const i = argv.indexOf(name);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const num = (name: string, fallback: number) => {
    const v = Number(value(name) ?? fallback);
    if (!Number.isFinite(v) || v < 0) throw new Error(`${name}: not a non-negative number`);
    return v;
  };
  const shape = value('--shape') ?? 'spread';
  if (shape !== 'spread' && shape !== 'bursts') throw new Error('--shape: spread or bursts');
  return {
    packets: num('--packets', 1e8),
    sources: num('--sources', 1e7),
    seconds: num('--seconds', 3600),
    scanners: num('--scanners', 20),
    shape,
    json: value('--json') ?? null,
  };
}

/** Counts what the pipeline would upload; keeps nothing. */
class CountingSink implements BatchSink {
  batches = 0;
  profiles = 0;
  readonly scanSources = new Set<string>();
  maxIntervalSources = 0;
  async send(batch: TelescopeBatch): Promise<void> {
    this.batches++;
    this.profiles += batch.sources.length;
    for (const s of batch.scans) this.scanSources.add(s.source);
    for (const i of batch.intervals) this.maxIntervalSources = Math.max(this.maxIntervalSources, i.uniqueSources);
  }
}

/** The kernel's peak resident set size of this process (VmHWM), in bytes. */
function vmHwm(): number {
  const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'));
  return m ? Number(m[1]) * 1024 : 0;
}

const mib = (b: number) => `${(b / 2 ** 20).toFixed(0)} MiB`;
const rate = (n: number, s: number) => {
  const r = n / s;
  return r >= 1e6 ? `${(r / 1e6).toFixed(2)} M` : `${(r / 1e3).toFixed(1)} k`;
};

async function main(): Promise<void> {
  const o = parseArgs(process.argv.slice(2));
  let maxRss = process.memoryUsage().rss;
  const sample = () => {
    maxRss = Math.max(maxRss, process.memoryUsage().rss);
  };
  const sampler = setInterval(sample, 200);
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  let lastReport = t0;
  const { stream, generatorCpu } = generatedStream(o, (generated) => {
    sample();
    const now = performance.now();
    if (now - lastReport < 15_000) return;
    lastReport = now;
    const s = (now - t0) / 1000;
    process.stderr.write(
      `  ${(generated / 1e6).toFixed(1)} M packets in ${s.toFixed(0)} s (${rate(generated, s)} pkt/s), rss ${mib(process.memoryUsage().rss)}\n`,
    );
  });
  const sink = new CountingSink();
  const r = await runIngest({
    files: ['-'],
    stdin: stream,
    pipeline: { config: { prefixes: [BENCH_PREFIX], sensorId: 'bench' } },
    sink,
    progress: null,
  });
  clearInterval(sampler);
  sample();
  const mem = process.memoryUsage();
  if (r.exitCode !== 0) throw new Error(r.errors.join('\n'));
  const wall = (performance.now() - t0) / 1000;
  const c = process.cpuUsage(cpu0);
  const cpu = (c.user + c.system) / 1e6;
  const genCpu = generatorCpu();
  const s = r.stats;
  const prefix = `${(SCANNER_BASE >>> 24) & 255}.${(SCANNER_BASE >>> 16) & 255}.${(SCANNER_BASE >>> 8) & 255}.`;
  const planted = [...sink.scanSources].filter((a) => a.startsWith(prefix)).length;
  const result = {
    shape: o.shape,
    packets: s.packets,
    sources: o.sources,
    wallSeconds: wall,
    cpuSeconds: cpu,
    generatorCpuSeconds: genCpu,
    packetsPerSecondWall: s.packets / wall,
    packetsPerSecondPerCore: s.packets / (cpu - genCpu),
    sampledRssMax: maxRss,
    vmHwm: vmHwm(),
    endHeapUsed: mem.heapUsed,
    endArrayBuffers: mem.arrayBuffers,
    intervals: s.intervals,
    batches: sink.batches,
    maxUniqueSourcesPerInterval: sink.maxIntervalSources,
    sourceProfiles: sink.profiles,
    sourceProfilesEvicted: s.sourcesEvicted,
    scans: s.scans,
    plantedScannersFound: planted,
    verticalScans: s.verticalScans,
    dos: s.dos,
    flowTuplesDropped: s.flowTuplesDropped,
  };
  console.log(
    [
      `${s.packets.toLocaleString('en')} packets from ${o.sources.toLocaleString('en')} sources (${o.shape}, +${o.scanners} planted scanners) in ${wall.toFixed(1)} s`,
      `  ${rate(s.packets, wall)} pkt/s wall; ${rate(s.packets, cpu - genCpu)} pkt/s per core (${(cpu - genCpu).toFixed(1)} CPU s; generator thread ${genCpu.toFixed(1)} s apart)`,
      `  peak RSS ${mib(maxRss)} sampled, VmHWM ${mib(result.vmHwm)}; at the end: JS heap ${mib(mem.heapUsed)} used, typed arrays ${mib(mem.arrayBuffers)}`,
      `  ${s.intervals} intervals, ${sink.batches} batches; up to ${sink.maxIntervalSources.toLocaleString('en')} unique sources per interval`,
      `  ${sink.profiles.toLocaleString('en')} source profiles reported, ${s.sourcesEvicted.toLocaleString('en')} evicted; ${s.flowTuplesDropped.toLocaleString('en')} flow-tuple packets dropped`,
      `  ${s.scans} scans (${planted} of ${o.scanners} planted scanners found), ${s.verticalScans} vertical, ${s.dos} DoS`,
    ].join('\n'),
  );
  if (o.json) writeFileSync(o.json, JSON.stringify(result, null, 2));
}

await main();
