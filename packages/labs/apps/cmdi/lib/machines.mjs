/**
 * The emulated machines: Minato Shoji's diagnostics web server `diag01` (where the lab's form runs its commands, as
 * www-data) and the learner's own scratch machine `learner-pc` (the browser terminal). Plain data for createShell.
 */

/** Minato Shoji's intranet as the emulated resolver knows it (search domain minato.local). */
const INTRANET = [
  ['gw.minato.local', '10.0.0.1'],
  ['ns1.minato.local', '10.0.0.53'],
  ['intranet.minato.local', '10.0.1.10'],
  ['diag01.minato.local', '10.0.1.15'],
  ['fileserver.minato.local', '10.0.1.20'],
  ['mail.minato.local', '10.0.1.25'],
  ['web-01.minato.local', '10.0.1.31'],
  ['db01.minato.local', '10.0.1.40'],
  ['printer-3f.minato.local', '10.0.2.40'],
];

function network(selfName, selfIp) {
  return {
    resolver: '10.0.0.53',
    domain: 'minato.local',
    gateway: { name: 'gw.minato.local', ip: '10.0.0.1' },
    hosts: [
      { name: 'localhost', ip: '127.0.0.1' },
      { name: 'localhost', ip: '::1' },
      { name: selfName, ip: selfIp },
      ...INTRANET.map(([name, ip]) => ({ name, ip })),
    ],
  };
}

const OS_RELEASE = `PRETTY_NAME="Ubuntu 22.04.4 LTS"
NAME="Ubuntu"
VERSION_ID="22.04"
VERSION="22.04.4 LTS (Jammy Jellyfish)"
VERSION_CODENAME=jammy
ID=ubuntu
ID_LIKE=debian
HOME_URL="https://www.ubuntu.com/"
SUPPORT_URL="https://help.ubuntu.com/"
BUG_REPORT_URL="https://bugs.launchpad.net/ubuntu/"
UBUNTU_CODENAME=jammy
`;

const BASE_PASSWD = `root:x:0:0:root:/root:/bin/bash
daemon:x:1:1:daemon:/usr/sbin:/usr/sbin/nologin
bin:x:2:2:bin:/bin:/usr/sbin/nologin
sys:x:3:3:sys:/dev:/usr/sbin/nologin
sync:x:4:65534:sync:/bin:/bin/sync
man:x:6:12:man:/var/cache/man:/usr/sbin/nologin
mail:x:8:8:mail:/var/mail:/usr/sbin/nologin
www-data:x:33:33:www-data:/var/www:/usr/sbin/nologin
nobody:x:65534:65534:nobody:/nonexistent:/usr/sbin/nologin
systemd-network:x:100:102:systemd Network Management,,,:/run/systemd:/usr/sbin/nologin
messagebus:x:102:105::/nonexistent:/usr/sbin/nologin
sshd:x:105:65534::/run/sshd:/usr/sbin/nologin
`;

const KERNEL = { release: '5.15.0-105-generic', version: '#115-Ubuntu SMP Mon Apr 15 09:52:04 UTC 2024' };

function commonFiles(hostname, passwd) {
  return [
    ['/bin', { dir: true }],
    ['/boot', { dir: true }],
    ['/dev/null', { content: '', mode: 0o666 }],
    ['/etc/passwd', { content: passwd }],
    ['/etc/group', { content: 'root:x:0:\nadm:x:4:syslog\nwww-data:x:33:\nshadow:x:42:\n' }],
    ['/etc/shadow', { content: 'root:*:19800:0:99999:7:::\n', group: 'shadow', mode: 0o640 }],
    ['/etc/hostname', { content: `${hostname}\n` }],
    ['/etc/os-release', { content: OS_RELEASE }],
    ['/etc/resolv.conf', { content: 'nameserver 10.0.0.53\nsearch minato.local\n' }],
    ['/lib', { dir: true }],
    ['/proc/version', { content: `Linux version ${KERNEL.release} (buildd@lcy02-amd64-001) ${KERNEL.version}\n` }],
    ['/root', { dir: true, mode: 0o700 }],
    ['/sbin', { dir: true }],
    ['/tmp', { dir: true, mode: 0o1777 }],
    ['/usr/bin', { dir: true }],
    ['/var/log', { dir: true }],
  ];
}

const DIAG_PHP = `<?php
// ネットワーク診断 (network diagnostics) — 情報システム部 佐藤
// TODO: 入力チェック (input validation) を追加する
$host = $_GET['host'] ?? '';
$tool = $_GET['tool'] ?? 'ping';
$commands = ['ping' => 'ping -c 3 ', 'lookup' => 'nslookup ', 'traceroute' => 'traceroute -m 10 '];
echo '<pre>' . htmlspecialchars(shell_exec($commands[$tool] . $host . ' 2>&1')) . '</pre>';
`;

/**
 * diag01, the diagnostics web server. `secret` is the database password in /opt/minato/config.ini, readable by
 * www-data (the group), which the lab's `cmdi-read` objective asks the learner to read through the form.
 */
export function diagMachine({ secret }) {
  const hostname = 'diag01';
  const passwd = `${BASE_PASSWD}diag:x:1001:1001:Diag Admin,,,:/home/diag:/bin/bash\n`;
  return {
    hostname,
    fqdn: 'diag01.minato.local',
    kernel: KERNEL,
    shellPid: 4127,
    user: { name: 'www-data', uid: 33, home: '/var/www', groups: ['www-data'], gids: [33] },
    env: {
      PATH: '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin',
      LANG: 'C.UTF-8',
      HOME: '/var/www',
      USER: 'www-data',
      SERVER_SOFTWARE: 'Apache/2.4.52 (Ubuntu)',
      DOCUMENT_ROOT: '/var/www/diag',
      MINATO_CONFIG: '/opt/minato/config.ini',
    },
    network: network('diag01.minato.local', '10.0.1.15'),
    files: [
      ...commonFiles(hostname, passwd),
      ['/etc/hosts', { content: '127.0.0.1 localhost\n10.0.1.15 diag01.minato.local diag01\n' }],
      ['/var/www', { dir: true, owner: 'root' }],
      ['/var/www/diag', { dir: true, owner: 'www-data' }],
      ['/var/www/diag/index.php', { content: DIAG_PHP, owner: 'www-data' }],
      ['/var/www/diag/static/style.css', { content: 'body { font-family: sans-serif; }\n', owner: 'www-data' }],
      [
        '/var/www/diag/README.txt',
        {
          owner: 'www-data',
          content:
            'ネットワーク診断ページ / Network diagnostics page\n' +
            '設定は /opt/minato/config.ini を参照 / settings: see /opt/minato/config.ini\n',
        },
      ],
      ['/home/diag', { dir: true, owner: 'diag', mode: 0o755 }],
      [
        '/home/diag/notes.txt',
        {
          owner: 'diag',
          content:
            '- diag01 の証明書更新 (4月末)\n- DB パスワードを config.ini から secrets manager へ移す\n' +
            '- renew the diag01 certificate (end of April)\n- move the DB password out of config.ini\n',
        },
      ],
      ['/home/diag/.bash_history', { owner: 'diag', mode: 0o600, content: 'sudo vi /opt/minato/config.ini\n' }],
      ['/opt/minato', { dir: true, mode: 0o750, group: 'www-data' }],
      [
        '/opt/minato/config.ini',
        {
          group: 'www-data',
          mode: 0o640,
          content:
            '; みなと商事 ネットワーク診断 設定ファイル (Minato Shoji network diagnostics settings)\n' +
            '[database]\nhost = db01.minato.local\nport = 5432\nuser = diag_app\n' +
            `password = ${secret}\n\n[ldap]\nurl = ldaps://ns1.minato.local\nbind_dn = cn=diag,ou=services,dc=minato,dc=local\n`,
        },
      ],
    ],
  };
}

const LEARNER_README = `ようこそ / Welcome — learner-pc は練習用の環境です (a scratch machine to practise on).

ここで打ったコマンドは本物のコンピュータでは実行されません。
Nothing typed here runs on a real computer: every command is emulated.

試してみよう / Try:
  echo hello; id                 # ; で 2 つのコマンド / two commands
  false && echo yes || echo no   # && と || / and, or
  cat /etc/passwd | grep root    # パイプ / a pipe
  echo "$(whoami) on $(hostname)" # コマンド置換 / command substitution
  echo \`uname\`                   # バッククォート / backticks
  cat\${IFS}/etc/hostname         # 空白なしで / without a space
  echo note > /tmp/a; cat /tmp/a  # リダイレクト / redirection
  sleep 2                        # 遅延 / a delay
  help                           # 使えるコマンド / the commands
`;

/** learner-pc, the learner's own scratch machine: same commands, a different host, no secret. */
export function learnerMachine() {
  const hostname = 'learner-pc';
  const passwd = `${BASE_PASSWD}learner:x:1000:1000:Learner,,,:/home/learner:/bin/bash\n`;
  return {
    hostname,
    fqdn: 'learner-pc.minato.local',
    kernel: KERNEL,
    shellPid: 2318,
    user: { name: 'learner', uid: 1000, home: '/home/learner', groups: ['learner'], gids: [1000] },
    env: {
      PATH: '/usr/local/bin:/usr/bin:/bin',
      LANG: 'C.UTF-8',
      HOME: '/home/learner',
      USER: 'learner',
      SHELL: '/bin/sh',
    },
    network: network('learner-pc.minato.local', '10.0.5.77'),
    files: [
      ...commonFiles(hostname, passwd),
      ['/etc/hosts', { content: '127.0.0.1 localhost\n10.0.5.77 learner-pc.minato.local learner-pc\n' }],
      ['/home/learner', { dir: true, owner: 'learner' }],
      ['/home/learner/README.txt', { owner: 'learner', content: LEARNER_README }],
      ['/home/learner/notes', { dir: true, owner: 'learner' }],
      [
        '/home/learner/notes/hosts.txt',
        { owner: 'learner', content: 'fileserver.minato.local\nmail.minato.local\nprinter-3f.minato.local\n' },
      ],
      ['/home/learner/.profile', { owner: 'learner', content: '# ~/.profile\nexport LANG=C.UTF-8\n' }],
    ],
  };
}
