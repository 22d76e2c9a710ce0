import { accountPassword, findHost, homeOf } from './accounts.js';
import { linuxSkeleton, renderMaildir, windowsSkeleton } from './render.js';
import { Random } from './random.js';
import type { Host, World, WorldFile } from './schema.js';

/** One entry of a host's file tree as the emulated shells show it. */
export interface VfsEntry {
  path: string;
  type: 'dir' | 'file';
  owner: string;
  group: string;
  /** Permission bits, e.g. 0o644. */
  mode: number;
  mtime: string;
  /** Bytes of the UTF-8 content (0 for directories); rendering happens on first use. */
  readonly size: number;
  /** The content, rendered on first use and kept. */
  read(): string;
}

/**
 * A read-only view of one host's files: the platform skeleton, files derived from the world (/etc/passwd from the
 * accounts, mailboxes from the mail threads, the DNS zone from the hosts) and the world's own files. Content is
 * produced lazily, so a view of a large world costs little until a shell reads a file. The later shell layers a
 * copy-on-write overlay per session over this view.
 */
export class HostFileSystem {
  readonly separator: '/' | '\\';
  private readonly entries = new Map<string, VfsEntry>();

  constructor(
    readonly world: World,
    readonly host: Host,
  ) {
    this.separator = host.os.family === 'windows' ? '\\' : '/';
    const add = (spec: EntrySpec) => this.add(spec);
    if (host.os.family === 'linux') linuxSkeleton(world, host, add);
    else windowsSkeleton(world, host, add);
    for (const account of host.accounts) this.addHome(host, homeOf(host, account), account.username);
    if (world.mail && world.mail.host.toLowerCase() === host.hostname.toLowerCase()) renderMaildir(world, host, add);
    for (const file of host.files) this.addWorldFile(file);
  }

  /** Looks a path up (case-insensitively on Windows). */
  stat(path: string): VfsEntry | undefined {
    return this.entries.get(this.key(this.normalise(path)));
  }

  read(path: string): string | undefined {
    const entry = this.stat(path);
    return entry?.type === 'file' ? entry.read() : undefined;
  }

  /** The entries directly inside a directory, sorted by name. */
  list(dir: string): VfsEntry[] {
    const base = this.normalise(dir);
    const prefix = this.key(base.endsWith(this.separator) ? base : base + this.separator);
    const out: VfsEntry[] = [];
    for (const [key, entry] of this.entries) {
      if (key.startsWith(prefix) && key.length > prefix.length && !key.slice(prefix.length).includes(this.separator))
        out.push(entry);
    }
    return out.sort((a, b) => (a.path < b.path ? -1 : 1));
  }

  /** Every entry, for tests and exports. */
  all(): VfsEntry[] {
    return [...this.entries.values()];
  }

  private normalise(path: string): string {
    if (this.separator === '\\') return path.replaceAll('/', '\\').replace(/\\+$/, '') || path;
    return path.length > 1 ? path.replace(/\/+$/, '') : path;
  }

  private key(path: string): string {
    return this.separator === '\\' ? path.toLowerCase() : path;
  }

  private add(spec: EntrySpec): void {
    const path = this.normalise(spec.path);
    this.ensureParents(path, spec.mtime);
    let cache: string | undefined;
    const render = spec.content;
    const read = () => (cache ??= typeof render === 'function' ? render() : (render ?? ''));
    this.entries.set(this.key(path), {
      path,
      type: spec.type ?? 'file',
      owner: spec.owner ?? this.rootName(),
      group: spec.group ?? spec.owner ?? this.rootName(),
      mode: spec.mode ?? (spec.type === 'dir' ? 0o755 : 0o644),
      mtime: spec.mtime ?? this.host.bootedAt,
      get size() {
        return spec.type === 'dir' ? 4096 : Buffer.byteLength(read(), 'utf8');
      },
      read,
    });
  }

  private ensureParents(path: string, mtime: string | undefined): void {
    const sep = this.separator;
    const parts = path.split(sep);
    for (let i = 1; i < parts.length - 1; i++) {
      const parent = parts.slice(0, i + 1).join(sep) || sep;
      if (sep === '/' && parent === '/') continue;
      if (!this.entries.has(this.key(parent)) && !(sep === '\\' && i === 0))
        this.entries.set(this.key(parent), this.directory(parent, mtime));
    }
  }

  private directory(path: string, mtime: string | undefined, owner?: string, mode = 0o755): VfsEntry {
    const root = this.rootName();
    return {
      path,
      type: 'dir',
      owner: owner ?? root,
      group: owner ?? root,
      mode,
      mtime: mtime ?? this.host.bootedAt,
      size: 4096,
      read: () => '',
    };
  }

  private rootName(): string {
    return this.host.os.family === 'windows' ? 'SYSTEM' : 'root';
  }

  private addHome(host: Host, home: string, username: string): void {
    if (host.os.family === 'linux' && !home.startsWith('/home/') && home !== '/root') return;
    const path = this.normalise(home);
    this.ensureParents(path, undefined);
    const mode =
      username === 'root' ? 0o700 : host.os.family === 'linux' && host.os.distro === 'ubuntu' ? 0o750 : 0o755;
    this.entries.set(this.key(path), this.directory(path, host.bootedAt, username, mode));
    if (host.os.family === 'linux') {
      for (const [name, content] of SKEL)
        this.add({ path: `${path}/${name}`, owner: username, content, mtime: host.bootedAt });
    } else {
      for (const dir of ['Desktop', 'Documents', 'Downloads', 'Pictures', 'AppData\\Local', 'AppData\\Roaming'])
        this.entries.set(this.key(`${path}\\${dir}`), this.directory(`${path}\\${dir}`, host.bootedAt, username));
    }
  }

  private addWorldFile(file: WorldFile): void {
    const template = file.template;
    this.add({
      path: file.path,
      owner: file.owner,
      ...(file.group !== undefined ? { group: file.group } : {}),
      mode: file.mode !== undefined ? parseInt(file.mode, 8) : 0o644,
      mtime: file.mtime,
      content: file.content ?? (() => renderTemplate(template!.name, template!.seed)),
    });
  }
}

/** What the renderers give the view: a path and, for files, content (a string or a function rendering it). */
export interface EntrySpec {
  path: string;
  type?: 'dir' | 'file';
  owner?: string;
  group?: string;
  mode?: number;
  mtime?: string;
  content?: string | (() => string);
}

/**
 * The file view of one host of the world.
 *
 * @example
 * const fs = hostFileSystem(world, 'tky-fs01');
 * fs.list('/home').map((e) => e.path);
 */
export function hostFileSystem(world: World, hostname: string): HostFileSystem {
  const host = findHost(world, hostname);
  if (!host) throw new Error(`no host "${hostname}" in the world`);
  return new HostFileSystem(world, host);
}

const SKEL: readonly (readonly [string, string])[] = [
  ['.bash_logout', '# ~/.bash_logout: executed by bash(1) when login shell exits.\n'],
  [
    '.bashrc',
    "# ~/.bashrc: executed by bash(1) for non-login shells.\ncase $- in\n    *i*) ;;\n      *) return;;\nesac\nHISTCONTROL=ignoreboth\nHISTSIZE=1000\nHISTFILESIZE=2000\nalias ll='ls -alF'\n",
  ],
  [
    '.profile',
    '# ~/.profile: executed by the command interpreter for login shells.\nif [ -n "$BASH_VERSION" ]; then\n    if [ -f "$HOME/.bashrc" ]; then\n\t. "$HOME/.bashrc"\n    fi\nfi\n',
  ],
];

/** Filler content that makes a directory look lived-in without storing it: the same seed gives the same text. */
export function renderTemplate(name: 'filler-log' | 'filler-text', seed: number): string {
  const random = new Random(seed);
  const lines: string[] = [];
  const count = random.int(20, 120);
  for (let i = 0; i < count; i++) {
    if (name === 'filler-log')
      lines.push(
        `${String(random.int(0, 23)).padStart(2, '0')}:${String(random.int(0, 59)).padStart(2, '0')}:${String(random.int(0, 59)).padStart(2, '0')} job[${random.int(1000, 65000)}]: ${random.pick(['completed', 'started', 'rotated', 'checkpoint', 'synced'])} ${random.hex(8)}`,
      );
    else lines.push(random.chars('abcdefghijklmnopqrstuvwxyz     ', random.int(30, 90)).trim());
  }
  return lines.join('\n') + '\n';
}

/** Exposed for the consistency check: whether the password the account accepts is the one given. */
export function opens(world: World, hostname: string, username: string, password: string): boolean {
  const host = findHost(world, hostname);
  const account = host?.accounts.find((a) => a.username === username);
  return account !== undefined && accountPassword(world, account) === password;
}
