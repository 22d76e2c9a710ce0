import { createHash } from 'node:crypto';
import type { Host, World } from '../world/schema.js';

/**
 * Facts about a host that several commands show (uptime, CPUs, memory, interfaces, processes), all derived from the
 * world so that `uptime`, `w`, `top`, `/proc/uptime`, `ps aux` and `ip a` agree with each other and move forward
 * with the runtime's clock.
 */
export interface HostFacts {
  cpus: number;
  cpuModel: string;
  memKiB: number;
  diskGiB: number;
  mac: string;
  iface: string;
  prefix: number;
  bootedAt: Date;
  /** A number from the host's name, for choices that must stay the same across commands. */
  seed: number;
}

export function hostFacts(host: Host): HostFacts {
  const seed = createHash('sha256').update(host.hostname).digest().readUInt32BE(0);
  const role = host.role;
  const cpus = role === 'workstation' ? 4 : [2, 4, 4, 8][seed % 4]!;
  const memGiB = role === 'workstation' ? 16 : [4, 8, 8, 16][(seed >>> 3) % 4]!;
  const mac = createHash('sha256').update(`mac:${host.hostname}`).digest();
  return {
    cpus,
    cpuModel: ['Intel(R) Xeon(R) Silver 4214R CPU @ 2.40GHz', 'Intel(R) Xeon(R) Gold 6226R CPU @ 2.90GHz'][seed % 2]!,
    memKiB: memGiB * 1024 * 1024 - 230_000 - (seed % 9000),
    diskGiB: [40, 50, 80, 100][(seed >>> 5) % 4]! * (role === 'file' || role === 'backup' ? 10 : 1),
    mac: `00:50:56:${[mac[0]! & 0x3f, mac[1]!, mac[2]!].map((b) => b.toString(16).padStart(2, '0')).join(':')}`,
    iface:
      host.os.family === 'linux' && (host.os.distro === 'ubuntu' || host.os.distro === 'debian') ? 'ens160' : 'ens192',
    prefix: 24,
    bootedAt: new Date(host.bootedAt),
    seed,
  };
}

/** Seconds since boot (at least a few minutes, whatever the clock says). */
export function uptimeSeconds(host: Host, now: Date): number {
  return Math.max(300, Math.floor((now.getTime() - Date.parse(host.bootedAt)) / 1000));
}

/** `up 12 days,  3:04` as uptime and w print it. */
export function formatUptime(seconds: number): string {
  const days = Math.floor(seconds / 86400);
  const hours = Math.floor((seconds % 86400) / 3600);
  const minutes = Math.floor((seconds % 3600) / 60);
  const clock = hours > 0 ? `${String(hours).padStart(2, ' ')}:${String(minutes).padStart(2, '0')}` : `${minutes} min`;
  return days > 0 ? `up ${days} day${days === 1 ? '' : 's'}, ${clock}` : `up ${clock}`;
}

/** Load averages that wander slowly with the clock but stay low, as on an idle server. */
export function loadAverages(host: Host, now: Date): [number, number, number] {
  const facts = hostFacts(host);
  const t = now.getTime() / 60_000;
  const wave = (period: number) => (Math.sin(t / period + facts.seed) + 1) / 2;
  return [0.02 + wave(3) * 0.3, 0.05 + wave(11) * 0.2, 0.04 + wave(37) * 0.12];
}

export interface ProcessRow {
  pid: number;
  user: string;
  command: string;
  /** Resident memory in KiB. */
  rss: number;
  tty: string;
  stat: string;
  /** Started, seconds after boot. */
  startedAfter: number;
}

/** The processes the host's services imply, plus the session's own shell. */
export function processTable(world: World, host: Host, sessionUser: string, sessionPid: number): ProcessRow[] {
  const rows: ProcessRow[] = [];
  let pid = 1;
  const add = (user: string, command: string, rss: number, stat = 'Ss', after = 2) =>
    rows.push({ pid, user, command, rss, tty: '?', stat, startedAfter: after }) && (pid += 1 + ((pid * 7) % 13));
  add('root', '/sbin/init', 12_800);
  add('root', '[kthreadd]', 0, 'S', 0);
  add('root', '[rcu_gp]', 0, 'I<', 0);
  add('root', '[kworker/0:0H-events_highpri]', 0, 'I<', 0);
  add('root', '/usr/lib/systemd/systemd-journald', 24_500);
  add('root', '/usr/lib/systemd/systemd-udevd', 11_200);
  add('root', '/usr/lib/systemd/systemd-logind', 8_100);
  add('root', '/usr/sbin/rsyslogd -n', 6_900, 'Ssl');
  add(
    'root',
    host.os.family === 'linux' && host.os.distro !== 'ubuntu' && host.os.distro !== 'debian'
      ? '/usr/sbin/crond -n'
      : '/usr/sbin/cron -f',
    2_700,
  );
  add('root', 'sshd: /usr/sbin/sshd -D [listener] 0 of 10-100 startups', 9_300);
  const has = (name: string) => host.services.some((s) => s.name === name || s.product?.toLowerCase().includes(name));
  if (has('nginx')) {
    add('root', 'nginx: master process /usr/sbin/nginx', 2_400);
    add('nginx', 'nginx: worker process', 5_800, 'S');
    add('nginx', 'nginx: worker process', 5_700, 'S');
  }
  if (has('apache')) {
    add('root', '/usr/sbin/httpd -DFOREGROUND', 11_000);
    for (let i = 0; i < 3; i++) add('apache', '/usr/sbin/httpd -DFOREGROUND', 9_800, 'S');
  }
  if (has('postfix')) {
    add('root', '/usr/libexec/postfix/master -w', 4_400);
    add('postfix', 'qmgr -l -t unix -u', 7_100, 'S');
    add('postfix', 'pickup -l -t unix -u', 7_000, 'S', 80_000);
  }
  if (has('dovecot')) {
    add('root', '/usr/sbin/dovecot -F', 3_100);
    add('dovenull', 'dovecot/imap-login', 5_200, 'S');
    add('dovecot', 'dovecot/anvil', 3_900, 'S');
  }
  if (has('samba ad')) add('root', 'samba: root process', 48_000);
  else if (has('samba')) {
    add('root', '/usr/sbin/smbd --foreground --no-process-group', 20_100);
    add('root', '/usr/sbin/nmbd --foreground --no-process-group', 14_600);
  }
  if (has('bind')) add('named', '/usr/sbin/named -u named -c /etc/named.conf', 61_000, 'Ssl');
  if (has('mysql') || has('mariadb') || host.role === 'database') add('mysql', '/usr/sbin/mariadbd', 190_000, 'Ssl');
  if (has('squid') || host.role === 'proxy')
    add('squid', '(squid-1) --kid squid-1 --foreground -f /etc/squid/squid.conf', 31_000, 'S');
  add('root', '/usr/sbin/chronyd -F 2', 3_400, 'S');
  add(world.hosts.length > 0 ? 'root' : 'root', '/usr/lib/systemd/systemd --user', 9_900, 'Ss', 1000);
  rows.push({
    pid: sessionPid - 2,
    user: 'root',
    command: `sshd: ${sessionUser} [priv]`,
    rss: 10_900,
    tty: '?',
    stat: 'Ss',
    startedAfter: -1,
  });
  rows.push({
    pid: sessionPid - 1,
    user: sessionUser,
    command: `sshd: ${sessionUser}@pts/0`,
    rss: 6_800,
    tty: '?',
    stat: 'S',
    startedAfter: -1,
  });
  rows.push({
    pid: sessionPid,
    user: sessionUser,
    command: '-bash',
    rss: 5_200,
    tty: 'pts/0',
    stat: 'Ss',
    startedAfter: -1,
  });
  return rows;
}

/** The network address of the host's /24 and its broadcast. */
export function networkOf(ip: string): { network: string; broadcast: string; gateway: string } {
  const parts = ip.split('.');
  const base = parts.slice(0, 3).join('.');
  return { network: `${base}.0`, broadcast: `${base}.255`, gateway: `${base}.1` };
}
