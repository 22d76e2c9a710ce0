import { Random } from './random.js';
import type { Account, Employee, Host, World, WorldFile } from './schema.js';
import { Clock, DAY } from './gen/dates.js';
import {
  credentialsSheet,
  handoverMemo,
  minutes,
  priceList,
  projectPlan,
  staffList,
  type DocContext,
} from './gen/documents.js';
import { hosts as planHosts } from './gen/hosts.js';
import { temporaryPasswordMail, threads } from './gen/mail.js';
import {
  employees as makeEmployees,
  organisation,
  partners as makePartners,
  strongPassword,
  type GenOptions,
} from './gen/people.js';

export type { GenOptions } from './gen/people.js';

export const LIMITS = { employees: { min: 5, max: 2000 }, hosts: { min: 6, max: 200 } } as const;

/**
 * Generates a complete world from a seed: the same options give the same world (host keys are added separately by
 * {@link attachHostKeys}, from real randomness). The world carries a planted credential chain of four hops:
 * web app config → file server admin (reused password) → account sheet on the share → mail host service account
 * → a mail with a workstation's temporary password → a handover memo with the directory admin's password.
 *
 * @example
 * const world = generateWorld({ sector: 'manufacturing', lang: 'ja', employees: 40, hosts: 12, seed: 7, now: new Date() });
 */
export function generateWorld(options: GenOptions): World {
  if (options.employees < LIMITS.employees.min || options.employees > LIMITS.employees.max)
    throw new RangeError(`employees: expected ${LIMITS.employees.min} to ${LIMITS.employees.max}`);
  if (options.hosts < LIMITS.hosts.min || options.hosts > LIMITS.hosts.max)
    throw new RangeError(`hosts: expected ${LIMITS.hosts.min} to ${LIMITS.hosts.max}`);
  const root = new Random(options.seed);
  const clock = new Clock(options.now, options.lang === 'ja' ? 540 : 0);
  const org = organisation(root.fork('organisation'), options);
  const people = makeEmployees(root.fork('employees'), options, org, clock);
  const partners = makePartners(root.fork('partners'), options, org);
  const plan = planHosts(root.fork('hosts'), options, org, people.employees, clock);
  const world: World = {
    version: 1,
    seed: options.seed,
    generatedAt: clock.iso(options.now),
    lang: options.lang,
    organisation: {
      name: org.name,
      shortName: org.shortName,
      domain: org.domain,
      sector: org.sector,
      locations: org.locations,
      departments: org.departments,
      network: org.network,
    },
    employees: people.employees,
    partners,
    hosts: plan.hosts,
    mail: undefined,
    plantedCredentials: [],
  };
  const ctx: DocContext = { random: root.fork('documents'), lang: options.lang, org, world, clock };
  const byRole = (role: Host['role']) => world.hosts.find((h) => h.role === role)!;
  const mailHost = byRole('mail');
  world.mail = {
    host: mailHost.hostname,
    threads: threads(
      root.fork('mail'),
      options.lang,
      org,
      world,
      clock,
      Math.max(4, Math.round(options.employees / 2)),
    ),
  };

  shareDocuments(ctx, byRole('file'));
  homeFiles(ctx, world, root.fork('homes'));
  plantChain(ctx, world, plan.serviceAccount, root.fork('chain'));
  browsers(ctx, world, root.fork('browsers'));
  return world;
}

const employee = (world: World, id: string | undefined) => world.employees.find((e) => e.id === id)!;
const since = (ctx: DocContext, e: Employee, days = 7) =>
  new Date(Math.max(Date.parse(e.hiredOn) + days * DAY, ctx.clock.daysAgo(700).getTime()));

function addFile(host: Host, file: Omit<WorldFile, 'kind'> & { kind?: WorldFile['kind'] }): void {
  host.files.push({ kind: 'other', ...file });
}

/** Department folders on the file share with minutes, price lists, the staff list and project plans. */
function shareDocuments(ctx: DocContext, fileHost: Host): void {
  const { random, world, org } = ctx;
  const share = random.pick(['share', 'shared', 'data', 'kyoyu']);
  const owners = new Set(fileHost.accounts.map((a) => a.username));
  const ownerOf = (e: Employee) => (owners.has(e.username) ? e.username : 'root');
  const folder = (deptId: string) => {
    const d = org.departments.find((x) => x.id === deptId)!;
    return `/srv/${share}/${ctx.lang === 'ja' ? d.name.ja : d.id}`;
  };
  const docs = Math.max(4, Math.round(world.employees.length / 3));
  for (let i = 0; i < docs; i++) {
    const author = random.pick(world.employees);
    const date = ctx.clock.officeTime(random, since(ctx, author));
    const team = random.sample(
      world.employees.filter((e) => e.department === author.department && e !== author),
      3,
    );
    const kind = (['minutes', 'price-list', 'project-plan', 'minutes'] as const)[i % 4]!;
    const doc =
      kind === 'minutes'
        ? minutes(ctx, author, [author, ...team], date)
        : kind === 'price-list'
          ? priceList(ctx, date)
          : projectPlan(ctx, author, team, date);
    const path = `${folder(author.department)}/${doc.fileName}`;
    if (fileHost.files.some((f) => f.path === path)) continue;
    addFile(fileHost, {
      path,
      owner: ownerOf(author),
      group: 'users',
      mode: '0664',
      mtime: ctx.clock.iso(date),
      kind,
      author: author.id,
      lang: ctx.lang,
      content: doc.content,
    });
  }
  const general = world.employees.find((e) => e.department === 'general') ?? world.employees[0]!;
  const listDate = ctx.clock.officeTime(random, since(ctx, general), ctx.clock.daysAgo(10));
  const list = staffList(ctx, listDate);
  addFile(fileHost, {
    path: `${folder(general.department)}/${list.fileName}`,
    owner: ownerOf(general),
    group: 'users',
    mode: '0664',
    mtime: ctx.clock.iso(listDate),
    kind: 'staff-list',
    author: general.id,
    lang: ctx.lang,
    content: list.content,
  });
}

/** Shell histories that name the world's real hosts, SSH client configs, and the app config on the web host. */
function homeFiles(ctx: DocContext, world: World, random: Random): void {
  const domain = world.organisation.domain;
  const servers = world.hosts.filter((h) => h.os.family === 'linux');
  for (const host of servers) {
    for (const account of host.accounts) {
      const e = account.employee ? employee(world, account.employee) : undefined;
      const home = account.username === 'root' ? '/root' : `/home/${account.username}`;
      if (!e && account.username !== 'root') continue;
      if (e && !account.sudo && !random.chance(0.5)) continue;
      const other = random.pick(servers.filter((h) => h !== host)) ?? host;
      const peer = other.accounts.find((a) => a.employee === account.employee) ?? other.accounts[0]!;
      const lines = history(random, host, other, peer.username, domain);
      const mtime = ctx.clock.iso(
        new Date(Math.max(Date.parse(host.bootedAt), e ? since(ctx, e).getTime() : 0) + random.int(1, 48) * 3_600_000),
      );
      addFile(host, {
        path: `${home}/.bash_history`,
        owner: account.username,
        mode: '0600',
        mtime: clampIso(ctx, mtime),
        kind: 'history',
        content: lines.join('\n') + '\n',
      });
      if (account.sudo && e) {
        const config = servers
          .filter((h) => h !== host)
          .slice(0, 4)
          .map((h) => `Host ${h.hostname}\n    HostName ${h.hostname}.${domain}\n    User ${account.username}\n`)
          .join('\n');
        addFile(host, {
          path: `${home}/.ssh/config`,
          owner: account.username,
          mode: '0600',
          mtime: clampIso(ctx, mtime),
          kind: 'ssh',
          content: config,
        });
      }
    }
  }
}

function clampIso(ctx: DocContext, iso: string): string {
  return Date.parse(iso) > ctx.clock.now.getTime() ? ctx.clock.iso(ctx.clock.daysAgo(1)) : iso;
}

function history(random: Random, host: Host, other: Host, otherUser: string, domain: string): string[] {
  const role = host.role;
  const common = [
    'ls -la',
    'df -h',
    'free -m',
    'uptime',
    'sudo -i',
    'exit',
    'top',
    'ps aux | grep ' + random.pick(['nginx', 'java', 'postgres', 'smbd', 'postfix']),
  ];
  const byRole: Record<string, string[]> = {
    web: [
      'sudo systemctl reload nginx',
      'sudo nginx -t',
      'tail -f /var/log/nginx/access.log',
      'cd /var/www',
      'git pull',
    ],
    file: ['sudo smbstatus', 'du -sh /srv/*', 'sudo systemctl restart smbd', 'ls /srv'],
    mail: ['sudo postqueue -p', 'sudo tail -n 100 /var/log/mail.log', 'sudo doveadm who', 'mailq'],
    database: ['sudo -u postgres psql', 'pg_lsclusters', 'sudo systemctl status postgresql'],
    dns: ['sudo rndc reload', `dig @localhost ${other.hostname}.${domain}`, 'sudo named-checkconf'],
    proxy: ['sudo squid -k reconfigure', 'sudo tail -f /var/log/squid/access.log'],
    directory: ['sudo samba-tool user list', 'sudo samba-tool dbcheck', 'kinit administrator'],
  };
  const lines = [
    ...random.sample(common, 4),
    ...random.sample(byRole[role] ?? ['sudo apt update', 'sudo systemctl status'], 2),
  ];
  lines.push(`ssh ${otherUser}@${other.hostname}`);
  lines.push(
    random.pick([
      `ping -c 3 ${other.hostname}`,
      `scp backup.tar.gz ${otherUser}@${other.hostname}:/tmp/`,
      `rsync -av /var/backups/ ${other.hostname}:/srv/backup/`,
    ]),
  );
  return random.shuffle(lines);
}

/**
 * The planted chain. 1: the web app's .env holds the DB password, which an IT admin reuses on the file server.
 * 2: the account sheet on the share holds the mail host's service account. 3: a mail holds a workstation's
 * temporary password. 4: a handover memo on that workstation holds the directory admin's password.
 */
function plantChain(ctx: DocContext, world: World, serviceAccount: Map<string, Account>, random: Random): void {
  const domain = world.organisation.domain;
  const web = world.hosts.find((h) => h.role === 'web')!;
  const file = world.hosts.find((h) => h.role === 'file')!;
  const mail = world.hosts.find((h) => h.role === 'mail')!;
  const directory = world.hosts.find((h) => h.role === 'directory');
  const workstation = world.hosts.find((h) => h.role === 'workstation')!;
  const db = world.hosts.find((h) => h.role === 'database');
  const admins = file.accounts.filter((a) => a.sudo && a.employee);
  const admin = admins[admins.length - 1]!;
  const adminEmployee = employee(world, admin.employee);
  const it = employee(world, admins[0]!.employee);

  // 1. The DB password, reused by the admin on the file server.
  const dbPassword = strongPassword(random);
  admin.password = dbPassword;
  const app = { manufacturing: 'seisan', government: 'portal', university: 'gakumu', finance: 'eigyo' }[
    world.organisation.sector
  ];
  const envPath = `/var/www/${app}/.env`;
  const envDate = ctx.clock.officeTime(random, since(ctx, adminEmployee));
  addFile(web, {
    path: envPath,
    owner: 'www-data',
    group: 'www-data',
    mode: '0640',
    mtime: ctx.clock.iso(envDate),
    kind: 'config',
    content: `APP_NAME=${app}\nAPP_ENV=production\nAPP_URL=https://intra.${domain}\n\nDB_CONNECTION=pgsql\nDB_HOST=${db?.hostname ?? 'localhost'}.${domain}\nDB_PORT=5432\nDB_DATABASE=${app}\nDB_USERNAME=${admin.username}\nDB_PASSWORD=${dbPassword}\n\nMAIL_HOST=${mail.hostname}.${domain}\nMAIL_PORT=25\n`,
  });
  world.plantedCredentials.push({
    id: 'hop1-web-env',
    step: 1,
    username: admin.username,
    password: dbPassword,
    foundIn: { host: web.hostname, path: envPath },
    opens: { host: file.hostname, account: admin.username },
    note: 'database password in the web application config, reused by an IT admin on the file server',
  });

  // 2. The account sheet on the share: the mail host's service account.
  const svc = serviceAccount.get('mail')!;
  const sheet = credentialsSheet(ctx, { host: mail.hostname, account: svc.username, password: svc.password! });
  const shareRoot = /^\/srv\/[^/]+/.exec(file.files[0]?.path ?? '')?.[0] ?? '/srv/share';
  const itDept = world.organisation.departments.find((d) => d.id === it.department)!;
  const itFolder = `${shareRoot}/${ctx.lang === 'ja' ? itDept.name.ja : itDept.id}`;
  const sheetPath = `${itFolder}/${sheet.fileName}`;
  const sheetDate = ctx.clock.officeTime(random, since(ctx, it));
  addFile(file, {
    path: sheetPath,
    owner: admin.username,
    group: 'users',
    mode: '0660',
    mtime: ctx.clock.iso(sheetDate),
    kind: 'credentials-sheet',
    author: it.id,
    lang: ctx.lang,
    content: sheet.content,
  });
  world.plantedCredentials.push({
    id: 'hop2-account-sheet',
    step: 2,
    username: svc.username,
    password: svc.password!,
    foundIn: { host: file.hostname, path: sheetPath },
    opens: { host: mail.hostname, account: svc.username },
    note: 'spreadsheet of server accounts on the file share',
  });

  // 3. A mail with the temporary password of a workstation, which its user never changed.
  const user = employee(world, workstation.assignedTo);
  const temporary =
    ctx.lang === 'ja' ? `Tmp${random.int(1000, 9999)}${random.pick(['!', '#'])}` : `Temp-${random.int(1000, 9999)}`;
  user.password = temporary;
  user.passwordKind = 'weak';
  const mailDate = ctx.clock.officeTime(
    random,
    since(ctx, user.hiredOn > it.hiredOn ? user : it, 1),
    ctx.clock.daysAgo(5),
  );
  const messageId = `pw-${random.hex(10)}`;
  world.mail!.threads.push(
    temporaryPasswordMail(ctx.lang, it, user, workstation.hostname, temporary, ctx.clock.iso(mailDate), messageId),
  );
  world.plantedCredentials.push({
    id: 'hop3-temp-password-mail',
    step: 3,
    username: user.username,
    password: temporary,
    foundIn: { host: mail.hostname, message: messageId, mailbox: user.email },
    opens: { host: workstation.hostname, account: user.username },
    note: 'temporary password mailed by IT and never changed',
  });

  // 4. A handover memo on the workstation with the directory admin's password.
  const target = directory ?? file;
  const targetAccount = target.accounts.find((a) => a.username === 'root')!;
  const url = `https://${target.hostname}.${domain}/`;
  const memo = handoverMemo(ctx, url, targetAccount.username, targetAccount.password!);
  const memoDate = ctx.clock.officeTime(random, since(ctx, user), ctx.clock.daysAgo(1));
  const memoPath = `C:\\Users\\${user.username}\\Desktop\\${memo.fileName}`;
  addFile(workstation, {
    path: memoPath,
    owner: user.username,
    mtime: ctx.clock.iso(memoDate),
    kind: 'memo',
    author: user.id,
    lang: ctx.lang,
    content: memo.content,
  });
  world.plantedCredentials.push({
    id: 'hop4-handover-memo',
    step: 4,
    username: targetAccount.username,
    password: targetAccount.password!,
    foundIn: { host: workstation.hostname, path: memoPath },
    opens: { host: target.hostname, account: targetAccount.username },
    note: 'handover memo on the desktop',
  });
}

/** Bookmarks to the intranet and partners, and an exported password list on some desktops. */
function browsers(ctx: DocContext, world: World, random: Random): void {
  const domain = world.organisation.domain;
  const web = world.hosts.find((h) => h.role === 'web')!;
  for (const host of world.hosts.filter((h) => h.role === 'workstation')) {
    const user = employee(world, host.assignedTo);
    const intranet = `https://intra.${domain}/`;
    const bookmarks = [
      { title: ctx.lang === 'ja' ? '社内ポータル' : 'Intranet', url: intranet },
      { title: ctx.lang === 'ja' ? 'Webメール' : 'Webmail', url: `https://mail.${domain}/` },
      { title: ctx.lang === 'ja' ? '勤怠管理' : 'Timesheets', url: `https://${web.hostname}.${domain}/kintai/` },
      ...world.partners
        .slice(0, 2)
        .map((p) => ({ title: ctx.lang === 'ja' ? p.name.ja : p.name.en, url: `https://www.${p.domain}/` })),
    ];
    const saved = [
      { url: intranet, username: user.username, password: user.password },
      { url: `https://mail.${domain}/`, username: user.email, password: user.password },
    ];
    host.browser = { name: random.pick(['chrome', 'edge'] as const), bookmarks, savedPasswords: saved };
    if (random.chance(0.5)) {
      const date = ctx.clock.officeTime(random, since(ctx, user), ctx.clock.daysAgo(1));
      const name = host.browser.name === 'edge' ? 'Microsoft Edge Passwords.csv' : 'Chrome Passwords.csv';
      addFile(host, {
        path: `C:\\Users\\${user.username}\\Documents\\${name}`,
        owner: user.username,
        mtime: ctx.clock.iso(date),
        kind: 'other',
        content: `name,url,username,password,note\n${saved.map((s) => `${new URL(s.url).hostname},${s.url},${s.username},${s.password},`).join('\n')}\n`,
      });
    }
  }
}
