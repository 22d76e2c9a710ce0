import { describe, expect, it } from 'vitest';
import { blocklistEntries } from './blocklist.js';

describe(blocklistEntries.name, () => {
  it('finds the values compared with = in a pattern, with their kind', () => {
    expect(
      blocklistEntries(
        "[ipv4-addr:value = '198.51.100.7'] OR [domain-name:value = 'Evil.Example'] OR " +
          "[file:hashes.'SHA-256' = 'AA00'] OR [url:value = 'http://203.0.113.9/x.sh'] OR [ipv6-addr:value = '2001:db8::1']",
      ),
    ).toEqual([
      { kind: 'ipv4', value: '198.51.100.7' },
      { kind: 'domain', value: 'evil.example' },
      { kind: 'sha256', value: 'aa00' },
      { kind: 'url', value: 'http://203.0.113.9/x.sh' },
      { kind: 'ipv6', value: '2001:db8::1' },
    ]);
  });

  it('leaves out what is not one value to block, and values that would break a line', () => {
    expect(blocklistEntries("[domain-name:value LIKE '%.example']")).toEqual([]);
    expect(blocklistEntries("[process:name = 'x.exe']")).toEqual([]);
    expect(blocklistEntries("[url:value = 'http://a/\\'b']")).toEqual([{ kind: 'url', value: "http://a/'b" }]);
    expect(blocklistEntries("[domain-name:value = 'a.example\nb.example']")).toEqual([]);
  });
});
