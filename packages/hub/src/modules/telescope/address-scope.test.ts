import { describe, expect, it } from 'vitest';
import { uncheckableReason } from './address-scope.js';

describe(uncheckableReason.name, () => {
  it.each([
    ['127.0.0.1', 'loopback'],
    ['::1', 'loopback'],
    ['::ffff:127.0.0.1', 'loopback'],
    ['10.1.2.3', 'private'],
    ['172.16.0.1', 'private'],
    ['172.31.255.255', 'private'],
    ['192.168.1.10', 'private'],
    ['fd12:3456::1', 'private'],
    ['100.64.0.1', 'shared'],
    ['100.127.255.254', 'shared'],
    ['169.254.10.20', 'link-local'],
    ['fe80::1', 'link-local'],
    ['0.0.0.0', 'unspecified'],
    ['240.0.0.1', 'reserved'],
    ['not an address', 'reserved'],
  ])('%s cannot be checked: %s', (address, reason) => {
    expect(uncheckableReason(address)).toBe(reason);
  });

  it.each(['203.0.113.5', '198.51.100.7', '8.8.8.8', '172.32.0.1', '100.128.0.1', '2001:db8::5', '2400:4050::1'])(
    '%s is a public address and can be checked',
    (address) => {
      expect(uncheckableReason(address)).toBeUndefined();
    },
  );
});
