import { mkdtemp, rm } from 'node:fs/promises';
import { createConnection, createServer, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DecoyAssignment } from '@cynex/core';
import { testWorld } from '../../test/worlds.js';
import { writeWorld } from '../world/writer.js';

export const SENSOR_ID = 'sensor-a';
export const CREDENTIAL = 'cnxs_test_credential_0123456789';

let definition: string | undefined;

/** A world assignment running the line service on `port` (the wire requires a real port, 1-65535). */
export function assignment(worldId: string, port: number, overrides: Partial<DecoyAssignment> = {}): DecoyAssignment {
  definition ??= writeWorld(testWorld());
  return {
    worldId,
    revision: 1,
    desired: 'running',
    resetGeneration: 0,
    fetchEnabled: false,
    bindings: { telnet: { host: '127.0.0.1', port } },
    definition,
    hostKeys: {},
    ...overrides,
  };
}

/** A port free on loopback now (found by binding port 0). */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** A client of the line service: sends lines, waits for each answer. */
export async function lineClient(
  port: number,
): Promise<{ send(line: string): Promise<string>; close(): Promise<void> }> {
  const socket: Socket = createConnection({ host: '127.0.0.1', port });
  await new Promise<void>((resolve, reject) => socket.once('connect', resolve).once('error', reject));
  socket.setEncoding('utf8');
  let buffered = '';
  let closed = false;
  const waiting: { resolve: (line: string) => void; reject: (error: Error) => void }[] = [];
  socket.on('data', (data: string) => {
    buffered += data;
    let at: number;
    while ((at = buffered.indexOf('\n')) >= 0) {
      const line = buffered.slice(0, at);
      buffered = buffered.slice(at + 1);
      waiting.shift()?.resolve(line);
    }
  });
  socket.on('error', () => undefined);
  socket.on('close', () => {
    closed = true;
    for (const waiter of waiting.splice(0)) waiter.reject(new Error('connection closed'));
  });
  return {
    send: (line) =>
      new Promise((resolve, reject) => {
        if (closed) return reject(new Error('connection closed'));
        waiting.push({ resolve, reject });
        socket.write(`${line}\n`);
      }),
    close: () =>
      new Promise((resolve) => {
        if (closed) return resolve();
        socket.once('close', () => resolve());
        socket.end();
      }),
  };
}

/** Waits until `check` returns true (polling), or fails with `what`. */
export async function until(check: () => boolean | Promise<boolean>, what: string, ms = 10_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

export async function tempDir(prefix: string): Promise<{ dir: string; remove: () => Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), prefix));
  return { dir, remove: () => rm(dir, { recursive: true, force: true }) };
}
