import { createHash, randomUUID } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import { Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';

export interface StoredBlob {
  sha256: string;
  sha1: string;
  md5: string;
  size: number;
}

/**
 * Content-addressed file storage under `<dataDir>/blobs/ab/cd/<sha256>`. Files are written without any
 * execute bit and are only ever served as downloads; nothing here runs them.
 */
export class BlobStore {
  constructor(private readonly root: string) {}

  pathOf(sha256: string): string {
    if (!/^[0-9a-f]{64}$/.test(sha256)) throw new Error('not a SHA-256 hex digest');
    return path.join(this.root, sha256.slice(0, 2), sha256.slice(2, 4), sha256);
  }

  /** Streams the input to disk while hashing it; the same content is kept once. Undefined when `complete` says the input was cut short. */
  async put(input: Readable, options: { complete?: () => boolean } = {}): Promise<StoredBlob | undefined> {
    await fs.mkdir(path.join(this.root, 'tmp'), { recursive: true });
    const tmp = path.join(this.root, 'tmp', randomUUID());
    const hashes = { sha256: createHash('sha256'), sha1: createHash('sha1'), md5: createHash('md5') };
    let size = 0;
    const hasher = new Transform({
      transform(chunk: Buffer, _encoding, callback) {
        size += chunk.length;
        hashes.sha256.update(chunk);
        hashes.sha1.update(chunk);
        hashes.md5.update(chunk);
        callback(null, chunk);
      },
    });
    try {
      await pipeline(input, hasher, createWriteStream(tmp, { mode: 0o640 }));
      if (options.complete && !options.complete()) return undefined;
      const blob = {
        sha256: hashes.sha256.digest('hex'),
        sha1: hashes.sha1.digest('hex'),
        md5: hashes.md5.digest('hex'),
        size,
      };
      const target = this.pathOf(blob.sha256);
      await fs.mkdir(path.dirname(target), { recursive: true });
      await fs.rename(tmp, target);
      return blob;
    } finally {
      await fs.rm(tmp, { force: true });
    }
  }

  read(sha256: string): Readable {
    return createReadStream(this.pathOf(sha256));
  }

  /** Every stored blob with its last write time (a re-upload of the same content refreshes it). */
  async *list(): AsyncGenerator<{ sha256: string; modifiedAt: Date }> {
    const level = async (dir: string) =>
      (await fs.readdir(dir, { withFileTypes: true }).catch(() => [])).filter(
        (e) => e.isDirectory() && /^[0-9a-f]{2}$/.test(e.name),
      );
    for (const a of await level(this.root)) {
      for (const b of await level(path.join(this.root, a.name))) {
        const dir = path.join(this.root, a.name, b.name);
        for (const name of await fs.readdir(dir).catch(() => [])) {
          if (!/^[0-9a-f]{64}$/.test(name)) continue;
          const stat = await fs.stat(path.join(dir, name)).catch(() => undefined);
          if (stat) yield { sha256: name, modifiedAt: stat.mtime };
        }
      }
    }
  }

  async remove(sha256: string): Promise<void> {
    await fs.rm(this.pathOf(sha256), { force: true });
  }
}
