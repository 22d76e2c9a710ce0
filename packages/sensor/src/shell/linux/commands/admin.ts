import { hostFacts, uptimeSeconds } from '../../host-info.js';
import { fsMessage, type CommandFn, type CommandContext } from '../shell.js';
import { lines, localParts, sleep } from './util.js';

/** Administration commands: services, accounts, cron, and the privilege commands that always fail. */

const debianLike = (ctx: CommandContext) =>
  ctx.sh.host.os.family === 'linux' && ['ubuntu', 'debian'].includes(ctx.sh.host.os.distro);

const lscpu: CommandFn = (ctx) => {
  const f = hostFacts(ctx.sh.host);
  const rows: [string, string][] = [
    ['Architecture', 'x86_64'],
    ['CPU op-mode(s)', '32-bit, 64-bit'],
    ['Address sizes', '45 bits physical, 48 bits virtual'],
    ['Byte Order', 'Little Endian'],
    ['CPU(s)', String(f.cpus)],
    ['On-line CPU(s) list', `0-${f.cpus - 1}`],
    ['Vendor ID', 'GenuineIntel'],
    ['Model name', f.cpuModel],
    ['CPU family', '6'],
    ['Model', '85'],
    ['Thread(s) per core', '1'],
    ['Core(s) per socket', String(f.cpus)],
    ['Socket(s)', '1'],
    ['Stepping', '7'],
    ['BogoMIPS', f.cpuModel.includes('2.40') ? '4799.99' : '5799.99'],
    ['Hypervisor vendor', 'VMware'],
    ['Virtualization type', 'full'],
    ['L1d cache', `${f.cpus * 32} KiB (${f.cpus} instances)`],
    ['L2 cache', `${f.cpus} MiB (${f.cpus} instances)`],
    ['L3 cache', '22 MiB (1 instance)'],
    ['NUMA node(s)', '1'],
    ['NUMA node0 CPU(s)', `0-${f.cpus - 1}`],
  ];
  for (const [k, v] of rows) ctx.out(`${(k + ':').padEnd(38)}${v}\n`);
  return 0;
};

/** The systemd units the host's services imply. */
function units(ctx: CommandContext): [string, string][] {
  const has = (name: string) =>
    ctx.sh.host.services.some((s) => s.name === name || s.product?.toLowerCase().includes(name));
  const out: [string, string][] = [
    ['sshd.service', 'OpenSSH server daemon'],
    [debianLike(ctx) ? 'cron.service' : 'crond.service', 'Command Scheduler'],
    ['rsyslog.service', 'System Logging Service'],
    ['chronyd.service', 'NTP client/server'],
    ['systemd-journald.service', 'Journal Service'],
    ['systemd-logind.service', 'User Login Management'],
  ];
  if (has('nginx')) out.push(['nginx.service', 'The nginx HTTP and reverse proxy server']);
  if (has('apache')) out.push(['httpd.service', 'The Apache HTTP Server']);
  if (has('postfix')) out.push(['postfix.service', 'Postfix Mail Transport Agent']);
  if (has('dovecot')) out.push(['dovecot.service', 'Dovecot IMAP/POP3 email server']);
  if (has('samba ad')) out.push(['samba.service', 'Samba AD Daemon']);
  else if (has('samba')) out.push(['smb.service', 'Samba SMB Daemon'], ['nmb.service', 'Samba NMB Daemon']);
  if (has('bind')) out.push(['named.service', 'Berkeley Internet Name Domain (DNS)']);
  return out.sort();
}

const systemctl: CommandFn = (ctx) => {
  const [verb = 'list-units', ...rest] = ctx.args.filter((a) => !a.startsWith('-'));
  const all = units(ctx);
  if (verb === 'list-units' || verb === 'list-unit-files') {
    ctx.out('  UNIT                           LOAD   ACTIVE SUB     DESCRIPTION\n');
    for (const [unit, description] of all) ctx.out(`  ${unit.padEnd(30)} loaded active running ${description}\n`);
    ctx.out(
      `\nLOAD   = Reflects whether the unit definition was properly loaded.\nACTIVE = The high-level unit activation state, i.e. generalization of SUB.\nSUB    = The low-level unit activation state, values depend on unit type.\n${all.length} loaded units listed.\n`,
    );
    return 0;
  }
  if (verb === 'status') {
    const name = rest[0] ?? '';
    const unit = all.find(([u]) => u === name || u === `${name}.service` || (name === 'ssh' && u === 'sshd.service'));
    if (!unit) {
      ctx.err(`Unit ${name.includes('.') ? name : name + '.service'} could not be found.\n`);
      return 4;
    }
    const now = ctx.sh.runtime.now();
    const since = localParts(ctx, new Date(now.getTime() - uptimeSeconds(ctx.sh.host, now) * 1000 + 9000));
    const pid = 700 + (hostFacts(ctx.sh.host).seed % 300);
    ctx.out(
      `● ${unit[0]} - ${unit[1]}\n     Loaded: loaded (/usr/lib/systemd/system/${unit[0]}; enabled; preset: enabled)\n     Active: active (running) since ${since.weekday} ${since.iso} ${since.time} ${since.zone}\n   Main PID: ${pid} (${unit[0].replace('.service', '')})\n      Tasks: ${1 + (pid % 5)} (limit: ${hostFacts(ctx.sh.host).cpus * 4_900})\n     Memory: ${(pid % 40) + 3}.${pid % 10}M\n        CPU: ${pid % 9}.${pid % 100}s\n     CGroup: /system.slice/${unit[0]}\n`,
    );
    return 0;
  }
  if (['start', 'stop', 'restart', 'enable', 'disable', 'reload', 'mask', 'daemon-reload'].includes(verb)) {
    if (ctx.sh.uid === 0) return 0;
    ctx.err(
      `Failed to ${verb} ${rest[0] ?? ''}: Interactive authentication required.\nSee system logs and 'systemctl status ${rest[0] ?? ''}' for details.\n`,
    );
    return 1;
  }
  ctx.err(`Unknown command verb ${verb}.\n`);
  return 1;
};

const service: CommandFn = (ctx) => {
  const [name, verb] = ctx.args;
  if (name === undefined) {
    ctx.err('Usage: service < option > | --status-all | [ service_name [ command | --full-restart ] ]\n');
    return 1;
  }
  if (name === '--status-all') {
    for (const [unit] of units(ctx)) ctx.out(` [ + ]  ${unit.replace('.service', '')}\n`);
    return 0;
  }
  return systemctl({ ...ctx, args: [verb ?? 'status', name] });
};

const getent: CommandFn = (ctx) => {
  const [db, ...keys] = ctx.args;
  const file = { passwd: '/etc/passwd', group: '/etc/group', hosts: '/etc/hosts', shadow: '/etc/shadow' }[db ?? ''];
  if (!file) {
    ctx.err(
      db === undefined
        ? 'getent: wrong number of arguments\n'
        : `Unknown database: ${db}\nTry \`getent --help' or \`getent --usage' for more information.\n`,
    );
    return 1;
  }
  let text: string;
  try {
    text = ctx.sh.readText(file);
  } catch {
    return 2;
  }
  const rows = lines(text);
  if (keys.length === 0) return (ctx.out(rows.join('\n') + '\n'), 0);
  let found = false;
  for (const key of keys) {
    const row = rows.find((r) =>
      db === 'hosts' ? r.split(/\s+/).includes(key) : r.split(':')[0] === key || r.split(':')[2] === key,
    );
    if (row) {
      ctx.out(`${row}\n`);
      found = true;
    }
  }
  return found ? 0 : 2;
};

/** crontab -l / -e / -r / FILE: the table lives in the session's file system (/var/spool/cron). */
const crontab: CommandFn = (ctx) => {
  const sh = ctx.sh;
  const user = ctx.args.includes('-u') ? (ctx.args[ctx.args.indexOf('-u') + 1] ?? sh.username) : sh.username;
  if (user !== sh.username && sh.uid !== 0) {
    ctx.err('must be privileged to use -u\n');
    return 1;
  }
  const spool = debianLike(ctx) ? `/var/spool/cron/crontabs/${user}` : `/var/spool/cron/${user}`;
  const table = () => {
    for (const path of [spool, `${sh.fs.home}/.cache-crontab`]) {
      try {
        const text = sh.fs.readFile(path).toString('utf8');
        return text === '' ? undefined : text;
      } catch {
        // not there: try the next place
      }
    }
    return undefined;
  };
  const args = ctx.args.filter((a, i) => a !== '-u' && ctx.args[i - 1] !== '-u');
  const store = (text: string) => {
    const dir = spool.slice(0, spool.lastIndexOf('/'));
    // The spool is root's; crontab(1) is setgid and may write there, so the session writes as the system would.
    for (const d of ['/var/spool', '/var/spool/cron', dir]) if (!sh.fs.stat(d)) forceMkdir(ctx, d);
    forceWrite(ctx, spool, text);
  };
  if (args[0] === '-l') {
    const current = table();
    if (current === undefined) {
      ctx.err(`no crontab for ${user}\n`);
      return 1;
    }
    ctx.out(current);
    return 0;
  }
  if (args[0] === '-r') {
    if (table() === undefined) {
      ctx.err(`no crontab for ${user}\n`);
      return 1;
    }
    forceWrite(ctx, spool, '');
    return 0;
  }
  if (args[0] === '-e') {
    ctx.err(`no crontab for ${user} - using an empty one\ncrontab: installing new crontab\n`);
    if (table() === undefined) store('');
    return 0;
  }
  const source = args[0];
  let text: string;
  if (source === undefined || source === '-') text = ctx.stdin;
  else {
    try {
      text = sh.readText(source);
    } catch (error) {
      ctx.err(`${source}: ${fsMessage(error)}\n`);
      return 1;
    }
  }
  for (const line of lines(text)) {
    if (line.trim() === '' || line.trim().startsWith('#') || /^\s*\w+=/.test(line)) continue;
    if (!/^\s*(@\w+|(\S+\s+){5}\S)/.test(line)) {
      ctx.err(`"-":1: bad minute\nerrors in crontab file, can't install.\n`);
      return 1;
    }
  }
  store(text);
  return 0;
};

function forceMkdir(ctx: CommandContext, path: string): void {
  try {
    ctx.sh.fs.mkdir(path, 0o730);
  } catch {
    // the overlay refuses non-root; the table itself is still written below through writeData when allowed
  }
}

function forceWrite(ctx: CommandContext, path: string, text: string): void {
  try {
    ctx.sh.writeData(path, Buffer.from(text), 0o600);
  } catch {
    // A non-root user cannot write the root-owned spool in the overlay: keep it beside their home instead.
    ctx.sh.writeData(`${ctx.sh.fs.home}/.cache-crontab`, Buffer.from(text), 0o600);
  }
}

/** Reads a password like sudo/passwd do: from the terminal without echo, from stdin with -S, or fails. */
async function readSecret(
  ctx: CommandContext,
  prompt: string,
  fromStdin: boolean,
  line: number,
): Promise<string | undefined> {
  if (fromStdin) {
    ctx.err(prompt);
    return ctx.stdin.split('\n')[line];
  }
  const answer = await ctx.io.ask(prompt, false);
  return answer;
}

function recordSecret(ctx: CommandContext, tool: string, password: string, attempt: number): void {
  ctx.sh.emit({
    kind: 'other',
    eventid: `cynex.${tool}.password`,
    fields: { username: ctx.sh.username, password: password.slice(0, 256), attempt },
  });
}

/** sudo: asks for the password three times and always refuses (root runs the command directly). */
const sudo: CommandFn = async (ctx) => {
  const sh = ctx.sh;
  const args = [...ctx.args];
  let stdinPassword = false;
  while (args[0]?.startsWith('-')) {
    const flag = args.shift()!;
    if (flag.includes('S')) stdinPassword = true;
    if (flag === '-u' || flag === '-g') args.shift();
  }
  if (sh.uid === 0)
    return args.length > 0
      ? sh.exec(args[0]!, args.slice(1), ctx.stdin, ctx.piped, { write: ctx.out }, { write: ctx.err }, ctx.io)
      : 0;
  if (!ctx.io.interactive && !stdinPassword) {
    ctx.err(
      'sudo: a terminal is required to read the password; either use the -S option to read from standard input or configure an askpass helper\nsudo: a password is required\n',
    );
    return 1;
  }
  for (let attempt = 1; attempt <= 3; attempt++) {
    const password = await readSecret(ctx, `[sudo] password for ${sh.username}: `, stdinPassword, attempt - 1);
    if (password === undefined) {
      if (ctx.io.signal.aborted) return 1;
      ctx.err('\nsudo: no password was provided\nsudo: a password is required\n');
      return 1;
    }
    if (!stdinPassword) ctx.out('\n');
    recordSecret(ctx, 'sudo', password, attempt);
    await sleep(1500 + Math.random() * 700, ctx.io.signal);
    if (attempt < 3) ctx.err('Sorry, try again.\n');
  }
  ctx.err('sudo: 3 incorrect password attempts\n');
  return 1;
};

const su: CommandFn = async (ctx) => {
  if (!ctx.io.interactive) {
    ctx.err('su: must be run from a terminal\n');
    return 1;
  }
  const password = await ctx.io.ask('Password: ', false);
  if (password === undefined) return 1;
  ctx.out('\n');
  recordSecret(ctx, 'su', password, 1);
  await sleep(2000 + Math.random() * 800, ctx.io.signal);
  ctx.err('su: Authentication failure\n');
  return 1;
};

const passwd: CommandFn = async (ctx) => {
  const sh = ctx.sh;
  const target = ctx.args.find((a) => !a.startsWith('-')) ?? sh.username;
  if (target !== sh.username && sh.uid !== 0) {
    ctx.err(`passwd: You may not view or modify password information for ${target}.\n`);
    return 1;
  }
  if (!ctx.io.interactive) {
    ctx.err('passwd: Authentication token manipulation error\npasswd: password unchanged\n');
    return 1;
  }
  ctx.out(debianLike(ctx) ? `Changing password for ${target}.\n` : `Changing password for user ${target}.\n`);
  const prompts = sh.uid === 0 ? ['New password: ', 'Retype new password: '] : ['Current password: '];
  for (const [i, prompt] of prompts.entries()) {
    const answer = await ctx.io.ask(prompt, false);
    if (answer === undefined) return 1;
    ctx.out('\n');
    recordSecret(ctx, 'passwd', answer, i + 1);
  }
  await sleep(1800, ctx.io.signal);
  ctx.err(
    sh.uid === 0
      ? 'passwd: Authentication token manipulation error\npasswd: password unchanged\n'
      : 'passwd: Authentication token manipulation error\npasswd: password unchanged\n',
  );
  return debianLike(ctx) ? 10 : 1;
};

/** Tools the host does not have: bash says "command not found" and the event is marked failed. */
export const MISSING_TOOLS = [
  'perl',
  'python',
  'python2',
  'python3',
  'gcc',
  'cc',
  'make',
  'busybox',
  'nc',
  'ncat',
  'netcat',
  'telnet',
  'nmap',
  'socat',
  'php',
  'ruby',
  'java',
  'go',
  'docker',
  'masscan',
  'git',
  'lua',
  'node',
];

export const ADMIN_COMMANDS: Record<string, CommandFn> = {
  lscpu,
  systemctl,
  service,
  getent,
  crontab,
  sudo,
  su,
  passwd,
  users: (ctx) => (ctx.out(`${ctx.sh.username}\n`), 0),
  useradd: (ctx) => (
    ctx.err(
      ctx.sh.uid === 0 ? '' : `useradd: Permission denied.\nuseradd: cannot lock /etc/passwd; try again later.\n`,
    ),
    ctx.sh.uid === 0 ? 0 : 1
  ),
  reboot: (ctx) => (
    ctx.err(
      'Failed to set wall message, ignoring: Interactive authentication required.\nFailed to reboot system via logind: Interactive authentication required.\n',
    ),
    1
  ),
  shutdown: (ctx) => (
    ctx.err(
      'Failed to set wall message, ignoring: Interactive authentication required.\nFailed to call ScheduleShutdown in logind, proceeding with immediate shutdown: Interactive authentication required.\n',
    ),
    1
  ),
  iptables: (ctx) => (
    ctx.err(
      'iptables v1.8.8 (nf_tables): Could not fetch rule set generation id: Permission denied (you must be root)\n\n',
    ),
    4
  ),
};
