import { createHash } from 'node:crypto';
import type { EventDraft } from '../../services/contracts.js';
import type { ShellOptions } from '../contract.js';
import type { Sink, ShellIo } from '../linux/sink.js';
import { resolveWindowsPath } from '../paths.js';
import { CMD_COMMANDS } from './commands.js';

export interface CmdContext {
  sh: CmdShell;
  name: string;
  /** The argument text after the command name, as cmd.exe passes it. */
  rest: string;
  args: string[];
  stdin: string;
  out: (text: string) => void;
  io: ShellIo;
}
export type CmdFn = (ctx: CmdContext) => number | Promise<number>;

/**
 * cmd.exe for the world's Windows workstations: `&`, `&&`, `||`, `|` (into findstr/more/find), `>`/`>>`, `%VAR%`,
 * case-insensitive commands and paths, CRLF output. Unknown commands answer as cmd.exe does.
 */
export class CmdShell {
  cwd: string;
  readonly env = new Map<string, string>();
  history: string[] = [];
  exitRequested: number | undefined;
  status = 0;
  readonly pid: number;
  private failed = false;

  constructor(
    readonly options: ShellOptions,
    readonly interactive: boolean,
  ) {
    const host = options.origin.host;
    this.cwd = options.fs.stat(options.fs.home) ? options.fs.home : 'C:\\Windows\\system32';
    this.pid = 2000 + (createHash('sha256').update(options.origin.session).digest().readUInt16BE(0) % 20_000);
    const home = options.fs.home;
    const vars: [string, string][] = [
      ['ALLUSERSPROFILE', 'C:\\ProgramData'],
      ['APPDATA', `${home}\\AppData\\Roaming`],
      ['COMPUTERNAME', host.hostname.toUpperCase()],
      ['ComSpec', 'C:\\Windows\\system32\\cmd.exe'],
      ['HOMEDRIVE', 'C:'],
      ['HOMEPATH', home.slice(2)],
      ['LOCALAPPDATA', `${home}\\AppData\\Local`],
      ['LOGONSERVER', `\\\\${this.logonServer()}`],
      ['NUMBER_OF_PROCESSORS', '4'],
      ['OS', 'Windows_NT'],
      [
        'Path',
        'C:\\Windows\\system32;C:\\Windows;C:\\Windows\\System32\\Wbem;C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\;C:\\Windows\\System32\\OpenSSH\\',
      ],
      ['PATHEXT', '.COM;.EXE;.BAT;.CMD;.VBS;.VBE;.JS;.JSE;.WSF;.WSH;.MSC'],
      ['PROCESSOR_ARCHITECTURE', 'AMD64'],
      ['ProgramData', 'C:\\ProgramData'],
      ['ProgramFiles', 'C:\\Program Files'],
      ['PROMPT', '$P$G'],
      ['SystemDrive', 'C:'],
      ['SystemRoot', 'C:\\Windows'],
      ['TEMP', `${home}\\AppData\\Local\\Temp`],
      ['TMP', `${home}\\AppData\\Local\\Temp`],
      ['USERDOMAIN', this.domainFor(options.username)],
      ['USERNAME', options.username],
      ['USERPROFILE', home],
      ['windir', 'C:\\Windows'],
    ];
    for (const [k, v] of vars) this.env.set(k, v);
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
  get username() {
    return this.options.username;
  }

  /** The NetBIOS domain: the organisation's short name; local accounts belong to the machine. */
  netbiosDomain(): string {
    return (
      this.runtime.world.organisation.shortName
        .toUpperCase()
        .replace(/[^A-Z0-9]/g, '')
        .slice(0, 15) || 'WORKGROUP'
    );
  }

  domainFor(username: string): string {
    const account = this.host.accounts.find((a) => a.username === username);
    return account?.employee ? this.netbiosDomain() : this.host.hostname.toUpperCase();
  }

  logonServer(): string {
    return (this.runtime.world.hosts.find((h) => h.role === 'directory')?.hostname ?? this.host.hostname).toUpperCase();
  }

  resolve(path: string): string {
    return resolveWindowsPath(this.cwd, path.replace(/^"|"$/g, ''));
  }

  expand(text: string): string {
    return text.replace(/%([^%\s]+)%/g, (m, name: string) => {
      for (const [k, v] of this.env) if (k.toLowerCase() === name.toLowerCase()) return v;
      return m;
    });
  }

  async runUserLine(line: string, io: ShellIo, out: Sink, err: Sink): Promise<number> {
    this.failed = false;
    const status = await this.run(line, io, out, err);
    this.emit({
      kind: 'command',
      input: line.slice(0, 65_536),
      outputSize: out.bytes + (out === err ? 0 : err.bytes),
      ...(this.failed ? { failed: true } : {}),
    });
    return status;
  }

  private async run(line: string, io: ShellIo, out: Sink, err: Sink): Promise<number> {
    const items = splitCommands(this.expand(line)).slice(0, 64);
    let previous = '&';
    for (const item of items) {
      if (this.exitRequested !== undefined) break;
      if ((previous === '&&' && this.status !== 0) || (previous === '||' && this.status === 0)) {
        previous = item.next;
        continue;
      }
      let input = '';
      for (const [index, stage] of item.pipeline.entries()) {
        const last = index === item.pipeline.length - 1;
        const chunks: string[] = [];
        const redirect = /^(.*?)\s*(\d?)(>>?)\s*("[^"]*"|\S+)\s*$/.exec(stage);
        const text = redirect ? redirect[1]! : stage;
        const write = (t: string) => (last && !redirect ? out.write(t) : chunks.push(t));
        this.status = await this.runOne(text.trim(), input, write, io);
        if (redirect) {
          const target = redirect[4]!;
          if (redirect[2] === '2' || /^nul$/i.test(target)) {
            if (last) out.write(chunks.join(''));
          } else {
            try {
              const path = this.resolve(target);
              const before = redirect[3] === '>>' && this.fs.stat(path) ? this.fs.readFile(path) : Buffer.alloc(0);
              const data = Buffer.concat([before, Buffer.from(chunks.join(''))]);
              this.fs.writeFile(path, data);
              this.emit({
                kind: 'file',
                action: 'written',
                path: path.slice(0, 4096),
                sha256: createHash('sha256').update(data).digest('hex'),
                size: data.length,
              });
            } catch {
              err.write('Access is denied.\r\n');
              this.status = 1;
            }
          }
        }
        input = chunks.join('');
      }
      previous = item.next;
    }
    return this.status;
  }

  private async runOne(text: string, stdin: string, out: (t: string) => void, io: ShellIo): Promise<number> {
    if (text === '') return 0;
    const match = /^(@?)([^\s./\\:]+|[a-z]:|\.\.|\\)(?=$|[\s./\\])(.*)$/is.exec(text) ?? /^()(\S+)(.*)$/s.exec(text)!;
    let name = match[2]!.toLowerCase();
    const rest = match[3]!.replace(/^\s+/, '');
    if (/^[a-z]:$/.test(name)) return name === 'c:' ? 0 : (out('The system cannot find the drive specified.\r\n'), 1);
    if (name === 'echo.' || text.toLowerCase().startsWith('echo.')) return (out('\r\n'), 0);
    name = name.replace(/\.(exe|com)$/, '');
    const fn = CMD_COMMANDS[name];
    if (!fn) {
      this.failed = true;
      out(`'${match[2]}' is not recognized as an internal or external command,\r\noperable program or batch file.\r\n`);
      return 9009;
    }
    const ctx: CmdContext = {
      sh: this,
      name,
      rest,
      args: rest.split(/\s+/).filter(Boolean),
      stdin,
      out: (t) => out(t.replace(/\r?\n/g, '\r\n')),
      io,
    };
    try {
      return await fn(ctx);
    } catch {
      out('The system cannot find the path specified.\r\n');
      return 1;
    }
  }

  readFile(path: string): Buffer {
    const full = this.resolve(path);
    const data = this.fs.readFile(full);
    this.emit({
      kind: 'file',
      action: 'read',
      path: full.slice(0, 4096),
      sha256: createHash('sha256').update(data).digest('hex'),
      size: data.length,
    });
    return data;
  }

  emit(event: Record<string, unknown>): void {
    const { origin } = this.options;
    this.runtime.events.emit({
      ...event,
      session: origin.session,
      host: origin.host.hostname,
      protocol: origin.protocol,
      src: origin.src,
      dst: origin.dst,
    } as EventDraft);
  }
}

interface CmdItem {
  pipeline: string[];
  next: string;
}

/** Splits on `&`, `&&`, `||` and `|` outside double quotes. */
function splitCommands(line: string): CmdItem[] {
  const items: CmdItem[] = [];
  let pipeline: string[] = [];
  let current = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (c === '"') quoted = !quoted;
    if (!quoted && c === '^' && i + 1 < line.length) {
      current += line[++i];
      continue;
    }
    if (!quoted && (c === '&' || c === '|')) {
      const double = line[i + 1] === c;
      if (c === '|' && !double) {
        pipeline.push(current);
        current = '';
        continue;
      }
      pipeline.push(current);
      items.push({ pipeline, next: double ? c + c : '&' });
      pipeline = [];
      current = '';
      if (double) i++;
      continue;
    }
    current += c;
  }
  pipeline.push(current);
  items.push({ pipeline, next: '&' });
  return items.filter((item) => item.pipeline.some((p) => p.trim() !== ''));
}
