import type { World } from './schema.js';
import { SYSTEM_OWNERS } from './system-accounts.js';

/** A problem with a world, located by the path of the field in the document (as zod paths are). */
export interface WorldIssue {
  path: (string | number)[];
  message: string;
}

/** Paths on a host: POSIX on Linux, drive-rooted with backslashes on Windows. */
export function isAbsoluteFor(family: 'linux' | 'windows', path: string): boolean {
  return family === 'linux' ? path.startsWith('/') && !path.includes('\\') : /^[A-Z]:\\/.test(path);
}

/** The account a home-like path belongs to (/home/x, /root, C:\Users\x), or null. */
export function homeOwner(path: string): string | null {
  if (path === '/root' || path.startsWith('/root/')) return 'root';
  const linux = /^\/home\/([^/]+)/.exec(path);
  if (linux) return linux[1]!;
  const windows = /^C:\\Users\\([^\\]+)/i.exec(path);
  if (windows && !['Public', 'Default'].includes(windows[1]!)) return windows[1]!;
  return null;
}

function duplicates<T>(items: readonly T[], key: (item: T) => string, report: (index: number, first: number) => void) {
  const seen = new Map<string, number>();
  items.forEach((item, index) => {
    const k = key(item);
    const first = seen.get(k);
    if (first === undefined) seen.set(k, index);
    else report(index, first);
  });
}

/**
 * Every reference in the world that points nowhere, and every name that must be unique but is not. The structure
 * is already valid (zod checked it); these are the checks across fields.
 */
export function referenceIssues(world: World): WorldIssue[] {
  const issues: WorldIssue[] = [];
  const add = (path: (string | number)[], message: string) => issues.push({ path, message });
  const org = world.organisation;
  const departments = new Set(org.departments.map((d) => d.id));
  const locations = new Set(org.locations.map((l) => l.code));
  const employees = new Map(world.employees.map((e) => [e.id, e]));
  const hosts = new Map(world.hosts.map((h) => [h.hostname.toLowerCase(), h]));

  duplicates(
    org.departments,
    (d) => d.id,
    (i) => add(['organisation', 'departments', i, 'id'], 'duplicate department id'),
  );
  duplicates(
    org.locations,
    (l) => l.code,
    (i) => add(['organisation', 'locations', i, 'code'], 'duplicate location code'),
  );
  duplicates(
    world.employees,
    (e) => e.id,
    (i, f) => add(['employees', i, 'id'], `duplicate employee id (also employees[${f}])`),
  );
  duplicates(
    world.employees,
    (e) => e.username,
    (i, f) => add(['employees', i, 'username'], `duplicate username (also employees[${f}])`),
  );
  duplicates(
    world.employees,
    (e) => e.email.toLowerCase(),
    (i, f) => add(['employees', i, 'email'], `duplicate e-mail address (also employees[${f}])`),
  );
  world.employees.forEach((e, i) => {
    if (!departments.has(e.department)) add(['employees', i, 'department'], `unknown department "${e.department}"`);
    if (!locations.has(e.location)) add(['employees', i, 'location'], `unknown location "${e.location}"`);
    if (e.hiredOn > world.generatedAt.slice(0, 10)) add(['employees', i, 'hiredOn'], 'hired after generatedAt');
  });

  duplicates(
    world.hosts,
    (h) => h.hostname.toLowerCase(),
    (i, f) => add(['hosts', i, 'hostname'], `duplicate hostname (also hosts[${f}])`),
  );
  duplicates(
    world.hosts,
    (h) => h.ip,
    (i, f) => add(['hosts', i, 'ip'], `duplicate address (also hosts[${f}])`),
  );
  world.hosts.forEach((host, h) => {
    const at = (...rest: (string | number)[]) => ['hosts', h, ...rest];
    if (!locations.has(host.location)) add(at('location'), `unknown location "${host.location}"`);
    if (host.assignedTo !== undefined && !employees.has(host.assignedTo))
      add(at('assignedTo'), `unknown employee "${host.assignedTo}"`);
    if (host.bootedAt > world.generatedAt) add(at('bootedAt'), 'booted after generatedAt');
    if (host.os.family === 'windows' && host.hostname.length > 15)
      add(at('hostname'), 'a Windows computer name has at most 15 characters');
    duplicates(
      host.accounts,
      (a) => a.username.toLowerCase(),
      (i) => add(at('accounts', i, 'username'), 'duplicate account'),
    );
    duplicates(
      host.accounts,
      (a) => String(a.uid),
      (i) => add(at('accounts', i, 'uid'), 'duplicate uid'),
    );
    duplicates(
      host.services,
      (s) => `${s.protocol}/${s.port}`,
      (i) => add(at('services', i, 'port'), 'port already used'),
    );
    host.accounts.forEach((a, i) => {
      if (a.employee === undefined) {
        if (a.password === undefined)
          add(at('accounts', i, 'password'), 'an account without employee needs a password');
      } else if (!employees.has(a.employee)) add(at('accounts', i, 'employee'), `unknown employee "${a.employee}"`);
    });
    const owners = new Set([...host.accounts.map((a) => a.username), ...SYSTEM_OWNERS]);
    const accountNames = new Set(host.accounts.map((a) => a.username.toLowerCase()));
    duplicates(
      host.files,
      (f) => (host.os.family === 'windows' ? f.path.toLowerCase() : f.path),
      (i) => add(at('files', i, 'path'), 'duplicate path on this host'),
    );
    host.files.forEach((file, i) => {
      if (!isAbsoluteFor(host.os.family, file.path))
        add(
          at('files', i, 'path'),
          host.os.family === 'linux' ? 'expected an absolute POSIX path' : 'expected a path like C:\\Users\\…',
        );
      const home = homeOwner(file.path);
      if (home !== null && home !== 'root' && !accountNames.has(home.toLowerCase()))
        add(at('files', i, 'path'), `home folder of "${home}", who has no account on ${host.hostname}`);
      if (!owners.has(file.owner)) add(at('files', i, 'owner'), `no account "${file.owner}" on ${host.hostname}`);
      if (file.author !== undefined && !employees.has(file.author))
        add(at('files', i, 'author'), `unknown employee "${file.author}"`);
      if (file.content === undefined && file.template === undefined)
        add(at('files', i), 'expected content or template');
      if (file.mtime > world.generatedAt) add(at('files', i, 'mtime'), 'modified after generatedAt');
    });
  });

  const addresses = new Set<string>(world.employees.map((e) => e.email.toLowerCase()));
  duplicates(
    world.partners,
    (p) => p.id,
    (i) => add(['partners', i, 'id'], 'duplicate partner id'),
  );
  world.partners.forEach((p, i) =>
    p.contacts.forEach((c, j) => {
      addresses.add(c.email.toLowerCase());
      if (!c.email.toLowerCase().endsWith(`@${p.domain}`))
        add(['partners', i, 'contacts', j, 'email'], `expected an address at ${p.domain}`);
    }),
  );
  const messages = new Map<string, { to: string[] }>();
  if (world.mail) {
    const mailHost = hosts.get(world.mail.host.toLowerCase());
    if (!mailHost) add(['mail', 'host'], `unknown host "${world.mail.host}"`);
    else if (mailHost.role !== 'mail') add(['mail', 'host'], `host "${world.mail.host}" is not a mail host`);
    world.mail.threads.forEach((thread, t) => {
      const ids = new Set<string>();
      thread.messages.forEach((m, i) => {
        const at = (...rest: (string | number)[]) => ['mail', 'threads', t, 'messages', i, ...rest];
        if (messages.has(m.id)) add(at('id'), 'duplicate message id');
        const participants = [m.from, ...m.to, ...m.cc].map((a) => a.email.toLowerCase());
        messages.set(m.id, { to: participants });
        if (!addresses.has(m.from.email.toLowerCase())) add(at('from', 'email'), 'not an employee or partner contact');
        m.to.forEach((a, j) => {
          if (!addresses.has(a.email.toLowerCase())) add(at('to', j, 'email'), 'not an employee or partner contact');
        });
        m.cc.forEach((a, j) => {
          if (!addresses.has(a.email.toLowerCase())) add(at('cc', j, 'email'), 'not an employee or partner contact');
        });
        if (m.inReplyTo !== undefined && !ids.has(m.inReplyTo))
          add(at('inReplyTo'), `no earlier message "${m.inReplyTo}" in this thread`);
        if (m.date > world.generatedAt) add(at('date'), 'sent after generatedAt');
        ids.add(m.id);
      });
    });
  }

  duplicates(
    world.plantedCredentials,
    (c) => c.id,
    (i) => add(['plantedCredentials', i, 'id'], 'duplicate id'),
  );
  world.plantedCredentials.forEach((c, i) => {
    const at = (...rest: (string | number)[]) => ['plantedCredentials', i, ...rest];
    if (!hosts.has(c.foundIn.host.toLowerCase())) add(at('foundIn', 'host'), `unknown host "${c.foundIn.host}"`);
    if ('message' in c.foundIn) {
      const message = messages.get(c.foundIn.message);
      if (!message) add(at('foundIn', 'message'), `unknown message "${c.foundIn.message}"`);
      else if (!message.to.includes(c.foundIn.mailbox.toLowerCase()))
        add(at('foundIn', 'mailbox'), 'this mailbox is not a participant of the message');
    }
    const target = hosts.get(c.opens.host.toLowerCase());
    if (!target) add(at('opens', 'host'), `unknown host "${c.opens.host}"`);
    else if (!target.accounts.some((a) => a.username === c.opens.account))
      add(at('opens', 'account'), `no account "${c.opens.account}" on ${target.hostname}`);
  });
  return issues;
}
