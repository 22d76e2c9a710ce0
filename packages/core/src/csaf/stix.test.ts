import { describe, expect, it } from 'vitest';
import { validateStixBundle } from '../stix/validate.js';
import { buildStixAdvisory } from './stix.js';

describe(buildStixAdvisory.name, () => {
  const input = {
    trackingId: 'CYNEX-VU-2026-0001',
    version: 2,
    title: 'Example DVR: authentication bypass',
    description: 'Remote attackers can log in without credentials.',
    cve: 'CVE-2022-35733',
    cwe: { id: 'CWE-288', name: 'Authentication Bypass Using an Alternate Path or Channel' },
    advisoryUrl: 'https://cynex.example/p/en/advisories/CYNEX-VU-2026-0001',
    publisherName: 'CYNEX',
    published: '2026-12-05T00:00:00Z',
    firstPublished: '2026-12-01T00:00:00Z',
  };

  it('builds a valid bundle with a vulnerability and a report referencing it', () => {
    const bundle = buildStixAdvisory(input);
    expect(validateStixBundle(bundle).every((entry) => entry.problems.length === 0)).toBe(true);
    const [vulnerability, report] = bundle.objects as [{ id: string; external_references: unknown[] }, unknown];
    expect(vulnerability).toMatchObject({ type: 'vulnerability', name: 'CVE-2022-35733' });
    expect(vulnerability.external_references).toEqual(
      expect.arrayContaining([
        { source_name: 'cve', external_id: 'CVE-2022-35733' },
        expect.objectContaining({ source_name: 'cwe', external_id: 'CWE-288' }),
        expect.objectContaining({ url: input.advisoryUrl, external_id: 'CYNEX-VU-2026-0001' }),
      ]),
    );
    expect(report).toMatchObject({
      type: 'report',
      report_types: ['vulnerability'],
      published: '2026-12-05T00:00:00.000Z',
      object_refs: [vulnerability.id],
      created: '2026-12-01T00:00:00.000Z',
    });
  });

  it('keeps the same object ids across versions and names the vulnerability by its reference without a CVE', () => {
    const a = buildStixAdvisory(input);
    const b = buildStixAdvisory({ ...input, version: 3, cve: null, cwe: null });
    expect(b.objects.map((o) => o.id)).toEqual(a.objects.map((o) => o.id));
    expect(b.id).not.toBe(a.id);
    expect(b.objects[0]).toMatchObject({ name: 'CYNEX-VU-2026-0001' });
  });
});
