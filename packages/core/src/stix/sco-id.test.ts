import { describe, expect, it } from 'vitest';
import { canonicalJson } from './canonical-json.js';
import { scoId } from './sco-id.js';
import { sha1, toHex, uuidV5 } from './uuid-v5.js';

const utf8 = (text: string): Uint8Array => new TextEncoder().encode(text);

describe(scoId.name, () => {
  // Values published elsewhere: the STIX 2.1 specification's identifier example (section 2.7) and the OASIS
  // python-stix2 tests (stix2/test/v21/test_deterministic_ids.py).
  it('derives the ids the specification and the OASIS library derive', () => {
    expect(scoId({ type: 'ipv4-addr', value: '198.51.100.3' })).toBe('ipv4-addr--28bb3599-77cd-5a82-a950-b5bc3caf07c4');
    const file = {
      type: 'file',
      name: 'example.exe',
      size: 68 * 1000,
      magic_number_hex: '50000000',
      hashes: { 'SHA-256': '841a8921140aba50671ebb0770fecc4ee308c4952cfeff8de154ab14eeef4649' },
      extensions: {
        'windows-pebinary-ext': {
          pe_type: 'exe',
          machine_hex: '014c',
          sections: [
            {
              name: '.data',
              size: 4096,
              entropy: 7.980693,
              hashes: { 'SHA-256': '6e3b6f3978e5cd96ba7abee35c24e867b7e64072e2ecb22d0ee7a6e6af6894d0' },
            },
          ],
        },
      },
    };
    expect(scoId(file)).toBe('file--ced31cd4-bdcb-537d-aefa-92d291bfc11d');
    const registryKey = {
      type: 'windows-registry-key',
      values: [
        { name: 'Foo', data: 'qwerty' },
        { name: 'Bar', data: '42' },
      ],
    };
    expect(scoId(registryKey)).toBe('windows-registry-key--36594eba-bcc7-5014-9835-0e154264e588');
  });

  it('does not depend on key order or on properties that do not contribute', () => {
    const a = { type: 'network-traffic', src_ref: 'ipv4-addr--1', dst_port: 443, protocols: ['ipv4', 'tcp'] };
    const b = { protocols: ['ipv4', 'tcp'], dst_port: 443, type: 'network-traffic', src_ref: 'ipv4-addr--1', x: 1 };
    expect(scoId(a)).toBe(scoId(b));
    expect(scoId(a)).toMatch(/^network-traffic--[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(scoId({ ...a, dst_port: 80 })).not.toBe(scoId(a));
    expect(scoId({ type: 'email-addr', value: 'a@example.com', display_name: 'A' })).toBe(
      scoId({ display_name: 'B', value: 'a@example.com', type: 'email-addr' }),
    );
  });

  it('uses one hash, the first of MD5, SHA-1, SHA-256, SHA-512 present', () => {
    const md5 = 'd41d8cd98f00b204e9800998ecf8427e';
    const sha256 = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';
    expect(scoId({ type: 'artifact', hashes: { 'SHA-256': sha256, MD5: md5 } })).toBe(
      scoId({ type: 'artifact', hashes: { MD5: md5 } }),
    );
    expect(scoId({ type: 'artifact', hashes: { 'SHA-256': sha256, 'SHA3-256': 'aa' } })).toBe(
      scoId({ type: 'artifact', hashes: { 'SHA-256': sha256 } }),
    );
    expect(() => scoId({ type: 'artifact', hashes: {} })).toThrow(TypeError);
  });

  it('gives no id where the specification wants a random one', () => {
    expect(scoId({ type: 'process', pid: 4 })).toBeUndefined();
    expect(scoId({ type: 'email-message', is_multipart: false })).toBeUndefined();
    expect(scoId({ type: 'x-acme-sensor', value: 'a' })).toBeUndefined();
    expect(scoId({ type: 'indicator', value: 'a' })).toBeUndefined();
  });
});

describe(canonicalJson.name, () => {
  it('writes RFC 8785 canonical JSON', () => {
    expect(canonicalJson({ b: [1, 'x', null], a: 1.5e3, c: { z: true, y: undefined } })).toBe(
      '{"a":1500,"b":[1,"x",null],"c":{"z":true}}',
    );
    expect(canonicalJson({ '\u20ac': 1, '\r': 2, '\ud83d\ude00': 3, a: 4 })).toBe('{"\\r":2,"a":4,"€":1,"😀":3}');
    expect(canonicalJson([1e21, 1e-7, -0, 0.1])).toBe('[1e+21,1e-7,0,0.1]');
    expect(() => canonicalJson({ a: Number.NaN })).toThrow(TypeError);
  });
});

describe(uuidV5.name, () => {
  it('matches RFC 9562 and the FIPS 180 SHA-1 vectors', () => {
    expect(uuidV5('6ba7b810-9dad-11d1-80b4-00c04fd430c8', 'www.example.com')).toBe(
      '2ed6657d-e927-568b-95e1-2665a8aea6a2',
    );
    expect(toHex(sha1(utf8('abc')))).toBe('a9993e364706816aba3e25717850c26c9cd0d89d');
    expect(toHex(sha1(utf8('')))).toBe('da39a3ee5e6b4b0d3255bfef95601890afd80709');
    expect(toHex(sha1(utf8('abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq')))).toBe(
      '84983e441c3bd26ebaae4aa1f95129e5e54670f1',
    );
    expect(toHex(sha1(utf8('a'.repeat(1_000_000))))).toBe('34aa973cd4c4daa4f61eeb2bdbad27316534016f');
  });
});
