import { describe, expect, it } from 'vitest';
import { classify, normalise, stixObjectValues, stixPatternValues, valuesIn } from './observed-value.js';

describe(normalise.name, () => {
  it('writes addresses canonically and clears a prefix host bits', () => {
    expect(normalise('ip', ' 203.0.113.7 ')).toBe('203.0.113.7');
    expect(normalise('ip', '2001:DB8:0:0:0:0:0:1')).toBe('2001:db8::1');
    expect(normalise('ip', '::ffff:192.0.2.1')).toBe('192.0.2.1');
    expect(normalise('ip', '203.0.113.9/24')).toBe('203.0.113.0/24');
    expect(normalise('ip', '203.0.113.7/32')).toBe('203.0.113.7');
    expect(normalise('ip', '10.0.0.0/4')).toBeUndefined();
    expect(normalise('ip', '203.0.113.256')).toBeUndefined();
  });

  it('lower-cases domains, hashes, e-mail addresses, URL schemes and hosts, families', () => {
    expect(normalise('domain', 'C2.Evil.Example.')).toBe('c2.evil.example');
    expect(normalise('domain', 'invoice.pdf')).toBeUndefined();
    expect(normalise('hash', 'D41D8CD98F00B204E9800998ECF8427E')).toBe('d41d8cd98f00b204e9800998ecf8427e');
    expect(normalise('hash', 'abc')).toBeUndefined();
    expect(normalise('email', 'Ops@Evil.Example')).toBe('ops@evil.example');
    expect(normalise('url', 'HTTP://Evil.Example/Gate.php?ID=1')).toBe('http://evil.example/Gate.php?ID=1');
    expect(normalise('url', 'https://evil.example/')).toBe('https://evil.example');
    expect(normalise('family', '  Mirai   Botnet ')).toBe('mirai botnet');
    expect(normalise('family', 'unknown')).toBeUndefined();
  });

  it('upper-cases ATT&CK and CVE ids', () => {
    expect(normalise('attack', 't1059.004')).toBe('T1059.004');
    expect(normalise('attack', 'T105')).toBeUndefined();
    expect(normalise('cve', 'cve-2021-44228')).toBe('CVE-2021-44228');
  });
});

describe(classify.name, () => {
  it.each([
    ['203.0.113.7', 'ip', '203.0.113.7'],
    ['203.0.113.0/24', 'ip', '203.0.113.0/24'],
    ['2001:db8::/32', 'ip', '2001:db8::/32'],
    ['CVE-2024-3094', 'cve', 'CVE-2024-3094'],
    ['T1059', 'attack', 'T1059'],
    ['t1059.004', 'attack', 'T1059.004'],
    ['44d88612fea8a8f36de82e1278abb02f', 'hash', '44d88612fea8a8f36de82e1278abb02f'],
    ['3395856ce81f2b7382dee72602f798b642f14140', 'hash', '3395856ce81f2b7382dee72602f798b642f14140'],
    [
      '275a021bbfb6489e54d471899f7db9d1663fc695ec2fe2a2c4538aabf651fd0f',
      'hash',
      '275a021bbfb6489e54d471899f7db9d1663fc695ec2fe2a2c4538aabf651fd0f',
    ],
    ['phish@evil.example', 'email', 'phish@evil.example'],
    ['http://evil.example/a', 'url', 'http://evil.example/a'],
    ['Evil.Example', 'domain', 'evil.example'],
    ['Emotet', 'family', 'emotet'],
  ])('%s is %s', (raw, kind, value) => {
    expect(classify(raw)).toEqual({ kind, value });
  });

  it('classifies nothing for empty or symbol-only text', () => {
    expect(classify('   ')).toBeUndefined();
    expect(classify('!!!')).toBeUndefined();
    expect(classify('x'.repeat(3000))).toBeUndefined();
  });
});

describe(valuesIn.name, () => {
  it('finds addresses, domains, URLs, e-mail addresses, hashes, CVE and ATT&CK ids in free text', () => {
    const found = valuesIn(
      'Beacon to 203.0.113.7:443 and c2.evil.example every 60 s; downloaded http://dl.evil.example/x.sh, ' +
        'wrote invoice.pdf and gate.php (sha256 275A021BBFB6489E54D471899F7DB9D1663FC695EC2FE2A2C4538AABF651FD0F); ' +
        'mail from boss@evil.example; exploits CVE-2021-44228 via T1190; LAN 192.168.1.5.',
    );
    expect(found).toEqual(
      expect.arrayContaining([
        { kind: 'ip', value: '203.0.113.7' },
        { kind: 'domain', value: 'c2.evil.example' },
        { kind: 'url', value: 'http://dl.evil.example/x.sh' },
        { kind: 'email', value: 'boss@evil.example' },
        { kind: 'hash', value: '275a021bbfb6489e54d471899f7db9d1663fc695ec2fe2a2c4538aabf651fd0f' },
        { kind: 'cve', value: 'CVE-2021-44228' },
        { kind: 'attack', value: 'T1190' },
      ]),
    );
    const values = found.map((v) => v.value);
    expect(values).not.toContain('invoice.pdf');
    expect(values).not.toContain('gate.php');
    expect(values).not.toContain('192.168.1.5');
    expect(values).not.toContain('evil.example');
  });
});

describe(stixPatternValues.name, () => {
  it('reads the values of comparison expressions', () => {
    expect(
      stixPatternValues(
        "[ipv4-addr:value = '198.51.100.1'] OR [ipv4-addr:value ISSUBSET '198.51.100.0/24'] OR " +
          "[file:hashes.'SHA-256' = 'AB'] OR [file:hashes.MD5 = '44d88612fea8a8f36de82e1278abb02f'] OR " +
          "[domain-name:value = 'Evil.Example'] AND [url:value = 'http://evil.example/x'] OR " +
          "[email-addr:value = 'a@evil.example'] OR [process:name = 'evil.example']",
      ),
    ).toEqual([
      { kind: 'ip', value: '198.51.100.1' },
      { kind: 'ip', value: '198.51.100.0/24' },
      { kind: 'hash', value: '44d88612fea8a8f36de82e1278abb02f' },
      { kind: 'domain', value: 'evil.example' },
      { kind: 'url', value: 'http://evil.example/x' },
      { kind: 'email', value: 'a@evil.example' },
    ]);
  });
});

describe(stixObjectValues.name, () => {
  it('takes SCO values, ATT&CK ids, malware names and CVE ids', () => {
    expect(stixObjectValues({ type: 'ipv6-addr', value: '2001:DB8::1' })).toEqual([
      { kind: 'ip', value: '2001:db8::1' },
    ]);
    expect(
      stixObjectValues({
        type: 'attack-pattern',
        external_references: [
          { source_name: 'mitre-attack', external_id: 'T1059.004' },
          { source_name: 'capec', external_id: 'CAPEC-1' },
        ],
      }),
    ).toEqual([{ kind: 'attack', value: 'T1059.004' }]);
    expect(stixObjectValues({ type: 'malware', name: 'Mirai', aliases: ['Okiru'] })).toEqual([
      { kind: 'family', value: 'mirai' },
      { kind: 'family', value: 'okiru' },
    ]);
    expect(
      stixObjectValues({
        type: 'vulnerability',
        name: 'Log4Shell',
        external_references: [{ source_name: 'cve', external_id: 'CVE-2021-44228' }],
      }),
    ).toEqual([{ kind: 'cve', value: 'CVE-2021-44228' }]);
    expect(stixObjectValues({ type: 'identity', name: 'ACME' })).toEqual([]);
  });
});
