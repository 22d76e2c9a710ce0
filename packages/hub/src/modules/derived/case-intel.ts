import { isIP } from 'node:net';
import { findTechnique, TLP_MARKING_IDS, uuidV5, type Tlp } from '@cynex/core';
import { sourceIdentity } from './source-identity.js';

/** The namespace of the ids of objects derived from cynex records (UUIDv5 of source key and role: stable). */
export const DERIVED_NAMESPACE = '0d1c7f52-3b7e-5a43-9e4f-6a2f2c9d8b17';

/** The extension that carries a case's progress level on its incident (see docs/derived-intelligence.md). */
export const PROGRESS_EXTENSION = 'extension-definition--5f0c7ad2-8c2e-4b0e-9d3a-6b1e5d0f7a21';

export interface CaseForIntel {
  id: string;
  caseId: string;
  ownerOrgId: string;
  ownerName: string;
  /** The owner anonymises its sightings: the objects name "a cynex member", never the organisation. */
  anonymise: boolean;
  marking: Tlp;
  malwareFamily: string;
  sampleName: string;
  progressLevel: number;
  summaryEn: string;
  createdAt: Date;
  updatedAt: Date;
  behaviours: { occurredAt: string; category: string; action: string; notes: string; techniqueIds: string[] }[];
  samples: { filename: string; sha256: string; md5: string; uploadedAt: Date }[];
}

/** File names look like domains (`gate.php`, `invoice.pdf`); these extensions are no top-level domains anyone uses. */
const FILE_NAME =
  /\.(exe|dll|sys|scr|bat|cmd|vbs|js|jse|ps1|psm1|sh|py|pl|php|asp|aspx|jsp|txt|log|cfg|conf|ini|json|xml|csv|doc|docx|xls|xlsx|xlsm|ppt|pptx|pdf|rtf|zip|rar|7z|tar|gz|tgz|bz2|iso|img|lnk|hta|bin|elf|so|apk|jar|msi|tmp|dat|db|bak|old)$/i;

/** Addresses, domains and URLs an analyst wrote in a network behaviour (C2 servers, download sites). */
export function observablesIn(text: string): { kind: 'ipv4' | 'ipv6' | 'domain' | 'url'; value: string }[] {
  const found = new Map<string, { kind: 'ipv4' | 'ipv6' | 'domain' | 'url'; value: string }>();
  const urls = text.match(/\bhttps?:\/\/[^\s"'<>()]+/gi) ?? [];
  for (const url of urls) {
    const value = url.replace(/[.,;:]+$/, '');
    found.set(`url|${value}`, { kind: 'url', value });
  }
  const rest = urls.reduce((t, url) => t.replace(url, ' '), text);
  for (const token of rest.split(/[\s,;()"'<>[\]]+/)) {
    const bare = token.replace(/[.:]+$/, '').replace(/:\d{1,5}$/, '');
    if (isIP(bare) === 4 && !isInternal(bare)) found.set(`ipv4|${bare}`, { kind: 'ipv4', value: bare });
    else if (isIP(token) === 6) found.set(`ipv6|${token}`, { kind: 'ipv6', value: token.toLowerCase() });
    else if (/^(?=.{4,253}$)([a-z0-9-]{1,63}\.)+[a-z]{2,63}$/i.test(bare) && !FILE_NAME.test(bare))
      found.set(`domain|${bare.toLowerCase()}`, { kind: 'domain', value: bare.toLowerCase() });
  }
  return [...found.values()];
}

/** The decoy's own and private addresses are no indicator of anything outside it. */
export function isInternal(ip: string): boolean {
  const [a, b] = ip.split('.').map(Number) as [number, number];
  return (
    a === 10 ||
    a === 127 ||
    a === 0 ||
    (a === 172 && b >= 16 && b < 32) ||
    (a === 192 && b === 168) ||
    (a === 169 && b === 254)
  );
}

const quote = (value: string) => value.replace(/\\/g, '\\\\').replace(/'/g, "\\'");
const PATTERNS = {
  ipv4: (v: string) => `[ipv4-addr:value = '${quote(v)}']`,
  ipv6: (v: string) => `[ipv6-addr:value = '${quote(v)}']`,
  domain: (v: string) => `[domain-name:value = '${quote(v)}']`,
  url: (v: string) => `[url:value = '${quote(v)}']`,
};

/**
 * The STIX objects an observation case stands for: an incident (progress level in an extension), the malware
 * family, an attack-pattern per ATT&CK technique seen, indicators for the sample hashes and the addresses written
 * in network behaviours, a sighting of each indicator by the owner organisation, and the relationships between
 * them. Ids are derived from the case, so each refresh (at `derivedAt`) makes new versions of the same objects.
 * The identity (created_by_ref, where_sighted_refs) is the owner organisation or, when it anonymises its
 * sightings, "a cynex member" (`sourceIdentity`).
 */
export function caseIntel(c: CaseForIntel, derivedAt = c.updatedAt): Record<string, unknown>[] {
  const key = `case:${c.id}`;
  const id = (type: string, role: string) => `${type}--${uuidV5(DERIVED_NAMESPACE, `${key}|${type}|${role}`)}`;
  const owner = sourceIdentity(id, { orgId: c.ownerOrgId, name: c.ownerName, anonymise: c.anonymise });
  const identity = owner.id;
  const created = c.createdAt.toISOString();
  const modified = derivedAt > c.createdAt ? derivedAt.toISOString() : created;
  const common = {
    spec_version: '2.1',
    created,
    modified,
    created_by_ref: identity,
    object_marking_refs: [TLP_MARKING_IDS[c.marking]],
    x_cynex_source: key,
  };
  const objects: Record<string, unknown>[] = [{ ...owner, ...common, created_by_ref: undefined }];
  const incident = id('incident', 'case');
  objects.push({
    type: 'incident',
    id: incident,
    ...common,
    name: `${c.caseId}${c.malwareFamily ? `: ${c.malwareFamily}` : ''}`,
    ...(c.summaryEn ? { description: c.summaryEn } : {}),
    external_references: [{ source_name: 'cynex', external_id: c.caseId }],
    extensions: {
      [PROGRESS_EXTENSION]: { extension_type: 'property-extension', progress_level: c.progressLevel },
    },
  });
  const relate = (source: string, type: string, target: string) =>
    objects.push({
      type: 'relationship',
      id: id('relationship', `${source}|${type}|${target}`),
      ...common,
      relationship_type: type,
      source_ref: source,
      target_ref: target,
    });

  const family = c.malwareFamily.trim();
  const malware = family && !/^unknown$/i.test(family) ? id('malware', family.toLowerCase()) : undefined;
  if (malware) {
    objects.push({ type: 'malware', id: malware, ...common, name: family, is_family: true });
    relate(incident, 'related-to', malware);
  }

  const techniques = [...new Set(c.behaviours.flatMap((b) => b.techniqueIds.map((t) => t.toUpperCase())))].sort();
  for (const techniqueId of techniques) {
    const technique = findTechnique(techniqueId);
    if (!technique) continue;
    const pattern = id('attack-pattern', technique.id);
    objects.push({
      type: 'attack-pattern',
      id: pattern,
      ...common,
      name: technique.name,
      external_references: [{ source_name: 'mitre-attack', external_id: technique.id, url: technique.url }],
    });
    relate(malware ?? incident, malware ? 'uses' : 'related-to', pattern);
  }

  const sighted: { pattern: string; name: string; first: string; last: string; count: number }[] = [];
  for (const sample of c.samples) {
    const at = sample.uploadedAt.toISOString();
    sighted.push({
      pattern: `[file:hashes.'SHA-256' = '${sample.sha256}']`,
      name: c.sampleName || sample.filename,
      first: at,
      last: at,
      count: 1,
    });
  }
  const seen = new Map<string, (typeof sighted)[number]>();
  for (const behaviour of c.behaviours) {
    if (behaviour.category !== 'network_connection' && behaviour.category !== 'other_malware') continue;
    for (const o of observablesIn(`${behaviour.action} ${behaviour.notes}`)) {
      const pattern = PATTERNS[o.kind](o.value);
      const at = new Date(behaviour.occurredAt).toISOString();
      const earlier = seen.get(pattern);
      if (earlier) {
        earlier.count += 1;
        if (at < earlier.first) earlier.first = at;
        if (at > earlier.last) earlier.last = at;
      } else seen.set(pattern, { pattern, name: o.value, first: at, last: at, count: 1 });
    }
  }
  sighted.push(...seen.values());
  for (const s of sighted) {
    const indicator = id('indicator', s.pattern);
    objects.push({
      type: 'indicator',
      id: indicator,
      ...common,
      name: s.name,
      indicator_types: ['malicious-activity'],
      pattern: s.pattern,
      pattern_type: 'stix',
      valid_from: s.first < created ? s.first : created,
    });
    if (malware) relate(indicator, 'indicates', malware);
    relate(indicator, 'related-to', incident);
    objects.push({
      type: 'sighting',
      id: id('sighting', s.pattern),
      ...common,
      sighting_of_ref: indicator,
      count: s.count,
      first_seen: s.first,
      last_seen: s.last,
      where_sighted_refs: [identity],
    });
  }
  return objects.map((o) => JSON.parse(JSON.stringify(o)) as Record<string, unknown>);
}
