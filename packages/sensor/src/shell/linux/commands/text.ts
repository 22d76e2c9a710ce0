import { fsMessage, type CommandFn, type CommandContext } from '../shell.js';
import { badOption, forEachInput, getopt, lines } from './util.js';

/** Text filters. Regular expressions from attackers run with JavaScript's engine on bounded input only. */

export function safeRegex(ctx: CommandContext, pattern: string, flags: string, fixed: boolean): RegExp | undefined {
  const source = fixed ? pattern.replace(/[.*+?^${}()|[\]\\]/g, '\\$&') : basicToJs(pattern);
  try {
    return new RegExp(source, flags);
  } catch {
    ctx.err(`${ctx.name}: Unmatched ( or \\(\n`);
    return undefined;
  }
}

/** POSIX basic regex escapes (`\|`, `\(`, `\+`) as JavaScript understands them. */
function basicToJs(pattern: string): string {
  return pattern.replace(/\\([|(){}+?])/g, '$1');
}

const grep: CommandFn = (ctx) => {
  const o = getopt(ctx.args, 'ivcnlrRhHEFwoqse:A:B:C:m:', {
    'ignore-case': 'i',
    count: 'c',
    recursive: 'r',
    'line-number': 'n',
    color: 'z',
  });
  if (o.bad && !o.bad.startsWith('--color') && !o.bad.startsWith('--include') && !o.bad.startsWith('--exclude'))
    return badOption(ctx, o.bad, 2);
  const f = (c: string) => o.flags.has(c);
  const rest = [...o.rest];
  const pattern = o.flags.has('e') ? String(o.flags.get('e')) : rest.shift();
  if (pattern === undefined) {
    ctx.err(`Usage: grep [OPTION]... PATTERNS [FILE]...\nTry 'grep --help' for more information.\n`);
    return 2;
  }
  const regex = safeRegex(
    ctx,
    f('w') ? `\\b(?:${pattern})\\b` : pattern,
    f('i') ? 'i' : '',
    f('F') || ctx.name === 'fgrep',
  );
  if (!regex) return 2;
  const recursive = f('r') || f('R');
  let targets = rest;
  if (recursive) {
    targets = (targets.length > 0 ? targets : ['.']).flatMap((t) => {
      const path = ctx.sh.resolve(t);
      if (ctx.sh.fs.stat(path)?.type !== 'dir') return [t];
      return ctx.sh
        .descendants(path, 5_000)
        .filter((p) => ctx.sh.fs.stat(p)?.type === 'file')
        .map((p) => (t.startsWith('/') ? p : `${t.replace(/\/$/, '')}${p.slice(path === '/' ? 0 : path.length)}`));
    });
  }
  const label = (targets.length > 1 || recursive) && !f('h');
  const max = o.flags.has('m') ? Number(o.flags.get('m')) : Infinity;
  let matched = false;
  let status = 0;
  const after = Number(o.flags.get('A') ?? o.flags.get('C') ?? 0) || 0;
  const before = Number(o.flags.get('B') ?? o.flags.get('C') ?? 0) || 0;
  let printedAny = false;
  const scan = (text: string, name: string) => {
    let count = 0;
    const all = lines(text);
    let lastPrinted = -1;
    const print = (index: number, sep: string) => {
      if ((before > 0 || after > 0) && printedAny && index > lastPrinted + 1) ctx.out('--\n');
      ctx.out(`${label ? `${name}${sep}` : ''}${f('n') ? `${index + 1}${sep}` : ''}${all[index]}\n`);
      lastPrinted = index;
      printedAny = true;
    };
    let pendingAfter = 0;
    for (const [index, line] of all.entries()) {
      const hit = count < max && regex.test(line) !== f('v');
      if (!hit) {
        if (pendingAfter > 0 && !f('q') && !f('l') && !f('c')) {
          print(index, '-');
          pendingAfter--;
        }
        continue;
      }
      count++;
      matched = true;
      if (f('q') || f('l') || f('c')) continue;
      for (let b = Math.max(lastPrinted + 1, index - before); b < index; b++) print(b, '-');
      if (f('o') && !f('v')) {
        const prefix = `${label ? `${name}:` : ''}${f('n') ? `${index + 1}:` : ''}`;
        for (const m of line.match(new RegExp(regex.source, regex.flags + 'g')) ?? []) ctx.out(`${prefix}${m}\n`);
        lastPrinted = index;
      } else print(index, ':');
      pendingAfter = after;
    }
    if (f('c')) ctx.out(`${label ? `${name}:` : ''}${count}\n`);
    if (f('l') && count > 0) ctx.out(`${name}\n`);
  };
  if (targets.length === 0) scan(ctx.stdin, '(standard input)');
  for (const target of targets) {
    if (target === '-') {
      scan(ctx.stdin, '(standard input)');
      continue;
    }
    const stat = ctx.sh.fs.stat(ctx.sh.resolve(target));
    if (stat?.type === 'dir') {
      if (!f('s')) ctx.err(`grep: ${target}: Is a directory\n`);
      continue;
    }
    try {
      scan(ctx.sh.readText(target), target);
    } catch (error) {
      if (!f('s')) ctx.err(`grep: ${target}: ${fsMessage(error)}\n`);
      status = 2;
    }
  }
  return matched ? (status === 2 && !f('q') ? 2 : 0) : status || 1;
};

function headTail(tail: boolean): CommandFn {
  return (ctx) => {
    const args = ctx.args.map((a) => (/^-\d+$/.test(a) ? `-n${a.slice(1)}` : a));
    const o = getopt(args, 'n:c:qvf', { lines: 'n', bytes: 'c', follow: 'f' });
    if (o.bad) return badOption(ctx, o.bad);
    const count = Number(String(o.flags.get('n') ?? '10').replace('+', '')) || 0;
    const fromStart = String(o.flags.get('n') ?? '').startsWith('+');
    const bytes = o.flags.has('c') ? Number(o.flags.get('c')) : undefined;
    if (o.rest.length === 0 && !ctx.piped) return 0;
    const many = o.rest.length > 1;
    let first = true;
    return forEachInput(ctx, o.rest, (text, name) => {
      if (many) ctx.out(`${first ? '' : '\n'}==> ${name} <==\n`);
      first = false;
      if (bytes !== undefined) return ctx.out(tail ? text.slice(-bytes) : text.slice(0, bytes));
      const all = lines(text);
      const picked = tail
        ? fromStart
          ? all.slice(count - 1)
          : all.slice(Math.max(0, all.length - count))
        : all.slice(0, count);
      if (picked.length > 0)
        ctx.out(picked.join('\n') + (text.endsWith('\n') || picked.length < all.length ? '\n' : ''));
    });
  };
}

const wc: CommandFn = (ctx) => {
  const o = getopt(ctx.args, 'lwcm', { lines: 'l', words: 'w', bytes: 'c', chars: 'm' });
  if (o.bad) return badOption(ctx, o.bad);
  const which = o.flags.size > 0 ? ['l', 'w', 'c', 'm'].filter((c) => o.flags.has(c)) : ['l', 'w', 'c'];
  const rows: [number[], string][] = [];
  const status = forEachInput(ctx, o.rest, (text, name) => {
    const counts = {
      l: (text.match(/\n/g) ?? []).length,
      w: text.split(/\s+/).filter(Boolean).length,
      c: Buffer.byteLength(text),
      m: [...text].length,
    };
    rows.push([which.map((c) => counts[c as keyof typeof counts]), name]);
  });
  if (rows.length > 1) rows.push([which.map((_, i) => rows.reduce((s, r) => s + r[0][i]!, 0)), 'total']);
  const width =
    o.rest.length === 0 && which.length === 1
      ? 0
      : Math.max(...rows.flatMap((r) => r[0].map((n) => String(n).length)), o.rest.length === 0 ? 7 : 1);
  for (const [counts, name] of rows)
    ctx.out(`${counts.map((n) => String(n).padStart(width)).join(' ')}${name === '-' ? '' : ` ${name}`}\n`);
  return status;
};

const sort: CommandFn = (ctx) => {
  const o = getopt(ctx.args, 'rnuft:k:h', { reverse: 'r', numeric: 'n', unique: 'u' });
  const all: string[] = [];
  const status = forEachInput(ctx, o.rest, (text) => all.push(...lines(text)));
  const field = o.flags.has('k') ? Number(String(o.flags.get('k')).split(',')[0]) - 1 : -1;
  const sep = o.flags.has('t') ? String(o.flags.get('t')) : undefined;
  const key = (line: string) => (field < 0 ? line : ((sep ? line.split(sep) : line.trim().split(/\s+/))[field] ?? ''));
  all.sort((a, b) => {
    const ka = key(a);
    const kb = key(b);
    if (o.flags.has('n')) return (parseFloat(ka) || 0) - (parseFloat(kb) || 0);
    const x = o.flags.has('f') ? ka.toLowerCase() : ka;
    const y = o.flags.has('f') ? kb.toLowerCase() : kb;
    return x < y ? -1 : x > y ? 1 : 0;
  });
  if (o.flags.has('r')) all.reverse();
  const out = o.flags.has('u') ? all.filter((l, i) => i === 0 || l !== all[i - 1]) : all;
  if (out.length > 0) ctx.out(out.join('\n') + '\n');
  return status;
};

const uniq: CommandFn = (ctx) => {
  const o = getopt(ctx.args, 'cdui');
  const all: string[] = [];
  const status = forEachInput(ctx, o.rest.slice(0, 1), (text) => all.push(...lines(text)));
  const groups: [string, number][] = [];
  for (const line of all) {
    const last = groups[groups.length - 1];
    if (last && (o.flags.has('i') ? last[0].toLowerCase() === line.toLowerCase() : last[0] === line)) last[1]++;
    else groups.push([line, 1]);
  }
  for (const [line, n] of groups) {
    if (o.flags.has('d') && n < 2) continue;
    if (o.flags.has('u') && n > 1) continue;
    ctx.out(o.flags.has('c') ? `${String(n).padStart(7)} ${line}\n` : `${line}\n`);
  }
  return status;
};

/** Field lists such as `1,3-4,6-`. */
function fieldList(spec: string): (i: number) => boolean {
  const ranges = spec.split(',').map((r) => {
    const [a, b] = r.split('-');
    const from = a ? Number(a) : 1;
    const to = r.includes('-') ? (b ? Number(b) : Infinity) : from;
    return [from, to] as const;
  });
  return (i) => ranges.some(([from, to]) => i >= from && i <= to);
}

const cut: CommandFn = (ctx) => {
  const o = getopt(ctx.args, 'd:f:c:b:s', { delimiter: 'd', fields: 'f' });
  if (!o.flags.has('f') && !o.flags.has('c') && !o.flags.has('b')) {
    ctx.err("cut: you must specify a list of bytes, characters, or fields\nTry 'cut --help' for more information.\n");
    return 1;
  }
  const delimiter = String(o.flags.get('d') ?? '\t').slice(0, 1) || '\t';
  return forEachInput(ctx, o.rest, (text) => {
    for (const line of lines(text)) {
      if (o.flags.has('f')) {
        const pick = fieldList(String(o.flags.get('f')));
        if (!line.includes(delimiter)) {
          if (!o.flags.has('s')) ctx.out(`${line}\n`);
          continue;
        }
        ctx.out(
          line
            .split(delimiter)
            .filter((_, i) => pick(i + 1))
            .join(delimiter) + '\n',
        );
      } else {
        const pick = fieldList(String(o.flags.get('c') ?? o.flags.get('b')));
        ctx.out([...line].filter((_, i) => pick(i + 1)).join('') + '\n');
      }
    }
  });
};

function expandSet(set: string): string[] {
  const named: Record<string, string> = {
    '[:lower:]': 'a-z',
    '[:upper:]': 'A-Z',
    '[:digit:]': '0-9',
    '[:space:]': ' \t\n',
    '[:alpha:]': 'a-zA-Z',
    '[:alnum:]': 'a-zA-Z0-9',
  };
  const s = set
    .replace(/\[:\w+:\]/g, (m) => named[m] ?? '')
    .replace(/\\n/g, '\n')
    .replace(/\\t/g, '\t');
  const out: string[] = [];
  const chars = [...s];
  for (let i = 0; i < chars.length; i++) {
    if (chars[i + 1] === '-' && chars[i + 2] !== undefined) {
      for (let c = chars[i]!.charCodeAt(0); c <= chars[i + 2]!.charCodeAt(0) && out.length < 4096; c++)
        out.push(String.fromCharCode(c));
      i += 2;
    } else out.push(chars[i]!);
  }
  return out;
}

const tr: CommandFn = (ctx) => {
  const o = getopt(ctx.args, 'dsc');
  const from = expandSet(o.rest[0] ?? '');
  const to = expandSet(o.rest[1] ?? '');
  if (o.rest.length === 0 || (!o.flags.has('d') && !o.flags.has('s') && o.rest.length < 2)) {
    ctx.err(`tr: missing operand\nTry 'tr --help' for more information.\n`);
    return 1;
  }
  let out = '';
  for (const c of ctx.stdin) {
    const at = from.indexOf(c);
    if (o.flags.has('d')) out += at >= 0 ? '' : c;
    else out += at >= 0 ? (to[Math.min(at, to.length - 1)] ?? c) : c;
  }
  if (o.flags.has('s')) out = out.replace(/(.)\1+/gs, (m, c: string) => (from.includes(c) || to.includes(c) ? c : m));
  ctx.out(out);
  return 0;
};

const tee: CommandFn = (ctx) => {
  const o = getopt(ctx.args, 'a', { append: 'a' });
  let status = 0;
  for (const file of o.rest) {
    try {
      const before =
        o.flags.has('a') && ctx.sh.fs.stat(ctx.sh.resolve(file))
          ? ctx.sh.fs.readFile(ctx.sh.resolve(file))
          : Buffer.alloc(0);
      ctx.sh.writeData(file, Buffer.concat([before, Buffer.from(ctx.stdin)]));
    } catch (error) {
      ctx.err(`tee: ${file}: ${fsMessage(error)}\n`);
      status = 1;
    }
  }
  ctx.out(ctx.stdin);
  return status;
};

const xargs: CommandFn = async (ctx) => {
  const o = getopt(ctx.args, 'n:I:0r');
  const [command = 'echo', ...base] = o.rest;
  const items = ctx.stdin
    .split(o.flags.has('0') ? '\0' : /\s+/)
    .filter(Boolean)
    .slice(0, 5_000);
  if (items.length === 0 && o.flags.has('r')) return 0;
  const per = o.flags.has('n') ? Math.max(1, Number(o.flags.get('n'))) : items.length || 1;
  let status = 0;
  for (let i = 0; i < Math.max(items.length, 1); i += per) {
    const chunk = items.slice(i, i + per);
    const args = o.flags.has('I')
      ? base.map((a) => a.replaceAll(String(o.flags.get('I')), chunk[0] ?? ''))
      : [...base, ...chunk];
    const code = await ctx.sh.exec(command, args, '', false, { write: ctx.out }, { write: ctx.err }, ctx.io);
    if (code !== 0) status = 123;
    if (code === 127) return 127;
  }
  return status;
};

const rev: CommandFn = (ctx) =>
  forEachInput(ctx, ctx.args, (text) => lines(text).forEach((l) => ctx.out([...l].reverse().join('') + '\n')));

const strings: CommandFn = (ctx) =>
  forEachInput(
    ctx,
    ctx.args.filter((a) => !a.startsWith('-')),
    (text) => {
      for (const m of text.match(/[\x20-\x7e]{4,}/g) ?? []) ctx.out(`${m}\n`);
    },
  );

export const TEXT_COMMANDS: Record<string, CommandFn> = {
  grep,
  egrep: grep,
  fgrep: grep,
  head: headTail(false),
  tail: headTail(true),
  wc,
  sort,
  uniq,
  cut,
  tr,
  tee,
  xargs,
  rev,
  strings,
  more: (ctx) => forEachInput(ctx, ctx.args, (t) => ctx.out(t)),
  less: (ctx) => forEachInput(ctx, ctx.args, (t) => ctx.out(t)),
};
