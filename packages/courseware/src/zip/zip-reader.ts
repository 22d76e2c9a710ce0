import { Inflate } from 'fflate';
import type { ErrorSink } from '../content-error.js';

export const ZIP_LIMITS = {
  entries: 500,
  /** the sum of the entries' uncompressed sizes */
  totalBytes: 20 * 1024 * 1024,
  entryBytes: 2 * 1024 * 1024,
} as const;

/** Compressed data is pushed in small chunks so that one chunk can never inflate to more than a few MiB. */
const INFLATE_CHUNK = 4096;

const SIG_EOCD = 0x06054b50;
const SIG_CENTRAL = 0x02014b50;
const SIG_LOCAL = 0x04034b50;
const S_IFMT = 0o170000;
const S_IFREG = 0o100000;
const S_IFDIR = 0o040000;

const utf8 = new TextDecoder('utf-8', { fatal: true });

interface CentralEntry {
  name: string;
  method: number;
  crc: number;
  compressedSize: number;
  size: number;
  localOffset: number;
}

class ZipRefusal extends Error {
  constructor(
    readonly code: Parameters<ErrorSink['add']>[0],
    message: string,
    readonly entry?: string,
  ) {
    super(message);
  }
}

/** Why an entry name would write outside the folder it is unpacked into, or undefined when it is safe. */
export function unsafeEntryName(name: string): string | undefined {
  if (name.startsWith('/') || /^[A-Za-z]:/.test(name)) return 'an absolute path';
  if (name.includes('\\')) return 'a backslash in the path';
  if ([...name].some((c) => c.charCodeAt(0) < 0x20 || c.charCodeAt(0) === 0x7f))
    return 'a control character in the path';
  const segments = name.replace(/\/$/, '').split('/');
  if (segments.some((s) => s === '..')) return 'a ".." segment (path traversal)';
  if (segments.some((s) => s === '' || s === '.')) return 'an empty or "." segment';
  return undefined;
}

/**
 * Reads a zip archive from untrusted bytes into file contents by entry name (directories left out). Refuses, with
 * an error in `sink` naming the entry, path traversal and absolute names, symbolic links and other non-regular
 * entries, encrypted or zip64 archives, methods other than stored and deflate, more than 500 entries, entries over
 * 2 MiB or 20 MiB in all (counted while inflating, so sizes an archive lies about do not help), and bad CRCs.
 */
export function readZip(bytes: Uint8Array, archive: string, sink: ErrorSink): Map<string, Uint8Array> | undefined {
  try {
    const entries = readCentralDirectory(bytes);
    const files = new Map<string, Uint8Array>();
    let total = 0;
    for (const entry of entries) {
      if (entry.name.endsWith('/')) continue;
      const data = extract(bytes, entry, ZIP_LIMITS.totalBytes - total);
      total += data.length;
      files.set(entry.name, data);
    }
    return files;
  } catch (error) {
    if (!(error instanceof ZipRefusal)) throw error;
    sink.add(error.code, error.entry === undefined ? archive : `${archive}:${error.entry}`, error.message);
    return undefined;
  }
}

function readCentralDirectory(bytes: Uint8Array): CentralEntry[] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let eocd = -1;
  for (let i = bytes.length - 22; i >= Math.max(0, bytes.length - 22 - 0xffff); i--) {
    if (view.getUint32(i, true) === SIG_EOCD) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw new ZipRefusal('ZIP_INVALID', 'not a zip archive (no end of central directory)');
  const count = view.getUint16(eocd + 10, true);
  const cdSize = view.getUint32(eocd + 12, true);
  const cdOffset = view.getUint32(eocd + 16, true);
  if (view.getUint16(eocd + 4, true) !== 0 || view.getUint16(eocd + 6, true) !== 0)
    throw new ZipRefusal('ZIP_UNSUPPORTED', 'multi-volume archives are not supported');
  if (count === 0xffff || cdOffset === 0xffffffff || cdSize === 0xffffffff)
    throw new ZipRefusal('ZIP_UNSUPPORTED', 'zip64 archives are not supported (a module is far below their sizes)');
  if (count > ZIP_LIMITS.entries)
    throw new ZipRefusal('ZIP_TOO_MANY_ENTRIES', `${String(count)} entries; at most ${String(ZIP_LIMITS.entries)}`);
  if (cdOffset + cdSize > eocd) throw new ZipRefusal('ZIP_INVALID', 'central directory outside the archive');

  const entries: CentralEntry[] = [];
  const names = new Set<string>();
  let declaredTotal = 0;
  let at = cdOffset;
  for (let i = 0; i < count; i++) {
    if (at + 46 > eocd || view.getUint32(at, true) !== SIG_CENTRAL)
      throw new ZipRefusal('ZIP_INVALID', 'damaged central directory');
    const madeBy = view.getUint16(at + 4, true) >> 8;
    const flags = view.getUint16(at + 8, true);
    const method = view.getUint16(at + 10, true);
    const nameLength = view.getUint16(at + 28, true);
    const next = at + 46 + nameLength + view.getUint16(at + 30, true) + view.getUint16(at + 32, true);
    if (next > eocd) throw new ZipRefusal('ZIP_INVALID', 'damaged central directory');
    let name: string;
    try {
      name = utf8.decode(bytes.subarray(at + 46, at + 46 + nameLength));
    } catch {
      throw new ZipRefusal('NOT_UTF8', 'an entry name is not UTF-8');
    }
    const entry: CentralEntry = {
      name,
      method,
      crc: view.getUint32(at + 16, true),
      compressedSize: view.getUint32(at + 20, true),
      size: view.getUint32(at + 24, true),
      localOffset: view.getUint32(at + 42, true),
    };
    const unsafe = unsafeEntryName(name);
    if (unsafe) throw new ZipRefusal('ZIP_UNSAFE_PATH', `refused: ${unsafe}`, name);
    const mode = madeBy === 3 ? view.getUint32(at + 38, true) >>> 16 : 0;
    const type = mode & S_IFMT;
    if (type === 0o120000) throw new ZipRefusal('ZIP_SYMLINK', 'refused: a symbolic link', name);
    if (type !== 0 && type !== S_IFREG && type !== S_IFDIR)
      throw new ZipRefusal('ZIP_UNSUPPORTED', 'refused: not a regular file or folder', name);
    if (flags & 0x1) throw new ZipRefusal('ZIP_UNSUPPORTED', 'refused: encrypted entry', name);
    if (method !== 0 && method !== 8)
      throw new ZipRefusal(
        'ZIP_UNSUPPORTED',
        `refused: compression method ${String(method)} (stored and deflate only)`,
        name,
      );
    if (names.has(name)) throw new ZipRefusal('ZIP_INVALID', 'refused: the name appears twice', name);
    names.add(name);
    if (entry.size > ZIP_LIMITS.entryBytes)
      throw new ZipRefusal(
        'ZIP_ENTRY_TOO_LARGE',
        `${String(entry.size)} bytes uncompressed; at most 2 MiB per entry`,
        name,
      );
    declaredTotal += entry.size;
    if (declaredTotal > ZIP_LIMITS.totalBytes)
      throw new ZipRefusal('ZIP_TOO_LARGE', 'more than 20 MiB uncompressed in all');
    entries.push(entry);
    at = next;
  }
  return entries;
}

function extract(bytes: Uint8Array, entry: CentralEntry, totalLeft: number): Uint8Array {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const local = entry.localOffset;
  if (local + 30 > bytes.length || view.getUint32(local, true) !== SIG_LOCAL)
    throw new ZipRefusal('ZIP_INVALID', 'damaged local header', entry.name);
  const start = local + 30 + view.getUint16(local + 26, true) + view.getUint16(local + 28, true);
  const end = start + entry.compressedSize;
  if (end > bytes.length) throw new ZipRefusal('ZIP_INVALID', 'entry data outside the archive', entry.name);
  const data = bytes.subarray(start, end);
  const cap = Math.min(entry.size, ZIP_LIMITS.entryBytes, totalLeft);
  const out = entry.method === 0 ? data.slice() : inflateBounded(data, cap, entry.name);
  if (out.length > cap || out.length !== entry.size) {
    if (totalLeft < out.length) throw new ZipRefusal('ZIP_TOO_LARGE', 'more than 20 MiB uncompressed in all');
    throw new ZipRefusal(
      'ZIP_ENTRY_TOO_LARGE',
      `inflates to ${out.length > cap ? 'more than' : String(out.length) + ' bytes, not'} the ${String(entry.size)} bytes it declares`,
      entry.name,
    );
  }
  if (crc32(out) !== entry.crc) throw new ZipRefusal('ZIP_INVALID', 'CRC mismatch (damaged entry)', entry.name);
  return out;
}

/** Inflates at most `cap` bytes (+1, to notice more); stops as soon as the output passes it. */
function inflateBounded(data: Uint8Array, cap: number, name: string): Uint8Array {
  const chunks: Uint8Array[] = [];
  let length = 0;
  let over = false;
  const inflate = new Inflate((chunk) => {
    length += chunk.length;
    if (length > cap) over = true;
    else chunks.push(chunk);
  });
  try {
    for (let at = 0; at < data.length && !over; at += INFLATE_CHUNK) {
      const end = Math.min(at + INFLATE_CHUNK, data.length);
      inflate.push(data.subarray(at, end), end === data.length);
    }
  } catch (error) {
    throw new ZipRefusal('ZIP_INVALID', `damaged deflate data: ${(error as Error).message}`, name);
  }
  if (over) return new Uint8Array(cap + 1);
  const out = new Uint8Array(length);
  let offset = 0;
  for (const chunk of chunks) {
    out.set(chunk, offset);
    offset += chunk.length;
  }
  return out;
}

let crcTable: Uint32Array | undefined;

function crc32(data: Uint8Array): number {
  if (!crcTable) {
    crcTable = new Uint32Array(256);
    for (let n = 0; n < 256; n++) {
      let c = n;
      for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
      crcTable[n] = c >>> 0;
    }
  }
  let crc = 0xffffffff;
  for (const byte of data) crc = (crcTable[(crc ^ byte) & 0xff] ?? 0) ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}
