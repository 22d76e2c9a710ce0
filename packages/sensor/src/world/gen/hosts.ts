import { fleetReleases, linuxOs, windowsOs } from '../data/os-catalog.js';
import type { Random } from '../random.js';
import type { Account, Employee, Host, HostRole, Os } from '../schema.js';
import type { Clock } from './dates.js';
import { strongPassword, weakPassword, type GenOptions, type Organisation } from './people.js';

/** Names public honeypot-detection scripts look for (Cowrie's defaults and the like); never generated. */
export const FORBIDDEN_HOSTNAMES = new Set(['svr04', 'localhost', 'honeypot', 'cowrie', 'kippo', 'ubuntu', 'debian']);

const ROLE_WORDS: Record<HostRole, readonly string[]> = {
  web: ['web', 'www', 'intra'],
  file: ['fs', 'file', 'nas'],
  mail: ['mail', 'mx', 'mbox'],
  directory: ['dc', 'ad', 'ldap', 'auth'],
  dns: ['dns', 'ns'],
  proxy: ['proxy', 'px', 'gw'],
  database: ['db', 'pgsql', 'sql'],
  app: ['app', 'ap', 'apl'],
  backup: ['bk', 'bkp', 'backup'],
  dev: ['dev', 'git', 'build'],
  workstation: ['pc'],
};

type Scheme = (role: string, n: string, loc: string, abbr: string) => string;
const SERVER_SCHEMES: readonly Scheme[] = [
  (r, n, loc) => `${loc}-${r}${n}`,
  (r, n, loc) => `${loc}-${r}-${n}`,
  (r, n, _loc, abbr) => `${abbr}-${r}${n}`,
  (r, n, loc) => `${r}${n}-${loc}`,
  (r, n, loc, abbr) => `${abbr}${loc}${r}${n}`,
  (r, n, _loc, abbr) => `${abbr}-${r}-${n}`,
];
const WORKSTATION_SCHEMES: readonly Scheme[] = [
  (_r, n, _loc, abbr) => `${abbr}-PC${n}`.toUpperCase(),
  (_r, n, loc) => `${loc}-WS${n}`.toUpperCase(),
  (_r, n, _loc, abbr) => `PC-${abbr}${n}`.toUpperCase(),
  (_r, n, loc, abbr) => `${abbr}${loc}LT${n}`.toUpperCase(),
];

const EXTRA_ROLES: readonly HostRole[] = ['database', 'app', 'backup', 'dev', 'app', 'database'];
const BASE_ROLES: readonly HostRole[] = ['web', 'file', 'mail', 'directory', 'dns', 'proxy'];

export function hostRoles(count: number): HostRole[] {
  const workstations = Math.max(2, Math.round(count * 0.35));
  const servers = count - workstations;
  const roles: HostRole[] = BASE_ROLES.slice(0, servers);
  for (let i = roles.length; i < servers; i++) roles.push(EXTRA_ROLES[(i - BASE_ROLES.length) % EXTRA_ROLES.length]!);
  for (let i = 0; i < workstations; i++) roles.push('workstation');
  return roles;
}

function services(role: HostRole, os: Os, fqdn: string): Host['services'] {
  if (os.family === 'windows')
    return [
      { name: 'msrpc', port: 135, protocol: 'tcp' },
      { name: 'microsoft-ds', port: 445, protocol: 'tcp' },
      { name: 'ms-wbt-server', port: 3389, protocol: 'tcp' },
    ];
  const ssh = {
    name: 'ssh',
    port: 22,
    protocol: 'tcp' as const,
    product: 'OpenSSH',
    version: os.openssh.version.replace(/^OpenSSH_/, ''),
    banner: os.openssh.banner,
  };
  const debian = os.distro === 'ubuntu' || os.distro === 'debian';
  const nginx = {
    ubuntu: os.version === '24.04' ? '1.24.0' : os.version === '20.04' ? '1.18.0' : '1.18.0',
    debian: '1.22.1',
    rocky: '1.20.1',
    almalinux: '1.20.1',
    rhel: '1.20.1',
  }[os.distro];
  const tag = os.distro === 'ubuntu' ? ' (Ubuntu)' : os.distro === 'debian' ? ' (Debian)' : '';
  const list: Host['services'] = [ssh];
  const tcp = (name: string, port: number, product?: string, banner?: string) =>
    list.push({ name, port, protocol: 'tcp', ...(product ? { product } : {}), ...(banner ? { banner } : {}) });
  switch (role) {
    case 'web':
      tcp('http', 80, 'nginx', `Server: nginx/${nginx}${tag}`);
      tcp('https', 443, 'nginx', `Server: nginx/${nginx}${tag}`);
      break;
    case 'file':
      tcp('netbios-ssn', 139, 'Samba');
      tcp('microsoft-ds', 445, 'Samba');
      break;
    case 'mail':
      tcp('smtp', 25, 'Postfix', `220 ${fqdn} ESMTP Postfix${tag}`);
      tcp('submission', 587, 'Postfix', `220 ${fqdn} ESMTP Postfix${tag}`);
      tcp(
        'imap',
        143,
        'Dovecot',
        '* OK [CAPABILITY IMAP4rev1 SASL-IR LOGIN-REFERRALS ID ENABLE IDLE LITERAL+ STARTTLS AUTH=PLAIN] Dovecot' +
          (debian ? ` (${os.distro === 'ubuntu' ? 'Ubuntu' : 'Debian'})` : '') +
          ' ready.',
      );
      tcp('imaps', 993, 'Dovecot');
      break;
    case 'directory':
      tcp('kerberos', 88, 'Samba AD');
      tcp('ldap', 389, 'Samba AD');
      tcp('ldaps', 636, 'Samba AD');
      tcp('domain', 53, 'Samba AD DNS');
      break;
    case 'dns':
      tcp('domain', 53, 'BIND');
      list.push({ name: 'domain', port: 53, protocol: 'udp', product: 'BIND' });
      break;
    case 'proxy':
      tcp('http-proxy', 3128, 'Squid');
      break;
    case 'database':
      tcp('postgresql', 5432, 'PostgreSQL');
      break;
    case 'app':
      tcp('http-alt', 8080, 'Apache Tomcat');
      break;
    case 'backup':
      tcp('rsync', 873, 'rsync', '@RSYNCD: 31.0');
      break;
    case 'dev':
      tcp('http-alt', 3000, 'Gitea');
      break;
    case 'workstation':
      break;
    default: {
      const never: never = role;
      throw new Error(`unknown role ${String(never)}`);
    }
  }
  return list;
}

export interface HostPlan {
  hosts: Host[];
  /** Service accounts by role, for the content generators. */
  serviceAccount: Map<string, Account>;
}

export function hosts(
  random: Random,
  options: GenOptions,
  org: Organisation,
  people: Employee[],
  clock: Clock,
): HostPlan {
  const roles = hostRoles(options.hosts);
  const serverScheme = random.pick(SERVER_SCHEMES);
  const workstationScheme = random.pick(WORKSTATION_SCHEMES);
  const digits = random.int(1, 3);
  const words = Object.fromEntries(
    Object.entries(ROLE_WORDS).map(([role, list]) => [role, random.pick(list)]),
  ) as Record<HostRole, string>;
  const counters = new Map<string, number>();
  const firstNumber = random.int(1, 9);
  const firstPc = random.int(100, 880);
  const releases = fleetReleases(random);
  const [subnetA, subnetB, subnetC] = org.network.subnet.split('.').map(Number) as [number, number, number];
  const used = new Set<string>();
  const it = people.filter((e) => e.department === org.departments[0]!.id);
  const admins = it.slice(0, Math.max(2, Math.min(4, it.length)));
  const others = people.filter((e) => !admins.includes(e));
  const svcFormat = random.pick([
    (r: string) => `svc_${org.abbr}${r}`,
    (r: string) => `${org.abbr}-${r}`,
    (r: string) => `${r}-${org.abbr}`,
    (r: string) => `svc-${org.abbr}-${r}`,
  ]);
  const serviceAccount = new Map<string, Account>();
  const localAdminPassword = random.chance(0.5) ? weakPassword(random, org.stem, options.now) : strongPassword(random);
  const sharedRoot = strongPassword(random);
  let serverIp = random.int(5, 30);
  let pcIp = random.int(100, 150);
  const out: Host[] = [];

  roles.forEach((role, index) => {
    const location = index < 4 || random.chance(0.6) ? org.locations[0]!.code : random.pick(org.locations).code;
    const word = words[role];
    const count = (counters.get(word) ?? 0) + 1;
    counters.set(word, count);
    let hostname: string;
    for (let bump = 0; ; bump++) {
      hostname =
        role === 'workstation'
          ? workstationScheme('', String(firstPc + index * 3 + bump), location, org.abbr)
          : serverScheme(word, String(firstNumber + count - 1 + bump * 10).padStart(digits, '0'), location, org.abbr);
      if (!used.has(hostname.toLowerCase()) && !FORBIDDEN_HOSTNAMES.has(hostname.toLowerCase())) break;
    }
    used.add(hostname.toLowerCase());
    const os = role === 'workstation' ? windowsOs(random) : linuxOs(random, random.chance(0.85) ? releases : undefined);
    const fqdn = `${hostname}.${org.domain}`;
    const bootedAt = clock.iso(clock.daysAgo(random.int(3, 190) + random.next()));
    const accounts: Account[] = [];
    let assignedTo: string | undefined;
    if (os.family === 'linux') {
      accounts.push({
        username: 'root',
        uid: 0,
        password: random.chance(0.7) ? sharedRoot : strongPassword(random),
        home: '/root',
        shell: '/bin/bash',
        groups: [],
        sudo: false,
      });
      let uid = os.distro === 'ubuntu' || os.distro === 'debian' ? 1000 : 1000;
      for (const admin of admins)
        accounts.push({ username: admin.username, uid: uid++, employee: admin.id, groups: ['adm'], sudo: true });
      if (role === 'file' || role === 'dev' || role === 'app') {
        for (const e of random.sample(others, Math.min(others.length, random.int(3, 6))))
          accounts.push({ username: e.username, uid: uid++, employee: e.id, groups: [], sudo: false });
      }
      const short = {
        web: 'deploy',
        mail: 'mail',
        file: 'backup',
        database: 'db',
        app: 'app',
        backup: 'rsync',
        dev: 'ci',
        directory: 'ldap',
        dns: 'dns',
        proxy: 'proxy',
        workstation: '',
      }[role];
      const svc: Account = {
        username: svcFormat(short),
        uid: uid++,
        password: strongPassword(random),
        shell: '/bin/bash',
        groups: [],
        sudo: role === 'mail' || role === 'backup',
      };
      accounts.push(svc);
      serviceAccount.set(role === 'app' || role === 'database' ? `${role}:${hostname}` : role, svc);
    } else {
      const owner = others[(index * 7) % Math.max(1, others.length)] ?? people[0]!;
      assignedTo = owner.id;
      accounts.push({
        username: 'Administrator',
        uid: 500,
        password: localAdminPassword,
        groups: ['Administrators'],
        sudo: false,
      });
      accounts.push({ username: owner.username, uid: 1001, employee: owner.id, groups: ['Users'], sudo: false });
    }
    const ip =
      role === 'workstation'
        ? `${subnetA}.${subnetB}.${subnetC}.${pcIp++}`
        : `${subnetA}.${subnetB}.${subnetC}.${(serverIp += random.int(1, 4))}`;
    out.push({
      hostname,
      role,
      description: role,
      location,
      ip,
      os,
      bootedAt,
      ...(assignedTo ? { assignedTo } : {}),
      services: services(role, os, fqdn),
      accounts,
      hostKeys: [],
      files: [],
    });
  });
  return { hosts: out, serviceAccount };
}
