import { basenameOf } from '../../paths.js';
import type { CommandFn } from '../shell.js';
import { missing } from './files.js';
import { getopt, localParts, modeString } from './util.js';

/** Looking at files: stat, file, du, find, lsattr/chattr. */

const stat: CommandFn = (ctx) => {
  const args = ctx.args.filter((a) => !a.startsWith('-'));
  if (args.length === 0) return missing(ctx);
  let status = 0;
  for (const arg of args) {
    const s = ctx.sh.fs.stat(ctx.sh.resolve(arg));
    if (!s) {
      ctx.err(`stat: cannot statx '${arg}': No such file or directory\n`);
      status = 1;
      continue;
    }
    const t = (d: Date) => {
      const p = localParts(ctx, d);
      return `${p.iso} ${p.time}.${String(d.getTime() % 1000).padStart(3, '0')}000000 ${ctx.sh.runtime.world.lang === 'ja' ? '+0900' : '+0000'}`;
    };
    const inode = 100_000 + (Buffer.from(s.path).reduce((a, b) => (a * 31 + b) >>> 0, 7) % 900_000);
    ctx.out(
      `  File: ${arg}\n  Size: ${s.size}\t\tBlocks: ${Math.ceil(s.size / 4096) * 8}          IO Block: 4096   ${s.type === 'dir' ? 'directory' : s.size === 0 ? 'regular empty file' : 'regular file'}\nDevice: fd00h/64768d\tInode: ${inode}     Links: ${s.type === 'dir' ? 2 : 1}\nAccess: (${s.mode.toString(8).padStart(4, '0')}/${modeString(s)})  Uid: (${String(ctx.sh.uidOf(s.owner)).padStart(5)}/${s.owner.padStart(8)})   Gid: (${String(ctx.sh.uidOf(s.group)).padStart(5)}/${s.group.padStart(8)})\nAccess: ${t(s.mtime)}\nModify: ${t(s.mtime)}\nChange: ${t(s.mtime)}\n Birth: -\n`,
    );
  }
  return status;
};

const file: CommandFn = (ctx) => {
  const args = ctx.args.filter((a) => !a.startsWith('-'));
  if (args.length === 0) {
    ctx.err('Usage: file [-bcdEhikLlNnprsSvzZ0] [--apple] [--extension] [--mime-encoding]\n');
    return 1;
  }
  for (const arg of args) {
    const s = ctx.sh.fs.stat(ctx.sh.resolve(arg));
    if (!s) {
      ctx.out(`${arg}: cannot open \`${arg}' (No such file or directory)\n`);
      continue;
    }
    if (s.type === 'dir') {
      ctx.out(`${arg}: directory\n`);
      continue;
    }
    let data: Buffer;
    try {
      data = ctx.sh.fs.readFile(s.path);
    } catch {
      ctx.out(`${arg}: regular file, no read permission\n`);
      continue;
    }
    ctx.out(`${arg}: ${describe(data)}\n`);
  }
  return 0;
};

export function describe(data: Buffer): string {
  if (data.length === 0) return 'empty';
  const head = data.subarray(0, 64).toString('latin1');
  if (head.startsWith('\x7fELF'))
    return 'ELF 64-bit LSB executable, x86-64, version 1 (SYSV), statically linked, stripped';
  if (head.startsWith('\x1f\x8b')) return 'gzip compressed data, from Unix';
  if (head.startsWith('PK\x03\x04')) return 'Zip archive data, at least v2.0 to extract';
  if (head.startsWith('%PDF')) return 'PDF document, version 1.7';
  if (head.startsWith('#!'))
    return `${/bash|sh\b/.test(head) ? 'Bourne-Again shell script' : 'a ' + head.slice(2).split('\n')[0]!.trim() + ' script'}, ASCII text executable`;
  if (head.startsWith('-----BEGIN OPENSSH PRIVATE KEY')) return 'OpenSSH private key';
  if (data.includes(0)) return 'data';
  const text = data.toString('utf8');
  return [...text].some((c) => c.charCodeAt(0) > 0x7f)
    ? 'Unicode text, UTF-8 text'
    : /,.*,/.test(text.split('\n')[0] ?? '')
      ? 'CSV text'
      : 'ASCII text';
}

const du: CommandFn = (ctx) => {
  const o = getopt(ctx.args, 'shacd:', { summarize: 's', 'human-readable': 'h', 'max-depth': 'd' });
  const targets = o.rest.length > 0 ? o.rest : ['.'];
  const human = (kib: number) =>
    o.flags.has('h') ? (kib >= 1024 ? `${(kib / 1024).toFixed(1)}M` : `${kib}K`) : String(kib);
  for (const target of targets) {
    const path = ctx.sh.resolve(target);
    const s = ctx.sh.fs.stat(path);
    if (!s) {
      ctx.err(`du: cannot access '${target}': No such file or directory\n`);
      return 1;
    }
    const kib = (p: string) => {
      const st = ctx.sh.fs.stat(p);
      return st ? (st.type === 'dir' ? 4 : Math.ceil(st.size / 4096) * 4) : 0;
    };
    const all = s.type === 'dir' ? ctx.sh.descendants(path) : [];
    if (!o.flags.has('s') && s.type === 'dir')
      for (const d of all.filter((p) => ctx.sh.fs.stat(p)?.type === 'dir').reverse()) {
        const sub = ctx.sh.descendants(d).reduce((sum, p) => sum + kib(p), 4);
        ctx.out(`${human(sub)}\t${target === '.' ? '.' : target.replace(/\/$/, '')}${d.slice(path.length)}\n`);
      }
    ctx.out(`${human(all.reduce((sum, p) => sum + kib(p), kib(path)))}\t${target}\n`);
  }
  return 0;
};

/** `find PATH [-name P] [-iname P] [-type f|d] [-maxdepth N] [-perm ...] [-user U]`: enough for reconnaissance. */
const find: CommandFn = (ctx) => {
  const start: string[] = [];
  let i = 0;
  while (i < ctx.args.length && !ctx.args[i]!.startsWith('-')) start.push(ctx.args[i++]!);
  const tests: ((path: string) => boolean)[] = [];
  let maxDepth = 40;
  while (i < ctx.args.length) {
    const flag = ctx.args[i++]!;
    const value = ctx.args[i];
    const pattern = (v: string, flags: string) =>
      new RegExp(
        '^' +
          v
            .replace(/[.+^${}()|\\]/g, '\\$&')
            .replace(/\*/g, '.*')
            .replace(/\?/g, '.') +
          '$',
        flags,
      );
    if (flag === '-name' || flag === '-iname') {
      const re = pattern(value ?? '', flag === '-iname' ? 'i' : '');
      tests.push((p) => re.test(basenameOf(p)));
      i++;
    } else if (flag === '-type') {
      tests.push((p) => (ctx.sh.fs.stat(p)?.type === 'dir' ? 'd' : 'f') === value);
      i++;
    } else if (flag === '-maxdepth') {
      maxDepth = Number(value) || 0;
      i++;
    } else if (flag === '-user') {
      tests.push((p) => ctx.sh.fs.stat(p)?.owner === value);
      i++;
    } else if (flag === '-perm') {
      const bits = parseInt((value ?? '').replace(/^[-/]/, ''), 8) || 0;
      tests.push((p) => ((ctx.sh.fs.stat(p)?.mode ?? 0) & bits) === bits);
      i++;
    } else if (flag === '-path') {
      const re = pattern(value ?? '', '');
      tests.push((p) => re.test(p));
      i++;
    } else if (
      ['-print', '-ls', '-mindepth', '-size', '-newer', '-mtime', '-exec', '-delete', '-o', '-xdev'].includes(flag)
    ) {
      if (flag === '-exec') while (i < ctx.args.length && ctx.args[i] !== ';' && ctx.args[i] !== '+') i++;
      if (['-mindepth', '-size', '-newer', '-mtime', '-exec'].includes(flag)) i++;
    } else {
      ctx.err(`find: unknown predicate \`${flag}'\n`);
      return 1;
    }
  }
  let status = 0;
  for (const root of start.length > 0 ? start : ['.']) {
    const base = ctx.sh.resolve(root);
    if (!ctx.sh.fs.stat(base)) {
      ctx.err(`find: ‘${root}’: No such file or directory\n`);
      status = 1;
      continue;
    }
    const show = (p: string) =>
      root.startsWith('/') ? p : root.replace(/\/$/, '') + p.slice(base === '/' ? 0 : base.length);
    const candidates = [
      base,
      ...ctx.sh.descendants(base, 20_000, (dir) => ctx.err(`find: ‘${show(dir)}’: Permission denied\n`)),
    ];
    for (const p of candidates) {
      const depth = p === base ? 0 : p.slice(base.length).split('/').filter(Boolean).length;
      if (depth > maxDepth) continue;
      if (tests.every((t) => t(p))) ctx.out(`${p === base ? root : show(p)}\n`);
    }
  }
  return status;
};

const attr: CommandFn = (ctx) => {
  const args = ctx.args.filter((a) => !/^[-+=][a-zA-Z]+$/.test(a) || ctx.name === 'lsattr');
  const files = args.filter((a) => !a.startsWith('-'));
  let status = 0;
  for (const f of ctx.name === 'lsattr' && files.length === 0
    ? ctx.sh.fs.list(ctx.sh.cwd).map((s) => `./${basenameOf(s.path)}`)
    : files) {
    const s = ctx.sh.fs.stat(ctx.sh.resolve(f));
    if (!s) {
      ctx.err(`${ctx.name}: No such file or directory while trying to stat ${f}\n`);
      status = 1;
    } else if (ctx.name === 'lsattr') ctx.out(`--------------e------- ${f}\n`);
    else if (ctx.sh.uid !== 0) {
      ctx.err(`chattr: Operation not permitted while setting flags on ${f}\n`);
      status = 1;
    }
  }
  return status;
};

export const INSPECT_COMMANDS: Record<string, CommandFn> = {
  stat,
  file,
  du,
  find,
  chattr: attr,
  lsattr: attr,
};
