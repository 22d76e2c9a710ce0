/**
 * The scale benchmark's packet stream, generated in a worker thread so the pipeline has the main
 * thread (and its CPU time) to itself: `synthetic.ts` packets, optionally regrouped into bursts per
 * source, with planted scanners, handed over as transferred chunks with credit-based back-pressure.
 */
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { Readable, Transform, type TransformCallback } from 'node:stream';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { mixSource, syntheticCapture } from './synthetic.js';

export interface StreamOptions {
  packets: number;
  sources: number;
  seconds: number;
  /**
   * `spread`: synthetic.ts as it is, every source once per `sources` packets (so a source's packets are
   * far apart and it is never seen twice within a scan's idle timeout). `bursts`: each source sends its
   * packets within a block of 10^6 packets (36 s of capture time at 10^8 packets an hour), so it is
   * seen again while the scan detector still tracks it.
   */
  shape: 'spread' | 'bursts';
  /** Planted scanners: every 1,000th packet comes from one of them, probing TCP port 23. */
  scanners: number;
}

/** 203.0.113.0/24 (TEST-NET-3), which `mixSource` practically never yields. */
export const SCANNER_BASE = 0xcb007100;
const SCANNER_EVERY = 1000;
const BURST_BLOCK = 1_000_000;
const BURST_PRIME = 7919;
const RECORD = 16 + 54;
const CREDITS = 4;

/** Rewrites sources in the generator's chunks (after its 24-byte header) for the shape and scanners. */
function reshape(o: StreamOptions): Transform {
  const perSource = Math.max(1, Math.round(o.packets / o.sources));
  const blockSources = Math.max(1, Math.floor(BURST_BLOCK / perSource));
  let index = 0;
  let header = true;
  return new Transform({
    transform(chunk: Buffer, _enc, done: TransformCallback) {
      if (header) {
        header = false; // the generator pushes the file header alone
        return done(null, chunk);
      }
      for (let at = 0; at + RECORD <= chunk.length; at += RECORD, index++) {
        const ip = at + 16 + 14;
        let changed = false;
        if (o.shape === 'bursts') {
          const block = Math.floor(index / BURST_BLOCK);
          const source = block * blockSources + ((index * BURST_PRIME) % blockSources);
          chunk.writeUInt32BE(mixSource(source % o.sources), ip + 12);
          changed = true;
        }
        if (o.scanners > 0 && index % SCANNER_EVERY === 0) {
          chunk.writeUInt32BE(SCANNER_BASE + ((index / SCANNER_EVERY) % o.scanners), ip + 12);
          chunk.writeUInt16BE(23, ip + 22);
          changed = true;
        }
        if (changed) {
          chunk.writeUInt16BE(0, ip + 10);
          chunk.writeUInt16BE(ipChecksum(chunk, ip), ip + 10);
        }
      }
      done(null, chunk);
    },
  });
}

function ipChecksum(buf: Buffer, at: number): number {
  let sum = 0;
  for (let o = 0; o < 20; o += 2) sum += buf.readUInt16BE(at + o);
  while (sum > 0xffff) sum = (sum & 0xffff) + (sum >>> 16);
  return ~sum & 0xffff;
}

/** CPU seconds of the calling thread (Linux: /proc/thread-self/stat, in clock ticks of 1/100 s). */
export function threadCpuSeconds(): number {
  const stat = readFileSync('/proc/thread-self/stat', 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

/** Starts the generator thread; the stream ends with the last packet, then `generatorCpu` is known. */
export function generatedStream(
  o: StreamOptions,
  onChunk: (generated: number) => void,
): {
  stream: Readable;
  generatorCpu: () => number;
} {
  // The worker needs the TypeScript loader too: tsx's hooks are per thread, and a .ts entry point is
  // resolved before any --import runs, so a small script registers them and then imports this file.
  const tsx = JSON.stringify(import.meta.resolve('tsx/esm/api'));
  const boot = `import(${tsx}).then((t) => { t.register(); return import(${JSON.stringify(import.meta.url)}); })`;
  const worker = new Worker(boot, { eval: true, workerData: o });
  let cpu = 0;
  const stream = new Readable({
    read() {
      worker.postMessage('more');
    },
  });
  worker.on('message', (m: { chunk?: ArrayBuffer; generated?: number; cpu?: number }) => {
    if (m.chunk) {
      onChunk(m.generated ?? 0);
      // Copied into a buffer allocated here, as `runIngest`'s file reader allocates one per chunk: the
      // pipeline's thread then sees the same allocation (and garbage-collection) pattern as on a file.
      const copy = Buffer.allocUnsafe(m.chunk.byteLength);
      copy.set(new Uint8Array(m.chunk));
      stream.push(copy);
    } else {
      cpu = m.cpu ?? 0;
      stream.push(null);
      void worker.terminate();
    }
  });
  worker.on('error', (err) => stream.destroy(err));
  return { stream, generatorCpu: () => cpu };
}

async function generate(o: StreamOptions): Promise<void> {
  const port = parentPort!;
  let credits = CREDITS;
  let wake: (() => void) | null = null;
  port.on('message', () => {
    credits++;
    wake?.();
  });
  let generated = 0;
  const source = syntheticCapture({ ...o, onChunk: (n) => (generated = n) }).pipe(reshape(o));
  for await (const chunk of source as AsyncIterable<Buffer>) {
    while (credits === 0) await new Promise<void>((resolve) => (wake = resolve));
    wake = null;
    credits--;
    const owned = chunk.byteOffset === 0 && chunk.byteLength === chunk.buffer.byteLength;
    const buf = owned
      ? (chunk.buffer as ArrayBuffer)
      : chunk.buffer.slice(chunk.byteOffset, chunk.byteOffset + chunk.length);
    port.postMessage({ chunk: buf, generated }, [buf as ArrayBuffer]);
  }
  port.postMessage({ cpu: threadCpuSeconds() });
  await once(port, 'close');
}

if (!isMainThread) await generate(workerData as StreamOptions);
