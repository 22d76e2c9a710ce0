import type { SessionOrigin, WorldRuntime } from '../services/contracts.js';

/**
 * What the transports (SSH, Telnet) need from the emulated shells. A session's file system is created once per
 * session and shared by its shell, its exec requests and its scp/sftp transfers: a copy-on-write layer over the
 * host's read-only view, held in memory, so nothing an attacker writes touches the real disk (captured uploads go
 * to the runtime's content-addressed store as well).
 */

export interface FileStat {
  path: string;
  type: 'dir' | 'file';
  owner: string;
  group: string;
  mode: number;
  size: number;
  mtime: Date;
}

/** A file-system error as the shells print it, with the errno name (`ENOENT`, `EACCES`, `EISDIR`, `ENOTDIR`, `EFBIG`). */
export class SessionFsError extends Error {
  constructor(
    readonly code: keyof typeof STRERROR,
    readonly path: string,
  ) {
    super(`${code}: ${path}`);
  }
}

/** The strerror text Linux tools (bash, coreutils, OpenSSH's scp and sftp) print for each error. */
export const STRERROR = {
  ENOENT: 'No such file or directory',
  EACCES: 'Permission denied',
  EISDIR: 'Is a directory',
  ENOTDIR: 'Not a directory',
  EEXIST: 'File exists',
  ENOTEMPTY: 'Directory not empty',
  EFBIG: 'File too large',
  ENOSPC: 'No space left on device',
} as const;

export interface SessionFileSystem {
  /** The session user's home folder. */
  readonly home: string;
  stat(path: string): FileStat | undefined;
  /** Throws ENOENT, EISDIR or EACCES (the session user may not read it). */
  readFile(path: string): Buffer;
  /** Throws EACCES, ENOTDIR, EISDIR or EFBIG (over the runtime's `maxFileBytes`, or the session's total). */
  writeFile(path: string, data: Buffer, mode?: number): void;
  list(dir: string): FileStat[];
  mkdir(path: string, mode?: number): void;
  remove(path: string): void;
  rename(from: string, to: string): void;
  chmod(path: string, mode: number): void;
}

export interface ShellOptions {
  runtime: WorldRuntime;
  /** The session: its host is the host whose shell this is. */
  origin: SessionOrigin;
  username: string;
  fs: SessionFileSystem;
  /** Environment the client asked for (ssh `env` requests, TERM), filtered by the shell. */
  env?: Readonly<Record<string, string>>;
}

export interface TerminalOptions extends ShellOptions {
  cols: number;
  rows: number;
  /** Output to the attacker's terminal (CRLF line ends, as a pty would send). */
  write(data: string): void;
  /** The shell ended (`exit`, `logout`, Ctrl-D) with this status. */
  exit(code: number): void;
}

/** An interactive shell with its own line editing (echo, backspace, Ctrl-C, Ctrl-D, history with the arrow keys). */
export interface Terminal {
  input(data: string | Buffer): void;
  resize(cols: number, rows: number): void;
  /** The transport went away: ends the shell without writing. */
  close(): void;
}

export interface ExecResult {
  stdout: string;
  stderr: string;
  exitCode: number;
}
