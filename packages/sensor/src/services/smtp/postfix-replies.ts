import type { Socket } from 'node:net';

/**
 * smtp-server's own reply texts ("Try to send something. No promises though", a HELP pointing at RFC 5321,
 * "Accepted") would tell a scanner this is not Postfix. Its single write site sends one reply per `write`, so each
 * reply is rewritten here into Postfix's words before it leaves the socket.
 */

const POSTFIX_EHLO_ORDER = ['PIPELINING', 'SIZE', 'ETRN', 'AUTH', 'ENHANCEDSTATUSCODES', '8BITMIME', 'DSN', 'SMTPUTF8'];

const REWRITES: [RegExp, string][] = [
  [/^250 (2\.1\.[05] )?Accepted$/, '250 $1Ok'],
  [/^250 2\.6\.0 (Ok: queued as \w+)$/, '250 2.0.0 $1'],
  [/^554 5\.\d\.\d (<[^>]*>: Relay access denied)$/, '554 5.7.1 $1'],
  [/^250 (2\.0\.0 )?OK$/, '250 2.0.0 Ok'],
  [/^221 (2\.0\.0 )?Bye$/, '221 2.0.0 Bye'],
  [/^214 .*$/, '502 5.5.2 Error: command not recognized'],
  [/^252 .*$/, '502 5.5.1 VRFY command is disabled'],
  [/^500 (5\.5\.\d )?Error: command not recognized$/, '502 5.5.2 Error: command not recognized'],
  [/^421 (4\.\d\.\d )?.* You talk too soon$/, '421 4.7.0 Error: too many errors'],
];

/** One reply in Postfix's wording (an EHLO reply's extensions in Postfix's order). */
export function postfixReply(reply: string): string {
  const lines = reply.split('\r\n');
  if (lines.length > 1 && /^250-/.test(lines[0]!)) {
    const [greeting, ...features] = lines.map((l) => l.slice(4));
    const rank = (f: string) => {
      const at = POSTFIX_EHLO_ORDER.indexOf(f.split(' ')[0]!.toUpperCase());
      return at < 0 ? POSTFIX_EHLO_ORDER.length : at;
    };
    const sorted = features.filter((f) => f !== '').sort((a, b) => rank(a) - rank(b));
    return [greeting!, ...sorted].map((l, i, all) => `250${i === all.length - 1 ? ' ' : '-'}${l}`).join('\r\n');
  }
  for (const [pattern, replacement] of REWRITES) if (pattern.test(reply)) return reply.replace(pattern, replacement);
  return reply;
}

/** Routes a socket's string writes through {@link postfixReply}. */
export function speakPostfix(socket: Socket): void {
  const write = socket.write.bind(socket) as (chunk: unknown, ...rest: unknown[]) => boolean;
  socket.write = (chunk: unknown, ...rest: unknown[]) => {
    if (typeof chunk === 'string' && chunk.endsWith('\r\n'))
      return write(`${postfixReply(chunk.slice(0, -2))}\r\n`, ...rest);
    return write(chunk, ...rest);
  };
}
