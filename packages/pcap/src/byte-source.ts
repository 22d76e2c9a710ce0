import { createReadStream } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import { Readable, pipeline } from 'node:stream';
import { createGunzip } from 'node:zlib';

/**
 * A stream of uncompressed capture bytes. Each chunk is valid only until the next one is
 * requested: the file source reads into one reused buffer, so consumers must finish with
 * (or copy out of) a chunk before pulling the next.
 *
 * @example
 * const src = await openFileSource('a.pcap.gz', 1 << 20);
 * for await (const chunk of src.chunks) total += chunk.length;
 */
export interface ChunkSource {
  /** Whether the input was gzip and is being inflated. */
  compressed: boolean;
  chunks: AsyncIterable<Uint8Array>;
}

/**
 * Whether the first bytes are the gzip magic 1f 8b.
 *
 * @example
 * isGzip(new Uint8Array([0x1f, 0x8b, 8])); // true
 */
export function isGzip(head: Uint8Array): boolean {
  return head.length >= 2 && head[0] === 0x1f && head[1] === 0x8b;
}

/**
 * Whether an error came out of node:zlib (corrupt or truncated gzip). zlib tags its
 * errors with `Z_*` codes; anything else (I/O errors, user callbacks) passes through.
 *
 * @example
 * if (isZlibError(err)) throw new PcapFormatError('gzip', 0, 0, 'bad gzip');
 */
export function isZlibError(err: unknown): err is Error & { code: string } {
  if (!(err instanceof Error)) return false;
  const code = (err as Error & { code?: unknown }).code;
  return typeof code === 'string' && code.startsWith('Z_');
}

/**
 * Opens a file, sniffing the first read for gzip. Plain files are read with one reused
 * buffer (no per-chunk allocation); gzip files are streamed through node:zlib.
 *
 * @example
 * const src = await openFileSource('/captures/a.pcapng', 1 << 20);
 */
export async function openFileSource(path: string, chunkSize: number): Promise<ChunkSource> {
  const fh = await open(path, 'r');
  const buf = Buffer.allocUnsafeSlow(chunkSize);
  let first: number;
  try {
    first = (await fh.read(buf, 0, chunkSize, null)).bytesRead;
  } catch (err) {
    await fh.close();
    throw err;
  }
  if (isGzip(buf.subarray(0, first))) {
    await fh.close();
    // The inflater holds on to input chunks asynchronously, so it needs fresh buffers
    // rather than the reused one.
    return { compressed: true, chunks: gunzipChunks(createReadStream(path, { highWaterMark: chunkSize }), chunkSize) };
  }
  return { compressed: false, chunks: fileChunks(fh, buf, first) };
}

async function* fileChunks(fh: FileHandle, buf: Buffer, first: number): AsyncGenerator<Uint8Array> {
  try {
    let n = first;
    while (n > 0) {
      yield buf.subarray(0, n);
      n = (await fh.read(buf, 0, buf.length, null)).bytesRead;
    }
  } finally {
    await fh.close();
  }
}

/**
 * Wraps an in-memory capture. Plain buffers are handed over as one chunk (parsed in
 * place, zero copies); gzip buffers are inflated incrementally.
 *
 * @example
 * const src = bufferSource(readFileSync('a.pcap'), 1 << 20);
 */
export function bufferSource(buf: Uint8Array, chunkSize: number): ChunkSource {
  if (isGzip(buf)) return { compressed: true, chunks: gunzipChunks(Readable.from([buf]), chunkSize) };
  return { compressed: false, chunks: single(buf) };
}

async function* single(buf: Uint8Array): AsyncGenerator<Uint8Array> {
  if (buf.length > 0) yield buf;
}

/**
 * Wraps a Readable (e.g. `process.stdin`). Pulls until two bytes have arrived to sniff
 * gzip (streams may deliver one byte at a time), then replays what it pulled.
 *
 * @example
 * const src = await openStreamSource(process.stdin, 1 << 20);
 */
export async function openStreamSource(readable: Readable, chunkSize: number): Promise<ChunkSource> {
  const it = (readable as AsyncIterable<unknown>)[Symbol.asyncIterator]();
  const head: Uint8Array[] = [];
  let have = 0;
  let ended = false;
  while (have < 2) {
    const r = await it.next();
    if (r.done === true) {
      ended = true;
      break;
    }
    const c = toBytes(r.value);
    head.push(c);
    have += c.length;
  }
  const sniff = new Uint8Array(Math.min(have, 2));
  let n = 0;
  for (const c of head) for (let i = 0; i < c.length && n < sniff.length; i++) sniff[n++] = c[i] ?? 0;
  const chunks = replay(head, ended ? null : it);
  if (isGzip(sniff)) return { compressed: true, chunks: gunzipChunks(Readable.from(chunks), chunkSize) };
  return { compressed: false, chunks };
}

async function* replay(head: Uint8Array[], rest: AsyncIterator<unknown> | null): AsyncGenerator<Uint8Array> {
  let done = false;
  try {
    for (const c of head) yield c;
    if (!rest) return;
    for (;;) {
      const r = await rest.next();
      if (r.done === true) {
        done = true;
        return;
      }
      yield toBytes(r.value);
    }
  } finally {
    // Stopping early (corrupt input) must release the underlying stream.
    if (rest && !done) await rest.return?.();
  }
}

function toBytes(v: unknown): Uint8Array {
  if (v instanceof Uint8Array) return v;
  throw new TypeError('capture streams must deliver bytes; do not set an encoding on the stream');
}

async function* gunzipChunks(src: Readable, chunkSize: number): AsyncGenerator<Uint8Array> {
  const gunzip = createGunzip({ chunkSize });
  // pipeline forwards a source failure into the inflater, so iterating the inflater
  // surfaces both I/O and zlib errors; the callback only stops an unhandled rejection.
  pipeline(src, gunzip, () => {});
  for await (const chunk of gunzip as AsyncIterable<Uint8Array>) yield chunk;
}
