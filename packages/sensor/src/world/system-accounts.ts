/**
 * Accounts every installation has, which the world file does not list: the file system view adds them to
 * /etc/passwd and files may be owned by them. Names follow the distributions (Debian/Ubuntu vs RHEL family).
 */
export interface SystemAccount {
  username: string;
  uid: number;
  gid: number;
  home: string;
  shell: string;
  gecos: string;
}

const nologin = '/usr/sbin/nologin';

export const DEBIAN_SYSTEM_ACCOUNTS: readonly SystemAccount[] = [
  { username: 'daemon', uid: 1, gid: 1, home: '/usr/sbin', shell: nologin, gecos: 'daemon' },
  { username: 'bin', uid: 2, gid: 2, home: '/bin', shell: nologin, gecos: 'bin' },
  { username: 'sys', uid: 3, gid: 3, home: '/dev', shell: nologin, gecos: 'sys' },
  { username: 'sync', uid: 4, gid: 65534, home: '/bin', shell: '/bin/sync', gecos: 'sync' },
  { username: 'games', uid: 5, gid: 60, home: '/usr/games', shell: nologin, gecos: 'games' },
  { username: 'man', uid: 6, gid: 12, home: '/var/cache/man', shell: nologin, gecos: 'man' },
  { username: 'lp', uid: 7, gid: 7, home: '/var/spool/lpd', shell: nologin, gecos: 'lp' },
  { username: 'mail', uid: 8, gid: 8, home: '/var/mail', shell: nologin, gecos: 'mail' },
  { username: 'news', uid: 9, gid: 9, home: '/var/spool/news', shell: nologin, gecos: 'news' },
  { username: 'proxy', uid: 13, gid: 13, home: '/bin', shell: nologin, gecos: 'proxy' },
  { username: 'www-data', uid: 33, gid: 33, home: '/var/www', shell: nologin, gecos: 'www-data' },
  { username: 'backup', uid: 34, gid: 34, home: '/var/backups', shell: nologin, gecos: 'backup' },
  { username: 'nobody', uid: 65534, gid: 65534, home: '/nonexistent', shell: nologin, gecos: 'nobody' },
  { username: 'sshd', uid: 105, gid: 65534, home: '/run/sshd', shell: nologin, gecos: '' },
  { username: 'systemd-network', uid: 998, gid: 998, home: '/', shell: nologin, gecos: 'systemd Network Management' },
];

export const RHEL_SYSTEM_ACCOUNTS: readonly SystemAccount[] = [
  { username: 'bin', uid: 1, gid: 1, home: '/bin', shell: '/sbin/nologin', gecos: 'bin' },
  { username: 'daemon', uid: 2, gid: 2, home: '/sbin', shell: '/sbin/nologin', gecos: 'daemon' },
  { username: 'adm', uid: 3, gid: 4, home: '/var/adm', shell: '/sbin/nologin', gecos: 'adm' },
  { username: 'lp', uid: 4, gid: 7, home: '/var/spool/lpd', shell: '/sbin/nologin', gecos: 'lp' },
  { username: 'sync', uid: 5, gid: 0, home: '/sbin', shell: '/bin/sync', gecos: 'sync' },
  { username: 'mail', uid: 8, gid: 12, home: '/var/spool/mail', shell: '/sbin/nologin', gecos: 'mail' },
  { username: 'operator', uid: 11, gid: 0, home: '/root', shell: '/sbin/nologin', gecos: 'operator' },
  { username: 'nobody', uid: 65534, gid: 65534, home: '/', shell: '/sbin/nologin', gecos: 'Kernel Overflow User' },
  {
    username: 'sshd',
    uid: 74,
    gid: 74,
    home: '/usr/share/empty.sshd',
    shell: '/sbin/nologin',
    gecos: 'Privilege-separated SSH',
  },
  { username: 'apache', uid: 48, gid: 48, home: '/usr/share/httpd', shell: '/sbin/nologin', gecos: 'Apache' },
];

/** Names a file may be owned by on any host besides the world's accounts. */
export const SYSTEM_OWNERS = new Set<string>([
  'root',
  'Administrator',
  'SYSTEM',
  ...DEBIAN_SYSTEM_ACCOUNTS.map((a) => a.username),
  ...RHEL_SYSTEM_ACCOUNTS.map((a) => a.username),
  'postfix',
  'dovecot',
  'bind',
  'named',
  'squid',
  'mysql',
  'postgres',
  'nginx',
]);
