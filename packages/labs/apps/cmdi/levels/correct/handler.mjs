// ネットワーク診断の処理 / The network diagnostics page's command.
// The server calls diagnose(shell, tool, host) with what the user sent in the form:
//   tool  'ping' | 'lookup' | 'traceroute' (the select's value — but a request can send anything)
//   host  the text typed into the host field
// shell.run(line)  runs a command line the way `/bin/sh -c line` does (;, |, $(...) and all)
// shell.exec(argv) runs ONE command from its argument list, e.g. ['ping', '-c', '3', host]: no shell parses it
// Both return { stdout, stderr, output, exitCode }. Return that result to show its output on the page,
// or return { rejected: 'reason' } to refuse the input (the page shows the reason).
import { isIP } from 'node:net';

// Each tool is a fixed argument list; the choice only selects one, it never becomes part of a command.
const COMMANDS = { ping: ['ping', '-c', '3'], lookup: ['nslookup'], traceroute: ['traceroute', '-m', '10'] };

// A DNS name: dot-separated labels of letters, digits and inner hyphens (1-63 each, 253 in all). It cannot start
// with "-", so it can never be read as an option either.
const HOSTNAME = /^(?=.{1,253}$)[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*\.?$/i;

export function diagnose(shell, tool, host) {
  if (!Object.hasOwn(COMMANDS, tool)) return { rejected: '不明なツールです / unknown tool' };
  if (isIP(host) === 0 && !HOSTNAME.test(host)) {
    return { rejected: 'ホスト名または IP アドレスを入力してください / enter a host name or an IP address' };
  }
  // The argument list goes to the command as it is: no shell ever sees the host, so ; | $( ) ` mean nothing.
  return shell.exec([...COMMANDS[tool], host]);
}
