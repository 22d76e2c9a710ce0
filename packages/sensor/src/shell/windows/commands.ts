import { hostFacts, networkOf } from '../host-info.js';
import { partsIn } from '../linux/commands/util.js';
import type { CmdFn } from './cmd.js';
import { buildOf, group, winDate } from './format.js';
import { net } from './net.js';

/** The commands of the NanoCore list (systeminfo, ipconfig, net, tasklist, dir, type, whoami …) and a few more. */

const systeminfo: CmdFn = (ctx) => {
  const host = ctx.sh.host;
  const os = host.os.family === 'windows' ? host.os : undefined;
  const world = ctx.sh.runtime.world;
  const facts = hostFacts(host);
  const boot = partsIn(world, new Date(host.bootedAt));
  const owner = host.accounts.find((a) => a.employee && a.employee === host.assignedTo);
  const ja = world.lang === 'ja';
  const b = buildOf(ctx);
  const rows: [string, string][] = [
    ['Host Name', host.hostname.toUpperCase()],
    ['OS Name', `Microsoft ${os?.edition ?? 'Windows 10 Pro'}`],
    ['OS Version', `10.0.${b.major} N/A Build ${b.major}`],
    ['OS Manufacturer', 'Microsoft Corporation'],
    ['OS Configuration', 'Member Workstation'],
    ['OS Build Type', 'Multiprocessor Free'],
    ['Registered Owner', owner?.username ?? 'user'],
    ['Registered Organization', world.organisation.name.en],
    [
      'Product ID',
      `00330-8${String(facts.seed % 10000).padStart(4, '0')}-${String(facts.seed % 100000).padStart(5, '0')}-AA${String(facts.seed % 1000).padStart(3, '0')}`,
    ],
    [
      'Original Install Date',
      `${partsIn(world, new Date(Date.parse(host.bootedAt) - 400 * 86_400_000)).iso.replaceAll('-', '/')}, 10:21:33`,
    ],
    ['System Boot Time', `${boot.iso.replaceAll('-', '/')}, ${boot.time}`],
    ['System Manufacturer', 'Dell Inc.'],
    ['System Model', 'OptiPlex 7090'],
    ['System Type', 'x64-based PC'],
    [
      'Processor(s)',
      '1 Processor(s) Installed.\n                           [01]: Intel64 Family 6 Model 165 Stepping 5 GenuineIntel ~2904 Mhz',
    ],
    ['BIOS Version', 'Dell Inc. 1.21.0, 2024/03/12'],
    ['Windows Directory', 'C:\\Windows'],
    ['System Directory', 'C:\\Windows\\system32'],
    ['Boot Device', '\\Device\\HarddiskVolume1'],
    ['System Locale', ja ? 'ja;Japanese' : 'en-us;English (United States)'],
    ['Input Locale', ja ? 'ja;Japanese' : 'en-us;English (United States)'],
    ['Time Zone', ja ? '(UTC+09:00) Osaka, Sapporo, Tokyo' : '(UTC) Coordinated Universal Time'],
    ['Total Physical Memory', '16,088 MB'],
    ['Available Physical Memory', `${group(6000 + (facts.seed % 4000))} MB`],
    ['Virtual Memory: Max Size', '18,520 MB'],
    ['Virtual Memory: Available', `${group(7000 + (facts.seed % 4000))} MB`],
    ['Virtual Memory: In Use', `${group(8000 + (facts.seed % 2000))} MB`],
    ['Page File Location(s)', 'C:\\pagefile.sys'],
    ['Domain', world.organisation.domain],
    ['Logon Server', `\\\\${ctx.sh.logonServer()}`],
    [
      'Hotfix(s)',
      '3 Hotfix(s) Installed.\n                           [01]: KB5034467\n                           [02]: KB5036212\n                           [03]: KB5037771',
    ],
    [
      'Network Card(s)',
      `1 NIC(s) Installed.\n                           [01]: Intel(R) Ethernet Connection (14) I219-LM\n                                 Connection Name: Ethernet\n                                 DHCP Enabled:    No\n                                 IP address(es)\n                                 [01]: ${host.ip}`,
    ],
    ['Hyper-V Requirements', 'A hypervisor has been detected. Features required for Hyper-V will not be displayed.'],
  ];
  ctx.out('\n' + rows.map(([k, v]) => `${(k + ':').padEnd(27)}${v}`).join('\n') + '\n');
  return 0;
};

const ipconfig: CmdFn = (ctx) => {
  const host = ctx.sh.host;
  const world = ctx.sh.runtime.world;
  const net = networkOf(host.ip);
  const facts = hostFacts(host);
  const dns = world.hosts.find((h) => h.role === 'dns' || h.role === 'directory');
  const all = /\/all/i.test(ctx.rest);
  const ll = `fe80::${(facts.seed & 0xffff).toString(16)}:${((facts.seed >>> 16) & 0xffff).toString(16)}:a1c:${(facts.seed % 0xfff).toString(16)}%12`;
  let text = '\nWindows IP Configuration\n\n';
  if (all)
    text += `   Host Name . . . . . . . . . . . . : ${host.hostname}\n   Primary Dns Suffix  . . . . . . . : ${world.organisation.domain}\n   Node Type . . . . . . . . . . . . : Hybrid\n   IP Routing Enabled. . . . . . . . : No\n   WINS Proxy Enabled. . . . . . . . : No\n   DNS Suffix Search List. . . . . . : ${world.organisation.domain}\n\n`;
  text += `\nEthernet adapter Ethernet:\n\n   Connection-specific DNS Suffix  . : ${world.organisation.domain}\n`;
  if (all)
    text += `   Description . . . . . . . . . . . : Intel(R) Ethernet Connection (14) I219-LM\n   Physical Address. . . . . . . . . : ${facts.mac.toUpperCase().replaceAll(':', '-')}\n   DHCP Enabled. . . . . . . . . . . : No\n   Autoconfiguration Enabled . . . . : Yes\n`;
  text += `   Link-local IPv6 Address . . . . . : ${ll}${all ? '(Preferred)' : ''}\n   IPv4 Address. . . . . . . . . . . : ${host.ip}${all ? '(Preferred)' : ''}\n   Subnet Mask . . . . . . . . . . . : 255.255.255.0\n   Default Gateway . . . . . . . . . : ${net.gateway}\n`;
  if (all)
    text += `   DNS Servers . . . . . . . . . . . : ${dns?.ip ?? net.gateway}\n   NetBIOS over Tcpip. . . . . . . . : Enabled\n`;
  ctx.out(text);
  return 0;
};

const tasklist: CmdFn = (ctx) => {
  const seed = hostFacts(ctx.sh.host).seed;
  const procs: [string, number, string, number, number][] = [
    ['System Idle Process', 0, 'Services', 0, 8],
    ['System', 4, 'Services', 0, 144],
    ['Registry', 100, 'Services', 0, 48_212],
    ['smss.exe', 404, 'Services', 0, 1_216],
    ['csrss.exe', 612, 'Services', 0, 5_820],
    ['wininit.exe', 700, 'Services', 0, 7_004],
    ['services.exe', 772, 'Services', 0, 10_880],
    ['lsass.exe', 792, 'Services', 0, 22_340],
    ['svchost.exe', 904, 'Services', 0, 31_912],
    ['svchost.exe', 1032, 'Services', 0, 17_400],
    ['MsMpEng.exe', 3120, 'Services', 0, 212_000 + (seed % 30_000)],
    ['spoolsv.exe', 2376, 'Services', 0, 14_300],
    ['csrss.exe', 5120, 'Console', 1, 6_900],
    ['winlogon.exe', 5188, 'Console', 1, 11_020],
    ['explorer.exe', 6544, 'Console', 1, 118_000 + (seed % 20_000)],
    [
      ctx.sh.host.browser?.name === 'chrome' ? 'chrome.exe' : 'msedge.exe',
      7720,
      'Console',
      1,
      182_000 + (seed % 50_000),
    ],
    ['OUTLOOK.EXE', 8432, 'Console', 1, 154_000],
    ['sshd.exe', 3312, 'Services', 0, 6_100],
    ['cmd.exe', ctx.sh.pid, 'Services', 0, 4_300],
    ['conhost.exe', ctx.sh.pid + 8, 'Services', 0, 11_800],
    ['tasklist.exe', ctx.sh.pid + 120, 'Services', 0, 9_400],
  ];
  ctx.out(
    '\nImage Name                     PID Session Name        Session#    Mem Usage\n========================= ======== ================ =========== ============\n',
  );
  for (const [name, pid, session, n, mem] of procs)
    ctx.out(
      `${name.padEnd(25)} ${String(pid).padStart(8)} ${session.padEnd(16)} ${String(n).padStart(11)} ${`${group(mem)} K`.padStart(12)}\n`,
    );
  return 0;
};

const dir: CmdFn = (ctx) => {
  const target = ctx.args.find((a) => !a.startsWith('/'));
  const path = target ? ctx.sh.resolve(target) : ctx.sh.cwd;
  const stat = ctx.sh.fs.stat(path);
  const serial = (hostFacts(ctx.sh.host).seed >>> 8).toString(16).toUpperCase().padStart(8, '0');
  ctx.out(` Volume in drive C has no label.\n Volume Serial Number is ${serial.slice(0, 4)}-${serial.slice(4, 8)}\n\n`);
  if (!stat) {
    ctx.out(` Directory of ${path.slice(0, path.lastIndexOf('\\')) || path}\n\nFile Not Found\n`);
    return 1;
  }
  const entries = stat.type === 'dir' ? ctx.sh.fs.list(path) : [stat];
  ctx.out(` Directory of ${stat.type === 'dir' ? path : path.slice(0, path.lastIndexOf('\\'))}\n\n`);
  let files = 0;
  let bytes = 0;
  const showDots = stat.type === 'dir' && path.length > 3;
  if (showDots)
    ctx.out(`${winDate(ctx, stat.mtime)}    <DIR>          .\n${winDate(ctx, stat.mtime)}    <DIR>          ..\n`);
  for (const e of entries) {
    const name = e.path.slice(e.path.lastIndexOf('\\') + 1);
    if (e.type === 'dir') ctx.out(`${winDate(ctx, e.mtime)}    <DIR>          ${name}\n`);
    else {
      files++;
      bytes += e.size;
      ctx.out(`${winDate(ctx, e.mtime)} ${group(e.size).padStart(17)} ${name}\n`);
    }
  }
  const dirs = entries.filter((e) => e.type === 'dir').length + (showDots ? 2 : 0);
  ctx.out(
    `${String(files).padStart(16)} File(s) ${group(bytes).padStart(14)} bytes\n${String(dirs).padStart(16)} Dir(s)  ${group(112_345_678_912 - (hostFacts(ctx.sh.host).seed % 9_000_000) * 1000)} bytes free\n`,
  );
  return 0;
};

const type: CmdFn = (ctx) => {
  if (!ctx.rest) {
    ctx.out('The syntax of the command is incorrect.\n');
    return 1;
  }
  const path = ctx.sh.resolve(ctx.rest.trim());
  const stat = ctx.sh.fs.stat(path);
  if (!stat) {
    ctx.out('The system cannot find the file specified.\n');
    return 1;
  }
  if (stat.type === 'dir') {
    ctx.out('Access is denied.\n');
    return 1;
  }
  ctx.out(ctx.sh.readFile(path).toString('utf8'));
  return 0;
};

const cd: CmdFn = (ctx) => {
  const arg = ctx.rest.replace(/^\/d\s+/i, '').trim();
  if (!arg) {
    ctx.out(`${ctx.sh.cwd}\n`);
    return 0;
  }
  const path = ctx.sh.resolve(arg);
  if (ctx.sh.fs.stat(path)?.type !== 'dir') {
    ctx.out('The system cannot find the path specified.\n');
    return 1;
  }
  ctx.sh.cwd = ctx.sh.fs.stat(path)!.path;
  return 0;
};

const whoami: CmdFn = (ctx) => {
  const domain = ctx.sh.domainFor(ctx.sh.username).toLowerCase();
  const who = `${domain}\\${ctx.sh.username.toLowerCase()}`;
  const flag = ctx.args[0]?.toLowerCase();
  const sid = `S-1-5-21-${1_000_000_000 + (hostFacts(ctx.sh.host).seed % 999_999_999)}-${2_000_000_000 + (hostFacts(ctx.sh.host).seed % 99_999_999)}-${3_000_000_000 + (hostFacts(ctx.sh.host).seed % 9_999_999)}-${1100 + ((ctx.sh.host.accounts.find((a) => a.username === ctx.sh.username)?.uid ?? 0) % 1000)}`;
  if (!flag) return (ctx.out(`${who}\n`), 0);
  const user = `\nUSER INFORMATION\n----------------\n\nUser Name${' '.repeat(Math.max(1, who.length - 8))} SID\n${'='.repeat(who.length)} ${'='.repeat(sid.length)}\n${who} ${sid}\n`;
  const groups = `\nGROUP INFORMATION\n-----------------\n\nGroup Name                             Type             SID          Attributes\n====================================== ================ ============ ==================================================\nEveryone                               Well-known group S-1-1-0      Mandatory group, Enabled by default, Enabled group\nBUILTIN\\Users                          Alias            S-1-5-32-545 Mandatory group, Enabled by default, Enabled group\nNT AUTHORITY\\NETWORK                   Well-known group S-1-5-2      Mandatory group, Enabled by default, Enabled group\nNT AUTHORITY\\Authenticated Users       Well-known group S-1-5-11     Mandatory group, Enabled by default, Enabled group\nNT AUTHORITY\\This Organization         Well-known group S-1-5-15     Mandatory group, Enabled by default, Enabled group\nMandatory Label\\Medium Mandatory Level Label            S-1-16-8192\n`;
  const privs = `\nPRIVILEGES INFORMATION\n----------------------\n\nPrivilege Name                Description                          State\n============================= ==================================== ========\nSeShutdownPrivilege           Shut down the system                 Disabled\nSeChangeNotifyPrivilege       Bypass traverse checking             Enabled\nSeUndockPrivilege             Remove computer from docking station Disabled\nSeIncreaseWorkingSetPrivilege Increase a process working set       Disabled\nSeTimeZonePrivilege           Change the time zone                 Disabled\n`;
  if (flag === '/all') ctx.out(user + groups + privs);
  else if (flag === '/user') ctx.out(user);
  else if (flag === '/groups') ctx.out(groups);
  else if (flag === '/priv') ctx.out(privs);
  else {
    ctx.out(`ERROR: Invalid argument/option - '${ctx.args[0]}'.\nType "WHOAMI /?" for usage.\n`);
    return 1;
  }
  return 0;
};

const netstat: CmdFn = (ctx) => {
  const origin = ctx.sh.options.origin;
  const rows: [string, string, string, string, number][] = [
    ['TCP', '0.0.0.0:135', '0.0.0.0:0', 'LISTENING', 1032],
    ['TCP', '0.0.0.0:445', '0.0.0.0:0', 'LISTENING', 4],
    ['TCP', '0.0.0.0:3389', '0.0.0.0:0', 'LISTENING', 1188],
    ['TCP', '0.0.0.0:5040', '0.0.0.0:0', 'LISTENING', 6012],
    ['TCP', `${ctx.sh.host.ip}:139`, '0.0.0.0:0', 'LISTENING', 4],
    ['TCP', `${ctx.sh.host.ip}:22`, `${origin.src.ip}:${origin.src.port}`, 'ESTABLISHED', 3312],
  ];
  const mail = ctx.sh.runtime.world.hosts.find((h) => h.role === 'mail');
  if (mail)
    rows.push(['TCP', `${ctx.sh.host.ip}:${49_700 + (ctx.sh.pid % 200)}`, `${mail.ip}:993`, 'ESTABLISHED', 8432]);
  ctx.out('\nActive Connections\n\n  Proto  Local Address          Foreign Address        State           PID\n');
  for (const [proto, local, remote, state, pid] of rows)
    ctx.out(
      `  ${proto.padEnd(6)} ${local.padEnd(22)} ${remote.padEnd(22)} ${state.padEnd(15)} ${/o/.test(ctx.rest) ? pid : ''}\n`,
    );
  return 0;
};

const set: CmdFn = (ctx) => {
  const at = ctx.rest.indexOf('=');
  if (at > 0) {
    ctx.sh.env.set(ctx.rest.slice(0, at).trim(), ctx.rest.slice(at + 1));
    return 0;
  }
  const prefix = ctx.rest.trim().toLowerCase();
  const rows = [...ctx.sh.env]
    .filter(([k]) => k.toLowerCase().startsWith(prefix))
    .sort(([a], [b]) => (a.toLowerCase() < b.toLowerCase() ? -1 : 1));
  if (rows.length === 0) {
    ctx.out(`Environment variable ${ctx.rest.trim()} not defined\n`);
    return 1;
  }
  for (const [k, v] of rows) ctx.out(`${k}=${v}\n`);
  return 0;
};

const findstr: CmdFn = (ctx) => {
  const insensitive = ctx.args.some((a) => /^\/i$/i.test(a));
  const words = ctx.args.filter((a) => !a.startsWith('/')).map((w) => w.replace(/^"|"$/g, ''));
  const needle = words[0] ?? '';
  let text = ctx.stdin;
  if (words[1]) {
    try {
      text = ctx.sh.readFile(words[1]).toString('utf8');
    } catch {
      ctx.out(`FINDSTR: Cannot open ${words[1]}\n`);
      return 1;
    }
  }
  const hits = text
    .split(/\r?\n/)
    .filter((l) => (insensitive ? l.toLowerCase().includes(needle.toLowerCase()) : l.includes(needle)));
  for (const h of hits) ctx.out(`${h}\n`);
  return hits.length > 0 ? 0 : 1;
};

export const CMD_COMMANDS: Record<string, CmdFn> = {
  systeminfo,
  ipconfig,
  net,
  tasklist,
  dir,
  type,
  cd,
  chdir: cd,
  whoami,
  hostname: (ctx) => (ctx.out(`${ctx.sh.host.hostname}\n`), 0),
  ver: (ctx) => (ctx.out(`\nMicrosoft Windows [Version ${buildOf(ctx).full}]\n`), 0),
  echo: (ctx) => (ctx.out(ctx.rest === '' ? 'ECHO is on.\n' : /^(on|off)$/i.test(ctx.rest) ? '' : `${ctx.rest}\n`), 0),
  set,
  netstat,
  findstr,
  find: findstr,
  more: (ctx) => (ctx.out(ctx.stdin), 0),
  cls: (ctx) => (ctx.out('\x1b[2J\x1b[H'), 0),
  exit: (ctx) => {
    const code = Number(ctx.args.find((a) => /^\d+$/.test(a)) ?? 0);
    ctx.sh.exitRequested = code;
    return code;
  },
  date: (ctx) => (ctx.out(`${partsIn(ctx.sh.runtime.world, ctx.sh.runtime.now()).iso.replaceAll('-', '/')}\n`), 0),
  time: (ctx) => (ctx.out(`${partsIn(ctx.sh.runtime.world, ctx.sh.runtime.now()).hm}\n`), 0),
};
