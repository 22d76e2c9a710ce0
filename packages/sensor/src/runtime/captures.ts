import { createHash, randomBytes } from 'node:crypto';
import { mkdir, open, readdir, readFile, rename, stat, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { CaptureStore } from '../services/contracts.js';

/**
 * Captured files (uploads, mail sent, fetched downloads) under dataDir/captures/ab/<sha256>: content-addressed,
 * mode 0600 (never executable), written to a temporary name, synced and renamed, so a crash leaves either the whole
 * file or nothing. Uploading to the hub is independent of the events naming a capture: a marker in
 * captures/.pending/<sha256>, written before the file, is removed once the hub has the bytes, so an upload
 * interrupted by a crash is retried after the restart.
 */
export class FileCaptureStore implements CaptureStore {
  private readonly pendingDir: string;
  /** Puts under way: their marker exists before their file, so the uploader must not take them yet. */
  private readonly writing = new Set<string>();

  constructor(private readonly dir: string) {
    this.pendingDir = join(dir, '.pending');
  }

  private pathOf(sha256: string): string {
    return join(this.dir, sha256.slice(0, 2), sha256);
  }

  async put(bytes: Buffer): Promise<{ sha256: string; size: number; storedAs: string }> {
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    const path = this.pathOf(sha256);
    const result = { sha256, size: bytes.length, storedAs: `captures/${sha256.slice(0, 2)}/${sha256}` };
    if (this.writing.has(sha256) || (await exists(path))) return result;
    this.writing.add(sha256);
    try {
      await this.write(sha256, path, bytes);
    } finally {
      this.writing.delete(sha256);
    }
    return result;
  }

  private async write(sha256: string, path: string, bytes: Buffer): Promise<void> {
    await mkdir(this.pendingDir, { recursive: true, mode: 0o700 });
    await writeFile(join(this.pendingDir, sha256), '', { mode: 0o600 });
    await mkdir(join(this.dir, sha256.slice(0, 2)), { recursive: true, mode: 0o700 });
    const temporary = `${path}.${randomBytes(6).toString('hex')}.tmp`;
    const file = await open(temporary, 'wx', 0o600);
    try {
      await file.writeFile(bytes);
      await file.sync();
    } finally {
      await file.close();
    }
    await rename(temporary, path);
  }

  /** SHA-256s stored and not yet uploaded. */
  async pending(): Promise<string[]> {
    try {
      const names = await readdir(this.pendingDir);
      return names.filter((name) => /^[0-9a-f]{64}$/.test(name) && !this.writing.has(name));
    } catch {
      return [];
    }
  }

  /** The bytes of a pending capture, or undefined when the file never made it to disk (crash): the marker goes. */
  async read(sha256: string): Promise<Buffer | undefined> {
    try {
      return await readFile(this.pathOf(sha256));
    } catch {
      await this.uploaded(sha256);
      return undefined;
    }
  }

  async uploaded(sha256: string): Promise<void> {
    await unlink(join(this.pendingDir, sha256)).catch(() => undefined);
  }
}

async function exists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch {
    return false;
  }
}
