import type { SessionFileSystem } from '../contract.js';
import { resolvePath } from '../paths.js';

/** One character of an expanded word: `glob` is true when it came unquoted and may act as a wildcard. */
export interface GlobChar {
  c: string;
  glob: boolean;
}

export const hasGlob = (chars: readonly GlobChar[]) =>
  chars.some((ch) => ch.glob && (ch.c === '*' || ch.c === '?' || ch.c === '['));

/** A pattern segment as a regular expression (bash's `*`, `?`, `[..]`, `[!..]`). */
export function segmentRegex(chars: readonly GlobChar[]): RegExp {
  let out = '';
  for (let i = 0; i < chars.length; i++) {
    const { c, glob } = chars[i]!;
    if (glob && c === '*') out += '.*';
    else if (glob && c === '?') out += '.';
    else if (glob && c === '[') {
      const close = chars.findIndex((ch, j) => j > i + 1 && ch.c === ']');
      if (close < 0) {
        out += '\\[';
        continue;
      }
      let body = chars
        .slice(i + 1, close)
        .map((ch) => ch.c)
        .join('');
      if (body.startsWith('!') || body.startsWith('^')) body = '^' + body.slice(1);
      out += `[${body.replace(/[\\\]]/g, '\\$&')}]`;
      i = close;
    } else out += c.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${out}$`, 's');
}

/** Expands a pattern against the session file system; sorted matches, or [] when nothing matches. */
export function expandGlob(fs: SessionFileSystem, cwd: string, chars: GlobChar[], limit = 10_000): string[] {
  const text = chars.map((ch) => ch.c).join('');
  const absolute = text.startsWith('/');
  const segments: GlobChar[][] = [[]];
  for (const ch of chars) {
    if (ch.c === '/') segments.push([]);
    else segments[segments.length - 1]!.push(ch);
  }
  let bases: string[] = [absolute ? '/' : ''];
  for (const [index, segment] of segments.entries()) {
    if (segment.length === 0) continue;
    const last = index === segments.length - 1;
    const next: string[] = [];
    if (!hasGlob(segment)) {
      const name = segment.map((ch) => ch.c).join('');
      for (const base of bases) {
        const candidate = base === '' ? name : base.endsWith('/') ? base + name : `${base}/${name}`;
        if (fs.stat(resolvePath(cwd, candidate)) || !last) next.push(candidate);
      }
    } else {
      const regex = segmentRegex(segment);
      const dotOk = segment[0]?.c === '.';
      for (const base of bases) {
        let entries;
        try {
          entries = fs.list(resolvePath(cwd, base === '' ? '.' : base));
        } catch {
          continue;
        }
        for (const entry of entries) {
          const name = entry.path.slice(entry.path.lastIndexOf('/') + 1);
          if (name.startsWith('.') && !dotOk) continue;
          if (!regex.test(name)) continue;
          if (!last && entry.type !== 'dir') continue;
          next.push(base === '' ? name : base.endsWith('/') ? base + name : `${base}/${name}`);
          if (next.length >= limit) break;
        }
      }
    }
    bases = next;
    if (bases.length === 0) return [];
  }
  return bases.filter((b) => b !== '' && b !== '/').sort();
}
