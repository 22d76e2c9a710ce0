import { describe, expect, it } from 'vitest';
import { validateStixObject } from '@cynex/core';
import { caseIntel, observablesIn } from './case-intel.js';

describe(observablesIn.name, () => {
  it('finds public addresses, domains and URLs an analyst wrote, not file names or private addresses', () => {
    expect(
      observablesIn(
        'Beacon to 203.0.113.9:443 and c2.example.org, fetched http://dl.example.net/a.sh. ' +
          'Dropped invoice.pdf and gate.php; scanned 192.168.1.4 and 10.1.2.3; IPv6 2001:db8::7 too.',
      ),
    ).toEqual([
      { kind: 'url', value: 'http://dl.example.net/a.sh' },
      { kind: 'ipv4', value: '203.0.113.9' },
      { kind: 'domain', value: 'c2.example.org' },
      { kind: 'ipv6', value: '2001:db8::7' },
    ]);
  });
});

describe(caseIntel.name, () => {
  it('gives valid STIX even for a case with no family, behaviours or samples', () => {
    const objects = caseIntel({
      id: '6f1c1f0e-8f0a-4a51-9a59-1d3f5b8e1a01',
      caseId: 'CL1_2026_1',
      ownerOrgId: '0a7e4c1d-2b3f-4c5d-8e9f-0a1b2c3d4e5f',
      ownerName: "O'Brien & Co.",
      anonymise: false,
      marking: 'CLEAR',
      malwareFamily: 'unknown',
      sampleName: '',
      progressLevel: 1,
      summaryEn: '',
      createdAt: new Date('2026-11-01T00:00:00Z'),
      updatedAt: new Date('2026-11-01T00:00:00Z'),
      behaviours: [],
      samples: [],
    });
    expect(objects.map((o) => o.type)).toEqual(['identity', 'incident']);
    for (const object of objects) expect(validateStixObject(object)).toEqual([]);
  });
});
