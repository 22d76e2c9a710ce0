import { randomBytes } from 'node:crypto';
import { connect, type Socket } from 'node:net';
import { afterAll, describe, expect, it } from 'vitest';
import { accountPassword } from '../../world/accounts.js';
import { entryHostOf } from '../ssh/connection.js';
import { testRuntime } from '../../../test/runtime.js';
import { eventually } from '../../../test/ssh-harness.js';
import type { ServiceHandle } from '../contracts.js';
import { startTelnetService } from './index.js';
import { DO, IAC, OPT_NAWS, SB, SE, TelnetDecoder, WILL } from './negotiation.js';

const open: ServiceHandle[] = [];
afterAll(async () => {
  await Promise.all(open.map((s) => s.close()));
});

async function serve(options: { acceptAfterAttempts?: number; maxLoginTries?: number } = {}) {
  const runtime = testRuntime();
  const service = await startTelnetService({
    runtime,
    binding: { host: '127.0.0.1', port: 0 },
    failureDelayMs: { min: 5, max: 10 },
    ...options,
  });
  open.push(service);
  const host = entryHostOf(runtime.world, 'telnet');
  const account = host.accounts.find((a) => a.username !== 'root' && accountPassword(runtime.world, a))!;
  return {
    runtime,
    port: service.address.port,
    host,
    username: account.username,
    password: accountPassword(runtime.world, account)!,
  };
}

/** A scripted raw-socket client: waits for each prompt, then types the answer (what `nc`/telnet users do). */
class RawClient {
  private buffer = '';
  private raw = Buffer.alloc(0);
  readonly socket: Socket;
  closed = false;

  constructor(port: number) {
    this.socket = connect(port, '127.0.0.1');
    this.socket.on('data', (d: Buffer) => {
      this.raw = Buffer.concat([this.raw, d]);
      this.buffer += d.toString('latin1');
    });
    this.socket.on('error', () => {});
    this.socket.on('close', () => (this.closed = true));
  }

  get text(): string {
    return this.buffer;
  }

  get bytes(): Buffer {
    return this.raw;
  }

  async waitFor(needle: string, from = 0): Promise<void> {
    await eventually(() => this.buffer.indexOf(needle, from) >= 0, 5_000);
  }

  type(text: string | Buffer): void {
    this.socket.write(text);
  }
}

describe(startTelnetService.name, () => {
  it('negotiates options, shows the issue banner and logs in with a world account', async () => {
    const { runtime, port, host, username, password } = await serve();
    const client = new RawClient(port);
    await client.waitFor(`${host.hostname} login: `);
    expect([...client.bytes.subarray(0, 3)]).toEqual([IAC, WILL, 1]);
    if (host.os.family === 'linux') expect(client.text).toContain(host.os.prettyName);
    // The client agrees to NAWS and reports a 132x43 window.
    client.type(Buffer.from([IAC, WILL, OPT_NAWS, IAC, SB, OPT_NAWS, 0, 132, 0, 43, IAC, SE]));
    client.type(`${username}\r\n`);
    await client.waitFor('Password: ');
    const before = client.text.length;
    client.type(`${password}\r\n`);
    await client.waitFor(`${username}@${host.hostname}`, before);
    expect(client.text.slice(before)).not.toContain(password);
    client.type('exit\r\n');
    await eventually(() => client.closed);
    await eventually(() => runtime.emitted.some((e) => e.kind === 'disconnect'));
    expect(runtime.emitted.map((e) => e.kind)[0]).toBe('connect');
    expect(runtime.emitted.find((e) => e.kind === 'auth')).toMatchObject({
      username,
      password,
      success: true,
      protocol: 'telnet',
    });
    const recording = runtime.recordings.get(runtime.emitted[0]!.session);
    expect(recording).toMatchObject({ cols: 132, rows: 43, closed: true });
    expect(
      recording!.lines
        .filter(([s]) => s === 'i')
        .map(([, d]) => d)
        .join(''),
    ).toBe('exit\r');
  });

  it('answers a wrong password with "Login incorrect" and records each attempt, then hangs up after the retries', async () => {
    const { runtime, port, username } = await serve({ maxLoginTries: 2 });
    const client = new RawClient(port);
    for (let i = 0; i < 2; i++) {
      await client.waitFor('login: ', client.text.lastIndexOf('Login incorrect') + 1);
      client.type(`${username}\r\n`);
      await client.waitFor('Password: ', client.text.lastIndexOf('login: '));
      client.type('guess\r\n');
      await client.waitFor('Login incorrect', client.text.lastIndexOf('Password: '));
    }
    await eventually(() => client.closed);
    await eventually(() => runtime.emitted.some((e) => e.kind === 'disconnect'));
    expect(runtime.emitted.filter((e) => e.kind === 'auth').map((e) => 'success' in e && e.success)).toEqual([
      false,
      false,
    ]);
  });

  it('survives garbage and broken option sequences and still answers', async () => {
    const { port, host } = await serve();
    const garbage = new RawClient(port);
    garbage.type(Buffer.concat([randomBytes(20_000), Buffer.from([IAC, SB, OPT_NAWS]), randomBytes(5_000)]));
    garbage.socket.destroy();
    const client = new RawClient(port);
    await client.waitFor(`${host.hostname} login: `);
    client.socket.destroy();
  });
});

describe(TelnetDecoder.name, () => {
  it('strips IAC sequences, folds CR NUL and CR LF, unescapes IAC IAC and reports NAWS', () => {
    const data: number[] = [];
    const sizes: [number, number][] = [];
    const replies: number[][] = [];
    const decoder = new TelnetDecoder({
      data: (b) => data.push(...b),
      resize: (c, r) => sizes.push([c, r]),
      reply: (b) => replies.push([...b]),
    });
    decoder.feed(Buffer.from([0x61, IAC, DO, 1, 13, 0, 0x62, 13, 10, IAC, IAC, IAC, SB, OPT_NAWS, 0, 80, 0]));
    decoder.feed(Buffer.from([24, IAC, SE, IAC, WILL, 5]));
    expect(data).toEqual([0x61, 13, 0x62, 13, IAC]);
    expect(sizes).toEqual([[80, 24]]);
    expect(replies).toEqual([[IAC, 254, 5]]);
  });
});
