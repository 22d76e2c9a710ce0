import { findHost } from '../../../world/accounts.js';
import type { Host } from '../../../world/schema.js';
import { hostFacts, networkOf, uptimeSeconds } from '../../host-info.js';
import type { CommandFn, CommandContext } from '../shell.js';
import { localParts, sleep } from './util.js';

/** Interfaces, sockets and reachability, all from the world: the host's address, its services, its neighbours. */

function linkLocal(mac: string): string {
  const b = mac.split(':').map((x) => parseInt(x, 16));
  b[0] = b[0]! ^ 2;
  const h = (i: number) => ((b[i]! << 8) | b[i + 1]!).toString(16);
  return `fe80::${h(0)}:${b[2]!.toString(16)}ff:fe${b[3]!.toString(16).padStart(2, '0')}:${((b[4]! << 8) | b[5]!).toString(16)}`;
}

function counters(ctx: CommandContext) {
  const up = uptimeSeconds(ctx.sh.host, ctx.sh.runtime.now());
  const seed = hostFacts(ctx.sh.host).seed;
  return {
    rxPackets: up * (37 + (seed % 20)),
    rxBytes: up * (41_000 + (seed % 9000)),
    txPackets: up * (29 + (seed % 11)),
    txBytes: up * (23_000 + (seed % 7000)),
  };
}

const ifconfig: CommandFn = (ctx) => {
  const f = hostFacts(ctx.sh.host);
  const c = counters(ctx);
  const net = networkOf(ctx.sh.host.ip);
  const mib = (n: number) =>
    n > 1073741824 ? `${(n / 1073741824).toFixed(1)} GiB` : `${(n / 1048576).toFixed(1)} MiB`;
  ctx.out(
    `${f.iface}: flags=4163<UP,BROADCAST,RUNNING,MULTICAST>  mtu 1500\n        inet ${ctx.sh.host.ip}  netmask 255.255.255.0  broadcast ${net.broadcast}\n        inet6 ${linkLocal(f.mac)}  prefixlen 64  scopeid 0x20<link>\n        ether ${f.mac}  txqueuelen 1000  (Ethernet)\n        RX packets ${c.rxPackets}  bytes ${c.rxBytes} (${mib(c.rxBytes)})\n        RX errors 0  dropped ${f.seed % 50}  overruns 0  frame 0\n        TX packets ${c.txPackets}  bytes ${c.txBytes} (${mib(c.txBytes)})\n        TX errors 0  dropped 0 overruns 0  carrier 0  collisions 0\n\n`,
  );
  ctx.out(
    `lo: flags=73<UP,LOOPBACK,RUNNING>  mtu 65536\n        inet 127.0.0.1  netmask 255.0.0.0\n        inet6 ::1  prefixlen 128  scopeid 0x10<host>\n        loop  txqueuelen 1000  (Local Loopback)\n        RX packets ${Math.floor(c.rxPackets / 40)}  bytes ${Math.floor(c.rxBytes / 90)} (${mib(Math.floor(c.rxBytes / 90))})\n        RX errors 0  dropped 0  overruns 0  frame 0\n        TX packets ${Math.floor(c.rxPackets / 40)}  bytes ${Math.floor(c.rxBytes / 90)} (${mib(Math.floor(c.rxBytes / 90))})\n        TX errors 0  dropped 0 overruns 0  carrier 0  collisions 0\n\n`,
  );
  return 0;
};

const ip: CommandFn = (ctx) => {
  const [object = '', ...rest] = ctx.args.filter((a) => !a.startsWith('-'));
  const f = hostFacts(ctx.sh.host);
  const net = networkOf(ctx.sh.host.ip);
  if ('address'.startsWith(object) && object !== '') {
    ctx.out(
      `1: lo: <LOOPBACK,UP,LOWER_UP> mtu 65536 qdisc noqueue state UNKNOWN group default qlen 1000\n    link/loopback 00:00:00:00:00:00 brd 00:00:00:00:00:00\n    inet 127.0.0.1/8 scope host lo\n       valid_lft forever preferred_lft forever\n    inet6 ::1/128 scope host \n       valid_lft forever preferred_lft forever\n`,
    );
    ctx.out(
      `2: ${f.iface}: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc mq state UP group default qlen 1000\n    link/ether ${f.mac} brd ff:ff:ff:ff:ff:ff\n    altname enp11s0\n    inet ${ctx.sh.host.ip}/24 brd ${net.broadcast} scope global noprefixroute ${f.iface}\n       valid_lft forever preferred_lft forever\n    inet6 ${linkLocal(f.mac)}/64 scope link noprefixroute \n       valid_lft forever preferred_lft forever\n`,
    );
    return 0;
  }
  if ('route'.startsWith(object) && object !== '') {
    ctx.out(
      `default via ${net.gateway} dev ${f.iface} proto static metric 100 \n${net.network}/24 dev ${f.iface} proto kernel scope link src ${ctx.sh.host.ip} metric 100 \n`,
    );
    return 0;
  }
  if ('link'.startsWith(object) && object !== '') {
    ctx.out(
      `1: lo: <LOOPBACK,UP,LOWER_UP> mtu 65536 qdisc noqueue state UNKNOWN mode DEFAULT group default qlen 1000\n    link/loopback 00:00:00:00:00:00 brd 00:00:00:00:00:00\n2: ${f.iface}: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc mq state UP mode DEFAULT group default qlen 1000\n    link/ether ${f.mac} brd ff:ff:ff:ff:ff:ff\n    altname enp11s0\n`,
    );
    return 0;
  }
  if (object === 'neigh' || object === 'n') {
    for (const h of neighbours(ctx).slice(0, 4))
      ctx.out(`${h.ip} dev ${f.iface} lladdr ${hostFacts(h).mac} REACHABLE\n`);
    ctx.out(
      `${net.gateway} dev ${f.iface} lladdr 00:1c:7f:${(f.seed & 0xff).toString(16).padStart(2, '0')}:0a:01 REACHABLE\n`,
    );
    return 0;
  }
  if (object === '') {
    ctx.err(
      'Usage: ip [ OPTIONS ] OBJECT { COMMAND | help }\n       ip [ -force ] -batch filename\nwhere  OBJECT := { address | addrlabel | amt | fou | help | ila | ioam | l2tp | link |\n                   macsec | maddress | monitor | mptcp | mroute | mrule |\n                   neighbor | neighbour | netconf | netns | nexthop | ntable |\n                   ntbl | route | rule | sr | tap | tcpmetrics |\n                   token | tunnel | tuntap | vrf | xfrm }\n',
    );
    return 255;
  }
  ctx.err(`Object "${object}${rest.length ? '' : ''}" is unknown, try "ip help".\n`);
  return 255;
};

function neighbours(ctx: CommandContext): Host[] {
  return ctx.sh.runtime.world.hosts.filter((h) => h !== ctx.sh.host && h.hostname !== ctx.sh.host.hostname);
}

function sockets(ctx: CommandContext) {
  const origin = ctx.sh.options.origin;
  const listen = ctx.sh.host.services.filter(
    (s, i, all) => all.findIndex((t) => t.port === s.port && t.protocol === s.protocol) === i,
  );
  const program = (name: string) =>
    ({
      ssh: 'sshd',
      http: 'nginx',
      https: 'nginx',
      smtp: 'master',
      submission: 'master',
      imap: 'dovecot',
      imaps: 'dovecot',
      'netbios-ssn': 'smbd',
      'microsoft-ds': 'smbd',
      domain: 'named',
      ldap: 'samba',
      ldaps: 'samba',
      kerberos: 'samba',
    })[name] ?? name;
  return {
    listen,
    program,
    established: { local: `${ctx.sh.host.ip}:22`, remote: `${origin.src.ip}:${origin.src.port}` },
  };
}

const netstat: CommandFn = (ctx) => {
  const flags = ctx.args.filter((a) => a.startsWith('-')).join('');
  const { listen, program, established } = sockets(ctx);
  const showPid = flags.includes('p');
  const onlyListen = flags.includes('l');
  if (flags.includes('r')) {
    const net = networkOf(ctx.sh.host.ip);
    ctx.out(
      `Kernel IP routing table\nDestination     Gateway         Genmask         Flags   MSS Window  irtt Iface\n0.0.0.0         ${net.gateway.padEnd(15)} 0.0.0.0         UG        0 0          0 ${hostFacts(ctx.sh.host).iface}\n${net.network.padEnd(15)} 0.0.0.0         255.255.255.0   U         0 0          0 ${hostFacts(ctx.sh.host).iface}\n`,
    );
    return 0;
  }
  ctx.out(
    `Active Internet connections (${onlyListen ? 'only servers' : 'servers and established'})\nProto Recv-Q Send-Q Local Address           Foreign Address         State       ${showPid ? 'PID/Program name    ' : ''}\n`,
  );
  const pid = (name: string) =>
    showPid ? (ctx.sh.uid === 0 ? `${800 + name.length * 13}/${program(name)}`.padEnd(20) : '-'.padEnd(20)) : '';
  for (const s of listen.filter((s) => s.protocol === 'tcp'))
    ctx.out(
      `tcp        0      0 ${`0.0.0.0:${s.port}`.padEnd(23)} 0.0.0.0:*               LISTEN      ${pid(s.name)}\n`,
    );
  if (!onlyListen)
    ctx.out(
      `tcp        0     52 ${established.local.padEnd(23)} ${established.remote.padEnd(23)} ESTABLISHED ${pid('ssh')}\n`,
    );
  for (const s of listen.filter((s) => s.protocol === 'tcp'))
    ctx.out(`tcp6       0      0 ${`:::${s.port}`.padEnd(23)} :::*                    LISTEN      ${pid(s.name)}\n`);
  for (const s of listen.filter((s) => s.protocol === 'udp'))
    ctx.out(
      `udp        0      0 ${`0.0.0.0:${s.port}`.padEnd(23)} 0.0.0.0:*                           ${pid(s.name)}\n`,
    );
  return 0;
};

const ss: CommandFn = (ctx) => {
  const flags = ctx.args.filter((a) => a.startsWith('-')).join('');
  const { listen, program, established } = sockets(ctx);
  const procs = flags.includes('p') && ctx.sh.uid === 0;
  ctx.out('Netid State  Recv-Q Send-Q Local Address:Port  Peer Address:PortProcess\n');
  for (const s of listen)
    ctx.out(
      `${s.protocol.padEnd(5)} ${s.protocol === 'udp' ? 'UNCONN' : 'LISTEN'} 0      ${s.protocol === 'udp' ? '0     ' : '128   '} ${`0.0.0.0:${s.port}`.padStart(18)} ${'0.0.0.0:*'.padStart(16)}${procs ? ` users:(("${program(s.name)}",pid=${800 + s.name.length * 13},fd=3))` : ''}\n`,
    );
  if (!flags.includes('l'))
    ctx.out(`tcp   ESTAB  0      52     ${established.local.padStart(18)} ${established.remote.padStart(16)}\n`);
  return 0;
};

/** Where a name or address points inside the world (hostname, FQDN or address). */
export function worldHost(ctx: CommandContext, name: string): Host | undefined {
  const world = ctx.sh.runtime.world;
  const short = name.toLowerCase().replace(new RegExp(`\\.${world.organisation.domain.replace(/\./g, '\\.')}$`), '');
  if (short === 'localhost' || name === '127.0.0.1') return ctx.sh.host;
  return findHost(world, short) ?? world.hosts.find((h) => h.ip === name);
}

const ping: CommandFn = async (ctx) => {
  const countIndex = ctx.args.indexOf('-c');
  const count = countIndex >= 0 ? Math.min(Number(ctx.args[countIndex + 1]) || 4, 20) : ctx.io.interactive ? 10 : 4;
  const target = ctx.args
    .filter(
      (a, i) => !a.startsWith('-') && ctx.args[i - 1] !== '-c' && ctx.args[i - 1] !== '-W' && ctx.args[i - 1] !== '-i',
    )
    .pop();
  if (target === undefined) {
    ctx.err('ping: usage error: Destination address required\n');
    return 1;
  }
  const host = worldHost(ctx, target);
  const literal = /^\d+\.\d+\.\d+\.\d+$/.test(target);
  if (!host && !literal) {
    ctx.err(`ping: ${target}: Name or service not known\n`);
    return 2;
  }
  const address = host?.ip ?? target;
  ctx.out(`PING ${target} (${address}) 56(84) bytes of data.\n`);
  let sent = 0;
  for (let i = 1; i <= count && !ctx.io.signal.aborted; i++) {
    await sleep(i === 1 ? 50 : 1000, ctx.io.signal);
    if (ctx.io.signal.aborted) break;
    sent++;
    if (host)
      ctx.out(
        `64 bytes from ${host === ctx.sh.host ? target : `${host.hostname}.${ctx.sh.runtime.world.organisation.domain}`} (${address}): icmp_seq=${i} ttl=64 time=${(0.2 + Math.random() * 0.4).toFixed(3)} ms\n`,
      );
  }
  if (ctx.io.signal.aborted) ctx.out('^C');
  ctx.out(
    `\n--- ${target} ping statistics ---\n${sent} packets transmitted, ${host ? sent : 0} received, ${host ? 0 : 100}% packet loss, time ${Math.max(0, sent - 1) * 1001}ms\n`,
  );
  if (host && sent > 0) ctx.out('rtt min/avg/max/mdev = 0.214/0.352/0.587/0.102 ms\n');
  return host ? 0 : 1;
};

/** `--2025-06-10 12:00:00--` as wget stamps its lines, in the host's zone. */
export function wgetStamp(ctx: CommandContext): string {
  const p = localParts(ctx, ctx.sh.runtime.now());
  return `${p.iso} ${p.time}`;
}

export const NETWORK_COMMANDS: Record<string, CommandFn> = { ifconfig, ip, netstat, ss, ping };
