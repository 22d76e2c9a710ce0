import { createHash } from 'node:crypto';
import { posix } from 'node:path';
import { DECOY_LIMITS } from '@cynex/core';
import { SessionFsError, STRERROR, type SessionFileSystem } from '../../shell/index.js';
import type { ConnectionRecord } from './connection.js';

/**
 * What scp and sftp share: paths resolved against the session's home, the per-session upload budget, and the
 * capture + `file` event for every upload and download.
 */

export class TransferSession {
  private uploaded = 0;

  constructor(
    readonly record: ConnectionRecord,
    readonly fs: SessionFileSystem,
  ) {}

  get limits() {
    return this.record.runtime.limits;
  }

  resolve(path: string, cwd = this.fs.home): string {
    const raw = path.length === 0 ? '.' : path;
    const expanded = raw === '~' ? this.fs.home : raw.startsWith('~/') ? this.fs.home + raw.slice(1) : raw;
    return posix.resolve(cwd, expanded);
  }

  /** Whether `bytes` more may be uploaded in this session (single file and session total). */
  allows(bytes: number): boolean {
    return bytes <= this.limits.maxFileBytes && this.uploaded + bytes <= this.limits.maxUploadBytesPerSession;
  }

  /** Writes an upload into the session's file system, captures it and records a `file` event. */
  async upload(path: string, data: Buffer, mode?: number): Promise<void> {
    if (!this.allows(data.length)) throw new SessionFsError('EFBIG', path);
    this.fs.writeFile(path, data, mode);
    this.uploaded += data.length;
    const stored = await this.record.runtime.captures.put(data);
    this.record.emit({
      kind: 'file',
      action: 'uploaded',
      path: path.slice(0, DECOY_LIMITS.pathLength),
      sha256: stored.sha256,
      size: stored.size,
      storedAs: stored.storedAs,
    });
  }

  /** Reads a file for a download and records a `file` event (`read`). */
  download(path: string): Buffer {
    const data = this.fs.readFile(path);
    this.record.emit({
      kind: 'file',
      action: 'read',
      path: path.slice(0, DECOY_LIMITS.pathLength),
      sha256: createHash('sha256').update(data).digest('hex'),
      size: data.length,
    });
    return data;
  }
}

/** The text OpenSSH's tools print for a file-system error. */
export function fsErrorText(error: unknown): string {
  return error instanceof SessionFsError ? STRERROR[error.code] : 'Failure';
}
