import { hostFacts, formatUptime, loadAverages, uptimeSeconds } from '../../host-info.js';
import { fsMessage, type CommandFn, type CommandContext } from '../shell.js';
import { psRows } from './resources.js';
import { getopt, lines, localParts } from './util.js';

const linuxOs = (ctx: CommandContext) => {
  const os = ctx.sh.host.os;
  if (os.family !== 'linux') throw new Error('not a Linux host');
  return os;
};
const debianLike = (ctx: CommandContext) => ['ubuntu', 'debian'].includes(linuxOs(ctx).distro);

const id: CommandFn = (ctx) => {
  const user = ctx.args.find((a) => !a.startsWith('-')) ?? ctx.sh.username;
  const account = user === 'root' ? { uid: 0 } : ctx.sh.host.accounts.find((a) => a.username === user);
  if (!account) {
    ctx.err(`id: ‘${user}’: no such user\n`);
    return 1;
  }
  const groups = user === ctx.sh.username ? ctx.sh.groups : [user];
  if (ctx.args.includes('-u')) return (ctx.out(`${account.uid}\n`), 0);
  if (ctx.args.includes('-un') || ctx.args.includes('-nu')) return (ctx.out(`${user}\n`), 0);
  if (ctx.args.includes('-g')) return (ctx.out(`${ctx.sh.uidOf(groups[0]!)}\n`), 0);
  if (ctx.args.includes('-G')) return (ctx.out(groups.map((g) => ctx.sh.uidOf(g)).join(' ') + '\n'), 0);
  if (ctx.args.includes('-Gn') || ctx.args.includes('-nG')) return (ctx.out(groups.join(' ') + '\n'), 0);
  const list = groups.map((g) => `${ctx.sh.uidOf(g)}(${g})`).join(',');
  const context =
    !debianLike(ctx) && user === ctx.sh.username
      ? ' context=unconfined_u:unconfined_r:unconfined_t:s0-s0:c0.c1023'
      : '';
  ctx.out(`uid=${account.uid}(${user}) gid=${ctx.sh.uidOf(groups[0]!)}(${groups[0]}) groups=${list}${context}\n`);
  return 0;
};

const uname: CommandFn = (ctx) => {
  const os = linuxOs(ctx);
  const o = getopt(ctx.args, 'asnrvmpio', { all: 'a', 'kernel-name': 's', 'kernel-release': 'r', nodename: 'n' });
  if (o.bad) {
    ctx.err(`uname: invalid option -- '${o.bad}'\nTry 'uname --help' for more information.\n`);
    return 1;
  }
  const f = (c: string) => o.flags.has(c) || o.flags.has('a');
  const parts: string[] = [];
  if (f('s') || o.flags.size === 0) parts.push('Linux');
  if (f('n')) parts.push(ctx.sh.host.hostname);
  if (f('r')) parts.push(os.kernel.release);
  if (f('v')) parts.push(os.kernel.version);
  if (f('m')) parts.push('x86_64');
  if (o.flags.has('p') || (o.flags.has('a') && !debianLike(ctx)))
    parts.push(o.flags.has('a') ? 'x86_64' : debianLike(ctx) ? 'unknown' : 'x86_64');
  if (o.flags.has('i') || (o.flags.has('a') && !debianLike(ctx)))
    parts.push(o.flags.has('a') ? 'x86_64' : debianLike(ctx) ? 'unknown' : 'x86_64');
  if (f('o')) parts.push('GNU/Linux');
  ctx.out(parts.join(' ') + '\n');
  return 0;
};

const hostname: CommandFn = (ctx) => {
  const h = ctx.sh.host;
  const arg = ctx.args[0];
  if (arg === '-f' || arg === '--fqdn') ctx.out(`${h.hostname}.${ctx.sh.runtime.world.organisation.domain}\n`);
  else if (arg === '-i' || arg === '-I') ctx.out(`${h.ip}${arg === '-I' ? ' ' : ''}\n`);
  else if (arg === '-d') ctx.out(`${ctx.sh.runtime.world.organisation.domain}\n`);
  else if (arg !== undefined && !arg.startsWith('-')) {
    ctx.err('hostname: you must be root to change the host name\n');
    return 1;
  } else ctx.out(`${h.hostname}\n`);
  return 0;
};

const uptime: CommandFn = (ctx) => {
  const now = ctx.sh.runtime.now();
  const p = localParts(ctx, now);
  const loads = loadAverages(ctx.sh.host, now)
    .map((n) => n.toFixed(2))
    .join(', ');
  if (ctx.args.includes('-p')) {
    const s = uptimeSeconds(ctx.sh.host, now);
    const d = Math.floor(s / 86400);
    const h = Math.floor((s % 86400) / 3600);
    const m = Math.floor((s % 3600) / 60);
    ctx.out(
      `up ${d > 0 ? `${d} day${d === 1 ? '' : 's'}, ` : ''}${h} hour${h === 1 ? '' : 's'}, ${m} minute${m === 1 ? '' : 's'}\n`,
    );
    return 0;
  }
  if (ctx.args.includes('-s')) {
    const boot = localParts(ctx, new Date(now.getTime() - uptimeSeconds(ctx.sh.host, now) * 1000));
    ctx.out(`${boot.iso} ${boot.time}\n`);
    return 0;
  }
  ctx.out(` ${p.time} ${formatUptime(uptimeSeconds(ctx.sh.host, now))},  1 user,  load average: ${loads}\n`);
  return 0;
};

const w: CommandFn = (ctx) => {
  const now = ctx.sh.runtime.now();
  const p = localParts(ctx, now);
  const loads = loadAverages(ctx.sh.host, now)
    .map((n) => n.toFixed(2))
    .join(', ');
  const from = ctx.sh.options.origin.src.ip;
  if (ctx.name === 'who') {
    ctx.out(`${ctx.sh.username.padEnd(8)} pts/0        ${p.iso} ${p.hm} (${from})\n`);
    return 0;
  }
  ctx.out(` ${p.time} ${formatUptime(uptimeSeconds(ctx.sh.host, now))},  1 user,  load average: ${loads}\n`);
  ctx.out('USER     TTY      FROM             LOGIN@   IDLE   JCPU   PCPU WHAT\n');
  ctx.out(`${ctx.sh.username.slice(0, 8).padEnd(8)} pts/0    ${from.padEnd(16)} ${p.hm}    0.00s  0.02s  0.00s w\n`);
  return 0;
};

const last: CommandFn = (ctx) => {
  const now = ctx.sh.runtime.now();
  const boot = new Date(now.getTime() - uptimeSeconds(ctx.sh.host, now) * 1000);
  const p = localParts(ctx, now);
  const b = localParts(ctx, boot);
  const gateway = ctx.sh.host.ip.replace(/\.\d+$/, '.') + String(20 + (hostFacts(ctx.sh.host).seed % 30));
  const admins = ctx.sh.host.accounts.filter((a) => a.sudo || a.username === 'root').map((a) => a.username);
  const rows: string[] = [
    `${ctx.sh.username.padEnd(8)} pts/0        ${ctx.sh.options.origin.src.ip.padEnd(16)} ${p.weekday} ${p.month} ${String(p.day).padStart(2)} ${p.hm}   still logged in`,
  ];
  for (let i = 1; i <= 5 && admins.length > 0; i++) {
    const t = localParts(ctx, new Date(now.getTime() - i * 86_400_000 * 1.7 - i * 3_700_000));
    const user = admins[i % admins.length]!;
    rows.push(
      `${user.padEnd(8)} pts/${i % 3}        ${gateway.padEnd(16)} ${t.weekday} ${t.month} ${String(t.day).padStart(2)} ${t.hm} - ${localParts(ctx, new Date(now.getTime() - i * 86_400_000 * 1.7 - i * 3_700_000 + 1_820_000)).hm}  (00:30)`,
    );
  }
  rows.push(
    `reboot   system boot  ${linuxOs(ctx).kernel.release.padEnd(16)} ${b.weekday} ${b.month} ${String(b.day).padStart(2)} ${b.hm}   still running`,
  );
  ctx.out(
    rows.join('\n') + `\n\nwtmp begins ${b.weekday} ${b.month} ${String(b.day).padStart(2)} ${b.time} ${b.year}\n`,
  );
  return 0;
};

const lastlog: CommandFn = (ctx) => {
  ctx.out('Username         Port     From             Latest\n');
  try {
    for (const line of lines(ctx.sh.fs.readFile('/etc/passwd').toString('utf8'))) {
      const user = line.split(':')[0]!;
      ctx.out(
        `${user.padEnd(16)} ${user === ctx.sh.username ? `pts/0    ${ctx.sh.options.origin.src.ip.padEnd(16)} ${new Date(ctx.sh.runtime.now()).toUTCString()}` : '         **Never logged in**'}\n`,
      );
    }
  } catch (error) {
    ctx.err(`lastlog: ${fsMessage(error)}\n`);
  }
  return 0;
};

const date: CommandFn = (ctx) => {
  const now = ctx.sh.runtime.now();
  const p = localParts(ctx, now);
  const format = ctx.args.find((a) => a.startsWith('+'));
  if (format) {
    const map: Record<string, string> = {
      Y: String(p.year),
      m: p.monthNumber,
      d: String(p.day).padStart(2, '0'),
      H: p.time.slice(0, 2),
      M: p.time.slice(3, 5),
      S: p.time.slice(6, 8),
      s: String(Math.floor(now.getTime() / 1000)),
      Z: p.zone,
      F: p.iso,
      T: p.time,
      a: p.weekday,
      b: p.month,
      '%': '%',
    };
    ctx.out(format.slice(1).replace(/%(.)/g, (m, c: string) => map[c] ?? m) + '\n');
  } else if (ctx.args.length > 0 && !ctx.args[0]!.startsWith('-')) {
    ctx.err('date: cannot set date: Operation not permitted\n');
    return 1;
  } else ctx.out(`${p.weekday} ${p.month} ${String(p.day).padStart(2)} ${p.time} ${p.zone} ${p.year}\n`);
  return 0;
};

const kill: CommandFn = (ctx) => {
  const pids = ctx.args.filter((a) => /^\d+$/.test(a));
  if (ctx.args[0] === '-l')
    return (
      ctx.out(
        ' 1) SIGHUP\t 2) SIGINT\t 3) SIGQUIT\t 4) SIGILL\t 5) SIGTRAP\n 6) SIGABRT\t 7) SIGBUS\t 8) SIGFPE\t 9) SIGKILL\t10) SIGUSR1\n',
      ),
      0
    );
  if (pids.length === 0) {
    ctx.err(
      `${ctx.sh.prefix}kill: usage: kill [-s sigspec | -n signum | -sigspec] pid | jobspec ... or kill -l [sigspec]\n`,
    );
    return 2;
  }
  const known = new Map(psRows(ctx).map((r) => [r.pid, r.user]));
  let status = 0;
  for (const pid of pids) {
    const owner = known.get(Number(pid));
    if (owner === undefined) ctx.err(`${ctx.sh.prefix}kill: (${pid}) - No such process\n`);
    else if (ctx.sh.uid !== 0 && owner !== ctx.sh.username)
      ctx.err(`${ctx.sh.prefix}kill: (${pid}) - Operation not permitted\n`);
    else continue;
    status = 1;
  }
  return status;
};

const mount: CommandFn = (ctx) => {
  if (ctx.args.length > 0) {
    ctx.err(
      ctx.sh.uid === 0
        ? `mount: ${ctx.args[ctx.args.length - 1]}: mount point does not exist.\n`
        : 'mount: only root can do that\n',
    );
    return ctx.sh.uid === 0 ? 32 : 1;
  }
  for (const line of lines(ctx.sh.fs.readFile('/proc/mounts').toString('utf8'))) {
    const [dev, mnt, type, opts] = line.split(' ');
    ctx.out(`${dev} on ${mnt} type ${type} (${opts})\n`);
  }
  return 0;
};

const dmesg: CommandFn = (ctx) => {
  if (ctx.sh.uid !== 0 && !debianLike(ctx)) {
    ctx.err('dmesg: read kernel buffer failed: Operation not permitted\n');
    return 1;
  }
  const os = linuxOs(ctx);
  const facts = hostFacts(ctx.sh.host);
  ctx.out(
    [
      `[    0.000000] Linux version ${os.kernel.release} ${os.kernel.version}`,
      `[    0.000000] Command line: BOOT_IMAGE=(hd0,gpt2)/vmlinuz-${os.kernel.release} root=/dev/mapper/rl-root ro quiet`,
      '[    0.000000] DMI: VMware, Inc. VMware Virtual Platform/440BX Desktop Reference Platform, BIOS 6.00 11/12/2020',
      '[    0.000000] Hypervisor detected: VMware',
      `[    0.021345] smpboot: Allowing ${facts.cpus} CPUs, 0 hotplug CPUs`,
      `[    0.104410] smpboot: CPU0: ${facts.cpuModel} (family: 0x6, model: 0x55, stepping: 0x7)`,
      `[    1.482231] vmxnet3 0000:0b:00.0 ${facts.iface}: renamed from eth0`,
      '[    2.112044] XFS (dm-0): Mounting V5 Filesystem',
      `[    4.003116] vmxnet3 0000:0b:00.0 ${facts.iface}: intr type 3, mode 0, 5 vectors allocated`,
      `[    4.004910] vmxnet3 0000:0b:00.0 ${facts.iface}: NIC Link is Up 10000 Mbps`,
      '',
    ].join('\n'),
  );
  return 0;
};

export const SYSTEM_COMMANDS: Record<string, CommandFn> = {
  whoami: (ctx) => (ctx.out(`${ctx.sh.username}\n`), 0),
  id,
  groups: (ctx) => (ctx.out(`${ctx.sh.groups.join(' ')}\n`), 0),
  uname,
  hostname,
  arch: (ctx) => (ctx.out('x86_64\n'), 0),
  nproc: (ctx) => (ctx.out(`${hostFacts(ctx.sh.host).cpus}\n`), 0),
  uptime,
  w,
  who: w,
  last,
  lastlog,
  date,
  kill,
  mount,
  dmesg,
  nohup: async (ctx) => {
    if (ctx.args.length === 0) {
      ctx.err("nohup: missing operand\nTry 'nohup --help' for more information.\n");
      return 125;
    }
    ctx.err("nohup: ignoring input and appending output to 'nohup.out'\n");
    return ctx.sh.exec(ctx.args[0]!, ctx.args.slice(1), '', false, { write: () => {} }, { write: () => {} }, ctx.io);
  },
};
