import { findHost } from '../world/accounts.js';
import { HostFileSystem } from '../world/filesystem.js';
import type { Host } from '../world/schema.js';
import type { WorldRuntime } from '../services/contracts.js';
import { SessionFsError, type FileStat, type SessionFileSystem } from './contract.js';
import { dirnameOf, resolvePath, resolveWindowsPath } from './paths.js';
import { syntheticFiles } from './proc-files.js';

interface Node {
  type: 'dir' | 'file';
  owner: string;
  group: string;
  mode: number;
  mtime: Date;
  data?: Buffer;
  /** The spelling the session used (overlay keys are lower-cased on Windows). */
  path?: string;
}

const views = new WeakMap<WorldRuntime, Map<string, HostFileSystem>>();

/** The host's read-only view is the same for every session, so sessions share one per runtime and host. */
function sharedView(runtime: WorldRuntime, host: Host): HostFileSystem {
  let byHost = views.get(runtime);
  if (!byHost) views.set(runtime, (byHost = new Map()));
  let view = byHost.get(host.hostname);
  if (!view || view.host !== host) byHost.set(host.hostname, (view = new HostFileSystem(runtime.world, host)));
  return view;
}

/** Who the session runs as, for permission checks. */
export interface FsUser {
  name: string;
  groups: readonly string[];
}

/**
 * A session's copy-on-write file system: reads fall through to the host's read-only view (and to files synthesised
 * from the clock, such as /proc/uptime); writes, deletes (as whiteouts), mkdir, rename and chmod stay in this
 * session's memory. Nothing is ever written to the real disk. Permissions follow owner/group/mode for the session
 * user; root passes every check, as on Linux.
 */
export class CowFileSystem implements SessionFileSystem {
  readonly home: string;
  readonly windows: boolean;
  private readonly view: HostFileSystem;
  private readonly overlay = new Map<string, Node | null>();
  private readonly synthetic: Map<string, () => string>;
  private written = 0;

  constructor(
    private readonly runtime: WorldRuntime,
    readonly host: Host,
    readonly user: FsUser,
  ) {
    this.view = sharedView(runtime, host);
    this.windows = host.os.family === 'windows';
    const account = host.accounts.find((a) => a.username === user.name);
    this.home =
      account?.home ??
      (this.windows ? `C:\\Users\\${user.name}` : user.name === 'root' ? '/root' : `/home/${user.name}`);
    this.synthetic = this.windows ? new Map() : syntheticFiles(runtime, host);
  }

  normalise(path: string): string {
    return this.windows ? resolveWindowsPath('C:\\', path) : resolvePath('/', path);
  }

  stat(path: string): FileStat | undefined {
    const p = this.normalise(path);
    const node = this.lookup(p);
    if (node === undefined) return undefined;
    return {
      path: p,
      type: node.type,
      owner: node.owner,
      group: node.group,
      mode: node.mode,
      size: node.type === 'dir' ? 4096 : this.sizeOf(p, node),
      mtime: node.mtime,
    };
  }

  readFile(path: string): Buffer {
    const p = this.normalise(path);
    const node = this.lookup(p);
    if (!node) throw new SessionFsError('ENOENT', path);
    if (node.type === 'dir') throw new SessionFsError('EISDIR', path);
    this.checkTraverse(p, path);
    if (!this.allowed(node, 4)) throw new SessionFsError('EACCES', path);
    return this.contentOf(p, node);
  }

  writeFile(path: string, data: Buffer, mode = 0o644): void {
    const p = this.normalise(path);
    if (p === '/dev/null') return;
    const existing = this.lookup(p);
    if (existing?.type === 'dir') throw new SessionFsError('EISDIR', path);
    this.checkParentWritable(p, path, existing === undefined);
    if (existing && !this.allowed(existing, 2)) throw new SessionFsError('EACCES', path);
    if (p.startsWith('/proc/') || p.startsWith('/sys/')) throw new SessionFsError('EACCES', path);
    const previous = existing?.type === 'file' && this.overlay.has(this.key(p)) ? (existing.data?.length ?? 0) : 0;
    if (data.length > this.runtime.limits.maxFileBytes) throw new SessionFsError('EFBIG', path);
    if (this.written - previous + data.length > this.runtime.limits.maxUploadBytesPerSession)
      throw new SessionFsError('EFBIG', path);
    this.written += data.length - previous;
    this.overlay.set(this.key(p), {
      type: 'file',
      owner: existing?.owner ?? this.user.name,
      group: existing?.group ?? this.primaryGroup(),
      mode: existing?.mode ?? mode,
      mtime: this.runtime.now(),
      data: Buffer.from(data),
      path: p,
    });
  }

  list(dir: string): FileStat[] {
    const p = this.normalise(dir);
    const node = this.lookup(p);
    if (!node) throw new SessionFsError('ENOENT', dir);
    if (node.type !== 'dir') throw new SessionFsError('ENOTDIR', dir);
    this.checkTraverse(p, dir);
    if (!this.allowed(node, 4)) throw new SessionFsError('EACCES', dir);
    const names = new Map<string, string>();
    for (const entry of this.view.list(p)) names.set(this.key(entry.path), entry.path);
    for (const [key, value] of this.overlay)
      if (value && this.key(this.parentOf(key)) === this.key(p)) names.set(key, value.path ?? key);
    for (const path of this.synthetic.keys()) if (dirnameOf(path) === p) names.set(path, path);
    const out: FileStat[] = [];
    for (const path of names.values()) {
      const stat = this.stat(path);
      if (stat) out.push(stat);
    }
    return out.sort((a, b) => (a.path < b.path ? -1 : 1));
  }

  mkdir(path: string, mode = 0o755): void {
    const p = this.normalise(path);
    if (this.lookup(p)) throw new SessionFsError('EEXIST', path);
    this.checkParentWritable(p, path, true);
    this.overlay.set(this.key(p), {
      type: 'dir',
      owner: this.user.name,
      group: this.primaryGroup(),
      mode,
      mtime: this.runtime.now(),
      path: p,
    });
  }

  remove(path: string): void {
    const p = this.normalise(path);
    const node = this.lookup(p);
    if (!node) throw new SessionFsError('ENOENT', path);
    this.checkParentWritable(p, path, true);
    if (node.type === 'dir' && this.list(p).length > 0) throw new SessionFsError('ENOTEMPTY', path);
    this.overlay.set(this.key(p), null);
  }

  rename(from: string, to: string): void {
    const src = this.normalise(from);
    const dst = this.normalise(to);
    const node = this.lookup(src);
    if (!node) throw new SessionFsError('ENOENT', from);
    this.checkParentWritable(src, from, true);
    this.checkParentWritable(dst, to, true);
    const target = this.lookup(dst);
    if (target?.type === 'dir') throw new SessionFsError('EISDIR', to);
    if (node.type === 'dir') {
      if (this.key(dst).startsWith(this.key(src) + this.sep())) throw new SessionFsError('EACCES', to);
      const moves = this.descendants(src).map((child) => {
        const childNode = this.lookup(child)!;
        const data = childNode.type === 'file' ? { data: this.contentOf(child, childNode) } : {};
        return { child, node: { ...childNode, ...data, path: dst + child.slice(src.length) } };
      });
      for (const { child, node: moved } of moves) {
        this.overlay.set(this.key(moved.path), moved);
        this.overlay.set(this.key(child), null);
      }
      this.overlay.set(this.key(dst), { ...node, path: dst });
    } else {
      this.overlay.set(this.key(dst), { ...node, data: this.contentOf(src, node), path: dst });
    }
    this.overlay.set(this.key(src), null);
  }

  chmod(path: string, mode: number): void {
    const p = this.normalise(path);
    const node = this.lookup(p);
    if (!node) throw new SessionFsError('ENOENT', path);
    if (this.user.name !== 'root' && node.owner !== this.user.name) throw new SessionFsError('EACCES', path);
    const data = node.type === 'file' ? { data: this.contentOf(p, node) } : {};
    this.overlay.set(this.key(p), { ...node, ...data, mode: mode & 0o7777, path: p });
  }

  /** Whether the session user may read (4), write (2) or execute (1) the entry. */
  can(path: string, bit: 4 | 2 | 1): boolean {
    const node = this.lookup(this.normalise(path));
    return node !== undefined && this.allowed(node, bit);
  }

  /** Every path below a directory (for find, du, tar, rm -r), depth-first, bounded. */
  descendants(dir: string, limit = 20_000): string[] {
    const out: string[] = [];
    const walk = (p: string, depth: number) => {
      if (out.length >= limit || depth > 40) return;
      let entries: FileStat[];
      try {
        entries = this.list(p);
      } catch {
        return;
      }
      for (const e of entries) {
        out.push(e.path);
        if (e.type === 'dir') walk(e.path, depth + 1);
      }
    };
    walk(this.normalise(dir), 0);
    return out;
  }

  private lookup(p: string): Node | undefined {
    const key = this.key(p);
    const over = this.overlay.get(key);
    if (over === null) return undefined;
    if (over) return over;
    for (let parent = this.parentOf(p); parent !== p && parent.length > 0;) {
      if (this.overlay.get(this.key(parent)) === null) return undefined;
      const next = this.parentOf(parent);
      if (next === parent) break;
      parent = next;
    }
    const gen = this.synthetic.get(p);
    if (gen)
      return {
        type: 'file',
        owner: 'root',
        group: 'root',
        mode: p.startsWith('/dev/') ? 0o666 : 0o444,
        mtime: this.runtime.now(),
      };
    if (!this.windows && (p === '/' || p === '/proc' || p === '/dev'))
      return {
        type: 'dir',
        owner: 'root',
        group: 'root',
        mode: p === '/proc' ? 0o555 : 0o755,
        mtime: new Date(this.host.bootedAt),
      };
    if (this.windows && /^[A-Z]:\\?$/.test(p))
      return { type: 'dir', owner: 'SYSTEM', group: 'SYSTEM', mode: 0o755, mtime: new Date(this.host.bootedAt) };
    const entry = this.view.stat(p);
    if (!entry) return undefined;
    return { type: entry.type, owner: entry.owner, group: entry.group, mode: entry.mode, mtime: new Date(entry.mtime) };
  }

  private contentOf(p: string, node: Node): Buffer {
    if (node.data) return node.data;
    const gen = this.synthetic.get(p);
    if (gen) return Buffer.from(gen(), 'utf8');
    return Buffer.from(this.view.read(p) ?? '', 'utf8');
  }

  private sizeOf(p: string, node: Node): number {
    if (node.data) return node.data.length;
    if (this.synthetic.has(p)) return 0;
    return this.view.stat(p)?.size ?? 0;
  }

  private allowed(node: Node, bit: 4 | 2 | 1): boolean {
    if (this.windows || this.user.name === 'root') return bit !== 1 || node.type === 'dir' || (node.mode & 0o111) !== 0;
    if (node.owner === this.user.name) return ((node.mode >> 6) & bit) !== 0;
    if (this.user.groups.includes(node.group)) return ((node.mode >> 3) & bit) !== 0;
    return (node.mode & bit) !== 0;
  }

  private checkTraverse(p: string, original: string): void {
    for (let dir = this.parentOf(p); ; dir = this.parentOf(dir)) {
      const node = this.lookup(dir);
      if (!node) throw new SessionFsError('ENOENT', original);
      if (node.type !== 'dir') throw new SessionFsError('ENOTDIR', original);
      if (!this.allowed(node, 1)) throw new SessionFsError('EACCES', original);
      if (this.parentOf(dir) === dir) return;
    }
  }

  private checkParentWritable(p: string, original: string, creating: boolean): void {
    this.checkTraverse(p, original);
    const parent = this.lookup(this.parentOf(p))!;
    if (creating && !this.allowed(parent, 2)) throw new SessionFsError('EACCES', original);
    if (creating && !this.windows && p.startsWith('/proc')) throw new SessionFsError('EACCES', original);
  }

  private primaryGroup(): string {
    return this.windows ? this.user.name : (this.user.groups[0] ?? this.user.name);
  }

  private sep(): string {
    return this.windows ? '\\' : '/';
  }

  private parentOf(p: string): string {
    if (this.windows) {
      const at = p.lastIndexOf('\\');
      return at <= 2 ? p.slice(0, 3) : p.slice(0, at);
    }
    return dirnameOf(p);
  }

  private key(p: string): string {
    return this.windows ? p.toLowerCase() : p;
  }
}

/** The groups of a host account as `id` shows them: its own group, then its extra ones (sudo/wheel for admins). */
export function accountGroups(host: Host, username: string): string[] {
  const account = host.accounts.find((a) => a.username === username);
  if (!account || username === 'root') return ['root'];
  const admin =
    host.os.family === 'linux' && (host.os.distro === 'ubuntu' || host.os.distro === 'debian') ? 'sudo' : 'wheel';
  return [username, ...(account.sudo ? [admin] : []), ...account.groups];
}

export function sessionFileSystem(runtime: WorldRuntime, host: Host, username: string): CowFileSystem {
  const real = findHost(runtime.world, host.hostname) ?? host;
  return new CowFileSystem(runtime, real, { name: username, groups: accountGroups(real, username) });
}
