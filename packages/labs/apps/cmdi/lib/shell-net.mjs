/**
 * The emulated network commands: ping, nslookup and traceroute answer from the machine's hosts table with
 * realistic (and stable) output; curl and wget fail as on a host without outside network. Nothing is sent anywhere.
 */
import { optionError, parseOptions, stableFraction } from './shell-options.mjs';

const MAX_PINGS = 10;

function isIPv4(text) {
  const parts = text.split('.');
  return parts.length === 4 && parts.every((p) => /^(0|[1-9][0-9]{0,2})$/.test(p) && Number(p) <= 255);
}

function isIPv6(text) {
  if (!/^[0-9a-fA-F:]{2,39}$/.test(text) || !text.includes(':')) return false;
  const halves = text.split('::');
  if (halves.length > 2) return false;
  const groups = halves.flatMap((half) => (half === '' ? [] : half.split(':')));
  if (groups.some((g) => !/^[0-9a-fA-F]{1,4}$/.test(g))) return false;
  return halves.length === 2 ? groups.length < 8 : groups.length === 8;
}

/** `{ name, ip, family }` for an address or a known name (tried with the search domain too), else undefined. */
export function resolveHost(machine, host) {
  const { hosts, domain } = machine.network;
  if (isIPv4(host) || isIPv6(host)) {
    const ip = host.toLowerCase();
    return { name: hosts.find((h) => h.ip === ip)?.name, ip, literal: true, family: ip.includes(':') ? 6 : 4 };
  }
  const wanted = host.toLowerCase().replace(/\.$/, '');
  const found =
    hosts.find((h) => h.name === wanted && !h.ip.includes(':')) ?? hosts.find((h) => h.name === `${wanted}.${domain}`);
  return found ? { name: found.name, ip: found.ip, literal: false, family: 4 } : undefined;
}

function isKnown(machine, ip) {
  return machine.network.hosts.some((h) => h.ip === ip);
}

/** Round-trip time in ms: loopback is fast, the LAN a little slower; the same host always looks the same. */
function rtt(ip, seq) {
  const jitter = stableFraction(`${ip}#${seq}`);
  const local = ip === '127.0.0.1' || ip === '::1';
  return local ? 0.025 + jitter * 0.04 : 0.35 + stableFraction(ip) * 0.8 + jitter * 0.15;
}

const ms = (n) => n.toFixed(3);

export function ping(ctx) {
  const parsed = parseOptions(ctx.argv.slice(1), { flags: '46nqvD', values: 'cWwisIt' });
  if (parsed.bad) {
    ctx.err(`ping: ${parsed.missing ? 'option requires an argument' : 'invalid option'} -- '${parsed.bad}'\n`);
    return 2;
  }
  const target = parsed.operands[parsed.operands.length - 1];
  if (target === undefined) {
    ctx.err('ping: usage error: Destination address required\n');
    return 1;
  }
  const count = parsed.opts.c === undefined ? 3 : Number(parsed.opts.c);
  if (!Number.isInteger(count) || count < 1) {
    ctx.err(`ping: invalid argument: '${parsed.opts.c}': out of range: 1 <= value <= 9223372036854775807\n`);
    return 1;
  }
  const host = resolveHost(ctx.machine, target);
  if (!host) {
    ctx.err(
      `ping: ${target}: ${target.includes(':') ? 'Address family for hostname not supported' : 'Name or service not known'}\n`,
    );
    return 2;
  }
  const sent = Math.min(count, MAX_PINGS);
  const reachable = isKnown(ctx.machine, host.ip);
  const label = host.literal ? host.ip : `${host.name} (${host.ip})`;
  const lines = [
    host.family === 6
      ? `PING ${target}(${host.ip}) 56 data bytes`
      : `PING ${host.literal ? host.ip : host.name} (${host.ip}) 56(84) bytes of data.`,
  ];
  const times = [];
  if (reachable) {
    for (let seq = 1; seq <= sent; seq += 1) {
      const time = rtt(host.ip, seq);
      times.push(time);
      const ttl = host.ip.startsWith('10.0.1.') || host.ip.startsWith('127.') || host.ip === '::1' ? 64 : 63;
      if (!parsed.opts.q) lines.push(`64 bytes from ${label}: icmp_seq=${seq} ttl=${ttl} time=${ms(time)} ms`);
    }
  }
  const lost = Math.round((100 * (sent - times.length)) / sent);
  lines.push('', `--- ${host.literal ? host.ip : host.name} ping statistics ---`);
  lines.push(
    `${sent} packets transmitted, ${times.length} received, ${lost}% packet loss, time ${(sent - 1) * 1001 + 2}ms`,
  );
  if (times.length > 0) {
    const avg = times.reduce((a, b) => a + b, 0) / times.length;
    const mdev = Math.sqrt(times.reduce((a, t) => a + (t - avg) ** 2, 0) / times.length);
    lines.push(`rtt min/avg/max/mdev = ${ms(Math.min(...times))}/${ms(avg)}/${ms(Math.max(...times))}/${ms(mdev)} ms`);
  }
  ctx.out(`${lines.join('\n')}\n`);
  return times.length > 0 ? 0 : 1;
}

function reverseName(ip) {
  return `${ip.split('.').reverse().join('.')}.in-addr.arpa`;
}

export function nslookup(ctx) {
  const operands = ctx.argv.slice(1).filter((arg) => !arg.startsWith('-'));
  const target = operands[0];
  const { resolver, hosts } = ctx.machine.network;
  if (target === undefined) {
    ctx.err('nslookup: interactive mode is not available here; give a host name: nslookup HOST\n');
    return 1;
  }
  const header = `Server:\t\t${resolver}\nAddress:\t${resolver}#53\n\n`;
  if (isIPv4(target)) {
    const found = hosts.find((h) => h.ip === target);
    if (!found) {
      ctx.out(`${header}** server can't find ${reverseName(target)}: NXDOMAIN\n\n`);
      return 1;
    }
    ctx.out(`${reverseName(target)}\tname = ${found.name}.\n\n`);
    return 0;
  }
  const host = resolveHost(ctx.machine, target);
  if (!host || host.literal) {
    ctx.out(`${header}** server can't find ${target}: NXDOMAIN\n\n`);
    return 1;
  }
  const addresses = hosts.filter((h) => h.name === host.name).map((h) => `Name:\t${host.name}\nAddress: ${h.ip}\n`);
  ctx.out(`${header}${addresses.join('')}\n`);
  return 0;
}

export function traceroute(ctx) {
  const parsed = parseOptions(ctx.argv.slice(1), { flags: '46nIT', values: 'mqwfp' });
  if (parsed.bad) {
    ctx.err(optionError('traceroute', parsed));
    return 2;
  }
  const target = parsed.operands[0];
  if (target === undefined) {
    ctx.err('Usage: traceroute [ -46dFITnreAUDV ] [ -m max_ttl ] host [ packetlen ]\n');
    return 2;
  }
  const maxHops = Math.min(30, Math.max(1, Number(parsed.opts.m ?? 30) || 30));
  const host = resolveHost(ctx.machine, target);
  if (!host) {
    ctx.err(
      `${target}: Name or service not known\nCannot handle "host" cmdline arg \`${target}' on position 1 (argc 1)\n`,
    );
    return 2;
  }
  const hop = (n, name, ip) => {
    const times = [1, 2, 3].map((i) => `${ms(rtt(ip, n * 10 + i) + n * 0.2)} ms`).join('  ');
    return `${String(n).padStart(2)}  ${parsed.opts.n ? ip : `${name ?? ip} (${ip})`}  ${times}`;
  };
  const lines = [
    `traceroute to ${host.literal ? host.ip : host.name} (${host.ip}), ${maxHops} hops max, 60 byte packets`,
  ];
  const { gateway } = ctx.machine.network;
  const direct = host.ip.startsWith('127.') || host.ip === '::1' || host.ip.startsWith('10.0.1.');
  if (!isKnown(ctx.machine, host.ip)) {
    lines.push(hop(1, gateway.name, gateway.ip));
    for (let n = 2; n <= maxHops; n += 1) lines.push(`${String(n).padStart(2)}  * * *`);
  } else if (direct) {
    lines.push(hop(1, host.name, host.ip));
  } else {
    lines.push(hop(1, gateway.name, gateway.ip));
    if (maxHops > 1) lines.push(hop(2, host.name, host.ip));
  }
  ctx.out(`${lines.join('\n')}\n`);
  return 0;
}

function urlHost(arg) {
  const match = /^(?:[a-z][a-z0-9+.-]*:\/\/)?(?:[^@/]*@)?(\[[^\]]*\]|[^:/?#]*)/i.exec(arg);
  return match?.[1] || arg;
}

export function curl(ctx) {
  const target = ctx.argv.slice(1).find((arg) => !arg.startsWith('-'));
  if (target === undefined) {
    ctx.err("curl: try 'curl --help' or 'curl --manual' for more information\n");
    return 2;
  }
  const host = urlHost(target);
  if (isIPv4(host)) {
    ctx.err(`curl: (7) Failed to connect to ${host} port 80 after 0 ms: Couldn't connect to server\n`);
    return 7;
  }
  ctx.err(`curl: (6) Could not resolve host: ${host}\n`);
  return 6;
}

export function wget(ctx) {
  const target = ctx.argv.slice(1).find((arg) => !arg.startsWith('-'));
  if (target === undefined) {
    ctx.err("wget: missing URL\nUsage: wget [OPTION]... [URL]...\n\nTry `wget --help' for more options.\n");
    return 1;
  }
  const host = urlHost(target);
  const stamp = new Date().toISOString().slice(0, 19).replace('T', ' ');
  ctx.err(`--${stamp}--  ${target}\nResolving ${host} (${host})... failed: Name or service not known.\n`);
  ctx.err(`wget: unable to resolve host address '${host}'\n`);
  return 4;
}
