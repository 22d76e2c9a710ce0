import { createHash } from 'node:crypto';
import type { EventDraft } from '../../services/contracts.js';
import { SessionFsError, STRERROR } from '../contract.js';
import type { LinuxShell } from './shell.js';
import type { ShellIo } from './sink.js';

/** What a command gets: its arguments, its input, its two outputs and the shell it runs in. */
export interface CommandContext {
  sh: LinuxShell;
  name: string;
  args: string[];
  stdin: string;
  /** Input came from a pipe or a redirection (otherwise commands such as cat would wait on the terminal). */
  piped: boolean;
  out: (text: string) => void;
  err: (text: string) => void;
  io: ShellIo;
}
/** Anything output can go to. */
export interface Writer {
  write(text: string): void;
}
export type CommandFn = (ctx: CommandContext) => number | Promise<number>;

export type DistributiveEvent = EventDraft extends infer E
  ? E extends unknown
    ? Omit<E, 'session' | 'host' | 'protocol' | 'src' | 'dst'>
    : never
  : never;

export const sha256 = (data: Buffer | string) => createHash('sha256').update(data).digest('hex');

/** The strerror text bash and coreutils print for a file-system error. */
export function fsMessage(error: unknown): string {
  if (!(error instanceof SessionFsError)) return error instanceof Error ? error.message : 'error';
  return STRERROR[error.code];
}
