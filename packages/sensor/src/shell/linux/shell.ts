import { createHash } from 'node:crypto';
import { SessionFsError, type ShellOptions } from '../contract.js';
import {
  fsMessage,
  sha256,
  type CommandContext,
  type CommandFn,
  type DistributiveEvent,
  type Writer,
} from './command.js';
import { resolvePath } from '../paths.js';
import { accountGroups } from '../session-fs.js';
import { expandWord, expandWords } from './expand.js';
import type { GlobChar } from './glob.js';
import { parseLine, ShellSyntaxError, tokenize, type ListItem, type SimpleCommand, type Word } from './parser.js';
import { Sink, type ShellIo } from './sink.js';

export {
  fsMessage,
  sha256,
  type CommandContext,
  type CommandFn,
  type DistributiveEvent,
  type Writer,
} from './command.js';

export const OUTPUT_CAP = 1024 * 1024;
const MAX_READ_EVENTS_PER_LINE = 50;
const BORING = /^\/(proc|dev|sys|usr|lib|lib64|bin|sbin|run)\//;

/**
 * The state of one emulated bash (cwd, variables, aliases, history, last status) and its evaluator. Commands come
 * from a registry; nothing here reaches a real process, file or socket.
 */
export class LinuxShell {
  cwd: string;
  oldpwd: string | undefined;
  readonly env = new Map<string, string>();
  readonly aliases = new Map<string, string>();
  status = 0;
  /** This session's command lines (the world's history is read from ~/.bash_history). */
  history: string[] = [];
  historyCleared = false;
  exitRequested: number | undefined;
  readonly pid: number;
  readonly uid: number;
  readonly groups: string[];
  private lineFailed = false;
  private readEvents = 0;
  depth = 0;

  constructor(
    readonly options: ShellOptions,
    readonly interactive: boolean,
    private readonly commands: ReadonlyMap<string, CommandFn>,
  ) {
    const { origin, username } = options;
    const host = origin.host;
    this.uid = username === 'root' ? 0 : (host.accounts.find((a) => a.username === username)?.uid ?? 1000);
    this.groups = accountGroups(host, username);
    this.pid = 1000 + (createHash('sha256').update(origin.session).digest().readUInt16BE(0) % 60_000);
    this.cwd = options.fs.stat(options.fs.home)?.type === 'dir' ? options.fs.home : '/';
    const rhel = host.os.family === 'linux' && host.os.distro !== 'ubuntu' && host.os.distro !== 'debian';
    const path =
      username === 'root'
        ? '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin'
        : rhel
          ? `${options.fs.home}/.local/bin:${options.fs.home}/bin:/usr/local/bin:/usr/bin:/usr/local/sbin:/usr/sbin`
          : '/usr/local/bin:/usr/bin:/bin:/usr/local/games:/usr/games';
    const ssh = `${origin.src.ip} ${origin.src.port} ${origin.dst.port}`;
    const vars: [string, string][] = [
      ['SHELL', '/bin/bash'],
      ['PWD', this.cwd],
      ['LOGNAME', username],
      ['HOME', options.fs.home],
      ['LANG', host.os.family === 'linux' && rhel ? 'en_US.UTF-8' : 'C.UTF-8'],
      ['SSH_CONNECTION', `${origin.src.ip} ${origin.src.port} ${origin.dst.ip ?? host.ip} ${origin.dst.port}`],
      ['USER', username],
      ['SHLVL', '1'],
      ['SSH_CLIENT', ssh],
      ['PATH', path],
      ['MAIL', `/var/spool/mail/${username}`],
      ['HOSTNAME', host.hostname],
      ['HISTSIZE', '1000'],
    ];
    if (interactive)
      vars.push(['SSH_TTY', '/dev/pts/0'], ['TERM', options.env?.TERM?.slice(0, 64) ?? 'xterm-256color']);
    for (const [k, v] of vars) this.env.set(k, v);
    for (const [k, v] of Object.entries(options.env ?? {}))
      if (/^(LANG|LC_\w+|TERM)$/.test(k) && v.length < 128) this.env.set(k, v);
    this.aliases.set('ll', rhel ? 'ls -l --color=auto' : 'ls -alF');
    this.aliases.set('la', 'ls -A');
    this.aliases.set('l', 'ls -CF');
  }

  get username(): string {
    return this.options.username;
  }
  get host() {
    return this.options.origin.host;
  }
  get runtime() {
    return this.options.runtime;
  }
  get fs() {
    return this.options.fs;
  }
  /** How bash prefixes its own errors: `-bash: ` at a login prompt, `bash: line 1: ` for ssh exec. */
  get prefix(): string {
    return this.interactive ? '-bash: ' : 'bash: line 1: ';
  }

  resolve(path: string): string {
    return resolvePath(this.cwd, path, this.fs.home);
  }

  /** Runs one line (no history, no event): the building block for the terminal, exec, `sh -c` and scripts. */
  async run(line: string, io: ShellIo, out: Sink, err: Sink): Promise<number> {
    let items: ListItem[];
    try {
      items = parseLine(line);
    } catch (error) {
      if (!(error instanceof ShellSyntaxError)) throw error;
      err.write(`${this.prefix}${error.message}\n`);
      return (this.status = 2);
    }
    let previous: ListItem['next'] = ';';
    for (const item of items) {
      if (this.exitRequested !== undefined || io.signal.aborted) break;
      const skip = (previous === '&&' && this.status !== 0) || (previous === '||' && this.status === 0);
      if (!skip) {
        this.status = await this.runPipeline(item, io, out, err);
        if (item.next === '&') err.write(`[1] ${this.pid + 7}\n`);
      }
      previous = item.next;
    }
    return this.status;
  }

  /** Runs a line as the user typed it: event, history, output accounting. */
  async runUserLine(line: string, io: ShellIo, out: Sink, err: Sink): Promise<number> {
    this.lineFailed = false;
    this.readEvents = 0;
    const status = await this.run(line, io, out, err);
    this.emit({
      kind: 'command',
      input: line.slice(0, 65_536),
      outputSize: out.bytes + (out === err ? 0 : err.bytes),
      ...(this.lineFailed ? { failed: true } : {}),
    });
    return status;
  }

  private async runPipeline(item: ListItem, io: ShellIo, out: Sink, err: Sink): Promise<number> {
    const commands = item.pipeline.commands;
    let input = '';
    let status = 0;
    for (const [index, command] of commands.entries()) {
      const last = index === commands.length - 1;
      const sink = last ? out : new Sink(OUTPUT_CAP);
      status = await this.runSimple(command, input, index > 0, sink, err, io);
      input = sink.text();
    }
    return item.pipeline.negate ? (status === 0 ? 1 : 0) : status;
  }

  private async runSimple(
    command: SimpleCommand,
    stdin: string,
    piped: boolean,
    out: Sink,
    err: Sink,
    io: ShellIo,
  ): Promise<number> {
    let words = await this.expandWords(command.words, io);
    const alias = words[0] !== undefined && command.words[0]?.[0]?.t === 'lit' ? this.aliases.get(words[0]) : undefined;
    if (alias !== undefined) {
      const aliasWords = tokenize(alias).flatMap((t) => (t.k === 'word' ? [t.w] : []));
      words = [...(await this.expandWords(aliasWords, io)), ...words.slice(1)];
    }
    const assigns: [string, string][] = [];
    for (const a of command.assigns)
      assigns.push([a.name, (await this.expandWord(a.value, io)).map((f) => f.map((c) => c.c).join('')).join(' ')]);
    let input = stdin;
    let fromRedirect = piped;
    const fds = new Map<number, Sink>([
      [1, out],
      [2, err],
    ]);
    const files: { path: string; sink: Sink; append: boolean }[] = [];
    for (const r of command.redirects) {
      if (r.op === 'dup') {
        const target = fds.get(r.to!);
        if (target) fds.set(r.fd, target);
        continue;
      }
      const fields = await this.expandWords([r.target!], io);
      const target = fields[0] ?? '';
      if (fields.length !== 1) {
        err.write(
          `${this.prefix}${r.target!.map((p) => (p.t === 'lit' ? p.v : `$${p.t === 'var' ? p.name : '(...)'}`)).join('')}: ambiguous redirect\n`,
        );
        return 1;
      }
      const path = this.resolve(target);
      try {
        if (r.op === '<') {
          input = this.readText(target);
          fromRedirect = true;
        } else {
          const append = r.op === '>>';
          const existing = append && this.fs.stat(path)?.type === 'file' ? this.fs.readFile(path) : Buffer.alloc(0);
          this.fs.writeFile(path, existing);
          const sink = new Sink(this.runtime.limits.maxFileBytes + 1);
          files.push({ path, sink, append });
          fds.set(r.fd === 1 && r.op === '&>' ? 1 : r.fd, sink);
          if (r.op === '&>') fds.set(2, sink);
        }
      } catch (error) {
        err.write(`${this.prefix}${target}: ${fsMessage(error)}\n`);
        return 1;
      }
    }
    const stdout = fds.get(1) ?? out;
    const stderr = fds.get(2) ?? err;
    let status: number;
    if (words.length === 0) {
      for (const [k, v] of assigns) this.env.set(k, v);
      status = 0;
    } else {
      const saved = assigns.map(([k]) => [k, this.env.get(k)] as const);
      for (const [k, v] of assigns) this.env.set(k, v);
      status = await this.exec(words[0]!, words.slice(1), input, fromRedirect, stdout, stderr, io);
      for (const [k, v] of saved)
        if (v === undefined) this.env.delete(k);
        else this.env.set(k, v);
    }
    for (const file of files) {
      try {
        const before = file.append ? this.fs.readFile(file.path) : Buffer.alloc(0);
        this.writeData(file.path, Buffer.concat([before, Buffer.from(file.sink.text(), 'utf8')]));
      } catch (error) {
        err.write(`${this.prefix}${file.path}: ${fsMessage(error)}\n`);
        status = 1;
      }
    }
    return status;
  }

  /** Runs one command by name (builtins, the registry, or a path to a script). */
  async exec(
    name: string,
    args: string[],
    stdin: string,
    piped: boolean,
    out: Writer,
    err: Writer,
    io: ShellIo,
  ): Promise<number> {
    const base =
      name.includes('/') && /^\/(usr\/)?(local\/)?s?bin\/[^/]+$/.test(name)
        ? name.slice(name.lastIndexOf('/') + 1)
        : name;
    const fn = this.commands.get(base);
    const ctx: CommandContext = {
      sh: this,
      name: base,
      args,
      stdin,
      piped,
      io,
      out: (t) => out.write(t),
      err: (t) => err.write(t),
    };
    if (fn) {
      try {
        return await fn(ctx);
      } catch (error) {
        if (error instanceof SessionFsError) {
          err.write(`${base}: ${error.path}: ${fsMessage(error)}\n`);
          return 1;
        }
        err.write(`${base}: ${error instanceof Error ? error.message : 'error'}\n`);
        return 1;
      }
    }
    if (name.includes('/')) return this.execPath(ctx, name);
    this.lineFailed = true;
    err.write(`${this.prefix}${name}: command not found\n`);
    return 127;
  }

  private async execPath(ctx: CommandContext, name: string): Promise<number> {
    const stat = this.fs.stat(this.resolve(name));
    if (!stat) {
      ctx.err(`${this.prefix}${name}: No such file or directory\n`);
      return 127;
    }
    if (stat.type === 'dir') {
      ctx.err(`${this.prefix}${name}: Is a directory\n`);
      return 126;
    }
    const mine = stat.owner === this.username || this.uid === 0;
    if ((stat.mode & (mine ? 0o111 : 0o001)) === 0) {
      ctx.err(`${this.prefix}${name}: Permission denied\n`);
      return 126;
    }
    this.lineFailed = true;
    const data = this.fs.readFile(stat.path);
    if (data.subarray(0, 4).toString('latin1') === '\x7fELF' || data.includes(0)) {
      ctx.err(`${this.prefix}${name}: cannot execute binary file: Exec format error\n`);
      return 126;
    }
    return this.runScript(ctx, data.toString('utf8'));
  }

  /** Runs script text line by line in this shell (bounded), as `sh file`, `bash -c` and `./x.sh` do. */
  async runScript(ctx: CommandContext, text: string): Promise<number> {
    if (this.depth >= 3) {
      ctx.err(`${this.prefix}maximum nesting level exceeded\n`);
      return 1;
    }
    this.depth++;
    const out = new Sink(OUTPUT_CAP, ctx.out);
    const err = new Sink(OUTPUT_CAP, ctx.err);
    try {
      let status = 0;
      for (const line of text.split('\n').slice(0, 1_000)) {
        if (line.startsWith('#!')) continue;
        status = await this.run(line, ctx.io, out, err);
        if (this.exitRequested !== undefined) break;
      }
      return status;
    } finally {
      this.depth--;
    }
  }

  expandWords(words: Word[], io: ShellIo): Promise<string[]> {
    return expandWords(this, words, io);
  }

  expandWord(word: Word, io: ShellIo): Promise<GlobChar[][]> {
    return expandWord(this, word, io);
  }

  /** Reads a file for a command, recording reads of files an intruder would care about. */
  readText(path: string): string {
    return this.readData(path).toString('utf8');
  }

  readData(path: string): Buffer {
    const full = this.resolve(path);
    const data = this.fs.readFile(full);
    if (!BORING.test(full) && this.readEvents < MAX_READ_EVENTS_PER_LINE) {
      this.readEvents++;
      this.emit({ kind: 'file', action: 'read', path: full.slice(0, 4096), sha256: sha256(data), size: data.length });
    }
    return data;
  }

  writeData(path: string, data: Buffer, mode?: number): void {
    const full = this.resolve(path);
    this.fs.writeFile(full, data, mode);
    if (full !== '/dev/null')
      this.emit({
        kind: 'file',
        action: 'written',
        path: full.slice(0, 4096),
        sha256: sha256(data),
        size: data.length,
      });
  }

  emit(event: DistributiveEvent): void {
    this.emitAt(this.options.origin.host.hostname, event);
  }

  /** An event that happened on another host of the world (a login over ssh from this shell). */
  emitAt(hostname: string, event: DistributiveEvent): void {
    const { origin } = this.options;
    this.runtime.events.emit({
      ...event,
      session: origin.session,
      host: hostname,
      protocol: origin.protocol,
      src: origin.src,
      dst: origin.dst,
    });
  }

  /** Whether a command of this name exists in the emulated shell. */
  knows(name: string): boolean {
    return this.commands.has(name);
  }

  /** The uid (or gid) of a user or group name, from the host's /etc/passwd and /etc/group. */
  uidOf(name: string): number {
    for (const file of ['/etc/passwd', '/etc/group']) {
      try {
        const line = this.fs
          .readFile(file)
          .toString('utf8')
          .split('\n')
          .find((l) => l.startsWith(`${name}:`));
        if (line) return Number(line.split(':')[2]);
      } catch {
        // unreadable: fall through
      }
    }
    return name === 'root' ? 0 : 1000;
  }

  /** Every path below a directory, depth-first and bounded; unreadable directories are reported. */
  descendants(dir: string, limit = 20_000, denied?: (dir: string) => void): string[] {
    const out: string[] = [];
    const walk = (path: string, depth: number) => {
      if (out.length >= limit || depth > 40) return;
      let entries;
      try {
        entries = this.fs.list(path);
      } catch {
        if (depth > 0) denied?.(path);
        return;
      }
      for (const entry of entries) {
        if (out.length >= limit) return;
        out.push(entry.path);
        if (entry.type === 'dir') walk(entry.path, depth + 1);
      }
    };
    walk(this.resolve(dir), 0);
    return out;
  }

  markFailed(): void {
    this.lineFailed = true;
  }
}
