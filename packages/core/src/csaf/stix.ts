import { uuidV5 } from '../stix/uuid-v5.js';
import { validateStixBundle } from '../stix/validate.js';

/** Namespace of the deterministic ids of advisory objects (so re-exporting a version gives the same ids). */
const ADVISORY_NAMESPACE = '5d0f3c0e-6a0b-4f4e-9f55-0c9b2f1a7e21';

/** What the STIX view of a published advisory is built from. */
export interface StixAdvisoryInput {
  trackingId: string;
  version: number;
  title: string;
  description: string;
  cve?: string | null;
  cwe?: { id: string; name?: string } | null;
  advisoryUrl: string;
  /** Publisher name, used as the advisory reference's source_name. */
  publisherName: string;
  /** ISO 8601 release time of this version. */
  published: string;
  /** ISO 8601 first release time (the objects' `created`). */
  firstPublished: string;
}

const stixTime = (iso: string) => new Date(iso).toISOString();

/**
 * A STIX 2.1 bundle for an advisory version: a `vulnerability` (named by its CVE id, else the tracking id, with
 * CVE, CWE and advisory external references) and a `report` (report_types ['vulnerability']) referencing it.
 * Ids are UUIDv5 of the tracking id, so every version describes the same objects (`modified` moves on).
 * @throws Error when the result does not validate against the STIX 2.1 schemas (a bug, not an input problem).
 * @example buildStixAdvisory(input).objects.map((o) => o.type) // ['vulnerability', 'report']
 */
export function buildStixAdvisory(input: StixAdvisoryInput): {
  type: 'bundle';
  id: string;
  objects: Record<string, unknown>[];
} {
  const created = stixTime(input.firstPublished);
  const modified = stixTime(input.published);
  const externalReferences: Record<string, unknown>[] = [];
  if (input.cve) externalReferences.push({ source_name: 'cve', external_id: input.cve });
  if (input.cwe) {
    const n = input.cwe.id.replace(/^CWE-/, '');
    externalReferences.push({
      source_name: 'cwe',
      external_id: input.cwe.id,
      url: `https://cwe.mitre.org/data/definitions/${n}.html`,
      ...(input.cwe.name ? { description: input.cwe.name } : {}),
    });
  }
  externalReferences.push({ source_name: input.publisherName, external_id: input.trackingId, url: input.advisoryUrl });
  const vulnerabilityId = `vulnerability--${uuidV5(ADVISORY_NAMESPACE, `${input.trackingId}|vulnerability`)}`;
  const vulnerability = {
    type: 'vulnerability',
    spec_version: '2.1',
    id: vulnerabilityId,
    created,
    modified,
    name: input.cve || input.trackingId,
    description: input.description || input.title,
    external_references: externalReferences,
  };
  const report = {
    type: 'report',
    spec_version: '2.1',
    id: `report--${uuidV5(ADVISORY_NAMESPACE, `${input.trackingId}|report`)}`,
    created,
    modified,
    name: input.title,
    description: input.description || input.title,
    report_types: ['vulnerability'],
    published: modified,
    object_refs: [vulnerabilityId],
    external_references: [
      {
        source_name: input.publisherName,
        external_id: `${input.trackingId} v${input.version}`,
        url: input.advisoryUrl,
      },
    ],
  };
  const bundle = {
    type: 'bundle' as const,
    id: `bundle--${uuidV5(ADVISORY_NAMESPACE, `${input.trackingId}|bundle|${input.version}`)}`,
    objects: [vulnerability, report],
  };
  const problems = validateStixBundle(bundle).flatMap((e) =>
    e.problems.map((p) => `${e.index}:${p.path} ${p.message}`),
  );
  if (problems.length > 0) throw new Error(`The advisory's STIX bundle is invalid: ${problems.join('; ')}`);
  return bundle;
}
