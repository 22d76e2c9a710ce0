import type { ShellOptions } from './contract.js';
import { LINUX_COMMAND_TABLE } from './linux/commands/index.js';
import { LinuxShell, OUTPUT_CAP } from './linux/shell.js';
import { Sink, type ShellIo } from './linux/sink.js';
import { tildePath } from './paths.js';
import { CmdShell } from './windows/cmd.js';

/** What the terminal and exec need from a shell, whichever platform it imitates. */
export interface Interpreter {
  prompt(): string;
  /** Runs one line as typed (one `command` event); output goes to `out`/`err` (the same writer in a terminal). */
  runLine(line: string, io: ShellIo, out: (text: string) => void, err: (text: string) => void): Promise<number>;
  /** Set once the shell was asked to end (exit, logout). */
  readonly exitCode: number | undefined;
  /** This session's lines, oldest first, for the arrow keys. */
  readonly history: readonly string[];
  /** What the terminal writes when the shell ends by `exit` or Ctrl-D. */
  readonly farewell: string;
  /** Commands that take a while on a real host (network, whole-tree walks): the terminal waits longer. */
  isSlow(line: string): boolean;
}

const SLOW =
  /^\s*(sudo\s+)?(wget|curl|ssh|scp|rsync|find|tar|du|grep\s+-\w*r|yum|dnf|apt|apt-get|top|systeminfo|net\s+view|tasklist|netstat|ping|nslookup)\b/;

class LinuxInterpreter implements Interpreter {
  readonly shell: LinuxShell;
  readonly farewell = 'logout\n';

  constructor(options: ShellOptions, interactive: boolean) {
    this.shell = new LinuxShell(options, interactive, LINUX_COMMAND_TABLE);
  }

  prompt(): string {
    const sh = this.shell;
    const os = sh.host.os;
    const sign = sh.uid === 0 ? '#' : '$';
    const where = tildePath(sh.cwd, sh.fs.home);
    if (os.family === 'linux' && (os.distro === 'ubuntu' || os.distro === 'debian'))
      return `${sh.username}@${sh.host.hostname}:${where}${sign} `;
    const base = where === '~' || where === '/' ? where : where.slice(where.lastIndexOf('/') + 1);
    return `[${sh.username}@${sh.host.hostname} ${base}]${sign} `;
  }

  async runLine(line: string, io: ShellIo, out: (text: string) => void, err: (text: string) => void): Promise<number> {
    if (line.trim() !== '') this.shell.history.push(line);
    const stdout = new Sink(OUTPUT_CAP, out);
    const stderr = out === err ? stdout : new Sink(OUTPUT_CAP, err);
    return this.shell.runUserLine(line, io, stdout, stderr);
  }

  get exitCode(): number | undefined {
    return this.shell.exitRequested;
  }

  get history(): readonly string[] {
    return this.shell.history;
  }

  isSlow(line: string): boolean {
    return SLOW.test(line);
  }
}

class WindowsInterpreter implements Interpreter {
  readonly shell: CmdShell;
  readonly farewell = '';

  constructor(options: ShellOptions, interactive: boolean) {
    this.shell = new CmdShell(options, interactive);
  }

  prompt(): string {
    return `${this.shell.cwd}>`;
  }

  async runLine(line: string, io: ShellIo, out: (text: string) => void, err: (text: string) => void): Promise<number> {
    if (line.trim() !== '') this.shell.history.push(line);
    const stdout = new Sink(OUTPUT_CAP, out);
    const stderr = out === err ? stdout : new Sink(OUTPUT_CAP, err);
    return this.shell.runUserLine(line, io, stdout, stderr);
  }

  get exitCode(): number | undefined {
    return this.shell.exitRequested;
  }

  get history(): readonly string[] {
    return this.shell.history;
  }

  isSlow(line: string): boolean {
    return SLOW.test(line);
  }
}

export function createInterpreter(options: ShellOptions, interactive: boolean): Interpreter {
  return options.origin.host.os.family === 'windows'
    ? new WindowsInterpreter(options, interactive)
    : new LinuxInterpreter(options, interactive);
}
