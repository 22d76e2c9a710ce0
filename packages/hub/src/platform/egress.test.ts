import type { LookupAddress } from 'node:dns';
import { describe, expect, it } from 'vitest';
import {
  EgressGuard,
  EgressRefused,
  egressAllowProblem,
  parseEgressAllow,
  pinnedLookup,
  type HostResolver,
  type ResolvedAddress,
} from './egress.js';

/** A resolver from a table; anything else does not resolve. Nothing here touches the network. */
const resolver =
  (table: Record<string, string[]>): HostResolver =>
  async (hostname) =>
    (table[hostname] ?? []).map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));

async function refusal(guard: EgressGuard, url: string): Promise<string> {
  try {
    await guard.check(url);
  } catch (error) {
    if (error instanceof EgressRefused) return error.message;
    throw error;
  }
  return 'allowed';
}

describe(EgressGuard.name, () => {
  const guard = new EgressGuard({
    resolve: resolver({
      'hooks.example.com': ['93.184.215.14', '2606:2800:21f:cb07:6820:80da:af6b:8b2c'],
      'internal.example.com': ['10.20.30.40'],
      'mixed.example.com': ['93.184.215.14', '127.0.0.1'],
      'mapped.example.com': ['::ffff:169.254.169.254'],
    }),
  });

  it('lets public addresses and names through, with the addresses it checked', async () => {
    const target = await guard.check('https://hooks.example.com/cynex?x=1');
    expect(target.hostname).toBe('hooks.example.com');
    expect(target.addresses.map((a) => a.address)).toEqual(['93.184.215.14', '2606:2800:21f:cb07:6820:80da:af6b:8b2c']);
    for (const url of [
      'http://8.8.8.8/',
      'http://[2606:4700::1111]:8443/x',
      'http://[::ffff:8.8.8.8]/',
      'http://[64:ff9b::8.8.8.8]/',
      'http://[2002:808:808::1]/',
    ]) {
      expect(await refusal(guard, url), url).toBe('allowed');
    }
  });

  it('refuses every spelling of a loopback, private or otherwise non-public address, naming its kind', async () => {
    const cases: [string, string][] = [
      ['http://127.0.0.1:9/', 'loopback'],
      ['http://[::1]/', 'loopback'],
      // The URL parser turns decimal, hex, octal and short IPv4 forms into dotted quads.
      ['http://2130706433/', 'loopback'],
      ['http://0x7f000001/', 'loopback'],
      ['http://0177.0.0.1/', 'loopback'],
      ['http://127.1/', 'loopback'],
      ['http://0x7f.0.0.1/', 'loopback'],
      ['http://[::ffff:127.0.0.1]/', 'loopback'],
      ['http://[::ffff:7f00:1]/', 'loopback'],
      ['http://[::127.0.0.1]/', 'loopback'],
      ['http://[::ffff:0:127.0.0.1]/', 'loopback'],
      ['http://[64:ff9b::127.0.0.1]/', 'loopback'],
      ['http://[2002:7f00:1::]/', 'loopback'],
      ['http://169.254.169.254/latest/meta-data/', 'link-local'],
      ['http://[fe80::1]/', 'link-local'],
      ['http://10.1.2.3/', 'private'],
      ['http://172.16.0.1/', 'private'],
      ['http://192.168.1.1/', 'private'],
      ['http://100.64.0.1/', 'private'],
      ['http://[64:ff9b::10.0.0.1]/', 'private'],
      ['http://[2002:c0a8:101::]/', 'private'],
      ['http://[fc00::1]/', 'unique-local'],
      ['http://[fd12:3456::1]/', 'unique-local'],
      ['http://0.0.0.0/', 'unspecified'],
      ['http://0/', 'unspecified'],
      ['http://[::]/', 'unspecified'],
      ['http://224.0.0.1/', 'multicast'],
      ['http://[ff02::1]/', 'multicast'],
      ['http://255.255.255.255/', 'broadcast'],
      ['http://240.0.0.1/', 'reserved'],
      ['http://192.0.2.1/', 'reserved'],
      ['http://[2001:db8::1]/', 'reserved'],
      ['http://[::8.8.8.8]/', 'reserved'],
    ];
    for (const [url, category] of cases) {
      expect(await refusal(guard, url), url).toMatch(new RegExp(`^refused: resolves to an? ${category} address$`));
    }
  });

  it('refuses a name when any one of its addresses is not public', async () => {
    expect(await refusal(guard, 'http://internal.example.com/')).toBe('refused: resolves to a private address');
    expect(await refusal(guard, 'http://mixed.example.com/')).toBe('refused: resolves to a loopback address');
    expect(await refusal(guard, 'http://mapped.example.com/')).toBe('refused: resolves to a link-local address');
    expect(await refusal(guard, 'http://nowhere.example.com/')).toBe('refused: the host name does not resolve');
  });

  it('refuses other schemes and user names in URLs', async () => {
    expect(await refusal(guard, 'ftp://hooks.example.com/')).toBe('refused: only http:// and https:// URLs');
    expect(await refusal(guard, 'file:///etc/passwd')).toBe('refused: only http:// and https:// URLs');
    expect(await refusal(guard, 'http://user:secret@hooks.example.com/')).toMatch(/user names and passwords/);
    expect(await refusal(guard, 'http://hooks.example.com@127.0.0.1/')).toMatch(/user names and passwords/);
  });

  it("lets the operator's allow-list through: names, addresses and prefixes, and nothing beside them", async () => {
    const allowing = new EgressGuard({
      allow: parseEgressAllow(['127.0.0.1', 'Receiver.Internal', '10.0.0.0/8', 'fd00::/8']),
      resolve: resolver({
        'receiver.internal.': ['192.168.7.7'],
        'other.internal': ['10.9.9.9', '192.168.7.7'],
      }),
    });
    for (const url of [
      'http://127.0.0.1:9/',
      'http://[::ffff:127.0.0.1]/',
      'http://receiver.internal./hook',
      'http://10.200.1.1/',
      'http://[fd00::5]/',
    ]) {
      expect(await refusal(allowing, url), url).toBe('allowed');
    }
    expect(await refusal(allowing, 'http://127.0.0.2/')).toBe('refused: resolves to a loopback address');
    expect(await refusal(allowing, 'http://localhost/')).toBe('refused: the host name does not resolve');
    expect(await refusal(allowing, 'http://other.internal/')).toBe('refused: resolves to a private address');
    expect(await refusal(allowing, 'http://[::1]/')).toBe('refused: resolves to a loopback address');
  });
});

describe(parseEgressAllow.name, () => {
  it('names what is wrong with an entry', () => {
    expect(egressAllowProblem('receiver.internal')).toBeUndefined();
    expect(egressAllowProblem('2001:db8::/32')).toBeUndefined();
    expect(egressAllowProblem('10.0.0.0/33')).toBe('the prefix length must be 0 to 32');
    expect(egressAllowProblem('::1/129')).toBe('the prefix length must be 0 to 128');
    for (const entry of ['foo bar', '2130706433', '0x7f.1', '[::1]', 'http://x', 'x/8', '-x.example', '']) {
      expect(egressAllowProblem(entry), entry).toBe('not a host name, an IP address or a CIDR prefix');
    }
    expect(() => parseEgressAllow(['127.0.0.1', 'bad entry'])).toThrow(
      'egress allow-list entry "bad entry": not a host name, an IP address or a CIDR prefix',
    );
  });
});

describe(pinnedLookup.name, () => {
  const checked: ResolvedAddress[] = [
    { address: '203.0.113.5', family: 4 },
    { address: '2001:db8::5', family: 6 },
  ];
  const ask = (options: { family?: number; all?: boolean }) =>
    new Promise<{ error: Error | null; address: string | LookupAddress[]; family?: number }>((resolve) =>
      pinnedLookup(checked)('rebound.example.com', options, (error, address, family) =>
        resolve({ error, address, family }),
      ),
    );

  it('answers only the checked addresses, whatever the name would resolve to now', async () => {
    expect(await ask({ all: true })).toMatchObject({ error: null, address: checked });
    expect(await ask({})).toMatchObject({ error: null, address: '203.0.113.5', family: 4 });
    expect(await ask({ family: 6 })).toMatchObject({ error: null, address: '2001:db8::5', family: 6 });
    const none = await new Promise<Error | null>((resolve) =>
      pinnedLookup([checked[0]!])('x', { family: 6 }, (error) => resolve(error)),
    );
    expect(none).toBeInstanceOf(Error);
  });
});
