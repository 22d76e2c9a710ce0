import * as basic from '@secvisogram/csaf-validator-lib/basic.js';
import validate, { type DocumentTest } from '@secvisogram/csaf-validator-lib/validate.js';
import { describe, expect, it } from 'vitest';
import bsi from '../../data/csaf/examples/bsi-2022-0001.json' with { type: 'json' };
import cisco from '../../data/csaf/examples/cisco-sa-20180328-smi2.json' with { type: 'json' };
import rhsa from '../../data/csaf/examples/rhsa-2021_5186.json' with { type: 'json' };
import { buildCsafAdvisory, type CsafAdvisoryInput } from './build.js';
import { cweName } from './cwe.js';
import { validateCsaf } from './validate.js';

/*
 * Our CSAF documents checked by the reference: BSI's csaf-validator-lib (the library behind Secvisogram and the
 * CSAF validator service), its strict schema test and every mandatory test it implements. What we build must pass
 * it, and our own validator must agree with it on the published examples and on broken documents.
 */

type Test = DocumentTest;
const REFERENCE_TESTS = Object.values(basic).filter((t): t is Test => typeof t === 'function');

async function reference(doc: unknown): Promise<{ valid: boolean; failed: string[] }> {
  const result = await validate(REFERENCE_TESTS, doc);
  const failed = result.tests.filter((t) => !t.isValid).map((t) => `${t.name}: ${JSON.stringify(t.errors)}`);
  return { valid: result.isValid, failed };
}

const base: CsafAdvisoryInput = {
  trackingId: 'CYNEX-VU-2026-0007',
  title: 'Example DVR: OS command injection in the web interface',
  lang: 'en',
  publisher: { name: 'CYNEX', namespace: 'https://cynex.example' },
  vendor: 'Example Corp',
  product: 'Example DVR',
  affectedVersions: ['2.3.0', '<= 2.3.9'],
  fixedVersions: ['2.4.1'],
  cve: 'CVE-2022-35733',
  cwe: { id: 'CWE-78', name: cweName('CWE-78')! },
  cvss31Vector: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H',
  cvss40Vector: 'CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N',
  summary: 'An unauthenticated attacker can run commands on the recorder.',
  description: 'The time-zone field of the settings page is passed to a shell.',
  reporterCredit: 'NICT CSRI',
  advisoryUrl: 'https://cynex.example/p/en/advisories/CYNEX-VU-2026-0007',
  revisions: [{ version: 1, date: '2026-12-01T00:00:00.000Z', summary: 'Initial release' }],
};

const variants: [string, CsafAdvisoryInput][] = [
  ['a full English advisory', base],
  [
    'a Japanese advisory without CVE, CWE or CVSS',
    {
      ...base,
      lang: 'ja',
      title: 'Example DVR における OS コマンドインジェクション',
      summary: '認証されていない攻撃者がレコーダー上で任意のコマンドを実行できる。',
      description: '設定画面のタイムゾーン欄がシェルに渡される。',
      cve: null,
      cwe: null,
      cvss31Vector: null,
      cvss40Vector: null,
      affectedVersions: ['2.3 以前'],
      reporterCredit: '',
    },
  ],
  [
    'a third version with three releases in its history',
    {
      ...base,
      revisions: [
        { version: 1, date: '2026-12-01T00:00:00.000Z', summary: 'Initial release' },
        { version: 2, date: '2026-12-03T09:30:00.000Z', summary: 'Fixed version for the 2.3 line' },
        { version: 3, date: '2026-12-05T00:00:00.000Z', summary: 'CVE assigned' },
      ],
    },
  ],
  ['no fixed version yet', { ...base, fixedVersions: [] }],
];

describe('CSAF documents against BSI csaf-validator-lib (reference)', () => {
  it.each(variants)('%s passes the reference schema and mandatory tests', async (_name, input) => {
    const built = buildCsafAdvisory(input);
    expect(built.validation.errors).toEqual([]);
    expect(await reference(built.document)).toEqual({ valid: true, failed: [] });
  });

  it.each([
    ['bsi-2022-0001', bsi],
    ['cisco-sa-20180328-smi2', cisco],
    ['rhsa-2021_5186', rhsa],
  ])('agrees with the reference on the published example %s', async (_name, doc) => {
    const ours = validateCsaf(doc);
    expect(ours.valid).toBe((await reference(doc)).valid);
  });

  it('agrees with the reference that broken documents are invalid', async () => {
    const broken: unknown[] = [];
    interface Built {
      document: { title?: string; tracking: { version: string } };
      vulnerabilities: { scores: { cvss_v3: { baseScore: number } }[]; product_status: { known_affected: string[] } }[];
    }
    const clone = () => structuredClone(buildCsafAdvisory(base).document) as unknown as Built;
    const noTitle = clone();
    delete noTitle.document.title;
    broken.push(noTitle);
    const badScore = clone();
    badScore.vulnerabilities[0]!.scores[0]!.cvss_v3.baseScore = 5.0;
    broken.push(badScore);
    const unknownProduct = clone();
    unknownProduct.vulnerabilities[0]!.product_status.known_affected.push('CSAFPID-9999');
    broken.push(unknownProduct);
    const wrongVersion = clone();
    wrongVersion.document.tracking.version = '2';
    broken.push(wrongVersion);
    for (const doc of broken) {
      expect(validateCsaf(doc).valid).toBe(false);
      expect((await reference(doc)).valid).toBe(false);
    }
  });
});

describe(cweName.name, () => {
  it("gives CWE's own name, as the reference's 6.1.11 expects, and nothing for an unknown id", async () => {
    expect(cweName('CWE-79')).toBe(
      "Improper Neutralization of Input During Web Page Generation ('Cross-site Scripting')",
    );
    expect(cweName('CWE-999999')).toBeUndefined();
    expect(cweName('constructor')).toBeUndefined();
    const wrongName = buildCsafAdvisory({ ...base, cwe: { id: 'CWE-78', name: 'Command injection' } });
    expect(wrongName.validation.errors.map((e) => e.test)).toEqual(['6.1.11']);
    expect((await reference(wrongName.document)).valid).toBe(false);
  });
});
