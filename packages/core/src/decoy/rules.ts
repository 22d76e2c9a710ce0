import type { BehaviourCategory } from '../behaviours.js';

/**
 * The decoy classifier's rule table (issue 7, item 8): what an action in a decoy world means, as behaviour
 * category and ATT&CK technique ids (v18.1; a test checks every id against the catalogue).
 * Declarative: adding a rule is adding a row. Patterns are simple and anchored so they stay linear on hostile
 * input (a 64 KiB command line).
 */

/** Facts a rule contributes to a session's case facts (see `classifySession`). */
export type RuleEffect = 'ingress' | 'run' | 'outbound';

/** Events matched by kind rather than by command text. */
export type DecoyEventCondition =
  | 'download'
  | 'upload'
  | 'mail_read'
  | 'mail_listed'
  | 'mail_searched'
  | 'mail_sent'
  | 'planted_credential'
  | 'pivot'
  | 'file_read_credentials';

export type RuleMatch =
  /** A simple command whose program is one of `names`, and whose argument text matches `args` (if given). */
  | {
      on: 'command';
      names?: readonly string[];
      /** Matched against the program word as written, when no list of names fits (`./x`, `ECCHI`). */
      program?: RegExp;
      /** Only when run through busybox. */
      busybox?: boolean;
      args?: RegExp;
      argsNot?: RegExp;
    }
  /** A pattern over the whole command line, for constructs the splitter takes apart (fork bombs, /dev/tcp). */
  | { on: 'line'; pattern: RegExp }
  /** Running a program that arrived earlier in the session (downloaded, uploaded or written by `-O`). */
  | { on: 'run_transferred' }
  | { on: 'event'; condition: DecoyEventCondition };

export interface DecoyRule {
  id: string;
  match: RuleMatch;
  category: BehaviourCategory;
  techniques: readonly string[];
  description: { en: string; ja: string };
  effects?: readonly RuleEffect[];
}

type Text = [en: string, ja: string];

function command(
  id: string,
  names: string | readonly string[],
  args: RegExp | undefined,
  category: BehaviourCategory,
  techniques: readonly string[],
  [en, ja]: Text,
  effects?: readonly RuleEffect[],
): DecoyRule {
  const list = typeof names === 'string' ? names.split(' ') : names;
  return { id, match: { on: 'command', names: list, args }, category, techniques, description: { en, ja }, effects };
}

const CAT = ['cat', 'head', 'tail', 'more', 'less', 'grep', 'strings', 'type'];
const FETCH_URL = /(https?|ftp|tftp):\/\/|(^|\s)-[a-zA-Z]*[oO](\s|$)/i;
/** A word that is not an option: ssh's destination (option values such as `-p 22` count too, harmlessly). */
const SSH_TARGET = /(^|\s)[^-\s]/;
const UPLOAD_FLAGS = /(^|\s)(-T|--upload-file|-F|--form|--post-file|--data-binary)(\s|=|$)/;

/** Linux discovery. */
const LINUX_DISCOVERY: DecoyRule[] = [
  command(
    'lin.uname',
    'uname',
    undefined,
    'command',
    ['T1082'],
    ['Kernel and machine name', 'カーネルとマシン名の確認'],
  ),
  command(
    'lin.cpuinfo',
    CAT,
    /\/proc\/(cpuinfo|meminfo|version)/,
    'command',
    ['T1082'],
    ['Reads CPU or memory facts', 'CPU・メモリ情報の読み取り'],
  ),
  command(
    'lin.os-release',
    CAT,
    /\/etc\/(issue|os-release|\w+-release|debian_version)/,
    'command',
    ['T1082'],
    ['Reads the OS release', 'OS リリース情報の読み取り'],
  ),
  command(
    'lin.lscpu',
    'lscpu nproc lspci lsblk dmidecode',
    undefined,
    'command',
    ['T1082'],
    ['Hardware inventory', 'ハードウェア情報の確認'],
  ),
  command(
    'lin.free-df',
    'free df uptime',
    undefined,
    'command',
    ['T1082'],
    ['Memory, disk or uptime', 'メモリ・ディスク・稼働時間の確認'],
  ),
  command(
    'lin.hostname',
    'hostname hostnamectl',
    /^(-[a-z]+)?$/i,
    'command',
    ['T1082'],
    ['Host name', 'ホスト名の確認'],
  ),
  command(
    'lin.users',
    'w who last lastlog users',
    undefined,
    'command',
    ['T1033'],
    ['Logged-in users', 'ログイン中のユーザーの確認'],
  ),
  command('lin.id', 'id whoami', undefined, 'command', ['T1033'], ['Current user', '現在のユーザーの確認']),
  command(
    'lin.ifconfig',
    'ifconfig iwconfig',
    undefined,
    'network_connection',
    ['T1016'],
    ['Network interfaces', 'ネットワークインターフェースの確認'],
  ),
  command(
    'lin.ip',
    'ip',
    /^(-\S+\s)*(a|addr|address|r|route|link|n|neigh)\b/,
    'network_connection',
    ['T1016'],
    ['Addresses or routes', 'アドレス・経路の確認'],
  ),
  command(
    'lin.resolv',
    CAT,
    /\/etc\/(resolv\.conf|hosts)\b/,
    'network_connection',
    ['T1016'],
    ['Name resolution settings', '名前解決設定の確認'],
  ),
  command(
    'lin.netstat',
    'netstat ss lsof',
    undefined,
    'network_connection',
    ['T1049'],
    ['Network connections', 'ネットワーク接続の確認'],
  ),
  command(
    'lin.ps',
    'ps top pgrep pstree',
    undefined,
    'command',
    ['T1057'],
    ['Running processes', '実行中プロセスの確認'],
  ),
  command(
    'lin.passwd',
    CAT,
    /\/etc\/passwd\b/,
    'command',
    ['T1087.001'],
    ['Reads local accounts', 'ローカルアカウントの読み取り'],
  ),
  command(
    'lin.group',
    CAT,
    /\/etc\/group\b/,
    'command',
    ['T1069.001'],
    ['Reads local groups', 'ローカルグループの読み取り'],
  ),
  command(
    'lin.home-ls',
    'ls find tree',
    /(^|\s)(\/home|\/root|~)(\/|\s|$)/,
    'file_access',
    ['T1083'],
    ['Lists home directories', 'ホームディレクトリの一覧'],
  ),
  command(
    'lin.services',
    'systemctl service chkconfig',
    /(list-units|--status-all|list)\b/,
    'command',
    ['T1007'],
    ['Lists services', 'サービスの一覧'],
  ),
  command(
    'lin.security-sw',
    'ps pgrep ls',
    /(aliyun|aegis|qcloud|yunjing|bcm-agent|falcon|osquery|auditd)/i,
    'command',
    ['T1518.001'],
    ['Looks for security agents', 'セキュリティ製品の探索'],
  ),
  command(
    'lin.which',
    'which',
    /(wget|curl|tftp|ftpget|nc|python|perl)/,
    'command',
    ['T1082'],
    ['Looks for download or script tools', 'ダウンロード・スクリプトツールの探索'],
  ),
];

/** Windows cmd discovery. */
const WINDOWS_DISCOVERY: DecoyRule[] = [
  command(
    'win.systeminfo',
    'systeminfo systeminfo.exe ver',
    undefined,
    'command',
    ['T1082'],
    ['System information', 'システム情報の確認'],
  ),
  command(
    'win.ipconfig',
    'ipconfig ipconfig.exe',
    undefined,
    'network_connection',
    ['T1016'],
    ['Network configuration', 'ネットワーク設定の確認'],
  ),
  command(
    'win.net-view',
    'net net.exe net1',
    /^view\b/i,
    'network_connection',
    ['T1135'],
    ['Network shares', 'ネットワーク共有の確認'],
  ),
  command(
    'win.net-share',
    'net net.exe net1',
    /^share\b/i,
    'network_connection',
    ['T1135'],
    ['Local shares', '共有フォルダの確認'],
  ),
  command(
    'win.net-user-domain',
    'net net.exe net1',
    /^users?\b.*\/do(main)?\b/i,
    'command',
    ['T1087.002'],
    ['Domain accounts', 'ドメインアカウントの確認'],
  ),
  command(
    'win.net-user',
    'net net.exe net1',
    /^users?\b/i,
    'command',
    ['T1087.001'],
    ['Local accounts', 'ローカルアカウントの確認'],
  ),
  command(
    'win.net-group',
    'net net.exe net1',
    /^group\b/i,
    'command',
    ['T1069.002'],
    ['Domain groups', 'ドメイングループの確認'],
  ),
  command(
    'win.net-localgroup',
    'net net.exe net1',
    /^localgroup\b/i,
    'command',
    ['T1069.001'],
    ['Local groups', 'ローカルグループの確認'],
  ),
  command(
    'win.net-accounts',
    'net net.exe net1',
    /^accounts\b/i,
    'command',
    ['T1201'],
    ['Password policy', 'パスワードポリシーの確認'],
  ),
  command(
    'win.tasklist',
    'tasklist tasklist.exe',
    undefined,
    'command',
    ['T1057'],
    ['Running processes', '実行中プロセスの確認'],
  ),
  command(
    'win.whoami',
    'whoami whoami.exe',
    /\/(all|groups|priv|user)/i,
    'command',
    ['T1033'],
    ['User, groups and privileges', 'ユーザー・グループ・権限の確認'],
  ),
  command('win.dir', 'dir', undefined, 'file_access', ['T1083'], ['Lists a directory', 'ディレクトリの一覧']),
  command(
    'win.nltest',
    'nltest nltest.exe',
    undefined,
    'network_connection',
    ['T1482'],
    ['Domain trusts', 'ドメイン信頼関係の確認'],
  ),
  command(
    'win.arp',
    'arp arp.exe',
    /^-a\b/i,
    'network_connection',
    ['T1018'],
    ['Neighbouring hosts', '近隣ホストの確認'],
  ),
  command(
    'win.route',
    'route route.exe',
    /^print\b/i,
    'network_connection',
    ['T1016'],
    ['Routing table', '経路表の確認'],
  ),
  command(
    'win.reg-query',
    'reg reg.exe',
    /^query\b/i,
    'command',
    ['T1012'],
    ['Queries the registry', 'レジストリの照会'],
  ),
  command(
    'win.netstat',
    'netstat.exe',
    undefined,
    'network_connection',
    ['T1049'],
    ['Network connections', 'ネットワーク接続の確認'],
  ),
];

/** Ingress tool transfer and execution. */
const TRANSFER_AND_EXECUTION: DecoyRule[] = [
  command(
    'in.wget',
    'wget',
    /(https?|ftp):\/\/|(^|\s)[\w.-]+\.\w+\/\S/i,
    'network_connection',
    ['T1105'],
    ['Downloads with wget', 'wget によるダウンロード'],
    ['ingress'],
  ),
  {
    id: 'in.curl',
    match: { on: 'command', names: ['curl'], args: FETCH_URL, argsNot: UPLOAD_FLAGS },
    category: 'network_connection',
    techniques: ['T1105'],
    description: { en: 'Downloads with curl', ja: 'curl によるダウンロード' },
    effects: ['ingress'],
  },
  command(
    'in.tftp',
    'tftp',
    /(-g|get)\b/i,
    'network_connection',
    ['T1105'],
    ['Downloads with TFTP', 'TFTP によるダウンロード'],
    ['ingress'],
  ),
  command(
    'in.ftpget',
    'ftpget',
    undefined,
    'network_connection',
    ['T1105'],
    ['Downloads with ftpget', 'ftpget によるダウンロード'],
    ['ingress'],
  ),
  command(
    'in.scp-from',
    'scp',
    /^(-\S+\s)*\S+:\S*\s+\S+$/,
    'network_connection',
    ['T1105'],
    ['Copies a file in with scp', 'scp によるファイルの取得'],
    ['ingress'],
  ),
  command(
    'in.certutil',
    'certutil certutil.exe bitsadmin bitsadmin.exe',
    /(urlcache|transfer)/i,
    'network_connection',
    ['T1105'],
    ['Downloads with a Windows tool', 'Windows ツールによるダウンロード'],
    ['ingress'],
  ),
  {
    id: 'in.download-event',
    match: { on: 'event', condition: 'download' },
    category: 'network_connection',
    techniques: ['T1105'],
    description: { en: 'A file was downloaded', ja: 'ファイルがダウンロードされた' },
    effects: ['ingress'],
  },
  {
    id: 'in.upload-event',
    match: { on: 'event', condition: 'upload' },
    category: 'network_connection',
    techniques: ['T1105'],
    description: { en: 'A file was uploaded into the world', ja: 'ファイルがアップロードされた' },
    effects: ['ingress'],
  },
  command(
    'ex.chmod-x',
    'chmod',
    /(\+[rwa]*x|\b[0-7]?[157][0-7]{2}\b)/,
    'command',
    ['T1222.002'],
    ['Makes a file executable', 'ファイルに実行権限を付与'],
    [],
  ),
  {
    id: 'ex.pipe-to-shell',
    match: { on: 'line', pattern: /\|\s*(sudo\s+)?(\/bin\/|\/usr\/bin\/)?(ba|da)?sh(\s|$)/ },
    category: 'command',
    techniques: ['T1059.004'],
    description: { en: 'Pipes a download into a shell', ja: 'ダウンロードをシェルにパイプで渡す' },
    effects: ['run'],
  },
  {
    id: 'ex.run-transferred',
    match: { on: 'run_transferred' },
    category: 'command',
    techniques: ['T1059.004'],
    description: { en: 'Runs a program that arrived in the session', ja: 'セッション中に持ち込まれたプログラムを実行' },
    effects: ['run'],
  },
  {
    id: 'ex.run-local',
    match: { on: 'command', program: /^\.\/./ },
    category: 'command',
    techniques: ['T1059.004'],
    description: { en: 'Runs a program from the working directory', ja: 'カレントディレクトリのプログラムを実行' },
    effects: ['run'],
  },
  command(
    'ex.sh-script',
    'sh bash dash ash zsh ksh',
    /^(-\S+\s)*\S+\.(sh|bash)\b|^-c\s/,
    'command',
    ['T1059.004'],
    ['Runs a shell script', 'シェルスクリプトを実行'],
    ['run'],
  ),
  command(
    'ex.python',
    'python python2 python3',
    /(^|\s)-c\s|\.py\b/,
    'command',
    ['T1059.006'],
    ['Runs Python code', 'Python コードを実行'],
    ['run'],
  ),
  command(
    'ex.perl',
    'perl',
    /(^|\s)-e\s|\.pl\b/,
    'command',
    ['T1059.004'],
    ['Runs Perl code', 'Perl コードを実行'],
    ['run'],
  ),
  command(
    'ex.cmd-c',
    'cmd cmd.exe',
    /^\/[ck]\b/i,
    'command',
    ['T1059.003'],
    ['Runs a Windows command shell', 'Windows コマンドシェルを実行'],
    ['run'],
  ),
  command(
    'ex.device-cli',
    'enable system shell linuxshell',
    /^$/,
    'command',
    ['T1059.008'],
    ['Escapes a device CLI to a shell (botnet pattern)', '機器 CLI からシェルへの脱出（ボットネットの手口）'],
  ),
  {
    id: 'ex.busybox-probe',
    match: { on: 'command', busybox: true, program: /^[A-Z0-9]{3,16}$/ },
    category: 'other_malware',
    techniques: ['T1082'],
    description: {
      en: 'Probes for BusyBox with a made-up applet (Mirai)',
      ja: '存在しないアプレットで BusyBox を確認（Mirai）',
    },
  },
];

/** Persistence, accounts and defence evasion. */
const PERSISTENCE_AND_EVASION: DecoyRule[] = [
  command(
    'pe.crontab',
    'crontab',
    /^(?!-l\b)/,
    'privilege_escalation',
    ['T1053.003'],
    ['Installs a cron job', 'cron ジョブの登録'],
  ),
  command(
    'pe.cron-file',
    'echo printf tee cp mv',
    /(\/etc\/cron|\/var\/spool\/cron)/,
    'privilege_escalation',
    ['T1053.003'],
    ['Writes a cron file', 'cron ファイルへの書き込み'],
  ),
  command(
    'pe.rc-local',
    'echo printf tee cp mv sed chmod',
    /\/etc\/(rc\.local|init\.d\/|rc\d\.d\/)/,
    'privilege_escalation',
    ['T1037.004'],
    ['Changes boot scripts', '起動スクリプトの変更'],
  ),
  command(
    'pe.systemd',
    'systemctl',
    /^enable\b/,
    'privilege_escalation',
    ['T1543.002'],
    ['Enables a systemd service', 'systemd サービスの有効化'],
  ),
  command(
    'pe.systemd-unit',
    'echo printf tee cp mv',
    /\/(etc|lib|usr\/lib)\/systemd\/system\/\S+\.service/,
    'privilege_escalation',
    ['T1543.002'],
    ['Writes a systemd unit', 'systemd ユニットの作成'],
  ),
  command(
    'pe.authorized-keys',
    'echo printf tee cp mv cat',
    />>?\s*\S*authorized_keys|authorized_keys\s*$/,
    'privilege_escalation',
    ['T1098.004'],
    ['Adds an SSH key', 'SSH 鍵の追加'],
  ),
  command(
    'pe.passwd',
    'passwd chpasswd usermod',
    undefined,
    'account_information',
    ['T1098'],
    ['Changes a password', 'パスワードの変更'],
  ),
  command(
    'pe.useradd',
    'useradd adduser',
    undefined,
    'account_information',
    ['T1136.001'],
    ['Creates a local account', 'ローカルアカウントの作成'],
  ),
  command(
    'pe.net-user-add',
    'net net.exe net1',
    /^user\s+\S+\s+\S+.*\/add\b/i,
    'account_information',
    ['T1136.001'],
    ['Creates a Windows account', 'Windows アカウントの作成'],
  ),
  command(
    'de.history-c',
    'history',
    /(^|\s)-c\b/,
    'command',
    ['T1070.003'],
    ['Clears shell history', 'シェル履歴の消去'],
  ),
  command(
    'de.history-file',
    'rm cat echo ln shred truncate',
    /\.(bash_|zsh_)?history\b/,
    'command',
    ['T1070.003'],
    ['Removes the history file', '履歴ファイルの削除'],
  ),
  command(
    'de.unset-histfile',
    'unset export set',
    /HISTFILE|HISTSIZE=0|HISTFILESIZE=0/,
    'command',
    ['T1562.003'],
    ['Stops history logging', '履歴記録の停止'],
  ),
  command(
    'de.rm-logs',
    'rm shred truncate',
    /\/var\/log\b|\/var\/run\/utmp|\/var\/log\/wtmp/,
    'command',
    ['T1070.002'],
    ['Deletes system logs', 'システムログの削除'],
  ),
  {
    id: 'de.rm-files',
    match: {
      on: 'command',
      names: ['rm', 'shred', 'unlink'],
      args: /(^|\s)[^-\s]/,
      argsNot: /(^|\s)\/\*?(\s|$)|\/var\/log|history/,
    },
    category: 'file_access',
    techniques: ['T1070.004'],
    description: { en: 'Deletes files', ja: 'ファイルの削除' },
  },
  command(
    'de.kill-security',
    'pkill killall kill systemctl service',
    /(aliyun|aegis|qcloud|yunjing|falcon|osquery|auditd|apparmor|firewalld|selinux|clamav)/i,
    'command',
    ['T1562.001'],
    ['Stops security tools', 'セキュリティツールの停止'],
  ),
  command('de.setenforce', 'setenforce', /^0\b/, 'command', ['T1562.001'], ['Turns SELinux off', 'SELinux の無効化']),
  command(
    'de.firewall',
    'iptables ufw',
    /(-F\b|--flush|disable)/,
    'network_connection',
    ['T1562.004'],
    ['Turns the firewall off', 'ファイアウォールの無効化'],
  ),
];

/** Credential access, lateral movement, collection, exfiltration, C2 and impact. */
const LATER_STAGES: DecoyRule[] = [
  command(
    'ca.shadow',
    [...CAT, 'cp', 'unshadow'],
    /\/etc\/(shadow|gshadow)\b/,
    'account_information',
    ['T1003.008'],
    ['Reads password hashes', 'パスワードハッシュの読み取り'],
  ),
  command(
    'ca.files',
    CAT,
    /(passw(?!d\b)|\.pgpass|\.netrc|credentials|\.env\b|wp-config\.php|\.git-credentials|secret)/i,
    'account_information',
    ['T1552.001'],
    ['Reads files with passwords', 'パスワードを含むファイルの読み取り'],
  ),
  command(
    'ca.private-keys',
    [...CAT, 'cp', 'scp'],
    /(\.ssh\/id_\w+|\.pem\b|\.key\b)/,
    'account_information',
    ['T1552.004'],
    ['Reads private keys', '秘密鍵の読み取り'],
  ),
  command(
    'ca.browser',
    [...CAT, 'copy', 'xcopy', 'dir'],
    /(Login Data|logins\.json|key[34]\.db|Cookies|Web Data)/i,
    'browser',
    ['T1555.003'],
    ['Reads browser credential stores', 'ブラウザの認証情報の読み取り'],
  ),
  {
    id: 'ca.planted-file',
    match: { on: 'event', condition: 'file_read_credentials' },
    category: 'account_information',
    techniques: ['T1552.001'],
    description: { en: 'Reads a planted credential file', ja: '仕込まれた認証情報ファイルの読み取り' },
  },
  {
    id: 'ca.planted-credential',
    match: { on: 'event', condition: 'planted_credential' },
    category: 'account_information',
    techniques: ['T1078'],
    description: { en: 'Logs in with a planted credential', ja: '仕込まれた認証情報でログイン' },
  },
  {
    id: 'lm.ssh',
    match: { on: 'command', names: ['ssh'], args: SSH_TARGET },
    category: 'network_connection',
    techniques: ['T1021.004'],
    description: { en: 'SSH to another host of the world', ja: '別ホストへの SSH' },
    effects: ['outbound'],
  },
  {
    id: 'lm.scp-to',
    match: {
      on: 'command',
      names: ['scp'],
      args: /^(-\S+\s)*\S+\s+\S*(10\.|192\.168\.|172\.(1[6-9]|2\d|3[01])\.)\S*:/,
    },
    category: 'network_connection',
    techniques: ['T1021.004', 'T1570'],
    description: { en: 'Copies a file to an internal host', ja: '内部ホストへのファイルのコピー' },
    effects: ['outbound'],
  },
  {
    id: 'lm.pivot',
    match: { on: 'event', condition: 'pivot' },
    category: 'network_connection',
    techniques: ['T1572'],
    description: { en: 'Tunnels to another host through the session', ja: 'セッション経由で別ホストへトンネル' },
    effects: ['outbound'],
  },
  command(
    'co.archive',
    'tar zip 7z rar gzip',
    /\.(docx?|xlsx?|pptx?|pdf|txt|csv|eml|pst)\b|(Documents|Desktop|\/home)\b/i,
    'file_access',
    ['T1560.001'],
    ['Archives documents', '文書のアーカイブ'],
  ),
  command(
    'co.mail-files',
    CAT,
    /(\/var\/mail|\/var\/spool\/mail|Maildir|\.eml\b|\.pst\b)/i,
    'mail',
    ['T1114.001'],
    ['Reads local mail', 'ローカルメールの読み取り'],
  ),
  {
    id: 'co.imap-read',
    match: { on: 'event', condition: 'mail_read' },
    category: 'mail',
    techniques: ['T1114.002'],
    description: { en: 'Reads mail over IMAP', ja: 'IMAP でメールを閲覧' },
  },
  {
    id: 'co.imap-search',
    match: { on: 'event', condition: 'mail_searched' },
    category: 'mail',
    techniques: ['T1114.002'],
    description: { en: 'Searches mail over IMAP', ja: 'IMAP でメールを検索' },
  },
  {
    id: 'co.imap-list',
    match: { on: 'event', condition: 'mail_listed' },
    category: 'mail',
    techniques: ['T1114.002'],
    description: { en: 'Lists mail over IMAP', ja: 'IMAP でメールを一覧' },
  },
  {
    id: 'lm.mail-sent',
    match: { on: 'event', condition: 'mail_sent' },
    category: 'mail',
    techniques: ['T1534'],
    description: { en: 'Sends mail from inside the world', ja: '内部からメールを送信' },
  },
  command(
    'ex.curl-upload',
    'curl',
    /(^|\s)(-T|--upload-file|-F|--form|--data-binary\s+@)/,
    'network_connection',
    ['T1048.003'],
    ['Uploads a file with curl', 'curl によるファイルの送出'],
    ['outbound'],
  ),
  {
    id: 'ex.scp-out',
    match: { on: 'command', names: ['scp', 'rsync'], args: /^(-\S+\s)*[^\s:]+\s+\S+:/ },
    category: 'network_connection',
    techniques: ['T1048.002'],
    description: { en: 'Copies a file out with scp', ja: 'scp によるファイルの送出' },
    effects: ['outbound'],
  },
  command(
    'c2.nc',
    'nc ncat netcat socat',
    /(^|\s)-[a-z]*[ec]\b|exec:|\/bin\/(ba)?sh/i,
    'network_connection',
    ['T1059.004', 'T1095'],
    ['Reverse shell with netcat', 'netcat によるリバースシェル'],
    ['outbound'],
  ),
  {
    id: 'c2.dev-tcp',
    match: { on: 'line', pattern: /\/dev\/(tcp|udp)\/[\w.-]{1,255}\/\d{1,5}/ },
    category: 'network_connection',
    techniques: ['T1059.004', 'T1095'],
    description: { en: 'Reverse shell through /dev/tcp', ja: '/dev/tcp によるリバースシェル' },
    effects: ['outbound'],
  },
  command(
    'im.miner',
    ['xmrig', 'minerd', 'cpuminer', 'kdevtmpfsi', 'kinsing', 'xmr-stak', 'nbminer'],
    undefined,
    'other_malware',
    ['T1496.001'],
    ['Runs a cryptocurrency miner', '暗号資産マイナーを実行'],
    ['run'],
  ),
  {
    id: 'im.miner-pool',
    match: { on: 'line', pattern: /stratum\+(tcp|ssl):\/\/|(^|[\s/])xmrig\b|--donate-level/i },
    category: 'other_malware',
    techniques: ['T1496.001'],
    description: { en: 'Connects a miner to a pool', ja: 'マイナーをプールに接続' },
  },
  command(
    'im.rm-root',
    'rm',
    /(^|\s)\/\*?(\s|$)/,
    'other',
    ['T1485'],
    ['Deletes the whole file system', 'ファイルシステム全体の削除'],
  ),
  {
    id: 'im.fork-bomb',
    match: { on: 'line', pattern: /:\s*\(\s*\)\s*\{\s*:\s*\|\s*:\s*&\s*\}\s*;\s*:/ },
    category: 'other',
    techniques: ['T1499.001'],
    description: { en: 'Fork bomb', ja: 'フォーク爆弾' },
  },
];

/** Every rule, in the order they are tried; a command may match several. */
export const DECOY_RULES: readonly DecoyRule[] = [
  ...LINUX_DISCOVERY,
  ...WINDOWS_DISCOVERY,
  ...TRANSFER_AND_EXECUTION,
  ...PERSISTENCE_AND_EVASION,
  ...LATER_STAGES,
];
