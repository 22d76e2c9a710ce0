import { createHash } from 'node:crypto';
import { accountPassword, employeeOf, homeOf } from './accounts.js';
import type { EntrySpec } from './filesystem.js';
import type { Host, Message, World } from './schema.js';
import { DEBIAN_SYSTEM_ACCOUNTS, RHEL_SYSTEM_ACCOUNTS } from './system-accounts.js';

type Add = (spec: EntrySpec) => void;
type LinuxHost = Host & { os: Extract<Host['os'], { family: 'linux' }> };

const isDebianLike = (host: LinuxHost) => host.os.distro === 'ubuntu' || host.os.distro === 'debian';

/** The files every Linux host has, derived from the world so that they agree with it. */
export function linuxSkeleton(world: World, host: Host, add: Add): void {
  if (host.os.family !== 'linux') return;
  const linux = host as LinuxHost;
  const os = linux.os;
  for (const dir of [
    '/bin',
    '/boot',
    '/dev',
    '/etc',
    '/home',
    '/lib',
    '/media',
    '/mnt',
    '/opt',
    '/proc',
    '/run',
    '/sbin',
    '/srv',
    '/sys',
    '/usr/bin',
    '/usr/lib',
    '/usr/local/bin',
    '/usr/sbin',
    '/usr/share',
    '/var/cache',
    '/var/lib',
    '/var/log',
    '/var/tmp',
  ])
    add({ path: dir, type: 'dir' });
  add({ path: '/tmp', type: 'dir', mode: 0o1777 });
  add({ path: '/root', type: 'dir', mode: 0o700 });
  const system = isDebianLike(linux) ? DEBIAN_SYSTEM_ACCOUNTS : RHEL_SYSTEM_ACCOUNTS;
  const people = host.accounts.filter((a) => a.username !== 'root');
  const primaryGroup = isDebianLike(linux) ? (uid: number) => uid : (uid: number) => uid;
  add({
    path: '/etc/passwd',
    content: () =>
      [
        'root:x:0:0:root:/root:/bin/bash',
        ...system.map((a) => `${a.username}:x:${a.uid}:${a.gid}:${a.gecos}:${a.home}:${a.shell}`),
        ...people.map((a) => {
          const gecos = employeeOf(world, a)?.name.en ?? a.username;
          return `${a.username}:x:${a.uid}:${primaryGroup(a.uid)}:${gecos},,,:${homeOf(host, a)}:${a.shell ?? '/bin/bash'}`;
        }),
      ].join('\n') + '\n',
  });
  add({
    path: '/etc/group',
    content: () => {
      const sudoGroup = isDebianLike(linux) ? 'sudo' : 'wheel';
      const admins = host.accounts.filter((a) => a.sudo).map((a) => a.username);
      const extra = new Map<string, string[]>();
      for (const a of people) for (const g of a.groups) extra.set(g, [...(extra.get(g) ?? []), a.username]);
      return (
        [
          'root:x:0:',
          ...system.map((a) => `${a.username}:x:${a.gid}:`).filter((l, i, all) => all.indexOf(l) === i),
          `${sudoGroup}:x:${isDebianLike(linux) ? 27 : 10}:${admins.join(',')}`,
          ...people.map((a) => `${a.username}:x:${a.uid}:`),
          ...[...extra].map(([g, members], i) => `${g}:x:${2000 + i}:${members.join(',')}`),
        ].join('\n') + '\n'
      );
    },
  });
  // Hashes look like yescrypt (Debian/Ubuntu) or SHA-512 crypt (RHEL) but are not crackable back to the password.
  add({
    path: '/etc/shadow',
    mode: 0o640,
    group: isDebianLike(linux) ? 'shadow' : 'root',
    content: () =>
      [
        ...host.accounts.map(
          (a) => `${a.username}:${fakeHash(linux, a.username, accountPassword(world, a) ?? '')}:19800:0:99999:7:::`,
        ),
        ...system.map((a) => `${a.username}:*:19700:0:99999:7:::`),
      ].join('\n') + '\n',
  });
  add({ path: '/etc/hostname', content: `${host.hostname}\n` });
  add({
    path: '/etc/hosts',
    content: () =>
      [
        `127.0.0.1\tlocalhost`,
        `${host.ip}\t${host.hostname}.${world.organisation.domain}\t${host.hostname}`,
        '',
        ...world.hosts
          .filter((h) => h !== host && h.os.family === 'linux' && h.role !== 'workstation')
          .slice(0, 6)
          .map((h) => `${h.ip}\t${h.hostname}.${world.organisation.domain}\t${h.hostname}`),
      ].join('\n') + '\n',
  });
  const dns = world.hosts.find((h) => h.role === 'dns');
  add({
    path: '/etc/resolv.conf',
    content: `search ${world.organisation.domain}\nnameserver ${dns?.ip ?? '127.0.0.53'}\n`,
  });
  add({ path: '/etc/os-release', content: osRelease(linux) });
  add({ path: '/etc/issue', content: `${os.prettyName} \\n \\l\n\n` });
  add({ path: '/etc/issue.net', content: `${os.prettyName}\n` });
  add({
    path: '/etc/ssh/sshd_config',
    content:
      'Include /etc/ssh/sshd_config.d/*.conf\nPermitRootLogin prohibit-password\nPasswordAuthentication yes\nKbdInteractiveAuthentication no\nUsePAM yes\nX11Forwarding yes\nPrintMotd no\nSubsystem\tsftp\t/usr/lib/openssh/sftp-server\n',
  });
  for (const key of host.hostKeys) {
    const name = key.type === 'ssh-ed25519' ? 'ed25519' : key.type === 'ssh-rsa' ? 'rsa' : 'ecdsa';
    add({ path: `/etc/ssh/ssh_host_${name}_key.pub`, content: `${key.publicKey} root@${host.hostname}\n` });
    add({ path: `/etc/ssh/ssh_host_${name}_key`, mode: 0o600, content: '(private key: readable by root only)\n' });
  }
  if (host.role === 'dns')
    add({ path: `/etc/bind/db.${world.organisation.domain}`, content: () => zoneFile(world), group: 'bind' });
  if (host.role === 'file') add({ path: '/etc/samba/smb.conf', content: () => smbConf(world, host) });
  if (host.role === 'mail') add({ path: '/etc/postfix/main.cf', content: () => postfixMain(world, host) });
}

function fakeHash(host: LinuxHost, username: string, password: string): string {
  const digest = createHash('sha512').update(`${host.hostname}\0${username}\0${password}`).digest('base64');
  const crypt = digest.replace(/[+=]/g, '.').replace(/\//g, '/');
  return isDebianLike(host)
    ? `$y$j9T$${crypt.slice(0, 22)}$${crypt.slice(22, 65)}`
    : `$6$${crypt.slice(0, 16)}$${crypt.slice(16, 102)}`;
}

function osRelease(host: LinuxHost): string {
  const os = host.os;
  const id = os.distro;
  const like = id === 'ubuntu' ? 'ID_LIKE=debian\n' : id === 'debian' ? '' : 'ID_LIKE="rhel centos fedora"\n';
  return `PRETTY_NAME="${os.prettyName}"\nNAME="${os.prettyName.replace(/ \d.*$/, '')}"\nVERSION_ID="${os.version}"\nID=${id}\n${like}HOME_URL="${homeUrl(id)}"\n`;
}

function homeUrl(id: string): string {
  switch (id) {
    case 'ubuntu':
      return 'https://www.ubuntu.com/';
    case 'debian':
      return 'https://www.debian.org/';
    case 'rocky':
      return 'https://rockylinux.org/';
    case 'almalinux':
      return 'https://almalinux.org/';
    default:
      return 'https://www.redhat.com/';
  }
}

function zoneFile(world: World): string {
  const d = world.organisation.domain;
  const dns = world.hosts.find((h) => h.role === 'dns');
  const serial = world.generatedAt.slice(0, 10).replaceAll('-', '') + '01';
  const lines = [
    `$TTL 3600`,
    `@\tIN\tSOA\t${dns?.hostname ?? 'ns'}.${d}. hostmaster.${d}. (${serial} 3600 900 604800 3600)`,
    `@\tIN\tNS\t${dns?.hostname ?? 'ns'}.${d}.`,
  ];
  const mail = world.hosts.find((h) => h.role === 'mail');
  if (mail) lines.push(`@\tIN\tMX\t10 ${mail.hostname}.${d}.`);
  for (const h of world.hosts) lines.push(`${h.hostname}\tIN\tA\t${h.ip}`);
  const web = world.hosts.find((h) => h.role === 'web');
  if (web) lines.push(`intra\tIN\tCNAME\t${web.hostname}.${d}.`);
  if (mail) lines.push(`mail\tIN\tCNAME\t${mail.hostname}.${d}.`);
  return lines.join('\n') + '\n';
}

function smbConf(world: World, host: Host): string {
  const shares = new Set(
    host.files.map((f) => /^\/srv\/([^/]+)/.exec(f.path)?.[1]).filter((s): s is string => s !== undefined),
  );
  const workgroup = world.organisation.shortName
    .toUpperCase()
    .replace(/[^A-Z0-9]/g, '')
    .slice(0, 15);
  return [
    `[global]`,
    `   workgroup = ${workgroup}`,
    `   server string = ${host.hostname} file server`,
    `   security = user`,
    `   map to guest = never`,
    '',
    ...[...shares].flatMap((s) => [`[${s}]`, `   path = /srv/${s}`, `   read only = no`, `   browseable = yes`, '']),
  ].join('\n');
}

function postfixMain(world: World, host: Host): string {
  const d = world.organisation.domain;
  return `myhostname = ${host.hostname}.${d}\nmydomain = ${d}\nmyorigin = $mydomain\ninet_interfaces = all\nmydestination = localhost\nvirtual_mailbox_domains = ${d}\nvirtual_mailbox_base = /var/mail/vhosts\nsmtpd_banner = $myhostname ESMTP\nsmtpd_tls_security_level = may\n`;
}

/** Maildir folders of the mail host: one file per message and participant employee, in cur/ or .Sent/cur/. */
export function renderMaildir(world: World, host: Host, add: Add): void {
  const domain = world.organisation.domain;
  const local = new Map(world.employees.map((e) => [e.email.toLowerCase(), e]));
  let serial = 0;
  for (const thread of world.mail?.threads ?? []) {
    for (const message of thread.messages) {
      const seconds = Math.floor(Date.parse(message.date) / 1000);
      const rendered = () => rfc5322(message, host, domain);
      const boxes = new Map<string, string>();
      const sender = local.get(message.from.email.toLowerCase());
      if (sender) boxes.set(sender.email, '.Sent/cur');
      for (const a of [...message.to, ...message.cc]) {
        const e = local.get(a.email.toLowerCase());
        if (e) boxes.set(e.email, 'cur');
      }
      for (const [email, folder] of boxes) {
        serial += 1;
        const user = email.split('@')[0]!;
        add({
          path: `/var/mail/vhosts/${domain}/${user}/${folder}/${seconds}.M${serial}P${1000 + (serial % 9000)}.${host.hostname}:2,S`,
          owner: 'vmail',
          group: 'vmail',
          mode: 0o600,
          mtime: message.date,
          content: rendered,
        });
      }
    }
  }
}

const encodeHeader = (value: string) =>
  /^[\x20-\x7e]*$/.test(value) ? value : `=?UTF-8?B?${Buffer.from(value, 'utf8').toString('base64')}?=`;
const address = (a: { name?: string | undefined; email: string }) =>
  a.name ? `${encodeHeader(a.name)} <${a.email}>` : a.email;

/** A message as it sits in a Maildir file: headers, then the UTF-8 body. */
export function rfc5322(message: Message, host: Host, domain: string): string {
  const date = new Date(message.date).toUTCString().replace('GMT', '+0000');
  const headers = [
    `Return-Path: <${message.from.email}>`,
    `Received: from ${host.hostname}.${domain} by ${host.hostname}.${domain} with ESMTP; ${date}`,
    `Message-ID: <${message.id}@${domain}>`,
    ...(message.inReplyTo ? [`In-Reply-To: <${message.inReplyTo}@${domain}>`] : []),
    `Date: ${date}`,
    `From: ${address(message.from)}`,
    `To: ${message.to.map(address).join(', ')}`,
    ...(message.cc.length > 0 ? [`Cc: ${message.cc.map(address).join(', ')}`] : []),
    `Subject: ${encodeHeader(message.subject)}`,
    'MIME-Version: 1.0',
    'Content-Type: text/plain; charset=UTF-8',
    'Content-Transfer-Encoding: 8bit',
  ];
  return `${headers.join('\n')}\n\n${message.body}`;
}

/** The Windows skeleton: system folders, the public profile and browser files rendered from the host's browser. */
export function windowsSkeleton(world: World, host: Host, add: Add): void {
  for (const dir of [
    'C:\\Windows\\System32',
    'C:\\Program Files',
    'C:\\Program Files (x86)',
    'C:\\ProgramData',
    'C:\\Users\\Public\\Documents',
    'C:\\Users\\Default',
  ])
    add({ path: dir, type: 'dir', owner: 'SYSTEM' });
  add({
    path: 'C:\\Windows\\System32\\drivers\\etc\\hosts',
    owner: 'SYSTEM',
    content:
      '# Copyright (c) 1993-2009 Microsoft Corp.\r\n#\r\n# This is a sample HOSTS file used by Microsoft TCP/IP for Windows.\r\n',
  });
  const user = host.accounts.find((a) => a.employee !== undefined && a.employee === host.assignedTo);
  const browser = host.browser;
  if (!user || !browser) return;
  const profile = homeOf(host, user);
  const dataDir =
    browser.name === 'edge'
      ? `${profile}\\AppData\\Local\\Microsoft\\Edge\\User Data\\Default`
      : browser.name === 'chrome'
        ? `${profile}\\AppData\\Local\\Google\\Chrome\\User Data\\Default`
        : `${profile}\\AppData\\Roaming\\Mozilla\\Firefox\\Profiles\\default-release`;
  add({
    path: `${dataDir}\\Bookmarks`,
    owner: user.username,
    content: () => chromiumBookmarks(browser.bookmarks),
  });
}

function chromiumBookmarks(bookmarks: readonly { title: string; url: string }[]): string {
  const children = bookmarks.map((b, i) => ({
    date_added: String(13300000000000000 + i * 1000000),
    id: String(i + 5),
    name: b.title,
    type: 'url',
    url: b.url,
  }));
  return JSON.stringify(
    {
      roots: {
        bookmark_bar: { children, name: 'Bookmarks bar', type: 'folder' },
        other: { children: [], name: 'Other bookmarks', type: 'folder' },
      },
      version: 1,
    },
    null,
    3,
  );
}
