import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, scp, sftpBatch, sshRuntime, sshWorld, type SshWorld } from '../../../test/ssh-harness.js';
import type { ServiceHandle } from '../contracts.js';
import { startSshService } from './index.js';

let fixture: SshWorld;
let dir: string;
const open: ServiceHandle[] = [];

beforeAll(async () => {
  fixture = await sshWorld();
  dir = mkdtempSync(join(tmpdir(), 'cynex-scp-'));
});
afterAll(async () => {
  await Promise.all(open.map((s) => s.close()));
});

async function serve(limits: { maxFileBytes?: number } = {}) {
  const runtime = sshRuntime(fixture, { limits });
  const service = await startSshService({
    runtime,
    binding: { host: '127.0.0.1', port: 0 },
    failureDelayMs: { min: 5, max: 10 },
  });
  open.push(service);
  return { runtime, port: service.address.port };
}

const sha256 = (data: Buffer) => createHash('sha256').update(data).digest('hex');

describe('scp and sftp over startSshService', () => {
  for (const legacy of [true, false]) {
    const mode = legacy ? 'legacy scp (-O)' : 'scp over sftp';

    it(`captures an upload with ${mode}`, async () => {
      const { runtime, port } = await serve();
      const payload = Buffer.from(`#!/bin/sh\necho ${mode}\n`.repeat(500));
      const local = join(dir, `upload-${legacy}.sh`);
      writeFileSync(local, payload);
      const result = await scp(port, fixture.password, local, `${fixture.username}@127.0.0.1:/tmp/x.sh`, legacy);
      expect(result.stderr).toBe('');
      expect(result.code).toBe(0);
      await eventually(() => runtime.emitted.some((e) => e.kind === 'disconnect'));
      const file = runtime.emitted.find((e) => e.kind === 'file');
      expect(file).toMatchObject({
        action: 'uploaded',
        path: '/tmp/x.sh',
        sha256: sha256(payload),
        size: payload.length,
      });
      expect(runtime.stored.get(sha256(payload))).toEqual(payload);
    });

    it(`serves a download of a world file with ${mode}`, async () => {
      const { runtime, port } = await serve();
      const local = join(dir, `hostname-${legacy}`);
      const result = await scp(port, fixture.password, `${fixture.username}@127.0.0.1:/etc/hostname`, local, legacy);
      expect(result.code).toBe(0);
      const data = readFileSync(local);
      expect(data.toString()).toBe(`${fixture.host.hostname}\n`);
      await eventually(() => runtime.emitted.some((e) => e.kind === 'disconnect'));
      expect(runtime.emitted.find((e) => e.kind === 'file')).toMatchObject({
        action: 'read',
        path: '/etc/hostname',
        sha256: sha256(data),
      });
    });

    it(`refuses an upload over the file-size limit with ${mode}`, async () => {
      const { runtime, port } = await serve({ maxFileBytes: 1_000 });
      const local = join(dir, `big-${legacy}`);
      writeFileSync(local, Buffer.alloc(5_000, 0x41));
      const result = await scp(port, fixture.password, local, `${fixture.username}@127.0.0.1:/tmp/big`, legacy);
      expect(result.code).not.toBe(0);
      await eventually(() => runtime.emitted.some((e) => e.kind === 'disconnect'));
      expect(runtime.emitted.some((e) => e.kind === 'file')).toBe(false);
      expect(runtime.stored.size).toBe(0);
    });
  }

  it('runs an sftp batch: list, get, put, and sees its own upload', async () => {
    const { runtime, port } = await serve();
    const local = join(dir, 'notes.txt');
    writeFileSync(local, 'meeting notes\n');
    const got = join(dir, 'os-release');
    const result = await sftpBatch(
      port,
      fixture.username,
      fixture.password,
      `ls /etc\nget /etc/os-release ${got}\nput ${local} /tmp/notes.txt\nls -l /tmp/notes.txt\n`,
    );
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('/etc/passwd');
    expect(readFileSync(got, 'utf8')).toContain('PRETTY_NAME=');
    expect(result.stdout).toMatch(/-rw-r--r--.*notes\.txt/);
    await eventually(() => runtime.emitted.some((e) => e.kind === 'disconnect'));
    const files = runtime.emitted.filter((e) => e.kind === 'file');
    expect(files.map((f) => ('action' in f ? `${f.action} ${f.path}` : ''))).toEqual([
      'read /etc/os-release',
      'uploaded /tmp/notes.txt',
    ]);
  });
});
