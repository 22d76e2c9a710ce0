import { formatUptime, hostFacts, loadAverages, processTable, uptimeSeconds } from '../../host-info.js';
import { memoryFigures } from '../../proc-files.js';
import type { CommandFn, CommandContext } from '../shell.js';
import { localParts } from './util.js';

/** Processes, memory and disks: ps, top, free, df, from the host's facts so they agree with /proc. */

const debianLike = (ctx: CommandContext) =>
  ctx.sh.host.os.family === 'linux' && ['ubuntu', 'debian'].includes(ctx.sh.host.os.distro);

export function psRows(ctx: CommandContext) {
  return processTable(ctx.sh.runtime.world, ctx.sh.host, ctx.sh.username, ctx.sh.pid);
}

const ps: CommandFn = (ctx) => {
  const args = ctx.args.join(' ');
  const now = ctx.sh.runtime.now();
  const up = uptimeSeconds(ctx.sh.host, now);
  const rows = psRows(ctx);
  const totalKiB = hostFacts(ctx.sh.host).memKiB;
  const start = (after: number) => {
    const t = new Date(now.getTime() - (after < 0 ? 60_000 : (up - after) * 1000));
    const p = localParts(ctx, t);
    return up - after < 86_400 || after < 0 ? p.hm : `${p.month}${String(p.day).padStart(2, '0')}`;
  };
  if (/a|x|-e|-A|-ef/.test(args) && args.length > 0) {
    const full = /aux|-ef|axu/.test(args);
    if (args.includes('-e') || args.includes('-A')) {
      ctx.out(
        args.includes('f')
          ? 'UID          PID    PPID  C STIME TTY          TIME CMD\n'
          : '    PID TTY          TIME CMD\n',
      );
      for (const r of rows)
        ctx.out(
          args.includes('f')
            ? `${r.user.padEnd(8)} ${String(r.pid).padStart(7)} ${String(r.pid === 1 ? 0 : 1).padStart(7)}  0 ${start(r.startedAfter).padEnd(5)} ${r.tty.padEnd(8)} 00:00:00 ${r.command}\n`
            : `${String(r.pid).padStart(7)} ${r.tty.padEnd(8)} 00:00:00 ${r.command.split(' ')[0]!.replace(/^.*\//, '').replace(/:$/, '')}\n`,
        );
      return 0;
    }
    ctx.out('USER         PID %CPU %MEM    VSZ   RSS TTY      STAT START   TIME COMMAND\n');
    for (const r of [
      ...rows,
      {
        pid: ctx.sh.pid + 40,
        user: ctx.sh.username,
        command: 'ps ' + args,
        rss: 3_900,
        tty: 'pts/0',
        stat: 'R+',
        startedAfter: -1,
      },
    ]) {
      const mem = ((r.rss / totalKiB) * 100).toFixed(1);
      const vsz = r.rss === 0 ? 0 : r.rss * 3 + 11_000;
      ctx.out(
        `${r.user.slice(0, 8).padEnd(8)} ${String(r.pid).padStart(7)}  0.0 ${mem.padStart(4)} ${String(vsz).padStart(6)} ${String(r.rss).padStart(5)} ${r.tty.padEnd(8)} ${r.stat.padEnd(4)} ${start(r.startedAfter).padEnd(5)}   0:00 ${full ? r.command : r.command}\n`,
      );
    }
    return 0;
  }
  ctx.out(
    `    PID TTY          TIME CMD\n${String(ctx.sh.pid).padStart(7)} pts/0    00:00:00 bash\n${String(ctx.sh.pid + 40).padStart(7)} pts/0    00:00:00 ps\n`,
  );
  return 0;
};

const top: CommandFn = (ctx) => {
  const now = ctx.sh.runtime.now();
  const p = localParts(ctx, now);
  const facts = hostFacts(ctx.sh.host);
  const m = memoryFigures(facts.memKiB, facts.seed);
  const rows = psRows(ctx);
  const loads = loadAverages(ctx.sh.host, now)
    .map((n) => n.toFixed(2))
    .join(', ');
  const mib = (k: number) => (k / 1024).toFixed(1);
  ctx.out(`top - ${p.time} ${formatUptime(uptimeSeconds(ctx.sh.host, now))},  1 user,  load average: ${loads}\n`);
  ctx.out(`Tasks: ${rows.length + 140} total,   1 running, ${rows.length + 139} sleeping,   0 stopped,   0 zombie\n`);
  ctx.out(`%Cpu(s):  0.3 us,  0.2 sy,  0.0 ni, 99.5 id,  0.0 wa,  0.0 hi,  0.0 si,  0.0 st\n`);
  ctx.out(
    `MiB Mem : ${mib(m.total).padStart(8)} total, ${mib(m.free).padStart(8)} free, ${mib(m.used).padStart(8)} used, ${mib(m.cached + m.buffers).padStart(8)} buff/cache\n`,
  );
  ctx.out(`MiB Swap:   2048.0 total,   2048.0 free,      0.0 used. ${mib(m.available).padStart(8)} avail Mem\n\n`);
  ctx.out('    PID USER      PR  NI    VIRT    RES    SHR S  %CPU  %MEM     TIME+ COMMAND\n');
  for (const r of rows.filter((r) => r.rss > 0))
    ctx.out(
      `${String(r.pid).padStart(7)} ${r.user.slice(0, 8).padEnd(8)}  20   0 ${String(r.rss * 3 + 11_000).padStart(7)} ${String(r.rss).padStart(6)} ${String(Math.floor(r.rss * 0.6)).padStart(6)} S   0.0 ${((r.rss / facts.memKiB) * 100).toFixed(1).padStart(5)}   0:0${r.pid % 10}.${String(r.pid % 100).padStart(2, '0')} ${r.command.split(' ')[0]!.replace(/^.*\//, '')}\n`,
    );
  return 0;
};

const free: CommandFn = (ctx) => {
  const facts = hostFacts(ctx.sh.host);
  const m = memoryFigures(facts.memKiB, facts.seed);
  const human = ctx.args.some((a) => a.includes('h'));
  const mega = ctx.args.some((a) => a === '-m');
  const fmt = (k: number) =>
    (human
      ? k >= 1048576
        ? `${(k / 1048576).toFixed(1)}Gi`
        : `${Math.round(k / 1024)}Mi`
      : String(mega ? Math.round(k / 1024) : k)
    ).padStart(human ? 10 : 12);
  ctx.out(`               total        used        free      shared  buff/cache   available\n`);
  ctx.out(
    `Mem:    ${fmt(m.total)}${fmt(m.used)}${fmt(m.free)}${fmt(m.shared)}${fmt(m.buffers + m.cached)}${fmt(m.available)}\n`,
  );
  ctx.out(`Swap:   ${fmt(2_097_148)}${fmt(0)}${fmt(2_097_148)}\n`);
  return 0;
};

const df: CommandFn = (ctx) => {
  const facts = hostFacts(ctx.sh.host);
  const human = ctx.args.some((a) => a.includes('h'));
  const totalK = facts.diskGiB * 1024 * 1024 - 3_000_000;
  const usedK = Math.floor(totalK * (0.22 + (facts.seed % 40) / 100));
  const g = (k: number) =>
    human ? (k >= 1048576 ? `${Math.round(k / 1048576)}G` : `${Math.round(k / 1024)}M`) : String(k);
  const rows: [string, number, number, string][] = [
    ['devtmpfs', 4096, 0, '/dev'],
    ['tmpfs', Math.floor(facts.memKiB / 2), 0, '/dev/shm'],
    ['tmpfs', Math.floor(facts.memKiB / 5), 9_000 + (facts.seed % 900), '/run'],
    [debianLike(ctx) ? '/dev/mapper/ubuntu--vg-ubuntu--lv' : '/dev/mapper/rl-root', totalK, usedK, '/'],
    ['/dev/sda1', 1_038_336, 348_000 + (facts.seed % 30_000), '/boot'],
    ['tmpfs', Math.floor(facts.memKiB / 10), 4, `/run/user/${ctx.sh.uid}`],
  ];
  ctx.out(
    human
      ? 'Filesystem                         Size  Used Avail Use% Mounted on\n'
      : 'Filesystem                        1K-blocks     Used Available Use% Mounted on\n',
  );
  for (const [fs, size, used, mount] of rows) {
    const pct = size === 0 ? 0 : Math.ceil((used / size) * 100);
    ctx.out(
      human
        ? `${fs.padEnd(34)} ${g(size).padStart(4)} ${g(used).padStart(5)} ${g(size - used).padStart(5)} ${String(pct).padStart(3)}% ${mount}\n`
        : `${fs.padEnd(33)} ${String(size).padStart(9)} ${String(used).padStart(8)} ${String(size - used).padStart(9)} ${String(pct).padStart(3)}% ${mount}\n`,
    );
  }
  return 0;
};

export const RESOURCE_COMMANDS: Record<string, CommandFn> = { ps, top, free, df };
