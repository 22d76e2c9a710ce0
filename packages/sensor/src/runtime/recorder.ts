import { decoyRecordingChunkSchema, type DecoyRecordingChunk } from '@cynex/core';
import type { SessionRecorder } from '../services/contracts.js';

/** A chunk is cut at this many bytes of event lines (the wire allows 512 KiB; JSON escaping can grow data 6×). */
const CHUNK_BYTES = 64 * 1024;
/** Or after this long, so that a running session can be watched live. */
const CHUNK_MS = 1_000;
/** Larger writes are split into several asciicast events so no single line can exceed a chunk. */
const PIECE_CHARS = 16 * 1024;

export interface RecorderContext {
  world: string;
  host: string;
  session: string;
  cols: number;
  rows: number;
  now: () => Date;
  /** Takes each finished chunk (the runtime spools it). */
  write: (chunk: DecoyRecordingChunk) => void;
  log: (line: string) => void;
  onClose?: () => void;
}

/**
 * Records a terminal session as asciicast v2 (https://docs.asciinema.org/manual/asciicast/v2/), cut into chunks:
 * chunk 0 carries the header, each chunk the event lines since the previous one, the last one is `final`.
 */
export function openRecorder(context: RecorderContext): SessionRecorder & { closed: boolean } {
  const started = context.now().getTime();
  let seq = 0;
  let lines: string[] = [];
  let bytes = 0;
  let timer: NodeJS.Timeout | undefined;
  let closed = false;
  const cols = clamp(context.cols, 80);
  const rows = clamp(context.rows, 24);

  const flush = (final: boolean) => {
    if (timer) clearTimeout(timer);
    timer = undefined;
    if (lines.length === 0 && !final && seq > 0) return;
    const chunk: DecoyRecordingChunk = {
      world: context.world,
      host: context.host,
      session: context.session,
      seq,
      lines: lines.join('\n'),
      final,
    };
    if (seq === 0) chunk.header = { version: 2, width: cols, height: rows, timestamp: Math.floor(started / 1000) };
    const parsed = decoyRecordingChunkSchema.safeParse(chunk);
    if (parsed.success) context.write(parsed.data);
    else context.log(`recording ${context.session} chunk ${seq} not spooled: ${parsed.error.message.slice(0, 200)}`);
    seq++;
    lines = [];
    bytes = 0;
  };

  const push = (code: 'o' | 'i' | 'r', data: string) => {
    if (closed) return;
    const elapsed = Math.max(0, (context.now().getTime() - started) / 1000);
    const line = JSON.stringify([Number(elapsed.toFixed(6)), code, data]);
    lines.push(line);
    bytes += line.length + 1;
    if (bytes >= CHUNK_BYTES) flush(false);
    else timer ??= setTimeout(() => flush(false), CHUNK_MS).unref();
  };

  return {
    get closed() {
      return closed;
    },
    record(stream, data) {
      for (let at = 0; at < data.length; at += PIECE_CHARS) push(stream, data.slice(at, at + PIECE_CHARS));
    },
    resize(c, r) {
      push('r', `${clamp(c, cols)}x${clamp(r, rows)}`);
    },
    close() {
      if (closed) return;
      flush(true);
      closed = true;
      context.onClose?.();
    },
  };
}

function clamp(value: number, fallback: number): number {
  return Number.isInteger(value) && value >= 1 && value <= 1_000 ? value : fallback;
}
