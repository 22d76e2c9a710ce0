import { mkdir, open, readdir, readFile, rename, stat, unlink, writeFile, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import type { DecoyEvent, DecoyRecordingChunk } from '@cynex/core';

/**
 * The sensor's write-ahead spool (dataDir/spool): append-only JSON-lines segments of events and recording chunks.
 * A record counts as accepted once its line is written and fdatasync'd; lines are written in groups (everything
 * appended while the previous group was being synced), so a burst costs one sync per group, not per event.
 *
 * The shipper reads durable lines from the acknowledged cursor, and a segment is deleted only once the hub has
 * acknowledged every line in it. After a restart every segment left on disk is sealed and sent again from its
 * start (uploads are idempotent); a torn last line (the process was killed mid-write) is dropped and counted.
 */

export type SpoolRecord = { k: 'e'; e: DecoyEvent } | { k: 'r'; c: DecoyRecordingChunk };

export interface SpoolOptions {
  /** A segment is sealed and a new one opened past this size. */
  segmentBytes: number;
  /** Disk cap for the whole spool: beyond it new records are dropped (the oldest are kept) and counted. */
  maxBytes: number;
}

export const DEFAULT_SPOOL_OPTIONS: SpoolOptions = { segmentBytes: 4 * 1024 * 1024, maxBytes: 1024 * 1024 * 1024 };

interface Segment {
  seq: number;
  path: string;
  /** Durable bytes (written and synced). */
  size: number;
  /** Lines in it (complete or torn), for the `spooled` count. */
  lines: number;
  sealed: boolean;
}

export interface SpoolBatch {
  events: DecoyEvent[];
  chunks: DecoyRecordingChunk[];
  /** Lines read, including corrupt ones skipped. */
  lines: number;
  end: { seq: number; offset: number };
}

export interface SpoolCounters {
  /** Lines on disk not yet acknowledged by the hub. */
  spooled: number;
  /** Records refused because the spool was at its disk cap. */
  dropped: number;
  /** Torn or unreadable lines found on disk (after a crash) and skipped. */
  corrupt: number;
  bytes: number;
}

const NAME = /^(\d{12})\.jsonl$/;
const CURSOR = 'cursor.json';
const READ_WINDOW = 2 * 1024 * 1024;

export class Spool {
  private segments: Segment[] = [];
  private active!: Segment;
  private handle!: FileHandle;
  private queue: { line: string; record: SpoolRecord }[] = [];
  private queuedBytes = 0;
  private writing: Promise<void> | null = null;
  private rotateWanted = false;
  private cursor = { seq: 0, offset: 0 };
  private closed = false;
  private readonly counters = { dropped: 0, corrupt: 0 };
  private readonly listeners: ((records: SpoolRecord[]) => void)[] = [];

  private constructor(
    private readonly dir: string,
    private readonly options: SpoolOptions,
    private readonly log: (line: string) => void,
  ) {}

  /** Opens (creating) the spool in `dir`, sealing every segment a previous run left. */
  static async open(dir: string, options: Partial<SpoolOptions> = {}, log: (line: string) => void = () => {}) {
    const spool = new Spool(dir, { ...DEFAULT_SPOOL_OPTIONS, ...options }, log);
    await spool.init();
    return spool;
  }

  private async init(): Promise<void> {
    await mkdir(this.dir, { recursive: true, mode: 0o700 });
    const names = (await readdir(this.dir)).filter((n) => NAME.test(n)).sort();
    for (const name of names) {
      const path = join(this.dir, name);
      const size = (await stat(path)).size;
      if (size === 0) {
        await unlink(path);
        continue;
      }
      this.segments.push({ seq: Number(NAME.exec(name)![1]), path, size, lines: await countLines(path), sealed: true });
    }
    this.cursor = { seq: this.segments[0]?.seq ?? 1, offset: 0 };
    await this.restoreCursor();
    await this.openActive((this.segments.at(-1)?.seq ?? 0) + 1);
    await this.deleteAcknowledged();
  }

  /**
   * Where the hub's acknowledgements had got to, so a restart re-sends only what may not have arrived. Written
   * after each acknowledgement, never synced: a stale cursor only means more (harmless) re-sends.
   */
  private async restoreCursor(): Promise<void> {
    let saved: { seq?: unknown; offset?: unknown };
    try {
      saved = JSON.parse(await readFile(join(this.dir, CURSOR), 'utf8')) as typeof saved;
    } catch {
      return;
    }
    const segment = this.segments.find((s) => s.seq === saved.seq);
    const offset = saved.offset;
    if (!segment || typeof offset !== 'number' || !Number.isInteger(offset) || offset < 0 || offset > segment.size)
      return;
    for (const earlier of this.segments) if (earlier.seq < segment.seq) earlier.lines = 0;
    segment.lines -= await countLines(segment.path, offset);
    this.cursor = { seq: segment.seq, offset };
  }

  private async saveCursor(): Promise<void> {
    const path = join(this.dir, CURSOR);
    await writeFile(`${path}.tmp`, JSON.stringify(this.cursor), { mode: 0o600 });
    await rename(`${path}.tmp`, path);
  }

  private async openActive(seq: number): Promise<void> {
    const path = join(this.dir, `${String(seq).padStart(12, '0')}.jsonl`);
    this.handle = await open(path, 'a', 0o600);
    this.active = { seq, path, size: 0, lines: 0, sealed: false };
    this.segments.push(this.active);
  }

  /** Called with each group of records once it is durable (the Cowrie log and the shipper listen). */
  onDurable(listener: (records: SpoolRecord[]) => void): void {
    this.listeners.push(listener);
  }

  /** Queues a record for the next group write; false when the spool is at its cap (the record is dropped). */
  append(record: SpoolRecord): boolean {
    if (this.closed) return false;
    const line = `${JSON.stringify(record)}\n`;
    const bytes = Buffer.byteLength(line);
    if (this.totalBytes() + this.queuedBytes + bytes > this.options.maxBytes) {
      if (this.counters.dropped++ % 1000 === 0)
        this.log(`spool full (${this.options.maxBytes} bytes): dropping new records (${this.counters.dropped} so far)`);
      return false;
    }
    this.queue.push({ line, record });
    this.queuedBytes += bytes;
    this.schedule();
    return true;
  }

  /** Resolves once everything appended so far is durable. */
  async durable(): Promise<void> {
    while (this.writing) await this.writing;
  }

  private schedule(): void {
    if (this.writing) return;
    this.writing = this.drain()
      .catch((error: unknown) => this.log(`spool: ${(error as Error).message}`))
      .finally(() => {
        this.writing = null;
        if ((this.queue.length > 0 || this.rotateWanted) && !this.closed) this.schedule();
      });
  }

  private async drain(): Promise<void> {
    while (this.queue.length > 0 || this.rotateWanted) {
      if (this.queue.length > 0) {
        const group = this.takeGroup();
        const buffer = Buffer.from(group.map((g) => g.line).join(''));
        try {
          await this.handle.write(buffer);
          await this.handle.datasync();
        } catch (error) {
          // A full disk or an I/O error: the group is lost, say so loudly, keep the sensor alive.
          this.queuedBytes -= buffer.length;
          this.counters.dropped += group.length;
          this.log(`spool write failed, ${group.length} records dropped: ${(error as Error).message}`);
          continue;
        }
        this.queuedBytes -= buffer.length;
        this.active.size += buffer.length;
        this.active.lines += group.length;
        const records = group.map((g) => g.record);
        for (const listener of this.listeners) listener(records);
        if (this.active.size >= this.options.segmentBytes) this.rotateWanted = true;
      }
      if (this.rotateWanted) {
        this.rotateWanted = false;
        await this.rotate();
      }
    }
  }

  /** Everything queued, but no more than what fills the active segment (at least one line). */
  private takeGroup(): { line: string; record: SpoolRecord }[] {
    let room = this.options.segmentBytes - this.active.size;
    let count = 0;
    while (count < this.queue.length && (count === 0 || room > 0)) room -= Buffer.byteLength(this.queue[count++]!.line);
    return this.queue.splice(0, count);
  }

  private async rotate(): Promise<void> {
    if (this.active.size === 0) return;
    await this.handle.close();
    this.active.sealed = true;
    await this.openActive(this.active.seq + 1);
    await this.deleteAcknowledged();
  }

  /** Reads the next durable records after the acknowledged cursor: at most `maxEvents` events and `maxChunks` chunks. */
  async read(maxEvents: number, maxChunks: number): Promise<SpoolBatch> {
    const batch: SpoolBatch = { events: [], chunks: [], lines: 0, end: { ...this.cursor } };
    for (const segment of this.segments) {
      if (segment.seq < batch.end.seq) continue;
      if (segment.seq > batch.end.seq) batch.end = { seq: segment.seq, offset: 0 };
      const full = await this.readSegment(segment, batch, maxEvents, maxChunks);
      if (!full) return batch;
      // Move past a finished, sealed segment so that its acknowledgement deletes it.
      if (!segment.sealed) return batch;
    }
    return batch;
  }

  /** Reads from `batch.end` in one segment; false when the batch is full before the segment's end. */
  private async readSegment(segment: Segment, batch: SpoolBatch, maxEvents: number, maxChunks: number) {
    const limit = segment.size;
    let offset = batch.end.offset;
    if (offset >= limit) return true;
    const file = await open(segment.path, 'r');
    try {
      while (offset < limit) {
        let length = Math.min(READ_WINDOW, limit - offset);
        let text = await readAt(file, offset, length);
        let last = text.lastIndexOf('\n');
        if (last < 0 && length < limit - offset) {
          length = limit - offset;
          text = await readAt(file, offset, length);
          last = text.lastIndexOf('\n');
        }
        if (last < 0) {
          // Only a sealed segment from a killed run can end without a newline.
          this.counters.corrupt++;
          this.log(`spool: dropped a torn line at the end of ${segment.path} (${limit - offset} bytes)`);
          batch.lines++;
          batch.end = { seq: segment.seq, offset: limit };
          return true;
        }
        let start = 0;
        while (start <= last) {
          if (batch.events.length >= maxEvents || batch.chunks.length >= maxChunks) return false;
          const end = text.indexOf('\n', start);
          const line = text.slice(start, end);
          offset += Buffer.byteLength(line) + 1;
          start = end + 1;
          batch.lines++;
          batch.end = { seq: segment.seq, offset };
          this.take(line, batch, segment);
        }
      }
      return true;
    } finally {
      await file.close();
    }
  }

  private take(line: string, batch: SpoolBatch, segment: Segment): void {
    let record: SpoolRecord;
    try {
      record = JSON.parse(line) as SpoolRecord;
    } catch {
      this.counters.corrupt++;
      this.log(`spool: skipped an unreadable line in ${segment.path}`);
      return;
    }
    if (record.k === 'e') batch.events.push(record.e);
    else if (record.k === 'r') batch.chunks.push(record.c);
  }

  /** The hub acknowledged everything up to `batch.end`: move the cursor and delete finished segments. */
  async ack(batch: SpoolBatch): Promise<void> {
    this.cursor = batch.end;
    let lines = batch.lines;
    for (const segment of this.segments) {
      if (segment.seq > this.cursor.seq || lines <= 0) break;
      const take = Math.min(lines, segment.lines);
      segment.lines -= take;
      lines -= take;
    }
    await this.saveCursor().catch((error: unknown) => this.log(`spool cursor: ${(error as Error).message}`));
    await this.deleteAcknowledged();
    // The active segment is fully sent: seal it so that it can go too.
    if (this.cursor.seq === this.active.seq && this.cursor.offset >= this.active.size && this.active.size > 0) {
      this.rotateWanted = true;
      this.schedule();
    }
  }

  private async deleteAcknowledged(): Promise<void> {
    const done = this.segments.filter(
      (s) => s.sealed && (s.seq < this.cursor.seq || (s.seq === this.cursor.seq && this.cursor.offset >= s.size)),
    );
    for (const segment of done) {
      await unlink(segment.path).catch(() => undefined);
      this.segments.splice(this.segments.indexOf(segment), 1);
    }
    if (this.cursor.seq < this.segments[0]!.seq) this.cursor = { seq: this.segments[0]!.seq, offset: 0 };
  }

  private totalBytes(): number {
    return this.segments.reduce((sum, s) => sum + s.size, 0);
  }

  stats(): SpoolCounters {
    return {
      spooled: this.segments.reduce((sum, s) => sum + s.lines, 0) + this.queue.length,
      dropped: this.counters.dropped,
      corrupt: this.counters.corrupt,
      bytes: this.totalBytes(),
    };
  }

  /** Writes what is queued, then closes the active segment (it is sealed and re-read on the next start). */
  async close(): Promise<void> {
    await this.durable();
    this.closed = true;
    await this.handle.close();
  }
}

async function readAt(file: FileHandle, position: number, length: number): Promise<string> {
  const buffer = Buffer.alloc(length);
  const { bytesRead } = await file.read(buffer, 0, length, position);
  return buffer.subarray(0, bytesRead).toString('utf8');
}

/** Lines in a file (a last line without its newline counts), or complete lines before `upTo`. */
async function countLines(path: string, upTo?: number): Promise<number> {
  if (upTo === 0) return 0;
  const file = await open(path, 'r');
  let lines = 0;
  let last = 10;
  try {
    for await (const chunk of file.createReadStream(upTo === undefined ? {} : { start: 0, end: upTo - 1 })) {
      const buffer = chunk as Buffer;
      for (let i = buffer.indexOf(10); i >= 0; i = buffer.indexOf(10, i + 1)) lines++;
      if (buffer.length > 0) last = buffer[buffer.length - 1]!;
    }
  } finally {
    await file.close();
  }
  return last === 10 ? lines : lines + 1;
}
