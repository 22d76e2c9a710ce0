// ネットワーク診断の処理 / The network diagnostics page's command.
// The server calls diagnose(shell, tool, host) with what the user sent in the form:
//   tool  'ping' | 'lookup' | 'traceroute' (the select's value — but a request can send anything)
//   host  the text typed into the host field
// shell.run(line)  runs a command line the way `/bin/sh -c line` does (;, |, $(...) and all)
// shell.exec(argv) runs ONE command from its argument list, e.g. ['ping', '-c', '3', host]: no shell parses it
// Both return { stdout, stderr, output, exitCode }. Return that result to show its output on the page,
// or return { rejected: 'reason' } to refuse the input (the page shows the reason).

const COMMANDS = { ping: 'ping -c 3', lookup: 'nslookup', traceroute: 'traceroute -m 10' };

export function diagnose(shell, tool, host) {
  const command = Object.hasOwn(COMMANDS, tool) ? COMMANDS[tool] : COMMANDS.ping;
  return shell.run(command + ' ' + host);
}
