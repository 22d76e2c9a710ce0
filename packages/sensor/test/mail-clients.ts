import { execFile } from 'node:child_process';
import { connect } from 'node:net';
import type { World } from '../src/world/schema.js';

/** Helpers for the mail and web transport tests: real clients and a stolen credential found the attacker's way. */

export interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs a real client (curl) asynchronously: the server under test lives in this same process. */
export function run(command: string, args: string[], timeoutMs = 20_000): Promise<RunResult> {
  return new Promise((resolve) => {
    execFile(command, args, { timeout: timeoutMs, maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
      resolve({ code, stdout: String(stdout), stderr: String(stderr) });
    });
  });
}

/**
 * A webmail credential as an intruder finds it: saved in a workstation browser's password store for the
 * `https://mail.<domain>/` sign-in.
 */
export function savedWebmailPassword(world: World): { username: string; password: string } {
  for (const host of world.hosts) {
    const saved = host.browser?.savedPasswords.find((p) => new URL(p.url).hostname.startsWith('mail.'));
    if (saved) return { username: saved.username, password: saved.password };
  }
  throw new Error('the world has no saved webmail password');
}

/**
 * Waits for the server's greeting (at most 500 ms), sends raw bytes, then reads until the server goes quiet or
 * closes; resolves with everything it said. (SMTP servers drop clients that talk before the greeting.)
 */
export function rawExchange(port: number, payloads: (string | Buffer)[], quietMs = 300): Promise<string> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    let received = '';
    let timer: NodeJS.Timeout | undefined;
    const finish = () => {
      socket.destroy();
      resolve(received);
    };
    const arm = () => {
      if (timer) clearTimeout(timer);
      timer = setTimeout(finish, quietMs);
    };
    let sent = false;
    const send = () => {
      if (sent) return;
      sent = true;
      for (const p of payloads) socket.write(p);
      arm();
    };
    socket.on('data', (d) => {
      received += d.toString('latin1');
      send();
      arm();
    });
    socket.on('error', finish);
    socket.on('close', () => {
      if (timer) clearTimeout(timer);
      resolve(received);
    });
    socket.on('connect', () => void setTimeout(send, 500));
  });
}
