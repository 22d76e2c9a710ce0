/** POSIX path arithmetic for the emulated shells (never touches node:path, whose rules follow the real platform). */

/** Resolves `path` against `cwd` (and `~` against `home`), removing `.`, `..` and repeated slashes. */
export function resolvePath(cwd: string, path: string, home = '/'): string {
  let p = path;
  if (p === '~' || p.startsWith('~/')) p = home + p.slice(1);
  const full = p.startsWith('/') ? p : `${cwd}/${p}`;
  const out: string[] = [];
  for (const part of full.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') out.pop();
    else out.push(part);
  }
  return '/' + out.join('/');
}

export function dirnameOf(path: string): string {
  const trimmed = path.length > 1 ? path.replace(/\/+$/, '') : path;
  const at = trimmed.lastIndexOf('/');
  if (at < 0) return '.';
  if (at === 0) return '/';
  return trimmed.slice(0, at);
}

export function basenameOf(path: string): string {
  if (path === '/') return '/';
  const trimmed = path.replace(/\/+$/, '');
  return trimmed.slice(trimmed.lastIndexOf('/') + 1);
}

/** The cwd as bash's `\w` shows it: the home folder as `~`. */
export function tildePath(path: string, home: string): string {
  if (path === home) return '~';
  if (home !== '/' && path.startsWith(home + '/')) return '~' + path.slice(home.length);
  return path;
}

/** Windows path arithmetic for cmd.exe: drive-rooted, backslashes, `.` and `..` resolved. */
export function resolveWindowsPath(cwd: string, path: string): string {
  const p = path.replaceAll('/', '\\');
  let full: string;
  if (/^[A-Za-z]:\\/.test(p)) full = p;
  else if (/^[A-Za-z]:$/.test(p)) full = p + '\\';
  else if (p.startsWith('\\')) full = cwd.slice(0, 2) + p;
  else full = `${cwd}\\${p}`;
  const [drive, ...rest] = full.split('\\');
  const out: string[] = [];
  for (const part of rest) {
    if (part === '' || part === '.') continue;
    if (part === '..') out.pop();
    else out.push(part);
  }
  return `${drive!.toUpperCase()}\\${out.join('\\')}`;
}
