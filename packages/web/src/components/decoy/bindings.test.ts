import { describe, expect, it } from 'vitest';
import { checkBindings, rowsFromBindings } from './bindings';

describe('rowsFromBindings', () => {
  it('offers SSH on loopback for a new world', () => {
    const rows = rowsFromBindings(undefined);
    expect(rows.filter((row) => row.enabled).map((row) => `${row.service} ${row.host}:${row.port}`)).toEqual([
      'ssh 127.0.0.1:2222',
    ]);
  });

  it('shows an existing world’s bindings', () => {
    const rows = rowsFromBindings({ http: { host: '::1', port: 8080 } });
    expect(rows.filter((row) => row.enabled)).toEqual([{ service: 'http', enabled: true, host: '::1', port: '8080' }]);
  });
});

describe('checkBindings', () => {
  it('turns enabled rows into bindings and flags public addresses', () => {
    const rows = rowsFromBindings(undefined);
    rows[0] = { ...rows[0]!, host: '0.0.0.0' };
    rows[2] = { ...rows[2]!, enabled: true };
    const check = checkBindings(rows);
    expect(check.bindings).toEqual({ ssh: { host: '0.0.0.0', port: 2222 }, http: { host: '127.0.0.1', port: 8081 } });
    expect(check.exposed).toEqual(['ssh']);
    expect(check.invalid).toEqual([]);
  });

  it('names bad addresses, bad ports and two services on one port', () => {
    const rows = rowsFromBindings(undefined).map((row) => ({ ...row, enabled: true }));
    rows[1] = { ...rows[1]!, host: 'example.org' };
    rows[3] = { ...rows[3]!, port: '70000' };
    rows[4] = { ...rows[4]!, port: '2222' };
    const check = checkBindings(rows);
    expect(check.invalid).toEqual(['telnet', 'imap']);
    expect(check.clashes).toEqual(['smtp']);
  });
});
