import { posix } from 'node:path';
import type { ServerChannel } from 'ssh2';
import { fsErrorText, type TransferSession } from './transfer.js';

/**
 * The legacy scp protocol (`scp -O`, and every scp before OpenSSH 9.0), as the remote end: `scp -t TARGET` receives
 * files (sink), `scp -f PATH` sends them (source). Control lines are `C<mode> <size> <name>`, `D<mode> 0 <name>`,
 * `E`, `T<mtime> 0 <atime> 0`, each answered with a zero byte; an error is `\x01scp: message\n`.
 */

export interface ScpCommand {
  mode: 'sink' | 'source';
  recursive: boolean;
  target: string;
}

/** Parses `scp [-r] [-p] [-d] [-v] -t|-f [--] PATH`; undefined when the command is not scp's remote end. */
export function parseScpCommand(command: string): ScpCommand | undefined {
  const words = command.trim().split(/\s+/);
  if (words[0] !== 'scp' && words[0] !== '/usr/bin/scp') return undefined;
  let mode: ScpCommand['mode'] | undefined;
  let recursive = false;
  const rest: string[] = [];
  for (const word of words.slice(1)) {
    if (word === '--') continue;
    if (/^-[a-zA-Z]+$/.test(word)) {
      if (word.includes('t')) mode = 'sink';
      if (word.includes('f')) mode = 'source';
      if (word.includes('r')) recursive = true;
    } else rest.push(word);
  }
  if (!mode) return undefined;
  const target = rest.join(' ').replace(/^(['"])(.*)\1$/, '$2') || '.';
  return { mode, recursive, target };
}

const CONTROL_LINE_MAX = 4096;

/** Receives files from the client into the session's file system; resolves with scp's exit status. */
export function scpSink(channel: ServerChannel, transfer: TransferSession, command: ScpCommand): Promise<number> {
  return new Promise((resolve) => {
    const target = transfer.resolve(command.target);
    const dirs: string[] = [];
    let buffer: Buffer = Buffer.alloc(0);
    let file: { path: string; mode: number; size: number; chunks: Buffer[]; got: number } | undefined;
    let status = 0;
    let finished = false;
    const ack = () => channel.write(Buffer.from([0]));
    const error = (message: string) => {
      status = 1;
      channel.write(Buffer.from(`\x01scp: ${message}\n`));
    };
    const finish = () => {
      if (finished) return;
      finished = true;
      resolve(status);
    };
    const destination = (name: string) => {
      if (dirs.length > 0) return posix.join(dirs[dirs.length - 1]!, name);
      const stat = transfer.fs.stat(target);
      return stat?.type === 'dir' ? posix.join(target, name) : target;
    };
    let busy = false;
    const pump = async () => {
      if (busy) return;
      busy = true;
      try {
        while (!finished) {
          if (file) {
            const need = file.size - file.got;
            if (need > 0) {
              if (buffer.length === 0) return;
              const part = buffer.subarray(0, need);
              file.chunks.push(Buffer.from(part));
              file.got += part.length;
              buffer = buffer.subarray(part.length);
              continue;
            }
            // The data is followed by one status byte from the client.
            if (buffer.length === 0) return;
            buffer = buffer.subarray(1);
            const done = file;
            file = undefined;
            try {
              await transfer.upload(done.path, Buffer.concat(done.chunks, done.size), done.mode);
              ack();
            } catch (e) {
              error(`${done.path}: ${fsErrorText(e)}`);
            }
            continue;
          }
          const nl = buffer.indexOf(0x0a);
          if (nl < 0) {
            if (buffer.length > CONTROL_LINE_MAX) {
              error('protocol error: line too long');
              channel.close();
              return finish();
            }
            return;
          }
          const line = buffer.toString('utf8', 0, nl);
          buffer = buffer.subarray(nl + 1);
          const kind = line[0];
          if (kind === 'C' || kind === 'D') {
            const m = /^[CD]([0-7]{4}) (\d+) (.+)$/.exec(line);
            if (!m || m[3]!.includes('/') || m[3] === '..') {
              error('protocol error: bad mode');
              continue;
            }
            const mode = parseInt(m[1]!, 8);
            const size = Number(m[2]);
            const path = destination(m[3]!);
            if (kind === 'D') {
              try {
                if (!transfer.fs.stat(path)) transfer.fs.mkdir(path, mode);
                dirs.push(path);
                ack();
              } catch (e) {
                error(`${path}: ${fsErrorText(e)}`);
              }
            } else if (!transfer.allows(size)) {
              error(`${path}: File too large`);
              channel.close();
              return finish();
            } else {
              file = { path, mode, size, chunks: [], got: 0 };
              ack();
            }
          } else if (kind === 'E') {
            dirs.pop();
            ack();
          } else if (kind === 'T') {
            ack();
          } else if (kind === '\x01' || kind === '\x02') {
            status = 1;
          } else {
            error('protocol error: unexpected <newline>');
            channel.close();
            return finish();
          }
        }
      } finally {
        busy = false;
      }
    };
    channel.on('data', (chunk: Buffer) => {
      buffer = buffer.length === 0 ? chunk : Buffer.concat([buffer, chunk]);
      void pump();
    });
    channel.on('end', finish);
    channel.on('close', finish);
    ack();
  });
}

/** Sends a file (or, with -r, a directory tree) to the client; resolves with scp's exit status. */
export function scpSource(channel: ServerChannel, transfer: TransferSession, command: ScpCommand): Promise<number> {
  return new Promise((resolve) => {
    const queue: string[] = [];
    const waiting: (() => void)[] = [];
    let closed = false;
    channel.on('data', (chunk: Buffer) => {
      for (const byte of chunk) {
        if (byte === 0) waiting.shift()?.();
        else if (byte === 1 || byte === 2) {
          // Client reported an error: stop.
          closed = true;
          waiting.splice(0).forEach((w) => w());
        }
      }
    });
    const finish = () => {
      closed = true;
      waiting.splice(0).forEach((w) => w());
    };
    channel.on('close', finish);
    channel.on('end', finish);
    const ackFromClient = () => new Promise<void>((r) => (closed ? r() : waiting.push(r)));
    const send = async (line: string | Buffer) => {
      channel.write(line);
      await ackFromClient();
    };

    const sendPath = async (path: string): Promise<number> => {
      const stat = transfer.fs.stat(path);
      if (!stat) {
        channel.write(`\x01scp: ${path}: No such file or directory\n`);
        return 1;
      }
      const mode = (stat.mode & 0o7777).toString(8).padStart(4, '0');
      const name = posix.basename(path);
      if (stat.type === 'dir') {
        if (!command.recursive) {
          channel.write(`\x01scp: ${path}: not a regular file\n`);
          return 1;
        }
        await send(`D${mode} 0 ${name}\n`);
        let status = 0;
        for (const entry of transfer.fs.list(path)) {
          if (closed) return 1;
          status |= await sendPath(entry.path);
        }
        await send('E\n');
        return status;
      }
      let data: Buffer;
      try {
        data = transfer.download(path);
      } catch (e) {
        channel.write(`\x01scp: ${path}: ${fsErrorText(e)}\n`);
        return 1;
      }
      await send(`C${mode} ${data.length} ${name}\n`);
      if (closed) return 1;
      await send(Buffer.concat([data, Buffer.from([0])]));
      return 0;
    };

    queue.push(transfer.resolve(command.target));
    void (async () => {
      await ackFromClient(); // the client starts with a zero byte
      let status = 0;
      for (const path of queue) if (!closed) status |= await sendPath(path);
      resolve(status);
    })();
  });
}
