import { SessionFsError } from '../../contract.js';
import { basenameOf, dirnameOf } from '../../paths.js';
import { fsMessage, type CommandFn, type CommandContext } from '../shell.js';
import { badOption, forEachInput, getopt } from './util.js';

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

export function missing(ctx: CommandContext): number {
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
  dirname: (ctx) => (ctx.args.length === 0 ? missing(ctx) : (ctx.args.forEach((a) => ctx.out(`${dirnameOf(a)}\n`)), 0)),
  basename: (ctx) => {
    const [name, suffix] = ctx.args;
    if (name === undefined) return missing(ctx);
    const base = basenameOf(name);
    ctx.out(`${suffix && base.endsWith(suffix) && base !== suffix ? base.slice(0, -suffix.length) : base}\n`);
    return 0;
  },
};
