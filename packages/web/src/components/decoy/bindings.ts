/** The bindings form's rows ↔ the hub's DecoyBindings, with the checks the form shows before sending. */
import type { DecoyBindings, DecoyService } from '../../types/decoy';
import { isLoopback, validAddress, validPort } from './decoyFormat';

export const DECOY_SERVICES: readonly DecoyService[] = ['ssh', 'telnet', 'http', 'imap', 'smtp'];

/** The demo world's ports (issue 7 item 7): a starting point an operator changes for a second world. */
export const DEFAULT_PORTS: Readonly<Record<DecoyService, number>> = {
  ssh: 2222,
  telnet: 2323,
  http: 8081,
  imap: 1143,
  smtp: 2525,
};

export interface BindingRow {
  service: DecoyService;
  enabled: boolean;
  host: string;
  port: string;
}

export function rowsFromBindings(bindings: DecoyBindings | undefined): BindingRow[] {
  return DECOY_SERVICES.map((service) => {
    const binding = bindings?.[service];
    return {
      service,
      enabled: bindings ? binding !== undefined : service === 'ssh',
      host: binding?.host ?? '127.0.0.1',
      port: String(binding?.port ?? DEFAULT_PORTS[service]),
    };
  });
}

export interface BindingCheck {
  bindings: DecoyBindings;
  /** Services whose host or port is not valid. */
  invalid: DecoyService[];
  /** Services bound to an address other machines can reach. */
  exposed: DecoyService[];
  /** Two services on the same address and port. */
  clashes: DecoyService[];
}

export function checkBindings(rows: readonly BindingRow[]): BindingCheck {
  const bindings: DecoyBindings = {};
  const invalid: DecoyService[] = [];
  const exposed: DecoyService[] = [];
  const clashes: DecoyService[] = [];
  const seen = new Map<string, DecoyService>();
  for (const row of rows) {
    if (!row.enabled) continue;
    const host = row.host.trim();
    if (!validAddress(host) || !validPort(row.port)) {
      invalid.push(row.service);
      continue;
    }
    const port = Number(row.port);
    bindings[row.service] = { host, port };
    if (!isLoopback(host)) exposed.push(row.service);
    const key = `${host}|${port}`;
    const other = seen.get(key);
    if (other) clashes.push(row.service);
    else seen.set(key, row.service);
  }
  return { bindings, invalid, exposed, clashes };
}
