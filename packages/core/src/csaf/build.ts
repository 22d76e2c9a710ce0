import { scoreCvss31 } from '../cvss/cvss31.js';
import { scoreCvss40 } from '../cvss/cvss40.js';
import { CvssError } from '../cvss/types.js';
import { cvss31Properties } from './mandatory.js';
import { validateCsaf, type CsafProblem, type CsafValidation } from './validate.js';

/** One released version of an advisory, for `tracking.revision_history`. */
export interface CsafRevision {
  /** CSAF integer version: 1, 2, … */
  version: number;
  /** ISO 8601 date-time of the release. */
  date: string;
  summary: string;
}

/** What a CSAF security advisory is built from: a coordinated case and its release history. */
export interface CsafAdvisoryInput {
  /** document.tracking.id, e.g. CYNEX-VU-2026-0001. */
  trackingId: string;
  title: string;
  /** Language of the texts (BCP 47), e.g. 'en' or 'ja'. */
  lang: string;
  publisher: { name: string; namespace: string; contactDetails?: string };
  vendor: string;
  product: string;
  /** Affected versions (each a version, or a range in words such as "<= 2.3"). */
  affectedVersions: string[];
  fixedVersions: string[];
  cve?: string | null;
  cwe?: { id: string; name: string } | null;
  cvss31Vector?: string | null;
  cvss40Vector?: string | null;
  summary: string;
  description: string;
  /** How the reporter is credited; empty for no acknowledgment. */
  reporterCredit?: string;
  /** The public advisory page (the document's self reference). */
  advisoryUrl: string;
  /** Every release, the one being built last; numbers 1…n. */
  revisions: CsafRevision[];
  /** Version of cynex, for tracking.generator. */
  generatorVersion?: string;
  /** When the document is generated (default: the last revision's date). */
  generatedAt?: string;
}

const RANGE = /[<>=*]|\b(before|prior|through|up to|and (earlier|later)|all)\b|以前|以降|まで|未満|全/i;

function cvssNoteText(vector: string): string {
  const s = scoreCvss40(vector);
  return (
    `${vector} — base score ${s.baseScore.toFixed(1)} (${s.severity}). ` +
    'CSAF 2.0 has no field for CVSS v4.0 scores, so the vector is given in this note.'
  );
}

/**
 * Builds a CSAF 2.0 document (profile csaf_security_advisory) for one vulnerability of one product and validates
 * it (schema and the implemented mandatory tests). Problems with the input (e.g. an invalid CVSS vector) are
 * reported in `validation` with test "input" rather than thrown, so a caller can show them all.
 *
 * Products: vendor → product name → one branch per affected and per fixed version (`product_version`, or
 * `product_version_range` when the text is a range); the affected ones are `known_affected`, the fixed ones
 * `fixed`. The CVSS 3.1 score goes to `scores[].cvss_v3`; CVSS 4.0 has no slot in CSAF 2.0 and goes to a
 * vulnerability note titled "CVSS v4.0".
 * @example buildCsafAdvisory(input).validation.valid // true
 */
export function buildCsafAdvisory(input: CsafAdvisoryInput): {
  document: Record<string, unknown>;
  validation: CsafValidation;
} {
  const inputProblems: CsafProblem[] = [];
  const revisions = [...input.revisions].sort((a, b) => a.version - b.version);
  const first = revisions[0];
  const last = revisions[revisions.length - 1];
  if (!first || !last)
    inputProblems.push({ test: 'input', path: 'revisions', message: 'At least one release is needed' });

  // One product per distinct version text: a version listed as both affected and fixed is one product with two
  // statuses, which mandatory test 6.1.6 then reports, rather than two products hiding the contradiction.
  const leaves = new Map<string, { id: string; branch: Record<string, unknown> }>();
  const leaf = (name: string) => {
    const known = leaves.get(name);
    if (known) return { ...known, fresh: false };
    const productId = `CSAFPID-${String(leaves.size + 1).padStart(4, '0')}`;
    const made = {
      id: productId,
      branch: {
        category: RANGE.test(name) ? 'product_version_range' : 'product_version',
        name,
        product: { name: `${input.vendor} ${input.product} ${name}`, product_id: productId },
      },
    };
    leaves.set(name, made);
    return { ...made, fresh: true };
  };
  const affectedNames = input.affectedVersions.length > 0 ? input.affectedVersions : [];
  const affected = affectedNames.map(leaf);
  const fixed = input.fixedVersions.map(leaf);
  const productBranch: Record<string, unknown> = { category: 'product_name', name: input.product };
  let affectedIds = affected.map((a) => a.id);
  if (affected.length + fixed.length > 0) {
    productBranch.branches = [...affected, ...fixed].filter((x) => x.fresh).map((x) => x.branch);
  } else {
    // No versions known: the product as a whole is affected.
    productBranch.product = { name: `${input.vendor} ${input.product}`, product_id: 'CSAFPID-0001' };
    affectedIds = ['CSAFPID-0001'];
  }
  if (affectedIds.length === 0) {
    inputProblems.push({ test: 'input', path: 'affectedVersions', message: 'At least one affected version is needed' });
  }

  const scores: Record<string, unknown>[] = [];
  if (input.cvss31Vector) {
    try {
      const s = scoreCvss31(input.cvss31Vector);
      scores.push({
        products: affectedIds,
        cvss_v3: {
          version: '3.1',
          vectorString: s.vector,
          baseScore: s.baseScore,
          baseSeverity: s.severity,
          ...cvss31Properties(s.vector),
        },
      });
    } catch (e) {
      if (!(e instanceof CvssError)) throw e;
      inputProblems.push({ test: 'input', path: 'cvss31Vector', message: e.message });
    }
  }
  const notes: Record<string, unknown>[] = [
    { category: 'summary', title: 'Summary', text: input.summary || input.title },
  ];
  if (input.description) notes.push({ category: 'description', title: 'Description', text: input.description });
  if (input.cvss40Vector) {
    try {
      notes.push({ category: 'other', title: 'CVSS v4.0', text: cvssNoteText(input.cvss40Vector) });
    } catch (e) {
      if (!(e instanceof CvssError)) throw e;
      inputProblems.push({ test: 'input', path: 'cvss40Vector', message: e.message });
    }
  }

  const vulnerability: Record<string, unknown> = {
    title: input.title,
    notes,
    product_status: {
      known_affected: affectedIds,
      ...(fixed.length > 0 ? { fixed: fixed.map((f) => f.id) } : {}),
    },
    references: [{ category: 'self', summary: 'Advisory', url: input.advisoryUrl }],
  };
  if (input.cve) vulnerability.cve = input.cve;
  if (input.cwe) vulnerability.cwe = { id: input.cwe.id, name: input.cwe.name || input.cwe.id };
  if (scores.length > 0) vulnerability.scores = scores;
  if (input.fixedVersions.length > 0) {
    vulnerability.remediations = [
      { category: 'vendor_fix', details: `Update to ${input.fixedVersions.join(', ')}.`, product_ids: affectedIds },
    ];
  }
  const credit = input.reporterCredit?.trim();
  if (credit) vulnerability.acknowledgments = [{ names: [credit], summary: 'Reported the vulnerability' }];

  const document: Record<string, unknown> = {
    document: {
      category: 'csaf_security_advisory',
      csaf_version: '2.0',
      distribution: { tlp: { label: 'WHITE', url: 'https://www.first.org/tlp/' } },
      lang: input.lang,
      notes: [{ category: 'summary', title: 'Summary', text: input.summary || input.title }],
      publisher: {
        category: 'coordinator',
        name: input.publisher.name,
        namespace: input.publisher.namespace,
        ...(input.publisher.contactDetails ? { contact_details: input.publisher.contactDetails } : {}),
      },
      references: [{ category: 'self', summary: 'This advisory', url: input.advisoryUrl }],
      title: input.title,
      tracking: {
        current_release_date: last?.date,
        generator: {
          date: input.generatedAt ?? last?.date,
          engine: { name: 'cynex', ...(input.generatorVersion ? { version: input.generatorVersion } : {}) },
        },
        id: input.trackingId,
        initial_release_date: first?.date,
        revision_history: revisions.map((r) => ({ date: r.date, number: String(r.version), summary: r.summary })),
        status: 'final',
        version: String(last?.version ?? ''),
      },
    },
    product_tree: { branches: [{ category: 'vendor', name: input.vendor, branches: [productBranch] }] },
    vulnerabilities: [vulnerability],
  };
  const validation = validateCsaf(document);
  if (inputProblems.length > 0)
    return { document, validation: { valid: false, errors: [...inputProblems, ...validation.errors] } };
  return { document, validation };
}
