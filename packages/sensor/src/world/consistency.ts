import { accountPassword, findHost } from './accounts.js';
import { HostFileSystem } from './filesystem.js';
import type { WorldIssue } from './references.js';
import type { World } from './schema.js';

/**
 * Checks that need the world as a whole, after its references resolve: each planted credential opens the account it
 * claims and is really written where it claims to be found; documents and mails are dated after their author was
 * hired. A world that passes is one an intruder can follow from hop to hop.
 */
export function consistencyIssues(world: World): WorldIssue[] {
  const issues: WorldIssue[] = [];
  const employees = new Map(world.employees.map((e) => [e.id, e]));
  const byEmail = new Map(world.employees.map((e) => [e.email.toLowerCase(), e]));
  const views = new Map<string, HostFileSystem>();
  const view = (hostname: string) => {
    const host = findHost(world, hostname)!;
    let fs = views.get(host.hostname);
    if (!fs) views.set(host.hostname, (fs = new HostFileSystem(world, host)));
    return fs;
  };
  const messages = new Map((world.mail?.threads ?? []).flatMap((t) => t.messages.map((m) => [m.id, m] as const)));

  world.plantedCredentials.forEach((c, i) => {
    const at = (...rest: (string | number)[]) => ['plantedCredentials', i, ...rest];
    const host = findHost(world, c.opens.host)!;
    const account = host.accounts.find((a) => a.username === c.opens.account)!;
    if (c.username !== account.username) add(at('username'), `expected the account's name "${account.username}"`);
    if (accountPassword(world, account) !== c.password)
      add(at('password'), `not the password of ${account.username} on ${host.hostname}`);
    if ('message' in c.foundIn) {
      const message = messages.get(c.foundIn.message);
      if (message && !message.body.includes(c.password))
        add(at('foundIn', 'message'), 'the message does not contain the password');
    } else {
      const content = view(c.foundIn.host).read(c.foundIn.path);
      if (content === undefined) add(at('foundIn', 'path'), `no file ${c.foundIn.path} on ${c.foundIn.host}`);
      else if (!content.includes(c.password)) add(at('foundIn', 'path'), 'the file does not contain the password');
    }
  });

  world.hosts.forEach((host, h) =>
    host.files.forEach((file, f) => {
      const author = file.author === undefined ? undefined : employees.get(file.author);
      if (author && file.mtime.slice(0, 10) < author.hiredOn)
        add(['hosts', h, 'files', f, 'mtime'], `dated before its author was hired (${author.hiredOn})`);
    }),
  );
  world.mail?.threads.forEach((thread, t) =>
    thread.messages.forEach((m, i) => {
      const sender = byEmail.get(m.from.email.toLowerCase());
      if (sender && m.date.slice(0, 10) < sender.hiredOn)
        add(['mail', 'threads', t, 'messages', i, 'date'], `sent before the sender was hired (${sender.hiredOn})`);
      const previous = thread.messages[i - 1];
      if (previous && Date.parse(m.date) < Date.parse(previous.date))
        add(['mail', 'threads', t, 'messages', i, 'date'], 'earlier than the message before it in the thread');
    }),
  );
  return issues;

  function add(path: (string | number)[], message: string) {
    issues.push({ path, message });
  }
}
