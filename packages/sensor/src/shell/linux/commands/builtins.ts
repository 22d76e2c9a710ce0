import type { CommandFn, CommandContext } from '../shell.js';
import { fsMessage } from '../shell.js';
import { lines, sleep } from './util.js';

/** Shell builtins and the small commands that only touch the shell's own state. */

const cd: CommandFn = (ctx) => {
  const sh = ctx.sh;
  let target = ctx.args.filter((a) => a !== '-L' && a !== '-P')[0] ?? sh.fs.home;
  if (ctx.args.length > 1 && !ctx.args[0]!.startsWith('-')) {
    ctx.err(`${sh.prefix}cd: too many arguments\n`);
    return 1;
  }
  if (target === '-') {
    if (!sh.oldpwd) {
      ctx.err(`${sh.prefix}cd: OLDPWD not set\n`);
      return 1;
    }
    target = sh.oldpwd;
    ctx.out(`${target}\n`);
  }
  const path = sh.resolve(target);
  const stat = sh.fs.stat(path);
  if (!stat) {
    ctx.err(`${sh.prefix}cd: ${target}: No such file or directory\n`);
    return 1;
  }
  if (stat.type !== 'dir') {
    ctx.err(`${sh.prefix}cd: ${target}: Not a directory\n`);
    return 1;
  }
  try {
    sh.fs.list(path);
  } catch (error) {
    ctx.err(`${sh.prefix}cd: ${target}: ${fsMessage(error)}\n`);
    return 1;
  }
  sh.oldpwd = sh.cwd;
  sh.cwd = path;
  sh.env.set('OLDPWD', sh.oldpwd);
  sh.env.set('PWD', path);
  return 0;
};

const echo: CommandFn = (ctx) => {
  let args = ctx.args;
  let newline = true;
  let escapes = false;
  while (args[0] && /^-[neE]+$/.test(args[0])) {
    if (args[0].includes('n')) newline = false;
    if (args[0].includes('e')) escapes = true;
    if (args[0].includes('E')) escapes = false;
    args = args.slice(1);
  }
  let text = args.join(' ');
  if (escapes) text = unescape(text);
  ctx.out(text + (newline ? '\n' : ''));
  return 0;
};

function unescape(text: string): string {
  return text.replace(/\\(x[0-9a-fA-F]{1,2}|0[0-7]{0,3}|[abefnrtv\\])/g, (_, e: string) => {
    if (e[0] === 'x') return String.fromCharCode(parseInt(e.slice(1), 16));
    if (e[0] === '0') return String.fromCharCode(parseInt(e.slice(1) || '0', 8));
    return { a: '\x07', b: '\b', e: '\x1b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v', '\\': '\\' }[e] ?? e;
  });
}

const printf: CommandFn = (ctx) => {
  const [format, ...values] = ctx.args;
  if (format === undefined) {
    ctx.err('printf: usage: printf [-v var] format [arguments]\n');
    return 2;
  }
  let index = 0;
  let out = '';
  let rounds = 0;
  do {
    out += unescape(format).replace(
      /%(-?\d*)(?:\.(\d+))?([sdiouxXfcb%])/g,
      (_, width: string, precision: string | undefined, conv: string) => {
        if (conv === '%') return '%';
        const value = values[index++] ?? '';
        let s: string;
        if (conv === 'd' || conv === 'i' || conv === 'u') s = String(parseInt(value, 10) || 0);
        else if (conv === 'x' || conv === 'X')
          s = (parseInt(value, 10) || 0).toString(16)[conv === 'X' ? 'toUpperCase' : 'toLowerCase']();
        else if (conv === 'o') s = (parseInt(value, 10) || 0).toString(8);
        else if (conv === 'f') s = (parseFloat(value) || 0).toFixed(precision ? Number(precision) : 6);
        else if (conv === 'c') s = value.slice(0, 1);
        else if (conv === 'b') s = unescape(value);
        else s = precision ? value.slice(0, Number(precision)) : value;
        const w = Number(width.replace('-', '') || 0);
        return width.startsWith('-') ? s.padEnd(w) : s.padStart(w);
      },
    );
    rounds++;
  } while (index < values.length && index > 0 && rounds < 1000);
  ctx.out(out);
  return 0;
};

const exportCmd: CommandFn = (ctx) => {
  const args = ctx.args.filter((a) => a !== '-n');
  if (args.length === 0 || args[0] === '-p') {
    for (const [k, v] of [...ctx.sh.env].sort()) ctx.out(`declare -x ${k}="${v}"\n`);
    return 0;
  }
  for (const arg of args) {
    const at = arg.indexOf('=');
    const name = at < 0 ? arg : arg.slice(0, at);
    if (!/^[A-Za-z_]\w*$/.test(name)) {
      ctx.err(`${ctx.sh.prefix}export: \`${arg}': not a valid identifier\n`);
      return 1;
    }
    if (at >= 0) ctx.sh.env.set(name, arg.slice(at + 1));
    else if (!ctx.sh.env.has(name)) ctx.sh.env.set(name, '');
  }
  return 0;
};

const unset: CommandFn = (ctx) => {
  for (const arg of ctx.args) if (!arg.startsWith('-')) ctx.sh.env.delete(arg);
  return 0;
};

const alias: CommandFn = (ctx) => {
  if (ctx.args.length === 0) {
    for (const [k, v] of [...ctx.sh.aliases].sort()) ctx.out(`alias ${k}='${v}'\n`);
    return 0;
  }
  let status = 0;
  for (const arg of ctx.args) {
    const at = arg.indexOf('=');
    if (at > 0) ctx.sh.aliases.set(arg.slice(0, at), arg.slice(at + 1));
    else if (ctx.sh.aliases.has(arg)) ctx.out(`alias ${arg}='${ctx.sh.aliases.get(arg)}'\n`);
    else {
      ctx.err(`${ctx.sh.prefix}alias: ${arg}: not found\n`);
      status = 1;
    }
  }
  return status;
};

const unalias: CommandFn = (ctx) => {
  if (ctx.args[0] === '-a') ctx.sh.aliases.clear();
  for (const arg of ctx.args) ctx.sh.aliases.delete(arg);
  return 0;
};

export const BUILTIN_NAMES = new Set([
  'cd',
  'echo',
  'printf',
  'export',
  'unset',
  'alias',
  'unalias',
  'type',
  'history',
  'exit',
  'logout',
  'pwd',
  'true',
  'false',
  'source',
  '.',
  'kill',
  'set',
  'read',
  'ulimit',
  'umask',
  'command',
  'hash',
  'jobs',
  'wait',
  'trap',
  'shopt',
]);

/** Where `which`/`type` say a command lives (coreutils in /usr/bin, admin tools in /usr/sbin). */
export function commandPath(name: string): string {
  const sbin = [
    'ifconfig',
    'ip',
    'service',
    'chattr',
    'lsattr',
    'reboot',
    'shutdown',
    'useradd',
    'iptables',
    'sshd',
    'mkfs',
    'fdisk',
    'route',
    'arp',
  ];
  return sbin.includes(name) ? `/usr/sbin/${name}` : `/usr/bin/${name}`;
}

const which: CommandFn = (ctx) => {
  let status = 0;
  for (const name of ctx.args.filter((a) => !a.startsWith('-'))) {
    if (ctx.sh.knows(name) && !BUILTIN_NAMES.has(name)) ctx.out(`${commandPath(name)}\n`);
    else {
      if (ctx.sh.host.os.family === 'linux' && ctx.sh.host.os.distro !== 'ubuntu' && ctx.sh.host.os.distro !== 'debian')
        ctx.err(`/usr/bin/which: no ${name} in (${ctx.sh.env.get('PATH') ?? ''})\n`);
      status = 1;
    }
  }
  return status;
};

const type: CommandFn = (ctx) => {
  let status = 0;
  for (const name of ctx.args.filter((a) => !a.startsWith('-'))) {
    if (ctx.sh.aliases.has(name)) ctx.out(`${name} is aliased to \`${ctx.sh.aliases.get(name)}'\n`);
    else if (BUILTIN_NAMES.has(name)) ctx.out(`${name} is a shell builtin\n`);
    else if (ctx.sh.knows(name)) ctx.out(`${name} is ${commandPath(name)}\n`);
    else {
      ctx.err(`${ctx.sh.prefix}type: ${name}: not found\n`);
      status = 1;
    }
  }
  return status;
};

/** The world's history for the user (their ~/.bash_history), then this session's lines; `-c` clears both. */
const history: CommandFn = (ctx) => {
  const sh = ctx.sh;
  if (ctx.args.includes('-c')) {
    sh.history = [];
    sh.historyCleared = true;
    return 0;
  }
  let past: string[] = [];
  if (!sh.historyCleared) {
    try {
      past = lines(sh.fs.readFile(`${sh.fs.home}/.bash_history`).toString('utf8'));
    } catch {
      past = [];
    }
  }
  const all = [...past, ...sh.history];
  const count = ctx.args[0] && /^\d+$/.test(ctx.args[0]) ? Number(ctx.args[0]) : all.length;
  const start = Math.max(0, all.length - count);
  for (let i = start; i < all.length; i++) ctx.out(`${String(i + 1).padStart(5)}  ${all[i]}\n`);
  return 0;
};

const exit: CommandFn = (ctx) => {
  const code = ctx.args[0] !== undefined ? Number(ctx.args[0]) & 255 : ctx.sh.status;
  ctx.sh.exitRequested = Number.isNaN(code) ? 2 : code;
  return ctx.sh.exitRequested;
};

const sleepCmd: CommandFn = async (ctx) => {
  const arg = ctx.args[0];
  if (arg === undefined) {
    ctx.err("sleep: missing operand\nTry 'sleep --help' for more information.\n");
    return 1;
  }
  const match = /^(\d+(?:\.\d+)?)([smhd]?)$/.exec(arg);
  if (!match) {
    ctx.err(`sleep: invalid time interval '${arg}'\nTry 'sleep --help' for more information.\n`);
    return 1;
  }
  const seconds = Number(match[1]) * ({ '': 1, s: 1, m: 60, h: 3600, d: 86400 }[match[2]!] ?? 1);
  // A sleep holds the session like the real one, but never longer than a minute of sensor time.
  await sleep(Math.min(seconds, 60) * 1000, ctx.io.signal);
  return ctx.io.signal.aborted ? 130 : 0;
};

const env: CommandFn = (ctx) => {
  if (ctx.args.length > 0 && !ctx.args[0]!.includes('=')) {
    return ctx.sh.exec(
      ctx.args[0]!,
      ctx.args.slice(1),
      ctx.stdin,
      ctx.piped,
      { write: ctx.out },
      { write: ctx.err },
      ctx.io,
    );
  }
  for (const [k, v] of ctx.sh.env) ctx.out(`${k}=${v}\n`);
  ctx.out(`_=/usr/bin/${ctx.name}\n`);
  return 0;
};

const printenv: CommandFn = (ctx) => {
  if (ctx.args.length === 0) return env(ctx);
  let status = 0;
  for (const name of ctx.args) {
    const v = ctx.sh.env.get(name);
    if (v === undefined) status = 1;
    else ctx.out(`${v}\n`);
  }
  return status;
};

/** `sh -c '…'`, `bash script`, `source file`: run by this emulated shell, never by a real one. */
const shCmd: CommandFn = (ctx) => {
  const c = ctx.args.indexOf('-c');
  if (c >= 0) return ctx.sh.runScript(ctx, ctx.args[c + 1] ?? '');
  const file = ctx.args.find((a) => !a.startsWith('-'));
  if (file === undefined) return ctx.piped ? ctx.sh.runScript(ctx, ctx.stdin) : 0;
  let text: string;
  try {
    text = ctx.sh.readText(file);
  } catch (error) {
    ctx.err(
      `${ctx.name === 'source' || ctx.name === '.' ? ctx.sh.prefix : ctx.name + ': '}${file}: ${fsMessage(error)}\n`,
    );
    return ctx.name === 'source' || ctx.name === '.' ? 1 : 127;
  }
  ctx.sh.markFailed();
  return ctx.sh.runScript(ctx, text);
};

const noop: CommandFn = () => 0;

export const BUILTINS: Record<string, CommandFn> = {
  cd,
  pwd: (ctx) => (ctx.out(`${ctx.sh.cwd}\n`), 0),
  echo,
  printf,
  export: exportCmd,
  unset,
  alias,
  unalias,
  which,
  type,
  history,
  exit,
  logout: (ctx: CommandContext) => {
    if (!ctx.io.interactive) {
      ctx.err(`${ctx.sh.prefix}logout: not login shell: use \`exit'\n`);
      return 1;
    }
    return exit(ctx);
  },
  true: () => 0,
  false: () => 1,
  ':': () => 0,
  clear: (ctx) => (
    ctx.io.interactive ? ctx.out('\x1b[H\x1b[2J\x1b[3J') : ctx.err('TERM environment variable not set.\n'),
    0
  ),
  reset: noop,
  sleep: sleepCmd,
  env,
  printenv,
  sh: shCmd,
  bash: shCmd,
  dash: shCmd,
  source: shCmd,
  '.': shCmd,
  set: (ctx) => (ctx.args.length === 0 ? printenv({ ...ctx, args: [] }) : 0),
  ulimit: (ctx) => (ctx.out('unlimited\n'), 0),
  umask: (ctx) => (ctx.args.length === 0 ? ctx.out(ctx.sh.uid === 0 ? '0022\n' : '0002\n') : undefined, 0),
  hash: noop,
  jobs: noop,
  wait: noop,
  trap: noop,
  shopt: noop,
  read: (ctx) => {
    const name = ctx.args.filter((a) => !a.startsWith('-')).pop() ?? 'REPLY';
    ctx.sh.env.set(name, ctx.stdin.split('\n')[0] ?? '');
    return ctx.piped ? 0 : 1;
  },
};
