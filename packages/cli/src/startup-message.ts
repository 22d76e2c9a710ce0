/** What `cynex serve` knows when it has started listening. */
export interface StartupFacts {
  baseUrl: string;
  /** "PGlite in ./data" or "PostgreSQL". */
  storage: string;
  metricsUrl?: string | undefined;
  /** The platform administrator's one-time set-up link: printed on the very first start only. */
  adminLink?: string | undefined;
  adminEmail?: string;
  /** With --demo: the demo account a newcomer should sign in with. */
  demo?: { email: string; password: string; memberEmail?: string | undefined } | undefined;
  /** The built-in demo decoy world: where its services listen and the account that lets an attacker in. */
  decoy?: DecoyFacts | undefined;
}

export interface DecoyFacts {
  listening: { service: string; host: string; port: number }[];
  entry?: { host: string; port: number; username: string; password: string } | undefined;
}

function decoyLines(decoy: DecoyFacts): string[] {
  const lines = [
    '',
    'Demo decoy world (loopback only; off with --no-decoy-demo):',
    ...decoy.listening.map((l) => `  ${l.service.padEnd(7)}${l.host}:${l.port}`),
  ];
  if (decoy.entry) {
    lines.push(
      'Attack it and watch it under Decoy worlds in the console, e.g.:',
      `  ssh -p ${decoy.entry.port} ${decoy.entry.username}@${decoy.entry.host}   (password ${decoy.entry.password})`,
    );
  }
  return lines;
}

/**
 * The start-up banner. With --demo a newcomer wants to look around, so the demo admin and its password come first;
 * the one-time link is for the platform's own administrator (organisations, users, telescope settings), printed
 * once because it cannot be shown again, and labelled as such so nobody takes it for the way into the demo.
 * @example startupMessage({ baseUrl: 'http://127.0.0.1:8080', storage: 'PostgreSQL' })
 */
export function startupMessage(facts: StartupFacts): string {
  const adminEmail = facts.adminEmail ?? 'admin@localhost';
  const lines = [`cynex hub is running at ${facts.baseUrl} (storage: ${facts.storage})`];
  if (facts.metricsUrl) lines.push(`Prometheus metrics: ${facts.metricsUrl}`);
  if (facts.demo) {
    lines.push(
      '',
      'Demo: open the address above and sign in as the demo admin:',
      `  e-mail:   ${facts.demo.email}`,
      `  password: ${facts.demo.password}`,
      'The demo accounts share this password; never use them in production.',
    );
    if (facts.demo.memberEmail) {
      lines.push(`The member company's darknet alerts (its infected host) are seen by ${facts.demo.memberEmail}.`);
    }
    if (facts.adminLink) {
      lines.push(
        '',
        `Not needed for the demo: the platform's own administrator (${adminEmail}) manages organisations, users and`,
        'platform settings. Keep this one-time set-up link, which is shown only on this first start:',
        `  ${facts.adminLink}`,
      );
    }
  } else if (facts.adminLink) {
    lines.push(
      '',
      `First start: sign in as the platform administrator (${adminEmail}) with this one-time link:`,
      `  ${facts.adminLink}`,
    );
  }
  if (facts.decoy) lines.push(...decoyLines(facts.decoy));
  return `\n${lines.join('\n')}\n`;
}

/** The line a stopped hub leaves in its output, so an operator sees it went down on purpose. */
export function stoppedMessage(signal: NodeJS.Signals): string {
  return `cynex hub stopped (${signal})`;
}
