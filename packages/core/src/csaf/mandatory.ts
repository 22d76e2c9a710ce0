import { scoreCvss31 } from '../cvss/cvss31.js';
import { CvssError } from '../cvss/types.js';
import { parseCvssVector } from '../cvss/vector.js';
import { cweName } from './cwe.js';
import type { CsafProblem } from './validate.js';

type Obj = Record<string, unknown>;
type Doc = Obj;

/**
 * The CSAF 2.0 mandatory tests (§6.1) implemented, by id. Not implemented: 6.1.12 language codes beyond the
 * schema's pattern, 6.1.13 PURL, 6.1.24 involvements, 6.1.25 hash algorithms, 6.1.26 prohibited category names,
 * 6.1.27.7–10 (VEX profile), 6.1.31 version ranges, 6.1.33 VEX flags; 6.1.11 checks id and name against
 * MITRE's list (data/cwe); 6.1.8–6.1.10 check CVSS 3.1 only (3.0 and 2.0 scores are left to the schema).
 */
export const CSAF_MANDATORY_TESTS: Readonly<Record<string, string>> = {
  '6.1.1': 'Missing definition of product ID',
  '6.1.2': 'Multiple definition of product ID',
  '6.1.3': 'Circular definition of product ID',
  '6.1.4': 'Missing definition of product group ID',
  '6.1.5': 'Multiple definition of product group ID',
  '6.1.6': 'Contradicting product status',
  '6.1.7': 'Multiple scores with same version per product',
  '6.1.8': 'Invalid CVSS',
  '6.1.9': 'Invalid CVSS computation',
  '6.1.10': 'Inconsistent CVSS',
  '6.1.11': 'CWE',
  '6.1.14': 'Sorted revision history',
  '6.1.15': 'Translator',
  '6.1.16': 'Latest document version',
  '6.1.17': 'Document status draft',
  '6.1.18': 'Released revision history',
  '6.1.19': 'Revision history entries for pre-release versions',
  '6.1.20': 'Non-draft document version',
  '6.1.21': 'Missing item in revision history',
  '6.1.22': 'Multiple definition in revision history',
  '6.1.23': 'Multiple use of same CVE',
  '6.1.27.4': 'Product tree (security advisory profile)',
  '6.1.27.5': 'Vulnerability notes (security advisory profile)',
  '6.1.27.6': 'Product status (security advisory profile)',
  '6.1.27.11': 'Vulnerabilities (security advisory profile)',
  '6.1.28': 'Translation',
  '6.1.29': 'Remediation without product reference',
  '6.1.30': 'Mixed integer and semantic versioning',
  '6.1.32': 'Flag without product reference',
};

const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const objs = (v: unknown): Obj[] => (Array.isArray(v) ? v.filter(isObj) : []);
const strs = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);
const obj = (v: unknown): Obj => (isObj(v) ? v : {});
const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

class Problems {
  readonly list: CsafProblem[] = [];
  add(test: string, path: string, message: string): void {
    this.list.push({ test, path, message });
  }
}

/** Every place a product id is defined: branches (recursively), full_product_names, relationships. */
function productDefinitions(tree: Obj): { id: string; path: string }[] {
  const found: { id: string; path: string }[] = [];
  const walk = (branches: unknown, path: string) =>
    objs(branches).forEach((b, i) => {
      const id = str(obj(b.product).product_id);
      if (id !== undefined) found.push({ id, path: `${path}/${i}/product/product_id` });
      walk(b.branches, `${path}/${i}/branches`);
    });
  walk(tree.branches, '/product_tree/branches');
  objs(tree.full_product_names).forEach((p, i) => {
    const id = str(p.product_id);
    if (id !== undefined) found.push({ id, path: `/product_tree/full_product_names/${i}/product_id` });
  });
  objs(tree.relationships).forEach((r, i) => {
    const id = str(obj(r.full_product_name).product_id);
    if (id !== undefined) found.push({ id, path: `/product_tree/relationships/${i}/full_product_name/product_id` });
  });
  return found;
}

const STATUS_GROUPS: Record<string, string> = {
  first_affected: 'affected',
  known_affected: 'affected',
  last_affected: 'affected',
  known_not_affected: 'not affected',
  first_fixed: 'fixed',
  fixed: 'fixed',
  under_investigation: 'under investigation',
};

/** Every product id reference outside the definitions, with its JSON pointer. */
function productReferences(doc: Doc): { id: string; path: string }[] {
  const refs: { id: string; path: string }[] = [];
  const add = (v: unknown, path: string) => strs(v).forEach((id, i) => refs.push({ id, path: `${path}/${i}` }));
  const tree = obj(doc.product_tree);
  objs(tree.product_groups).forEach((g, i) => add(g.product_ids, `/product_tree/product_groups/${i}/product_ids`));
  objs(tree.relationships).forEach((r, i) => {
    for (const key of ['product_reference', 'relates_to_product_reference']) {
      const id = str(r[key]);
      if (id !== undefined) refs.push({ id, path: `/product_tree/relationships/${i}/${key}` });
    }
  });
  objs(doc.vulnerabilities).forEach((v, vi) => {
    const base = `/vulnerabilities/${vi}`;
    for (const [key, list] of Object.entries(obj(v.product_status))) add(list, `${base}/product_status/${key}`);
    objs(v.remediations).forEach((r, i) => add(r.product_ids, `${base}/remediations/${i}/product_ids`));
    objs(v.scores).forEach((s, i) => add(s.products, `${base}/scores/${i}/products`));
    objs(v.threats).forEach((t, i) => add(t.product_ids, `${base}/threats/${i}/product_ids`));
    objs(v.flags).forEach((f, i) => add(f.product_ids, `${base}/flags/${i}/product_ids`));
  });
  return refs;
}

function productTests(doc: Doc, p: Problems): void {
  const tree = obj(doc.product_tree);
  const definitions = productDefinitions(tree);
  const defined = new Set<string>();
  for (const d of definitions) {
    if (defined.has(d.id)) p.add('6.1.2', d.path, `Product ID "${d.id}" is defined more than once`);
    defined.add(d.id);
  }
  for (const r of productReferences(doc)) {
    if (!defined.has(r.id)) p.add('6.1.1', r.path, `Product ID "${r.id}" is not defined in the product tree`);
  }
  // 6.1.3: a relationship's product must not be built (directly or through other relationships) from itself.
  const parts = new Map<string, string[]>();
  for (const r of objs(tree.relationships)) {
    const id = str(obj(r.full_product_name).product_id);
    if (id === undefined) continue;
    parts.set(
      id,
      [str(r.product_reference), str(r.relates_to_product_reference)].filter((x): x is string => !!x),
    );
  }
  objs(tree.relationships).forEach((r, i) => {
    const id = str(obj(r.full_product_name).product_id);
    if (id === undefined) return;
    const stack = [...(parts.get(id) ?? [])];
    const seen = new Set<string>();
    while (stack.length > 0) {
      const next = stack.pop() as string;
      if (next === id) {
        p.add('6.1.3', `/product_tree/relationships/${i}`, `Product ID "${id}" is defined in terms of itself`);
        return;
      }
      if (seen.has(next)) continue;
      seen.add(next);
      stack.push(...(parts.get(next) ?? []));
    }
  });
  // 6.1.4 / 6.1.5: product group ids.
  const groups = new Set<string>();
  objs(tree.product_groups).forEach((g, i) => {
    const id = str(g.group_id);
    if (id === undefined) return;
    if (groups.has(id))
      p.add('6.1.5', `/product_tree/product_groups/${i}/group_id`, `Group ID "${id}" is defined more than once`);
    groups.add(id);
  });
  objs(doc.vulnerabilities).forEach((v, vi) => {
    const check = (list: unknown, path: string) =>
      strs(list).forEach((id, i) => {
        if (!groups.has(id)) p.add('6.1.4', `${path}/${i}`, `Product group ID "${id}" is not defined`);
      });
    objs(v.remediations).forEach((r, i) => check(r.group_ids, `/vulnerabilities/${vi}/remediations/${i}/group_ids`));
    objs(v.threats).forEach((t, i) => check(t.group_ids, `/vulnerabilities/${vi}/threats/${i}/group_ids`));
    objs(v.flags).forEach((f, i) => check(f.group_ids, `/vulnerabilities/${vi}/flags/${i}/group_ids`));
  });
}

const CVSS31_PROPERTIES: Record<string, { key: string; values: Record<string, string> }> = {
  attackVector: { key: 'AV', values: { N: 'NETWORK', A: 'ADJACENT_NETWORK', L: 'LOCAL', P: 'PHYSICAL' } },
  attackComplexity: { key: 'AC', values: { L: 'LOW', H: 'HIGH' } },
  privilegesRequired: { key: 'PR', values: { N: 'NONE', L: 'LOW', H: 'HIGH' } },
  userInteraction: { key: 'UI', values: { N: 'NONE', R: 'REQUIRED' } },
  scope: { key: 'S', values: { U: 'UNCHANGED', C: 'CHANGED' } },
  confidentialityImpact: { key: 'C', values: { H: 'HIGH', L: 'LOW', N: 'NONE' } },
  integrityImpact: { key: 'I', values: { H: 'HIGH', L: 'LOW', N: 'NONE' } },
  availabilityImpact: { key: 'A', values: { H: 'HIGH', L: 'LOW', N: 'NONE' } },
};

/**
 * The CVSS 3.1 metric properties of a FIRST cvss-v3.1 JSON object that a vector implies (for the builder and
 * 6.1.10).
 * @example cvss31Properties('CVSS:3.1/AV:N/…').attackVector // 'NETWORK'
 */
export function cvss31Properties(vector: string): Record<string, string> {
  const m = parseCvssVector('3.1', vector);
  const out: Record<string, string> = {};
  for (const [prop, def] of Object.entries(CVSS31_PROPERTIES)) {
    const value = def.values[m[def.key] ?? ''];
    if (value !== undefined) out[prop] = value;
  }
  return out;
}

function vulnerabilityTests(doc: Doc, p: Problems): void {
  const cves = new Map<string, number>();
  objs(doc.vulnerabilities).forEach((v, vi) => {
    const base = `/vulnerabilities/${vi}`;
    // 6.1.6
    const statusOf = new Map<string, string>();
    for (const [key, list] of Object.entries(obj(v.product_status))) {
      const group = STATUS_GROUPS[key];
      if (group === undefined) continue;
      strs(list).forEach((id, i) => {
        const other = statusOf.get(id);
        if (other !== undefined && other !== group) {
          p.add('6.1.6', `${base}/product_status/${key}/${i}`, `Product ID "${id}" is both ${other} and ${group}`);
        }
        statusOf.set(id, group);
      });
    }
    // 6.1.7 – 6.1.10
    const scored = new Map<string, string>();
    objs(v.scores).forEach((s, si) => {
      const path = `${base}/scores/${si}`;
      const versions = [
        isObj(s.cvss_v2) ? `2:${str(s.cvss_v2.version) ?? ''}` : undefined,
        isObj(s.cvss_v3) ? `3:${str(s.cvss_v3.version) ?? ''}` : undefined,
      ].filter((x): x is string => !!x);
      for (const id of strs(s.products)) {
        for (const version of versions) {
          const key = `${id}\n${version}`;
          if (scored.has(key)) {
            p.add('6.1.7', `${path}/products`, `Product ID "${id}" has more than one CVSS ${version.slice(2)} score`);
          }
          scored.set(key, path);
        }
      }
      const v3 = s.cvss_v3;
      if (!isObj(v3) || v3.version !== '3.1') return;
      const vector = str(v3.vectorString) ?? '';
      let computed;
      try {
        computed = scoreCvss31(vector);
      } catch (e) {
        if (e instanceof CvssError) p.add('6.1.8', `${path}/cvss_v3/vectorString`, e.message);
        else throw e;
        return;
      }
      if (v3.baseScore !== computed.baseScore) {
        p.add(
          '6.1.9',
          `${path}/cvss_v3/baseScore`,
          `baseScore is ${String(v3.baseScore)} but the vector computes to ${computed.baseScore}`,
        );
      }
      if (v3.baseSeverity !== computed.severity) {
        p.add(
          '6.1.9',
          `${path}/cvss_v3/baseSeverity`,
          `baseSeverity is ${String(v3.baseSeverity)} but the vector gives ${computed.severity}`,
        );
      }
      const implied = cvss31Properties(vector);
      for (const [prop, value] of Object.entries(implied)) {
        if (prop in v3 && v3[prop] !== value) {
          p.add('6.1.10', `${path}/cvss_v3/${prop}`, `${prop} is ${String(v3[prop])} but the vector says ${value}`);
        }
      }
    });
    // 6.1.11: the id is one CWE knows, quoted with CWE's name for it.
    const cwe = obj(v.cwe);
    if (typeof cwe.id === 'string') {
      const name = cweName(cwe.id);
      if (name === undefined) p.add('6.1.11', `${base}/cwe/id`, `"${cwe.id}" is not a CWE id`);
      else if (cwe.name !== name) p.add('6.1.11', `${base}/cwe/name`, `the name of ${cwe.id} is "${name}"`);
    }
    // 6.1.23
    const cve = str(v.cve);
    if (cve !== undefined) {
      if (cves.has(cve)) p.add('6.1.23', `${base}/cve`, `${cve} is used by vulnerability ${cves.get(cve)} too`);
      else cves.set(cve, vi);
    }
    // 6.1.29 / 6.1.32
    objs(v.remediations).forEach((r, i) => {
      if (strs(r.product_ids).length === 0 && strs(r.group_ids).length === 0) {
        p.add('6.1.29', `${base}/remediations/${i}`, 'The remediation names no product_ids or group_ids');
      }
    });
    objs(v.flags).forEach((f, i) => {
      if (strs(f.product_ids).length === 0 && strs(f.group_ids).length === 0) {
        p.add('6.1.32', `${base}/flags/${i}`, 'The flag names no product_ids or group_ids');
      }
    });
  });
}

interface Version {
  integer: boolean;
  major: number;
  zero: boolean;
  prerelease: boolean;
  /** Without build metadata (and without pre-release when `dropPre`). */
  core: (dropPre: boolean) => string;
}

const SEMVER = /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-([0-9A-Za-z.-]+))?(?:\+([0-9A-Za-z.-]+))?$/;

function parseVersion(v: string): Version | undefined {
  if (/^(0|[1-9]\d*)$/.test(v)) {
    return { integer: true, major: Number(v), zero: v === '0', prerelease: false, core: () => v };
  }
  const m = SEMVER.exec(v);
  if (!m) return undefined;
  const [, major = '0', minor = '0', patch = '0', pre] = m;
  return {
    integer: false,
    major: Number(major),
    zero: major === '0',
    prerelease: pre !== undefined,
    core: (dropPre) => `${major}.${minor}.${patch}${pre !== undefined && !dropPre ? `-${pre}` : ''}`,
  };
}

function compareSemver(a: string, b: string): number {
  const pa = a.split(/[-+]/)[0]?.split('.').map(Number) ?? [];
  const pb = b.split(/[-+]/)[0]?.split('.').map(Number) ?? [];
  for (let i = 0; i < 3; i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}

function trackingTests(doc: Doc, p: Problems): void {
  const document = obj(doc.document);
  const tracking = obj(document.tracking);
  const status = str(tracking.status);
  const versionText = str(tracking.version) ?? '';
  const version = parseVersion(versionText);
  const history = objs(tracking.revision_history).map((r, i) => ({
    i,
    number: str(r.number) ?? '',
    date: Date.parse(str(r.date) ?? ''),
  }));
  const parsed = history.map((h) => parseVersion(h.number));
  // 6.1.30
  const kinds = new Set([version, ...parsed].filter((x): x is Version => !!x).map((x) => x.integer));
  if (kinds.size > 1) p.add('6.1.30', '/document/tracking', 'Integer and semantic versioning are mixed');
  // 6.1.14: numbers ascending when sorted by date.
  const byDate = [...history].sort((a, b) => a.date - b.date || a.i - b.i);
  for (let k = 1; k < byDate.length; k++) {
    const prev = byDate[k - 1]!;
    const cur = byDate[k]!;
    const ordered =
      kinds.has(true) && !kinds.has(false)
        ? Number(prev.number) <= Number(cur.number)
        : compareSemver(prev.number, cur.number) <= 0;
    if (!ordered) {
      p.add(
        '6.1.14',
        `/document/tracking/revision_history/${cur.i}`,
        `Revision ${cur.number} is dated after revision ${prev.number} but numbered before it`,
      );
    }
  }
  // 6.1.16: version = number of the latest revision (by date, ties by number).
  const latest = byDate[byDate.length - 1];
  if (latest && version) {
    const latestVersion = parseVersion(latest.number);
    const dropPre = status === 'draft';
    if (latestVersion && latestVersion.core(dropPre) !== version.core(dropPre)) {
      p.add(
        '6.1.16',
        '/document/tracking/version',
        `The document version is ${versionText} but the latest revision is ${latest.number}`,
      );
    }
  }
  // 6.1.17 / 6.1.18 / 6.1.19 / 6.1.20
  if (version && (version.zero || version.prerelease) && status !== 'draft') {
    p.add('6.1.17', '/document/tracking/status', `Version ${versionText} requires the status draft`);
  }
  if (status === 'final' || status === 'interim') {
    if (version?.prerelease)
      p.add('6.1.20', '/document/tracking/version', `A ${status} document cannot have a pre-release version`);
    parsed.forEach((v, i) => {
      if (v?.zero)
        p.add(
          '6.1.18',
          `/document/tracking/revision_history/${i}/number`,
          `A ${status} document's history cannot have version ${history[i]!.number}`,
        );
    });
  }
  parsed.forEach((v, i) => {
    if (v?.prerelease)
      p.add(
        '6.1.19',
        `/document/tracking/revision_history/${i}/number`,
        `Revision ${history[i]!.number} is a pre-release version`,
      );
  });
  // 6.1.21: major versions start at 0 or 1 and have no gaps.
  const majors = [...new Set(parsed.filter((v): v is Version => !!v).map((v) => v.major))].sort((a, b) => a - b);
  if (majors.length > 0) {
    const first = majors[0]!;
    if (first > 1)
      p.add(
        '6.1.21',
        '/document/tracking/revision_history',
        `The revision history starts at version ${first}, not 0 or 1`,
      );
    for (let k = 1; k < majors.length; k++) {
      if (majors[k]! !== majors[k - 1]! + 1) {
        p.add(
          '6.1.21',
          '/document/tracking/revision_history',
          `Version ${majors[k - 1]! + 1} is missing from the revision history`,
        );
      }
    }
  }
  // 6.1.22
  const numbers = new Set<string>();
  history.forEach((h) => {
    if (numbers.has(h.number))
      p.add(
        '6.1.22',
        `/document/tracking/revision_history/${h.i}/number`,
        `Revision ${h.number} is listed more than once`,
      );
    numbers.add(h.number);
  });
}

function documentTests(doc: Doc, p: Problems): void {
  const document = obj(doc.document);
  const publisher = obj(document.publisher);
  if (publisher.category === 'translator' && document.source_lang === undefined) {
    p.add('6.1.15', '/document/source_lang', 'A translator must give the source language');
  }
  if (document.lang !== undefined && document.lang === document.source_lang) {
    p.add('6.1.28', '/document/source_lang', 'The source language is the same as the language');
  }
  if (document.category === 'csaf_security_advisory') {
    if (!isObj(doc.product_tree)) p.add('6.1.27.4', '/product_tree', 'A security advisory must have a product tree');
    if (!Array.isArray(doc.vulnerabilities)) {
      p.add('6.1.27.11', '/vulnerabilities', 'A security advisory must have vulnerabilities');
    }
    objs(doc.vulnerabilities).forEach((v, i) => {
      if (!Array.isArray(v.notes))
        p.add('6.1.27.5', `/vulnerabilities/${i}/notes`, 'Each vulnerability of a security advisory must have notes');
      if (!isObj(v.product_status)) {
        p.add(
          '6.1.27.6',
          `/vulnerabilities/${i}/product_status`,
          'Each vulnerability of a security advisory must have a product status',
        );
      }
    });
  }
}

/**
 * Runs the implemented CSAF 2.0 mandatory tests on a schema-valid document; an empty list means it passes them.
 * @example runMandatoryTests(doc).map((p) => p.test) // ['6.1.16']
 */
export function runMandatoryTests(doc: Doc): CsafProblem[] {
  const p = new Problems();
  productTests(doc, p);
  vulnerabilityTests(doc, p);
  trackingTests(doc, p);
  documentTests(doc, p);
  return p.list;
}
