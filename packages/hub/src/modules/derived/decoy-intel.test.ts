import { describe, expect, it } from 'vitest';
import { validateStixObject } from '@cynex/core';
import { decoyIntel, type SessionForIntel } from './decoy-intel.js';

const AT = new Date('2026-12-01T10:00:00Z');
const session = (extra: Partial<SessionForIntel> = {}): SessionForIntel => ({
  id: '3d4c1b9e-5a6f-4e7d-8c9b-0a1b2c3d4e5f',
  owner: { orgId: '0a7e4c1d-2b3f-4c5d-8e9f-0a1b2c3d4e5f', name: "O'Brien & Co.", anonymise: false },
  marking: 'GREEN',
  srcIp: '2001:db8::bad',
  protocol: 'ssh',
  startedAt: AT,
  lastEventAt: new Date(AT.getTime() + 60_000),
  authAttempts: 3,
  commands: 0,
  events: 5,
  techniques: ['T1110.001'],
  transfers: [],
  ...extra,
});
const patterns = (objects: Record<string, unknown>[]) =>
  objects.filter((o) => o.type === 'indicator').map((o) => [o.pattern, o.indicator_types]);

describe(decoyIntel.name, () => {
  it('derives an anomalous IPv6 indicator from password guessing, valid STIX throughout', () => {
    const objects = decoyIntel(session(), new Date('2026-12-02T00:00:00Z'));
    expect(patterns(objects)).toEqual([["[ipv6-addr:value = '2001:db8::bad']", ['anomalous-activity']]]);
    expect(objects.find((o) => o.type === 'ipv6-addr')).toMatchObject({ value: '2001:db8::bad' });
    for (const object of objects) expect(validateStixObject(object), String(object.type)).toEqual([]);
  });

  it('leaves out files the attacker only read and URLs of private or local hosts', () => {
    const at = new Date(AT.getTime() + 10_000).toISOString();
    const objects = decoyIntel(
      session({
        commands: 2,
        transfers: [
          { kind: 'file', time: at, action: 'read', path: '/etc/shadow', sha256: 'a'.repeat(64) },
          { kind: 'download', time: at, url: 'http://192.168.1.10/x.sh' },
          { kind: 'download', time: at, url: 'http://localhost/x.sh' },
          { kind: 'download', time: at, url: 'not a url' },
          { kind: 'download', time: at, url: "http://dl.example.net/it's.sh", sha256: 'b'.repeat(64) },
          { kind: 'download', time: at, url: "http://dl.example.net/it's.sh" },
        ],
      }),
      AT,
    );
    expect(patterns(objects)).toEqual([
      ["[ipv6-addr:value = '2001:db8::bad']", ['malicious-activity']],
      [`[file:hashes.'SHA-256' = '${'b'.repeat(64)}']`, ['malicious-activity']],
      ["[url:value = 'http://dl.example.net/it\\'s.sh']", ['malicious-activity']],
    ]);
    const url = objects.find((o) => o.type === 'indicator' && String(o.pattern).startsWith('[url'))!;
    const sighting = objects.find((o) => o.type === 'sighting' && o.sighting_of_ref === url.id);
    expect(sighting).toMatchObject({ count: 2, first_seen: at, last_seen: at });
    for (const object of objects) expect(validateStixObject(object), String(object.type)).toEqual([]);
  });

  it('derives nothing from a connection that never tried to log in, nor from a private address', () => {
    expect(decoyIntel(session({ authAttempts: 0, techniques: [] }), AT)).toEqual([]);
    for (const srcIp of ['10.1.2.3', '192.168.0.9', '127.0.0.1', 'fd00::5', 'fe80::1', '::1']) {
      expect(decoyIntel(session({ srcIp, commands: 3 }), AT), srcIp).toEqual([]);
    }
  });

  it('names "a cynex member" and nothing of the organisation when it anonymises', () => {
    const objects = decoyIntel(session({ owner: { ...session().owner, anonymise: true } }), AT);
    expect(JSON.stringify(objects)).not.toContain("O'Brien");
    expect(JSON.stringify(objects)).not.toContain(session().owner.orgId);
    expect(objects.filter((o) => o.type === 'identity')).toEqual([
      expect.objectContaining({ name: 'a cynex member', identity_class: 'organization' }),
    ]);
  });
});
