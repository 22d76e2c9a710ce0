/**
 * The registry of emulated commands. A command is `(ctx) => exitStatus`: it reads `ctx.argv`, `ctx.stdin`, the
 * machine and its filesystem, and writes through `ctx.out` / `ctx.err`. Commands not listed here are
 * `sh: 1: X: not found` (exit 127), as on a minimal server.
 */
import { FsError } from './shell-fs.mjs';
import { cat, grep, head, ls, tail, wc } from './shell-files.mjs';
import { curl, nslookup, ping, traceroute, wget } from './shell-net.mjs';
import { optionError, parseOptions } from './shell-options.mjs';

function echo(ctx) {
  let args = ctx.argv.slice(1);
  let newline = true;
  let escapes = false;
  while (/^-[neE]+$/.test(args[0] ?? '')) {
    if (args[0].includes('n')) newline = false;
    if (args[0].includes('e')) escapes = true;
    args = args.slice(1);
  }
  let text = args.join(' ');
  if (escapes) {
    text = text.replace(/\\([ntr\\])/g, (_, c) => ({ n: '\n', t: '\t', r: '\r', '\\': '\\' })[c]);
  }
  ctx.out(newline ? `${text}\n` : text);
  return 0;
}

function id(ctx) {
  const { user } = ctx;
  const group = (i) => `${user.gids[i]}(${user.groups[i]})`;
  const name = ctx.argv[1];
  if (name === '-u') ctx.out(`${user.uid}\n`);
  else if (name === '-un' || name === '-nu') ctx.out(`${user.name}\n`);
  else if (name === '-g') ctx.out(`${user.gids[0]}\n`);
  else
    ctx.out(`uid=${user.uid}(${user.name}) gid=${group(0)} groups=${user.groups.map((_, i) => group(i)).join(',')}\n`);
  return 0;
}

function uname(ctx) {
  const parsed = parseOptions(ctx.argv.slice(1), { flags: 'asnrvmpio' });
  if (parsed.bad) {
    ctx.err(`${optionError('uname', parsed)}Try 'uname --help' for more information.\n`);
    return 1;
  }
  const { kernel, hostname } = ctx.machine;
  const fields = [
    ['s', 'Linux'],
    ['n', hostname],
    ['r', kernel.release],
    ['v', kernel.version],
    ['m', 'x86_64'],
    ['p', 'x86_64'],
    ['i', 'x86_64'],
    ['o', 'GNU/Linux'],
  ];
  const { opts } = parsed;
  const chosen = opts.a ? fields : fields.filter(([flag]) => opts[flag]);
  ctx.out(`${(chosen.length > 0 ? chosen : fields.slice(0, 1)).map(([, value]) => value).join(' ')}\n`);
  return 0;
}

function hostname(ctx) {
  const flag = ctx.argv[1];
  if (flag === '-f') ctx.out(`${ctx.machine.fqdn}\n`);
  else if (flag === '-I' || flag === '-i') {
    const self = ctx.machine.network.hosts.find((h) => h.name === ctx.machine.fqdn);
    ctx.out(`${self?.ip ?? '127.0.1.1'} \n`);
  } else ctx.out(`${ctx.machine.hostname}\n`);
  return 0;
}

function env(ctx) {
  ctx.out(
    ctx.session
      .environment()
      .map(([name, value]) => `${name}=${value}\n`)
      .join(''),
  );
  return 0;
}

function exportCommand(ctx) {
  for (const arg of ctx.argv.slice(1)) {
    const eq = arg.indexOf('=');
    const name = eq < 0 ? arg : arg.slice(0, eq);
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) {
      ctx.err(`sh: 1: export: ${arg}: bad variable name\n`);
      return 2;
    }
    ctx.session.exportVar(name, eq < 0 ? undefined : arg.slice(eq + 1));
  }
  return 0;
}

function cd(ctx) {
  const arg = ctx.argv[1] ?? ctx.user.home;
  const target = arg === '-' ? (ctx.session.vars.get('OLDPWD') ?? ctx.session.cwd) : arg;
  const path = ctx.resolve(target);
  try {
    const node = ctx.fs.statChecked(path, ctx.user);
    if (node.type !== 'dir') throw new FsError('ENOTDIR');
    if (!ctx.fs.canSearch(node, ctx.user)) throw new FsError('EACCES');
  } catch (err) {
    if (!(err instanceof FsError)) throw err;
    ctx.err(`sh: 1: cd: can't cd to ${arg}\n`);
    return 2;
  }
  ctx.session.changeDirectory(path);
  if (arg === '-') ctx.out(`${path}\n`);
  return 0;
}

/** `sleep N` takes no time here: the shell adds N (capped) to the run's delay, which its caller may wait out. */
function sleep(ctx) {
  const args = ctx.argv.slice(1);
  if (args.length === 0) {
    ctx.err("sleep: missing operand\nTry 'sleep --help' for more information.\n");
    return 1;
  }
  let seconds = 0;
  for (const arg of args) {
    const match = /^([0-9]*\.?[0-9]+)([smhd]?)$/.exec(arg);
    if (!match) {
      ctx.err(`sleep: invalid time interval '${arg}'\nTry 'sleep --help' for more information.\n`);
      return 1;
    }
    seconds += Number(match[1]) * { '': 1, s: 1, m: 60, h: 3600, d: 86400 }[match[2]];
  }
  ctx.sleep(seconds);
  return 0;
}

function which(ctx) {
  let status = 0;
  for (const name of ctx.argv.slice(1)) {
    if (COMMANDS.has(name) && !BUILTINS.has(name)) ctx.out(`/usr/bin/${name}\n`);
    else status = 1;
  }
  return status;
}

function date(ctx) {
  const now = new Date();
  const days = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
  const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
  const time = now.toISOString().slice(11, 19);
  ctx.out(
    `${days[now.getUTCDay()]} ${months[now.getUTCMonth()]} ${String(now.getUTCDate()).padStart(2)} ${time} UTC ${now.getUTCFullYear()}\n`,
  );
  return 0;
}

function help(ctx) {
  const names = [...COMMANDS.keys()].sort();
  ctx.out(
    'Emulated commands (nothing runs on a real computer) / 使えるコマンド (すべて模擬):\n' +
      `  ${names.join(' ')}\n` +
      'Shell syntax: ; && || | & newline $(...) `...` $((...)) "..." \'...\' \\ $VAR ${VAR} ${IFS} > >> < 2>&1 #\n',
  );
  return 0;
}

/** Interpreters and tools that exist on the server but that www-data may not run (an AppArmor profile). */
function denied(ctx) {
  ctx.err(`sh: 1: ${ctx.argv[0]}: Permission denied\n`);
  return 126;
}

/** A command that only prints (and succeeds). */
function printing(text) {
  return (ctx) => {
    ctx.out(text(ctx));
    return 0;
  };
}

const BUILTINS = new Set(['cd', 'echo', 'export', 'pwd', 'true', 'false', 'help']);

export const COMMANDS = new Map([
  ['cat', cat],
  ['cd', cd],
  ['clear', printing(() => '\x1b[H\x1b[2J')],
  ['curl', curl],
  ['date', date],
  ['echo', echo],
  ['env', env],
  ['export', exportCommand],
  ['false', () => 1],
  ['grep', grep],
  ['head', head],
  ['help', help],
  ['hostname', hostname],
  ['id', id],
  ['ls', ls],
  ['nslookup', nslookup],
  ['ping', ping],
  ['printenv', env],
  ['pwd', printing((ctx) => `${ctx.session.cwd}\n`)],
  ['sleep', sleep],
  ['tail', tail],
  ['traceroute', traceroute],
  ['true', () => 0],
  ['uname', uname],
  ['wc', wc],
  ['wget', wget],
  ['which', which],
  ['whoami', printing((ctx) => `${ctx.user.name}\n`)],
  ['bash', denied],
  ['sh', denied],
  ['nc', denied],
  ['python3', denied],
]);
