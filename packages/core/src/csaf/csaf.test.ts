import { describe, expect, it } from 'vitest';
import bsi from '../../data/csaf/examples/bsi-2022-0001.json' with { type: 'json' };
import cisco from '../../data/csaf/examples/cisco-sa-20180328-smi2.json' with { type: 'json' };
import rhsa from '../../data/csaf/examples/rhsa-2021_5186.json' with { type: 'json' };
import { buildCsafAdvisory, type CsafAdvisoryInput } from './build.js';
import { validateCsaf } from './validate.js';

/** The parts of a CSAF document these tests change (the examples are schema-valid, so the shape holds). */
interface Revision {
  date: string;
  number: string;
  summary: string;
}
interface Branch {
  category: string;
  name: string;
  branches: Branch[];
  product: { name: string; product_id: string };
}
interface Score {
  products: string[];
  cvss_v3: { version: string; vectorString: string; baseScore: number; attackVector?: string };
}
interface Vulnerability {
  notes?: { title?: string; text?: string }[];
  product_status?: Record<string, string[]>;
  remediations?: unknown[];
  scores?: Score[];
  cve?: string;
  acknowledgments?: { names: string[] }[];
}
interface Doc {
  document: {
    title?: string;
    tracking: { status: string; version: string; revision_history: Revision[] } & Record<string, unknown>;
  };
  product_tree: { branches: Branch[]; relationships?: unknown[] };
  vulnerabilities?: Vulnerability[];
}

const EXAMPLES: Record<string, unknown> = {
  'bsi-2022-0001.json': bsi,
  'cisco-sa-20180328-smi2.json': cisco,
  'rhsa-2021_5186.json': rhsa,
};
const example = (name: string): Doc => structuredClone(EXAMPLES[name]) as Doc;
/** The first vulnerability of a document that has one. */
const vuln0 = (doc: Doc): Vulnerability => doc.vulnerabilities?.[0] as Vulnerability;
const versionBranches = (doc: Doc): Branch[] => doc.product_tree.branches[0]?.branches[0]?.branches ?? [];
const tests = (doc: unknown) => validateCsaf(doc).errors.map((e) => e.test);

describe(validateCsaf.name, () => {
  it.each(Object.keys(EXAMPLES))('accepts the published example %s (schema and mandatory tests)', (name) => {
    expect(validateCsaf(example(name))).toEqual({ valid: true, errors: [] });
  });

  it('reports schema errors with the JSON pointer of the problem', () => {
    const doc = example('bsi-2022-0001.json');
    delete doc.document.title;
    doc.document.tracking.status = 'done';
    const { valid, errors } = validateCsaf(doc);
    expect(valid).toBe(false);
    expect(errors).toContainEqual({
      test: 'schema',
      path: '/document',
      message: "must have required property 'title'",
    });
    expect(errors.some((e) => e.test === 'schema' && e.path === '/document/tracking/status')).toBe(true);
  });

  it('finds 6.1.1 (undefined product id) and 6.1.2 (product id defined twice)', () => {
    const doc = example('bsi-2022-0001.json');
    const affected = vuln0(doc).product_status?.known_affected ?? [];
    affected.push('CSAFPID-9999');
    const [v0, v1] = versionBranches(doc);
    if (v0 && v1) v1.product.product_id = v0.product.product_id;
    const { errors } = validateCsaf(doc);
    expect(errors).toContainEqual({
      test: '6.1.1',
      path: `/vulnerabilities/0/product_status/known_affected/${affected.length - 1}`,
      message: 'Product ID "CSAFPID-9999" is not defined in the product tree',
    });
    expect(tests(doc)).toContain('6.1.2');
  });

  it('finds 6.1.3 (a relationship defining a product from itself)', () => {
    const doc = example('bsi-2022-0001.json');
    doc.product_tree.relationships = [
      {
        category: 'installed_on',
        product_reference: 'CSAFPID-0100',
        relates_to_product_reference: 'CSAFPID-0001',
        full_product_name: { name: 'loop', product_id: 'CSAFPID-0100' },
      },
    ];
    expect(tests(doc)).toContain('6.1.3');
  });

  it('finds 6.1.6 (a product both affected and fixed)', () => {
    const doc = example('bsi-2022-0001.json');
    const status = vuln0(doc).product_status ?? {};
    status.fixed = [...(status.fixed ?? []), ...(status.known_affected ?? []).slice(0, 1)];
    expect(tests(doc)).toContain('6.1.6');
  });

  it('finds 6.1.7, 6.1.8, 6.1.9 and 6.1.10 in CVSS 3.1 scores', () => {
    const doc = example('bsi-2022-0001.json');
    const scores = vuln0(doc).scores ?? [];
    const score = scores[0] as Score;
    expect(score.cvss_v3.version).toBe('3.1');
    scores.push(structuredClone(score));
    // One problem per product scored twice.
    expect(tests(doc)).toEqual(score.products.map(() => '6.1.7'));

    const wrongScore = example('bsi-2022-0001.json');
    const v3 = (vuln0(wrongScore).scores?.[0] as Score).cvss_v3;
    v3.baseScore = v3.baseScore === 9.9 ? 9.8 : 9.9;
    expect(tests(wrongScore)).toContain('6.1.9');

    const inconsistent = example('bsi-2022-0001.json');
    (vuln0(inconsistent).scores?.[0] as Score).cvss_v3.attackVector = 'PHYSICAL';
    expect(validateCsaf(inconsistent).errors).toContainEqual(
      expect.objectContaining({ test: '6.1.10', path: '/vulnerabilities/0/scores/0/cvss_v3/attackVector' }),
    );

    const repeated = example('bsi-2022-0001.json');
    const r = (vuln0(repeated).scores?.[0] as Score).cvss_v3;
    r.vectorString = `${r.vectorString}/AV:N`;
    expect(validateCsaf(repeated).errors).toContainEqual(
      expect.objectContaining({ test: '6.1.8', message: 'Metric AV is given more than once' }),
    );
  });

  it('finds revision history problems: 6.1.14, 6.1.16, 6.1.21, 6.1.22', () => {
    const doc = example('cisco-sa-20180328-smi2.json');
    const history = doc.document.tracking.revision_history;
    const [h1, h2] = [history[1] as Revision, history[2] as Revision];
    [h1.date, h2.date] = [h2.date, h1.date];
    expect(tests(doc)).toContain('6.1.14');

    const version = example('bsi-2022-0001.json');
    version.document.tracking.version = '2';
    expect(tests(version)).toEqual(expect.arrayContaining(['6.1.16']));

    const gap = example('bsi-2022-0001.json');
    gap.document.tracking.revision_history.push({ date: '2022-04-01T00:00:00.000Z', number: '3', summary: 'x' });
    gap.document.tracking.version = '3';
    expect(tests(gap)).toEqual(['6.1.21']);

    const twice = example('bsi-2022-0001.json');
    twice.document.tracking.revision_history.push({ ...(twice.document.tracking.revision_history[0] as Revision) });
    expect(tests(twice)).toContain('6.1.22');
  });

  it('finds 6.1.17 and 6.1.18 (version 0 in a final document)', () => {
    const doc = example('bsi-2022-0001.json');
    doc.document.tracking.version = '0';
    (doc.document.tracking.revision_history[0] as Revision).number = '0';
    expect(tests(doc)).toEqual(expect.arrayContaining(['6.1.17', '6.1.18']));
  });

  it('finds the security advisory profile tests 6.1.27.5, 6.1.27.6 and 6.1.27.11', () => {
    const doc = example('bsi-2022-0001.json');
    const v = vuln0(doc);
    delete v.notes;
    delete v.product_status;
    delete v.remediations;
    delete v.scores;
    expect(tests(doc)).toEqual(['6.1.27.5', '6.1.27.6']);
    const none = example('bsi-2022-0001.json');
    delete none.vulnerabilities;
    expect(tests(none)).toEqual(['6.1.27.11']);
  });
});

const input = (over: Partial<CsafAdvisoryInput> = {}): CsafAdvisoryInput => ({
  trackingId: 'CYNEX-VU-2026-0001',
  title: 'Example DVR: authentication bypass',
  lang: 'en',
  publisher: { name: 'CYNEX', namespace: 'https://cynex.example' },
  vendor: 'Example Corp',
  product: 'Example DVR',
  affectedVersions: ['1.0', '<= 1.2'],
  fixedVersions: ['1.3'],
  cve: 'CVE-2022-35733',
  cwe: { id: 'CWE-288', name: 'Authentication Bypass Using an Alternate Path or Channel' },
  cvss31Vector: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H',
  cvss40Vector: 'CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N',
  summary: 'Remote attackers can log in without credentials.',
  description: 'The web interface accepts a crafted session cookie.',
  reporterCredit: 'NICT CSRI',
  advisoryUrl: 'https://cynex.example/p/en/advisories/CYNEX-VU-2026-0001',
  revisions: [{ version: 1, date: '2026-12-01T00:00:00.000Z', summary: 'Initial release' }],
  ...over,
});

describe(buildCsafAdvisory.name, () => {
  it('builds a schema-valid security advisory passing the mandatory tests', () => {
    const { document, validation } = buildCsafAdvisory(input());
    expect(validation).toEqual({ valid: true, errors: [] });
    const doc = document as unknown as Doc & {
      vulnerabilities: (Vulnerability & { notes: { title: string; text: string }[]; remediations: unknown[] })[];
    };
    expect(doc.document.tracking).toMatchObject({ id: 'CYNEX-VU-2026-0001', status: 'final', version: '1' });
    const vuln = vuln0(doc);
    expect(vuln.cve).toBe('CVE-2022-35733');
    expect(vuln.scores?.[0]?.cvss_v3).toMatchObject({
      baseScore: 9.8,
      baseSeverity: 'CRITICAL',
      attackVector: 'NETWORK',
    });
    expect(vuln.product_status).toEqual({ known_affected: ['CSAFPID-0001', 'CSAFPID-0002'], fixed: ['CSAFPID-0003'] });
    expect(versionBranches(doc).map((b) => b.category)).toEqual([
      'product_version',
      'product_version_range',
      'product_version',
    ]);
    expect(vuln.remediations?.[0]).toMatchObject({
      category: 'vendor_fix',
      product_ids: ['CSAFPID-0001', 'CSAFPID-0002'],
    });
    expect(vuln.notes?.find((n) => n.title === 'CVSS v4.0')?.text).toContain('base score 9.3 (CRITICAL)');
    expect(vuln.acknowledgments?.[0]?.names).toEqual(['NICT CSRI']);
  });

  it('lists every earlier version in the revision history', () => {
    const { document, validation } = buildCsafAdvisory(
      input({
        revisions: [
          { version: 2, date: '2026-12-05T00:00:00.000Z', summary: 'Fixed version added' },
          { version: 1, date: '2026-12-01T00:00:00.000Z', summary: 'Initial release' },
        ],
      }),
    );
    expect(validation.valid).toBe(true);
    const tracking = (document as unknown as Doc).document.tracking;
    expect(tracking.revision_history.map((r) => r.number)).toEqual(['1', '2']);
    expect(tracking).toMatchObject({
      version: '2',
      initial_release_date: '2026-12-01T00:00:00.000Z',
      current_release_date: '2026-12-05T00:00:00.000Z',
    });
  });

  it('reports a version listed as both affected and fixed as contradicting (6.1.6)', () => {
    const { validation } = buildCsafAdvisory(input({ affectedVersions: ['1.0', '1.3'], fixedVersions: ['1.3'] }));
    expect(validation.valid).toBe(false);
    expect(validation.errors).toEqual([
      {
        test: '6.1.6',
        path: '/vulnerabilities/0/product_status/fixed/0',
        message: 'Product ID "CSAFPID-0002" is both affected and fixed',
      },
    ]);
  });

  it('reports input problems instead of throwing', () => {
    const { validation } = buildCsafAdvisory(
      input({ cvss31Vector: 'CVSS:3.1/AV:N', affectedVersions: [], fixedVersions: ['2'] }),
    );
    expect(validation.valid).toBe(false);
    expect(validation.errors).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ test: 'input', path: 'cvss31Vector' }),
        expect.objectContaining({ test: 'input', path: 'affectedVersions' }),
      ]),
    );
  });
});
