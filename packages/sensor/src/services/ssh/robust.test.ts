import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { connect, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, run, ssh, sshRuntime, sshWorld, type SshWorld } from '../../../test/ssh-harness.js';
import type { DecoyLimits, ServiceHandle } from '../contracts.js';
import { startSshService } from './index.js';

let fixture: SshWorld;
const open: ServiceHandle[] = [];
beforeAll(async () => {
  fixture = await sshWorld();
});
afterAll(async () => {
  await Promise.all(open.map((s) => s.close()));
});

async function serve(limits: Partial<DecoyLimits> = {}) {
  const runtime = sshRuntime(fixture, { limits });
  const service = await startSshService({
    runtime,
    binding: { host: '127.0.0.1', port: 0 },
    failureDelayMs: { min: 5, max: 10 },
  });
  open.push(service);
  return { runtime, port: service.address.port };
}

/** Opens a raw TCP connection, sends `data`, and resolves with what came back once the server closes (or after ms). */
function raw(
  port: number,
  data: Buffer | string | undefined,
  ms = 3_000,
): Promise<{ received: Buffer; closedByServer: boolean }> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    const socket: Socket = connect(port, '127.0.0.1', () => {
      if (data !== undefined) socket.write(data);
    });
    const timer = setTimeout(() => {
      socket.destroy();
      resolve({ received: Buffer.concat(chunks), closedByServer: false });
    }, ms);
    socket.on('data', (d: Buffer) => chunks.push(d));
    socket.on('error', () => {});
    socket.on('close', () => {
      clearTimeout(timer);
      resolve({ received: Buffer.concat(chunks), closedByServer: true });
    });
  });
}

async function stillAnswers(port: number): Promise<void> {
  const result = await ssh(port, fixture.username, fixture.password, ['echo']);
  expect(result.code).not.toBe(255);
}

describe('startSshService under hostile input', () => {
  it('drops a connection that sends garbage and keeps answering', async () => {
    const { runtime, port } = await serve();
    const result = await raw(port, randomBytes(64 * 1024));
    expect(result.closedByServer).toBe(true);
    expect(result.received.toString('latin1')).toMatch(/^SSH-2\.0-OpenSSH_/);
    await stillAnswers(port);
    await eventually(() => runtime.emitted.filter((e) => e.kind === 'disconnect').length === 2);
  });

  it('drops an oversized packet after a valid identification and keeps answering', async () => {
    const { port } = await serve();
    const header = Buffer.alloc(9);
    header.writeUInt32BE(0x7fff_fff0, 0);
    header[4] = 4;
    header[5] = 20;
    const result = await raw(port, Buffer.concat([Buffer.from('SSH-2.0-OpenSSH_9.6\r\n'), header, randomBytes(4096)]));
    expect(result.closedByServer).toBe(true);
    await stillAnswers(port);
  });

  it('drops a malformed KEXINIT and keeps answering', async () => {
    const { runtime, port } = await serve();
    const payload = Buffer.concat([Buffer.from([20]), randomBytes(16), Buffer.from([0xff, 0xff, 0xff, 0xff, 0x61])]);
    const packet = Buffer.alloc(4 + 1 + payload.length + 4);
    packet.writeUInt32BE(1 + payload.length + 4, 0);
    packet[4] = 4;
    payload.copy(packet, 5);
    const result = await raw(port, Buffer.concat([Buffer.from('SSH-2.0-libssh_0.9.6\r\n'), packet]));
    expect(result.closedByServer).toBe(true);
    expect(runtime.emitted.find((e) => e.kind === 'client_version')).toMatchObject({ version: 'SSH-2.0-libssh_0.9.6' });
    await stillAnswers(port);
  });

  it('holds hundreds of parallel connections, then still serves a login', async () => {
    const { runtime, port } = await serve({ maxSessionsPerSource: 1_000, maxConnectionsPerSourcePerMinute: 10_000 });
    const clients = Array.from({ length: 400 }, (_, i) =>
      raw(port, i % 2 === 0 ? 'SSH-2.0-Go\r\n' : randomBytes(200), 1_500),
    );
    await Promise.all(clients);
    await stillAnswers(port);
    await eventually(() => runtime.emitted.filter((e) => e.kind === 'disconnect').length === 401, 10_000);
    expect(runtime.emitted.filter((e) => e.kind === 'connect')).toHaveLength(401);
  });

  it('refuses a source over its concurrent-session limit without a banner', async () => {
    const { port } = await serve({ maxSessionsPerSource: 2 });
    const held = [raw(port, undefined, 2_000), raw(port, undefined, 2_000)];
    await new Promise((r) => setTimeout(r, 200));
    const third = await raw(port, undefined, 1_000);
    expect(third.closedByServer).toBe(true);
    expect(third.received.length).toBe(0);
    await Promise.all(held);
  });

  it('drops a client that never authenticates after the auth timeout', async () => {
    const { runtime, port } = await serve({ authTimeoutSeconds: 1 });
    const started = Date.now();
    const result = await raw(port, 'SSH-2.0-slow\r\n', 10_000);
    expect(result.closedByServer).toBe(true);
    expect(Date.now() - started).toBeLessThan(5_000);
    await eventually(() => runtime.emitted.some((e) => e.kind === 'disconnect'));
  });

  it('records a public-key attempt and refuses it', async () => {
    const { runtime, port } = await serve();
    const dir = mkdtempSync(join(tmpdir(), 'cynex-key-'));
    const key = join(dir, 'id_ed25519');
    expect((await run('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', key])).code).toBe(0);
    const result = await run('ssh', [
      ...['-F', '/dev/null', '-o', 'StrictHostKeyChecking=no', '-o', 'UserKnownHostsFile=/dev/null'],
      ...['-o', 'PasswordAuthentication=no', '-o', 'KbdInteractiveAuthentication=no', '-o', 'BatchMode=yes'],
      ...['-o', 'IdentitiesOnly=yes', '-i', key, '-p', String(port), 'root@127.0.0.1', 'id'],
    ]);
    expect(result.code).toBe(255);
    await eventually(() => runtime.emitted.some((e) => e.kind === 'disconnect'));
    expect(runtime.emitted.find((e) => e.kind === 'auth')).toMatchObject({
      method: 'publickey',
      username: 'root',
      success: false,
      fingerprint: expect.stringMatching(/^ssh-ed25519 SHA256:/),
    });
  });
});
