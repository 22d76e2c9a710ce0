import { randomUUID } from 'node:crypto';
import { createServer, type Socket } from 'node:net';
import type { ServiceHandle } from '../services/contracts.js';
import type { Starter } from './starters.js';

/**
 * A line service for the runtime's tests (and for trying a sensor before the real transports are there): each
 * connection is a session on the world's first host (connect, a command per line, disconnect, a recording).
 * `burst N` emits N commands at once; `upload TEXT` captures TEXT as an uploaded file.
 */
export const lineServiceStarter: Starter = async ({ runtime, binding, entryHost }) => {
  const host = runtime.world.hosts.find((h) => h.hostname === entryHost) ?? runtime.world.hosts[0]!;
  const sockets = new Set<Socket>();
  const closing: Promise<void>[] = [];

  const server = createServer((socket) => {
    sockets.add(socket);
    const session = randomUUID().replaceAll('-', '').slice(0, 16);
    const origin = {
      session,
      host: host.hostname,
      protocol: 'telnet' as const,
      src: { ip: socket.remoteAddress?.replace(/^::ffff:/, '') ?? '0.0.0.0', port: socket.remotePort ?? 0 },
      dst: { ip: socket.localAddress?.replace(/^::ffff:/, ''), port: socket.localPort ?? 0 },
    };
    const started = runtime.now().getTime();
    runtime.events.emit({ ...origin, kind: 'connect' });
    const recorder = runtime.recorder(session, host.hostname, 80, 24);
    let buffered = '';
    let ended: () => void = () => {};
    closing.push(new Promise((resolve) => (ended = resolve)));
    socket.setEncoding('utf8');
    socket.on('data', (data: string) => {
      buffered += data;
      let at: number;
      while ((at = buffered.indexOf('\n')) >= 0) {
        const line = buffered.slice(0, at).trim();
        buffered = buffered.slice(at + 1);
        recorder.record('i', `${line}\r\n`);
        void answer(line).then((reply) => {
          recorder.record('o', reply);
          if (!socket.destroyed) socket.write(reply);
        });
      }
    });
    const answer = async (line: string): Promise<string> => {
      const burst = /^burst (\d+)$/.exec(line);
      if (burst) {
        for (let i = 0; i < Number(burst[1]); i++)
          runtime.events.emit({ ...origin, kind: 'command', input: `echo ${i}` });
        return `burst ${burst[1]} done\n`;
      }
      if (line.startsWith('upload ')) {
        const stored = await runtime.captures.put(Buffer.from(line.slice(7)));
        runtime.events.emit({ ...origin, kind: 'file', action: 'uploaded', path: '/tmp/upload', ...stored });
        return `stored ${stored.sha256}\n`;
      }
      runtime.events.emit({ ...origin, kind: 'command', input: line, outputSize: 3 });
      return 'ok\n';
    };
    socket.on('error', () => undefined);
    socket.on('close', () => {
      sockets.delete(socket);
      runtime.events.emit({ ...origin, kind: 'disconnect', duration: (runtime.now().getTime() - started) / 1000 });
      recorder.close();
      ended();
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(binding.port, binding.host, () => resolve());
  });
  const address = server.address() as { address: string; port: number };
  const handle: ServiceHandle = {
    address: { host: address.address, port: address.port },
    async close() {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      for (const socket of sockets) socket.destroy();
      await Promise.all([closed, ...closing]);
    },
  };
  return handle;
};
