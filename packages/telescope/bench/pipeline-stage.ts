import type { Readable } from 'node:stream';
import type { TelescopeBatch } from '@cynex/core';
import { runIngest, type BatchSink } from '../src/index.js';
import { ParquetFlowTupleSink } from '../src/parquet/index.js';

/** The darknet of bench/make-capture.sh and of the synthetic stream. */
export const BENCH_PREFIX = '198.19.0.0/16';

/** Counts batches and their JSON size (what would go to the hub), keeps nothing. */
class CountingSink implements BatchSink {
  batches = 0;
  bytes = 0;
  async send(batch: TelescopeBatch): Promise<void> {
    this.batches++;
    this.bytes += JSON.stringify(batch).length;
  }
}

export interface PipelineRun {
  packets: number;
  note: string;
}

/**
 * The full telescope pipeline as `cynex telescope ingest` runs it (`runIngest`: read, decode, classify,
 * aggregate, detect scans and DoS, profile sources, flow tuples), batches to a counting sink and, with
 * `parquetDir`, flow tuples to Parquet. `input` is a file path or a pcap byte stream.
 *
 * @example
 * const r = await runPipeline('bench/out/capture-10m.pcap', { parquetDir: '/tmp/x' });
 */
export async function runPipeline(
  input: string | Readable,
  options: { parquetDir?: string; onProgress?: () => void } = {},
): Promise<PipelineRun> {
  const sink = new CountingSink();
  const flowTupleSink = options.parquetDir
    ? new ParquetFlowTupleSink({ dataDir: options.parquetDir, sensor: 'bench' })
    : null;
  const timer = options.onProgress ? setInterval(options.onProgress, 200) : null;
  try {
    const r = await runIngest({
      files: [typeof input === 'string' ? input : '-'],
      ...(typeof input === 'string' ? {} : { stdin: input }),
      pipeline: { config: { prefixes: [BENCH_PREFIX], sensorId: 'bench' } },
      sink,
      flowTupleSink,
      progress: null,
    });
    if (r.exitCode !== 0) throw new Error(r.errors.join('\n'));
    const s = r.stats;
    const parts = [
      `${s.intervals} intervals`,
      `${sink.batches} batches (${(sink.bytes / 1e6).toFixed(1)} MB JSON)`,
      `${s.scans} scans, ${s.dos} DoS, ${s.verticalScans} vertical scans`,
      `${s.sourcesEvicted} source profiles evicted, ${s.flowTuplesDropped} flow-tuple packets dropped`,
    ];
    if (flowTupleSink) {
      const f = flowTupleSink.stats;
      parts.push(`Parquet: ${f.rows} flow tuples in ${f.intervals} files, ${f.seconds.toFixed(1)} s`);
    }
    return { packets: s.packets, note: parts.join('; ') };
  } finally {
    if (timer) clearInterval(timer);
  }
}
