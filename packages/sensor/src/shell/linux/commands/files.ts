import { SessionFsError } from '../../contract.js';
import { basenameOf, dirnameOf } from '../../paths.js';
import { fsMessage, type CommandFn, type CommandContext } from '../shell.js';
import { badOption, forEachInput, getopt, localParts, modeString } from './util.js';

const cat: CommandFn = (ctx) => {
  const o = getopt(ctx.args, 'nAvETbs', { number: 'n' });
  if (o.bad) return badOption(ctx, o.bad);
  if (o.rest.length === 0 && !ctx.piped) return 0;
  let n = 0;
  return forEachInput(ctx, o.rest, (text) => {
    if (!o.flags.has('n')) return ctx.out(text);
    ctx.out(text.replace(/^(?=.)/gm, () => `${String(++n).padStart(6)}\t`));
  });
};

const mkdir: CommandFn = (ctx) => {
  const o = getopt(ctx.args, 'pvm:', { parents: 'p', mode: 'm', verbose: 'v' });
  if (o.bad) return badOption(ctx, o.bad);
  if (o.rest.length === 0) return missing(ctx);
  let status = 0;
  for (const arg of o.rest) {
    const path = ctx.sh.resolve(arg);
    try {
      if (o.flags.has('p')) {
        const parts = path.split('/').filter(Boolean);
        for (let i = 1; i <= parts.length; i++) {
          const p = '/' + parts.slice(0, i).join('/');
          const stat = ctx.sh.fs.stat(p);
          if (!stat) ctx.sh.fs.mkdir(p);
          else if (stat.type !== 'dir') throw new SessionFsError('EEXIST', p);
        }
      } else ctx.sh.fs.mkdir(path);
      if (o.flags.has('v')) ctx.out(`mkdir: created directory '${arg}'\n`);
    } catch (error) {
      ctx.err(`mkdir: cannot create directory ‘${arg}’: ${fsMessage(error)}\n`);
      status = 1;
    }
  }
  return status;
};

const rmdir: CommandFn = (ctx) => {
  let status = 0;
  for (const arg of ctx.args.filter((a) => !a.startsWith('-'))) {
    const stat = ctx.sh.fs.stat(ctx.sh.resolve(arg));
    try {
      if (stat && stat.type !== 'dir') throw new SessionFsError('ENOTDIR', arg);
      ctx.sh.fs.remove(ctx.sh.resolve(arg));
    } catch (error) {
      ctx.err(`rmdir: failed to remove '${arg}': ${fsMessage(error)}\n`);
      status = 1;
    }
  }
  return status;
};

const rm: CommandFn = (ctx) => {
  const o = getopt(ctx.args, 'rRfvid', { recursive: 'r', force: 'f', verbose: 'v', 'no-preserve-root': 'P' });
  if (o.bad) return badOption(ctx, o.bad);
  const recursive = o.flags.has('r') || o.flags.has('R');
  if (o.rest.length === 0) return o.flags.has('f') ? 0 : missing(ctx);
  let status = 0;
  for (const arg of o.rest) {
    const path = ctx.sh.resolve(arg);
    if (path === '/' && recursive) {
      ctx.err(
        `rm: it is dangerous to operate recursively on '/'\nrm: use --no-preserve-root to override this failsafe\n`,
      );
      status = 1;
      continue;
    }
    const stat = ctx.sh.fs.stat(path);
    if (!stat) {
      if (!o.flags.has('f')) {
        ctx.err(`rm: cannot remove '${arg}': No such file or directory\n`);
        status = 1;
      }
      continue;
    }
    if (stat.type === 'dir' && !recursive) {
      ctx.err(`rm: cannot remove '${arg}': Is a directory\n`);
      status = 1;
      continue;
    }
    const victims = stat.type === 'dir' ? [...ctx.sh.descendants(path).reverse(), path] : [path];
    for (const victim of victims) {
      try {
        ctx.sh.fs.remove(victim);
        if (o.flags.has('v')) ctx.out(`removed '${victim}'\n`);
      } catch (error) {
        ctx.err(`rm: cannot remove '${victim === path ? arg : victim}': ${fsMessage(error)}\n`);
        status = 1;
      }
    }
  }
  return status;
};

function copyOrMove(move: boolean): CommandFn {
  return (ctx) => {
    const o = getopt(ctx.args, 'rRfpavin', { recursive: 'r', force: 'f', verbose: 'v' });
    if (o.bad) return badOption(ctx, o.bad);
    if (o.rest.length < 2) {
      ctx.err(
        o.rest.length === 0
          ? `${ctx.name}: missing file operand\nTry '${ctx.name} --help' for more information.\n`
          : `${ctx.name}: missing destination file operand after '${o.rest[0]}'\nTry '${ctx.name} --help' for more information.\n`,
      );
      return 1;
    }
    const sources = o.rest.slice(0, -1);
    const dest = o.rest[o.rest.length - 1]!;
    const destPath = ctx.sh.resolve(dest);
    const destIsDir = ctx.sh.fs.stat(destPath)?.type === 'dir';
    if (sources.length > 1 && !destIsDir) {
      ctx.err(`${ctx.name}: target '${dest}': Not a directory\n`);
      return 1;
    }
    let status = 0;
    for (const src of sources) {
      const srcPath = ctx.sh.resolve(src);
      const target = destIsDir ? `${destPath}/${basenameOf(srcPath)}` : destPath;
      try {
        const stat = ctx.sh.fs.stat(srcPath);
        if (!stat) throw new SessionFsError('ENOENT', src);
        if (move) {
          ctx.sh.fs.rename(srcPath, target);
          continue;
        }
        if (stat.type === 'dir') {
          if (!o.flags.has('r') && !o.flags.has('R') && !o.flags.has('a')) {
            ctx.err(`cp: -r not specified; omitting directory '${src}'\n`);
            status = 1;
            continue;
          }
          if (!ctx.sh.fs.stat(target)) ctx.sh.fs.mkdir(target);
          for (const child of ctx.sh.descendants(srcPath)) {
            const to = target + child.slice(srcPath.length);
            if (ctx.sh.fs.stat(child)?.type === 'dir') {
              if (!ctx.sh.fs.stat(to)) ctx.sh.fs.mkdir(to);
            } else ctx.sh.writeData(to, ctx.sh.readData(child));
          }
        } else ctx.sh.writeData(target, ctx.sh.readData(srcPath), stat.mode);
      } catch (error) {
        const code = error instanceof SessionFsError ? error.code : '';
        ctx.err(
          code === 'ENOENT' && !ctx.sh.fs.stat(srcPath)
            ? `${ctx.name}: cannot stat '${src}': No such file or directory\n`
            : move
              ? `mv: cannot move '${src}' to '${dest}': ${fsMessage(error)}\n`
              : `cp: cannot create regular file '${dest}': ${fsMessage(error)}\n`,
        );
        status = 1;
      }
    }
    return status;
  };
}

const touch: CommandFn = (ctx) => {
  const o = getopt(ctx.args, 'acmd:t:r:');
  if (o.rest.length === 0) return missing(ctx);
  let status = 0;
  for (const arg of o.rest) {
    const path = ctx.sh.resolve(arg);
    try {
      const stat = ctx.sh.fs.stat(path);
      if (stat?.type === 'dir') continue;
      ctx.sh.writeData(path, stat ? ctx.sh.fs.readFile(path) : Buffer.alloc(0));
    } catch (error) {
      ctx.err(`touch: cannot touch '${arg}': ${fsMessage(error)}\n`);
      status = 1;
    }
  }
  return status;
};

/** Applies a symbolic (`+x`, `u+rw,go-w`, `a=r`) or octal mode to a current mode. */
export function applyMode(current: number, spec: string, isDir: boolean): number | undefined {
  if (/^[0-7]{1,4}$/.test(spec)) return parseInt(spec, 8);
  let mode = current;
  for (const clause of spec.split(',')) {
    const m = /^([ugoa]*)([-+=])([rwxXst]*)$/.exec(clause);
    if (!m) return undefined;
    const who = m[1] || 'a';
    let bits = 0;
    for (const p of m[3]!)
      bits |= p === 'r' ? 4 : p === 'w' ? 2 : p === 'x' || (p === 'X' && (isDir || current & 0o111)) ? 1 : 0;
    let mask = 0;
    if (who.includes('u') || who.includes('a')) mask |= bits << 6;
    if (who.includes('g') || who.includes('a')) mask |= bits << 3;
    if (who.includes('o') || who.includes('a')) mask |= bits;
    if (m[3]!.includes('s'))
      mask |=
        (who.includes('u') || who.includes('a') ? 0o4000 : 0) | (who.includes('g') || who.includes('a') ? 0o2000 : 0);
    if (m[3]!.includes('t')) mask |= 0o1000;
    if (m[2] === '+') mode |= mask;
    else if (m[2] === '-') mode &= ~mask;
    else {
      let clear = 0;
      if (who.includes('u') || who.includes('a')) clear |= 0o700;
      if (who.includes('g') || who.includes('a')) clear |= 0o070;
      if (who.includes('o') || who.includes('a')) clear |= 0o007;
      mode = (mode & ~clear) | mask;
    }
  }
  return mode;
}

const chmod: CommandFn = (ctx) => {
  const args = ctx.args.filter((a) => !/^-[Rvcf]+$/.test(a));
  const recursive = ctx.args.some((a) => /^-[vcf]*R/.test(a));
  if (args.length < 2) return missing(ctx);
  const [spec, ...targets] = args as [string, ...string[]];
  let status = 0;
  for (const target of targets) {
    const path = ctx.sh.resolve(target);
    const paths = [path, ...(recursive && ctx.sh.fs.stat(path)?.type === 'dir' ? ctx.sh.descendants(path) : [])];
    for (const p of paths) {
      const stat = ctx.sh.fs.stat(p);
      if (!stat) {
        ctx.err(`chmod: cannot access '${target}': No such file or directory\n`);
        status = 1;
        continue;
      }
      const mode = applyMode(stat.mode, spec, stat.type === 'dir');
      if (mode === undefined) {
        ctx.err(`chmod: invalid mode: ‘${spec}’\nTry 'chmod --help' for more information.\n`);
        return 1;
      }
      try {
        ctx.sh.fs.chmod(p, mode);
      } catch {
        ctx.err(`chmod: changing permissions of '${target}': Operation not permitted\n`);
        status = 1;
      }
    }
  }
  return status;
};

const chown: CommandFn = (ctx) => {
  const args = ctx.args.filter((a) => !a.startsWith('-'));
  if (args.length < 2) return missing(ctx);
  let status = 0;
  for (const target of args.slice(1)) {
    if (!ctx.sh.fs.stat(ctx.sh.resolve(target))) {
      ctx.err(`${ctx.name}: cannot access '${target}': No such file or directory\n`);
      status = 1;
    } else if (ctx.sh.uid !== 0) {
      ctx.err(`${ctx.name}: changing ownership of '${target}': Operation not permitted\n`);
      status = 1;
    }
  }
  return status;
};

const ln: CommandFn = (ctx) => {
  const args = ctx.args.filter((a) => !a.startsWith('-'));
  if (args.length < 2) return missing(ctx);
  const [target, link] = args as [string, string];
  try {
    const data =
      ctx.sh.fs.stat(ctx.sh.resolve(target))?.type === 'file'
        ? ctx.sh.fs.readFile(ctx.sh.resolve(target))
        : Buffer.alloc(0);
    if (ctx.sh.fs.stat(ctx.sh.resolve(link))) throw new SessionFsError('EEXIST', link);
    ctx.sh.writeData(link, data, 0o777);
    return 0;
  } catch (error) {
    ctx.err(`ln: failed to create symbolic link '${link}': ${fsMessage(error)}\n`);
    return 1;
  }
};

const readlink: CommandFn = (ctx) => {
  const args = ctx.args.filter((a) => !a.startsWith('-'));
  const canonical = ctx.args.some((a) => /^-[a-z]*[fem]/.test(a)) || ctx.name === 'realpath';
  let status = 0;
  for (const arg of args) {
    const path = ctx.sh.resolve(arg);
    if (canonical && (ctx.sh.fs.stat(path) || ctx.name === 'realpath' || ctx.sh.fs.stat(dirnameOf(path))))
      ctx.out(`${path}\n`);
    else status = 1;
  }
  if (status === 1 && ctx.name === 'realpath') ctx.err(`realpath: ${args[0]}: No such file or directory\n`);
  return status;
};

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

function missing(ctx: CommandContext): number {
  ctx.err(`${ctx.name}: missing operand\nTry '${ctx.name} --help' for more information.\n`);
  return 1;
}

export const FILE_COMMANDS: Record<string, CommandFn> = {
  cat,
  mkdir,
  rmdir,
  rm,
  cp: copyOrMove(false),
  mv: copyOrMove(true),
  touch,
  chmod,
  chown,
  chgrp: chown,
  ln,
  readlink,
  realpath: readlink,
  stat,
  file,
  du,
  find,
  chattr: attr,
  lsattr: attr,
  dirname: (ctx) => (ctx.args.length === 0 ? missing(ctx) : (ctx.args.forEach((a) => ctx.out(`${dirnameOf(a)}\n`)), 0)),
  basename: (ctx) => {
    const [name, suffix] = ctx.args;
    if (name === undefined) return missing(ctx);
    const base = basenameOf(name);
    ctx.out(`${suffix && base.endsWith(suffix) && base !== suffix ? base.slice(0, -suffix.length) : base}\n`);
    return 0;
  },
};
