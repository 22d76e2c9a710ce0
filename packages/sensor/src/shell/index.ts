import { HostFileSystem } from '../world/filesystem.js';
import type { Host } from '../world/schema.js';
import type { WorldRuntime } from '../services/contracts.js';
import {
  SessionFsError,
  type ExecResult,
  type FileStat,
  type SessionFileSystem,
  type ShellOptions,
  type Terminal,
  type TerminalOptions,
} from './contract.js';

export * from './contract.js';

// STUB (to be replaced by the emulated shell): enough for the transports to be built and tested against.

export function createSessionFileSystem(runtime: WorldRuntime, host: Host, username: string): SessionFileSystem {
  const view = new HostFileSystem(runtime.world, host);
  const written = new Map<string, Buffer>();
  const home =
    host.os.family === 'windows' ? `C:\\Users\\${username}` : username === 'root' ? '/root' : `/home/${username}`;
  const stat = (path: string): FileStat | undefined => {
    const data = written.get(path);
    if (data)
      return {
        path,
        type: 'file',
        owner: username,
        group: username,
        mode: 0o644,
        size: data.length,
        mtime: runtime.now(),
      };
    const entry = view.stat(path);
    return (
      entry && {
        path: entry.path,
        type: entry.type,
        owner: entry.owner,
        group: entry.group,
        mode: entry.mode,
        size: entry.size,
        mtime: new Date(entry.mtime),
      }
    );
  };
  return {
    home,
    stat,
    readFile(path) {
      const data = written.get(path) ?? (view.read(path) === undefined ? undefined : Buffer.from(view.read(path)!));
      if (!data) throw new SessionFsError('ENOENT', path);
      return data;
    },
    writeFile(path, data) {
      if (data.length > runtime.limits.maxFileBytes) throw new SessionFsError('EFBIG', path);
      written.set(path, data);
    },
    list: (dir) => view.list(dir).map((e) => stat(e.path)!),
    mkdir: () => {},
    remove: (path) => void written.delete(path),
    rename: () => {},
    chmod: () => {},
  };
}

export function openTerminal(options: TerminalOptions): Terminal {
  const prompt = () => `${options.username}@${options.origin.host.hostname}:~$ `;
  let line = '';
  options.write(prompt());
  return {
    input(data) {
      for (const ch of data.toString()) {
        if (ch === '\r') {
          options.write('\r\n');
          const command = line.trim();
          line = '';
          if (command === 'exit') return options.exit(0);
          if (command) {
            options.runtime.events.emit({ ...originFields(options), kind: 'command', input: command, failed: true });
            options.write(`-bash: ${command.split(' ')[0]}: command not found\r\n`);
          }
          options.write(prompt());
        } else {
          line += ch;
          options.write(ch);
        }
      }
    },
    resize() {},
    close() {},
  };
}

export async function execCommand(options: ShellOptions, line: string): Promise<ExecResult> {
  options.runtime.events.emit({ ...originFields(options), kind: 'command', input: line, failed: true });
  return { stdout: '', stderr: `bash: ${line.split(' ')[0]}: command not found\n`, exitCode: 127 };
}

function originFields(options: ShellOptions) {
  const { origin } = options;
  return {
    session: origin.session,
    host: origin.host.hostname,
    protocol: origin.protocol,
    src: origin.src,
    dst: origin.dst,
  };
}
