/**
 * What the public advisory page shows, read from a stored CSAF 2.0 document (`csaf_security_advisory`). The
 * document was schema-valid when stored, but the page still reads it defensively: a missing or odd field is
 * left out, never an error, and every string is escaped where it is shown.
 */

export interface AdvisoryScore {
  version: '3.1' | '4.0' | '3.0';
  vector: string;
  score: number | undefined;
  severity: string;
}

export interface AdvisoryView {
  trackingId: string;
  version: string;
  title: string;
  /** The document's language (BCP 47, e.g. "ja" or "en"); the text of the advisory is in it. */
  lang: string;
  summary: string;
  cves: string[];
  cwe: { id: string; name: string } | undefined;
  scores: AdvisoryScore[];
  affected: string[];
  fixed: string[];
  remediations: { category: string; details: string; url: string }[];
  acknowledgments: string[];
  revisions: { number: string; date: string; summary: string }[];
  initialRelease: string;
  currentRelease: string;
}

type Json = Record<string, unknown>;
const obj = (value: unknown): Json =>
  value && typeof value === 'object' && !Array.isArray(value) ? (value as Json) : {};
const arr = (value: unknown, max = 200): unknown[] => (Array.isArray(value) ? value.slice(0, max) : []);
const str = (value: unknown, max = 20_000): string =>
  typeof value === 'string' ? value.slice(0, max) : typeof value === 'number' ? String(value) : '';

/** Product id → name, from the branches (any depth), full product names and relationships of the product tree. */
function productNames(tree: Json): Map<string, string> {
  const names = new Map<string, string>();
  const add = (fpn: unknown) => {
    const p = obj(fpn);
    const id = str(p.product_id, 200);
    if (id) names.set(id, str(p.name, 500) || id);
  };
  let budget = 5000;
  const walk = (branches: unknown, depth: number) => {
    if (depth > 30) return;
    for (const branch of arr(branches, 500)) {
      if (--budget < 0) return;
      const b = obj(branch);
      if (b.product) add(b.product);
      walk(b.branches, depth + 1);
    }
  };
  walk(tree.branches, 0);
  for (const fpn of arr(tree.full_product_names, 1000)) add(fpn);
  for (const rel of arr(tree.relationships, 1000)) add(obj(rel).full_product_name);
  return names;
}

function acknowledgmentLines(list: unknown): string[] {
  return arr(list, 50)
    .map((entry) => {
      const a = obj(entry);
      const names = arr(a.names, 20)
        .map((n) => str(n, 200))
        .filter(Boolean)
        .join(', ');
      const org = str(a.organization, 200);
      const summary = str(a.summary, 1000);
      return [names && org ? `${names} (${org})` : names || org, summary].filter(Boolean).join(': ');
    })
    .filter(Boolean);
}

function scoresOf(vulnerability: Json): AdvisoryScore[] {
  const scores: AdvisoryScore[] = [];
  for (const entry of arr(vulnerability.scores, 20)) {
    const s = obj(entry);
    for (const [key, version] of [
      ['cvss_v3', undefined],
      ['cvss_v4', '4.0'],
    ] as const) {
      const c = obj(s[key]);
      const vector = str(c.vectorString, 300);
      if (!vector) continue;
      const v = version ?? (str(c.version, 10) === '3.0' ? '3.0' : '3.1');
      if (scores.some((x) => x.vector === vector)) continue;
      scores.push({
        version: v,
        vector,
        score: typeof c.baseScore === 'number' ? c.baseScore : undefined,
        severity: str(c.baseSeverity, 20),
      });
    }
  }
  return scores;
}

/** The page's view of a CSAF document. */
export function advisoryView(csaf: Record<string, unknown>, fallbackId: string): AdvisoryView {
  const document = obj(csaf.document);
  const tracking = obj(document.tracking);
  const vulnerability = obj(arr(csaf.vulnerabilities, 1)[0]);
  const names = productNames(obj(csaf.product_tree));
  const nameOf = (id: unknown) => names.get(str(id, 200)) ?? str(id, 200);
  const status = obj(vulnerability.product_status);
  const products = (...keys: string[]) => [
    ...new Set(keys.flatMap((k) => arr(status[k], 500).map(nameOf)).filter(Boolean)),
  ];
  const notes = [...arr(document.notes, 50), ...arr(vulnerability.notes, 50)].map(obj);
  const summaryNote =
    notes.find((n) => n.category === 'summary') ??
    notes.find((n) => n.category === 'description') ??
    notes.find((n) => n.category === 'general');
  const cweObj = obj(vulnerability.cwe);
  const cves = arr(csaf.vulnerabilities, 50)
    .map((v) => str(obj(v).cve, 40))
    .filter(Boolean);
  return {
    trackingId: str(tracking.id, 200) || fallbackId,
    version: str(tracking.version, 50),
    title: str(document.title, 1000) || str(vulnerability.title, 1000) || fallbackId,
    lang: str(document.lang, 35) || 'en',
    summary: str(summaryNote?.text),
    cves,
    cwe: str(cweObj.id, 40) ? { id: str(cweObj.id, 40), name: str(cweObj.name, 500) } : undefined,
    scores: scoresOf(vulnerability),
    affected: products('known_affected', 'first_affected', 'last_affected'),
    fixed: products('fixed', 'first_fixed'),
    remediations: arr(vulnerability.remediations, 50).map((entry) => {
      const r = obj(entry);
      return { category: str(r.category, 50), details: str(r.details, 5000), url: str(r.url, 2000) };
    }),
    acknowledgments: [
      ...acknowledgmentLines(document.acknowledgments),
      ...acknowledgmentLines(vulnerability.acknowledgments),
    ],
    revisions: arr(tracking.revision_history, 500).map((entry) => {
      const r = obj(entry);
      return { number: str(r.number, 50), date: str(r.date, 50), summary: str(r.summary, 2000) };
    }),
    initialRelease: str(tracking.initial_release_date, 50),
    currentRelease: str(tracking.current_release_date, 50),
  };
}

/** A URL shown as a link only when it is http(s): a `javascript:` URL in a document is text, never a link. */
export const safeHttpUrl = (url: string): string | undefined => (/^https?:\/\//i.test(url) ? url : undefined);
