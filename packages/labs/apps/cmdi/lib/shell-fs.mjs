/**
 * The in-memory filesystem of an emulated machine: files and directories with an owner, a group and a mode, and
 * Unix read/write permission checks. Writes stay in memory and are bounded; nothing here touches the real disk.
 */

export const MAX_FS_BYTES = 256 * 1024;
export const MAX_FS_ENTRIES = 600;
const MAX_GLOB_CHARS = 256;
const MAX_NAME_CHARS = 255;

/** A failed file operation; `code` is the errno name, `message` what coreutils print for it. */
export class FsError extends Error {
  constructor(code) {
    super(
      {
        ENOENT: 'No such file or directory',
        EACCES: 'Permission denied',
        EISDIR: 'Is a directory',
        ENOTDIR: 'Not a directory',
        ENOSPC: 'No space left on device',
        ENAMETOOLONG: 'File name too long',
      }[code] ?? code,
    );
    this.code = code;
  }
}

/** `..` and `.` resolved, relative paths taken from `cwd`, always absolute and without a trailing slash. */
export function resolvePath(cwd, path) {
  const parts = [];
  for (const part of `${path.startsWith('/') ? '' : cwd}/${path}`.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') parts.pop();
    else parts.push(part);
  }
  return `/${parts.join('/')}`;
}

export function parentOf(path) {
  return path === '/' ? '/' : path.slice(0, path.lastIndexOf('/')) || '/';
}

export function baseName(path) {
  return path === '/' ? '/' : path.slice(path.lastIndexOf('/') + 1);
}

/**
 * Builds a filesystem from entries `[path, { dir?, content?, owner?, group?, mode?, mtime? }]`; parent directories
 * are made as needed (root-owned, 755).
 */
export function createFs(entries) {
  const nodes = new Map();
  let bytes = 0;
  const DEFAULT_MTIME = '2024-04-02T09:14:00Z';

  function put(path, node) {
    const previous = nodes.get(path);
    const size = node.type === 'file' ? node.content.length : 0;
    const delta = size - (previous?.type === 'file' ? previous.content.length : 0);
    if ((!previous && nodes.size >= MAX_FS_ENTRIES) || bytes + delta > MAX_FS_BYTES) throw new FsError('ENOSPC');
    bytes += delta;
    nodes.set(path, node);
  }

  function ensureDir(path) {
    if (nodes.has(path)) return;
    if (path !== '/') ensureDir(parentOf(path));
    put(path, { type: 'dir', owner: 'root', group: 'root', mode: 0o755, mtime: DEFAULT_MTIME });
  }

  for (const [path, spec] of entries) {
    ensureDir(parentOf(path));
    const meta = { owner: spec.owner ?? 'root', group: spec.group ?? spec.owner ?? 'root', mtime: spec.mtime };
    if (spec.dir) put(path, { type: 'dir', mode: spec.mode ?? 0o755, ...meta, mtime: meta.mtime ?? DEFAULT_MTIME });
    else put(path, { type: 'file', content: spec.content ?? '', mode: spec.mode ?? 0o644, ...meta });
    if (!nodes.get(path).mtime) nodes.get(path).mtime = DEFAULT_MTIME;
  }

  function allowed(node, user, bit) {
    if (user.uid === 0) return true;
    if (node.owner === user.name) return (node.mode & (bit << 6)) !== 0;
    if (user.groups.includes(node.group)) return (node.mode & (bit << 3)) !== 0;
    return (node.mode & bit) !== 0;
  }

  /** Every directory on the way must be searchable (x) by the user. */
  function lookup(path, user) {
    let walked = '';
    for (const part of path.split('/').filter(Boolean)) {
      const dir = nodes.get(walked || '/');
      if (dir?.type !== 'dir') throw new FsError(dir ? 'ENOTDIR' : 'ENOENT');
      if (!allowed(dir, user, 1)) throw new FsError('EACCES');
      walked += `/${part}`;
    }
    const node = nodes.get(path);
    if (!node) throw new FsError('ENOENT');
    return node;
  }

  return {
    /** The node at `path` or undefined; no permission check (for `ls -l` and completion). */
    stat(path) {
      return nodes.get(path);
    },
    statChecked(path, user) {
      return lookup(path, user);
    },
    readFile(path, user) {
      const node = lookup(path, user);
      if (node.type === 'dir') throw new FsError('EISDIR');
      if (!allowed(node, user, 4)) throw new FsError('EACCES');
      return node.content;
    },
    /** Names in a directory, sorted as `ls` sorts them (C locale). */
    readDir(path, user) {
      const node = lookup(path, user);
      if (node.type !== 'dir') throw new FsError('ENOTDIR');
      if (!allowed(node, user, 4)) throw new FsError('EACCES');
      const prefix = path === '/' ? '/' : `${path}/`;
      const names = [];
      for (const key of nodes.keys()) {
        if (key !== path && key.startsWith(prefix) && !key.slice(prefix.length).includes('/')) {
          names.push(key.slice(prefix.length));
        }
      }
      return names.sort();
    },
    writeFile(path, content, user, append = false) {
      if (path === '/dev/null') return;
      const existing = nodes.get(path);
      if (existing) {
        lookup(path, user);
        if (existing.type === 'dir') throw new FsError('EISDIR');
        if (!allowed(existing, user, 2)) throw new FsError('EACCES');
        put(path, {
          ...existing,
          content: append ? existing.content + content : content,
          mtime: new Date().toISOString(),
        });
        return;
      }
      if (baseName(path).length > MAX_NAME_CHARS) throw new FsError('ENAMETOOLONG');
      const dir = lookup(parentOf(path), user);
      if (dir.type !== 'dir') throw new FsError('ENOTDIR');
      if (!allowed(dir, user, 2)) throw new FsError('EACCES');
      const group = user.groups[0] ?? user.name;
      put(path, { type: 'file', content, owner: user.name, group, mode: 0o644, mtime: new Date().toISOString() });
    },
    canRead(node, user) {
      return allowed(node, user, 4);
    },
    canSearch(node, user) {
      return allowed(node, user, 1);
    },
  };
}

/** `*` and `?` matching by dynamic programming: linear in name × pattern, whatever the pattern (no backtracking). */
function wildcardMatch(pattern, name) {
  let row = [true];
  for (let j = 1; j <= pattern.length; j += 1) row[j] = row[j - 1] && pattern[j - 1] === '*';
  for (let i = 1; i <= name.length; i += 1) {
    const next = [false];
    for (let j = 1; j <= pattern.length; j += 1) {
      const p = pattern[j - 1];
      next[j] = p === '*' ? next[j - 1] || row[j] : row[j - 1] && (p === '?' || p === name[i - 1]);
    }
    row = next;
  }
  return row[pattern.length];
}

/**
 * Pathname expansion of an unquoted word with `*` or `?` (no brackets): the sorted matches, or undefined when nothing
 * matches (sh then keeps the word as it is). Hidden names match only a pattern that starts with a dot.
 */
export function expandGlob(fs, cwd, pattern, user) {
  if (pattern.length > MAX_GLOB_CHARS) return undefined;
  const absolute = pattern.startsWith('/');
  let candidates = [absolute ? '/' : ''];
  for (const segment of pattern.split('/').filter(Boolean)) {
    const next = [];
    for (const base of candidates) {
      if (!/[*?]/.test(segment)) {
        const joined = base === '' ? segment : base === '/' ? `/${segment}` : `${base}/${segment}`;
        if (fs.stat(resolvePath(cwd, joined))) next.push(joined);
        continue;
      }
      let names;
      try {
        names = fs.readDir(resolvePath(cwd, base || '.'), user);
      } catch {
        continue;
      }
      for (const name of names) {
        if (name.startsWith('.') && !segment.startsWith('.')) continue;
        if (wildcardMatch(segment, name)) next.push(base === '' ? name : base === '/' ? `/${name}` : `${base}/${name}`);
      }
    }
    candidates = next;
    if (candidates.length > 200) candidates = candidates.slice(0, 200);
  }
  return candidates.length > 0 && candidates[0] !== '/' ? candidates.sort() : undefined;
}
