import { open, stat } from 'node:fs/promises';
import type { BackscatterVictim } from '@cynex/core';
import { Readable } from 'node:stream';
import { decodePacket, DecodedPacket, PcapFormatError, PcapReader } from '@cynex/pcap';
import type { FlowTupleSink } from './flowtuple.js';
import { TelescopePipeline, type PipelineOptions, type PipelineStats } from './pipeline.js';
import { compact, ProgressBar, type ProgressOutput } from './progress.js';
import type { VerticalScan } from './scans.js';
import type { BatchSink } from './sinks.js';
import { Outbox } from './outbox.js';

/** What `runIngest` reads and where results go. */
export interface IngestOptions {
  /** Capture files, read in this order as one continuous stream of time; `-` is standard input. */
  files: string[];
  /** A pipeline, or how to build one. */
  pipeline: TelescopePipeline | PipelineOptions;
  sink: BatchSink;
  flowTupleSink?: FlowTupleSink | null;
  /** Standard input for `-` (default process.stdin). */
  stdin?: Readable;
  /** Where the progress bar and summary go (default process.stderr; null: silent). */
  progress?: ProgressOutput | null;
  /** Wall clock for live input (`-`): closes intervals when traffic stops. Default Date.now. */
  now?: () => number;
  /** How often the live clock is checked (ms, default 1000). */
  tickMs?: number;
  /** Batches/flow-tuple intervals waiting for the sinks before reading pauses (default 4). */
  maxPending?: number;
  /** Read size in bytes (default 1 MiB). */
  chunkSize?: number;
  /** Stops reading (e.g. on SIGINT); what was read is still flushed and sent. */
  signal?: AbortSignal;
}

/** What happened to one input. */
export interface IngestFileResult {
  path: string;
  /** Packet records read (before an error, if any). */
  records: number;
  /** Bytes read from the file (compressed bytes for gzip). */
  bytes: number;
  /** The problem, e.g. `truncated record at byte 123456 after 789 records: needs 1514 bytes, 200 left`. */
  error?: string;
  /** Set for capture format errors: where the bad data starts and how many records were good. */
  offset?: number;
}

/** The outcome of `runIngest`. */
export interface IngestResult {
  /** 0 when every file was read and every batch delivered, else 1. */
  exitCode: 0 | 1;
  files: IngestFileResult[];
  /** Problems: per-file errors and a sink failure. */
  errors: string[];
  stats: PipelineStats;
  verticalScans: VerticalScan[];
  /** The busiest backscatter victims over the whole run (at most 100), whether or not they made a DoS event. */
  backscatterVictims: BackscatterVictim[];
  seconds: number;
  /** The one-line summary also written to the progress stream. */
  summary: string;
}

class StopReading extends Error {}

/**
 * Reads capture files (or stdin) with `@cynex/pcap`, decodes and feeds the pipeline, and hands finished
 * batches and flow tuples to the sinks in order. Reading pauses while `maxPending` items wait for the
 * sinks, so a slow hub never makes memory grow. A corrupt or truncated file is reported with its byte
 * offset and record count; everything before the bad spot is counted and sent, the remaining files are
 * still read, and the exit code is 1. A sink failure (hub refusal, retries exhausted) stops reading.
 *
 * @example
 * const r = await runIngest({ files: ['a.pcap', 'b.pcap'], pipeline: { config }, sink: new MemoryBatchSink() });
 * if (r.exitCode !== 0) console.error(r.errors.join('\n'));
 */
export async function runIngest(options: IngestOptions): Promise<IngestResult> {
  const pipeline =
    options.pipeline instanceof TelescopePipeline
      ? options.pipeline
      : // Flow tuples only when a sink wants them: 10⁶ rows an interval are a lot of garbage for nobody.
        new TelescopePipeline({ flowTuples: options.flowTupleSink != null, ...options.pipeline });
  const outbox = new Outbox(options.sink, options.flowTupleSink ?? null, options.maxPending ?? 4);
  const progressOut = options.progress === undefined ? process.stderr : options.progress;
  const sizes = await Promise.all(
    options.files.map((f) =>
      f === '-'
        ? Promise.resolve(null)
        : stat(f).then(
            (s) => s.size,
            () => 0,
          ),
    ),
  );
  const total = sizes.includes(null) ? null : sizes.reduce<number>((a, b) => a + (b ?? 0), 0);
  const bar = progressOut ? new ProgressBar(progressOut, total) : null;
  const t0 = performance.now();
  const files: IngestFileResult[] = [];
  const errors: string[] = [];
  const out = new DecodedPacket();
  let doneBytes = 0;
  let stopped = false;

  const victims = new Map<string, BackscatterVictim>();
  const collect = () => {
    const batches = pipeline.takeBatches();
    for (const b of batches) for (const i of b.intervals) tallyVictims(victims, i.backscatterVictims);
    outbox.enqueue(batches, pipeline.takeFlowTuples());
  };
  for (const [i, path] of options.files.entries()) {
    if (stopped || options.signal?.aborted || outbox.failed) break;
    const label = `${i + 1}/${options.files.length} ${path === '-' ? '(stdin)' : path}`;
    const result: IngestFileResult = { path, records: 0, bytes: 0 };
    files.push(result);
    const live = path === '-';
    const timer = live
      ? setInterval(() => {
          if (outbox.stalled) return; // a paused reader is not a quiet stream
          pipeline.tick((options.now ?? Date.now)());
          collect();
        }, options.tickMs ?? 1000)
      : null;
    const chunks = async function* (): AsyncGenerator<Uint8Array> {
      const source = live ? (options.stdin ?? process.stdin) : null;
      const iter = source ? (source as AsyncIterable<Uint8Array>) : fileChunks(path, options.chunkSize ?? 1 << 20);
      // An idle stdin would never deliver another chunk to notice the abort: end it instead.
      const onAbort = () => source?.destroy();
      options.signal?.addEventListener('abort', onAbort);
      try {
        for await (const chunk of iter) {
          collect();
          await outbox.waitBelow();
          if (outbox.failed || options.signal?.aborted) throw new StopReading();
          result.bytes += chunk.length;
          bar?.update(doneBytes + result.bytes, pipeline.stats.packets, label);
          yield chunk;
        }
      } catch (err) {
        throw options.signal?.aborted ? new StopReading() : err;
      } finally {
        options.signal?.removeEventListener('abort', onAbort);
      }
    };
    const onPacket = (pkt: Parameters<Parameters<PcapReader['read']>[0]>[0]) => {
      decodePacket(pkt, out);
      pipeline.push(pkt, out);
    };
    const reader = PcapReader.fromStream(Readable.from(chunks(), { highWaterMark: 1 }), {
      chunkSize: options.chunkSize,
    });
    try {
      result.records = (await reader.read(onPacket)).records;
    } catch (err) {
      if (err instanceof StopReading) stopped = true;
      else {
        result.records = err instanceof PcapFormatError ? err.records : result.records;
        if (err instanceof PcapFormatError) result.offset = err.offset;
        result.error = err instanceof Error ? err.message : String(err);
        errors.push(`${path}: ${result.error}`);
      }
    } finally {
      if (timer) clearInterval(timer);
    }
    doneBytes += sizes[i] ?? result.bytes;
    collect();
  }

  await pipeline.settled();
  pipeline.flush();
  collect();
  await outbox.drain();
  await options.flowTupleSink?.close();
  if (outbox.failed) errors.push(outbox.failed.message);
  const seconds = (performance.now() - t0) / 1000;
  const s = pipeline.stats;
  const summary =
    `telescope: ${s.packets.toLocaleString('en')} packets from ${files.length} input(s) in ${seconds.toFixed(1)} s ` +
    `(${compact(s.packets / Math.max(seconds, 1e-3))} pkt/s): ${s.darknet.toLocaleString('en')} to the darknet, ` +
    `${s.outside.toLocaleString('en')} outside, ${s.nonIp.toLocaleString('en')} not IP, ${s.late} late; ` +
    `${s.intervals} intervals, ${outbox.sent} batches sent, ${s.scans} scans, ${s.dos} DoS, ${s.verticalScans} vertical scans` +
    (errors.length ? `; ${errors.length} error(s)` : '');
  bar?.finish(summary);
  for (const e of errors) progressOut?.write(`error: ${e}\n`);
  return {
    exitCode: errors.length ? 1 : 0,
    files,
    errors,
    stats: { ...s },
    verticalScans: pipeline.verticalScans(),
    backscatterVictims: [...victims.values()].sort((a, b) => b.packets - a.packets).slice(0, 100),
    seconds,
    summary,
  };
}

/** Victims tracked for the run's summary; the busiest intervals' victims are kept when more appear. */
const MAX_SUMMARY_VICTIMS = 10_000;

function tallyVictims(into: Map<string, BackscatterVictim>, victims: BackscatterVictim[]): void {
  for (const v of victims) {
    const key = `${v.kind} ${v.victim} ${v.protocol}`;
    const had = into.get(key);
    if (had) {
      had.packets += v.packets;
      had.bytes += v.bytes;
      had.reflectors = Math.max(had.reflectors, v.reflectors);
      for (const p of v.ports) if (had.ports.length < 5 && !had.ports.includes(p)) had.ports.push(p);
    } else if (into.size < MAX_SUMMARY_VICTIMS) into.set(key, { ...v, ports: [...v.ports] });
  }
}

/** Fresh buffers per chunk: the reader's stream wrapper may hold one while the next is read. */
async function* fileChunks(path: string, chunkSize: number): AsyncGenerator<Uint8Array> {
  const fh = await open(path, 'r');
  try {
    for (;;) {
      const buf = Buffer.allocUnsafe(chunkSize);
      const { bytesRead } = await fh.read(buf, 0, chunkSize, null);
      if (bytesRead === 0) return;
      yield bytesRead === chunkSize ? buf : buf.subarray(0, bytesRead);
    }
  } finally {
    await fh.close();
  }
}
