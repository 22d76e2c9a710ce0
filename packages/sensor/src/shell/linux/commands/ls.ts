import type { FileStat } from '../../contract.js';
import { basenameOf } from '../../paths.js';
import { fsMessage, type CommandFn, type CommandContext } from '../shell.js';
import { badOption, getopt, humanSize, lsTime, modeString } from './util.js';

interface Row {
  name: string;
  stat: FileStat;
}

/** GNU ls without colour: -l, -a, -A, -h, -d, -1, -t, -r, -S, -F, -R (bounded). */
export const ls: CommandFn = (ctx) => {
  const o = getopt(ctx.args, 'laAhd1trSFRin', {
    all: 'a',
    'almost-all': 'A',
    'human-readable': 'h',
    directory: 'd',
    color: 'z',
  });
  if (o.bad && o.bad !== '--color' && !o.bad.startsWith('--color=')) return badOption(ctx, o.bad, 2);
  const f = (c: string) => o.flags.has(c);
  const operands = o.rest.length > 0 ? o.rest : ['.'];
  let status = 0;
  const files: Row[] = [];
  const dirs: Row[] = [];
  for (const operand of operands) {
    const stat = ctx.sh.fs.stat(ctx.sh.resolve(operand));
    if (!stat) {
      ctx.err(`ls: cannot access '${operand}': No such file or directory\n`);
      status = 2;
    } else if (stat.type === 'dir' && !f('d')) dirs.push({ name: operand, stat });
    else files.push({ name: operand, stat });
  }
  const showHeaders = dirs.length + files.length > 1 || f('R');
  if (files.length > 0) print(ctx, sortRows(files, f), f, false);
  let first = files.length === 0;
  const queue = [...sortRows(dirs, f)];
  let visited = 0;
  while (queue.length > 0 && visited++ < 500) {
    const dir = queue.shift()!;
    if (!first) ctx.out('\n');
    first = false;
    if (showHeaders) ctx.out(`${dir.name}:\n`);
    let entries: FileStat[];
    try {
      entries = ctx.sh.fs.list(dir.stat.path);
    } catch (error) {
      ctx.err(`ls: cannot open directory '${dir.name}': ${fsMessage(error)}\n`);
      status = 2;
      continue;
    }
    let rows: Row[] = entries.map((stat) => ({ name: basenameOf(stat.path), stat }));
    if (!f('a') && !f('A')) rows = rows.filter((r) => !r.name.startsWith('.'));
    if (f('a')) {
      const parent = ctx.sh.fs.stat(ctx.sh.resolve(`${dir.stat.path}/..`)) ?? dir.stat;
      rows.push({ name: '.', stat: dir.stat }, { name: '..', stat: parent });
    }
    rows = sortRows(rows, f);
    print(ctx, rows, f, true);
    if (f('R'))
      queue.unshift(
        ...rows
          .filter((r) => r.stat.type === 'dir' && r.name !== '.' && r.name !== '..')
          .map((r) => ({ name: `${dir.name === '/' ? '' : dir.name}/${r.name}`, stat: r.stat })),
      );
  }
  return status;
};

function sortRows(rows: Row[], f: (c: string) => boolean): Row[] {
  const key = (name: string) => name.replace(/^\.+/, '').toLowerCase() || name;
  const sorted = [...rows].sort((a, b) => {
    if (f('t')) return b.stat.mtime.getTime() - a.stat.mtime.getTime();
    if (f('S')) return b.stat.size - a.stat.size;
    return key(a.name) < key(b.name) ? -1 : key(a.name) > key(b.name) ? 1 : a.name < b.name ? -1 : 1;
  });
  return f('r') ? sorted.reverse() : sorted;
}

function print(ctx: CommandContext, rows: Row[], f: (c: string) => boolean, total: boolean): void {
  const suffix = (r: Row) => (f('F') ? (r.stat.type === 'dir' ? '/' : r.stat.mode & 0o111 ? '*' : '') : '');
  const quote = (name: string) => (/[\s'"$]/.test(name) && ctx.io.interactive ? `'${name}'` : name);
  if (f('l') || f('n')) {
    const size = (r: Row) => (f('h') ? humanSize(r.stat.size) : String(r.stat.size));
    const links = (r: Row) => (r.stat.type === 'dir' ? '2' : '1');
    const owner = (r: Row) => (f('n') ? String(ctx.sh.uidOf(r.stat.owner)) : r.stat.owner);
    const group = (r: Row) => (f('n') ? String(ctx.sh.uidOf(r.stat.group)) : r.stat.group);
    const widths = [links, owner, group, size].map((fn) => Math.max(0, ...rows.map((r) => fn(r).length)));
    if (total) {
      const blocks = rows.reduce((sum, r) => sum + (r.stat.type === 'dir' ? 4 : Math.ceil(r.stat.size / 4096) * 4), 0);
      ctx.out(`total ${f('h') ? humanSize(blocks * 1024) : blocks}\n`);
    }
    for (const r of rows)
      ctx.out(
        `${modeString(r.stat)} ${links(r).padStart(widths[0]!)} ${owner(r).padEnd(widths[1]!)} ${group(r).padEnd(widths[2]!)} ${size(r).padStart(widths[3]!)} ${lsTime(ctx, r.stat.mtime)} ${quote(r.name)}${suffix(r)}\n`,
      );
    return;
  }
  const names = rows.map((r) => quote(r.name) + suffix(r));
  if (f('1') || !ctx.io.interactive || names.length === 0) {
    for (const n of names) ctx.out(`${n}\n`);
    return;
  }
  // Columns as ls fills them for an 80-column terminal: down first, then across.
  const width = (s: string) => [...s].reduce((w, ch) => w + (ch.charCodeAt(0) > 0x2e80 ? 2 : 1), 0);
  for (let cols = Math.min(names.length, 12); cols >= 1; cols--) {
    const perCol = Math.ceil(names.length / cols);
    const colWidths: number[] = [];
    for (let c = 0; c < cols; c++)
      colWidths.push(Math.max(0, ...names.slice(c * perCol, (c + 1) * perCol).map(width)) + 2);
    if (colWidths.reduce((a, b) => a + b, 0) - 2 > 80 && cols > 1) continue;
    for (let r = 0; r < perCol; r++) {
      let line = '';
      for (let c = 0; c < cols; c++) {
        const name = names[c * perCol + r];
        if (name === undefined) continue;
        const last = c === cols - 1 || names[(c + 1) * perCol + r] === undefined;
        line += last ? name : name + ' '.repeat(colWidths[c]! - width(name));
      }
      ctx.out(`${line}\n`);
    }
    return;
  }
}
