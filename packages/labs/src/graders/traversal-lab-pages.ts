import type { LabResponse, SendToLab } from './grader-types.js';

/**
 * Reads the document portal lab (packages/labs/apps/traversal) the way a user and an attacker see it: the listed
 * documents, a download's headers, a page template, an error and the flag box. The learner edits only handler.mjs,
 * so these marks are stable.
 */

/** A document the portal lists, with the bytes it must serve (apps/traversal/lib/documents.mjs). */
export interface ExpectedDocument {
  file: string;
  contentType: string;
  size: number;
  /** SHA-256 of the bytes; the lab sends it as the ETag, since a grader reads bodies as text. */
  sha256: string;
  /** A phrase a text document shows, checked in the body as well. */
  phrase?: string;
}

/** Update these with the documents: `node -e` over DOCUMENTS prints each size and SHA-256. */
export const EXPECTED_DOCUMENTS: readonly ExpectedDocument[] = [
  {
    file: '議事録-2026-11.txt',
    contentType: 'text/plain; charset=utf-8',
    size: 783,
    sha256: 'e3ad02f3880af253ab7ec2cb9ebc869cda58ec08cdb1159a04a457c4b2f4f9d7',
    phrase: '営業部 定例会議 議事録',
  },
  {
    file: 'minutes-2026-11-en.txt',
    contentType: 'text/plain; charset=utf-8',
    size: 745,
    sha256: 'acd6c10f7cc7b3bd857887cc9a81de7915300500ed7d52387a27d1aaa75b13ef',
    phrase: 'Sales department weekly meeting',
  },
  {
    file: 'price-list-2026.csv',
    contentType: 'text/csv; charset=utf-8',
    size: 662,
    sha256: 'cd6b1d281a5cc2b43643996daa75c3a599c7d7bb3755ff0cad5e06d89d418766',
    phrase: 'MS-1001,コピー用紙 A4（500枚）',
  },
  {
    file: 'safety-guide-2026.pdf',
    contentType: 'application/pdf',
    size: 887,
    sha256: '101d87f7cf7248e2daaa5dfe9517cbf36a43c329fed00dc4d0a8d07ee2f5ba2c',
    phrase: '%PDF-1.4',
  },
  {
    file: 'images/minato-logo.png',
    contentType: 'image/png',
    size: 160,
    sha256: '3839cad623bbea1b2be8ad29a98d923050b8f2ca6a22ce5d6a71b63879518c4f',
  },
];

/**
 * What only a leak can put in a response: the lab's flag box (it saw a private secret or its own source), the
 * fixed lines of the private files, the marker comment in every file of the portal's code, the learner's handler
 * and, where the permission model is missing, the host's /etc/passwd.
 */
const LEAK_MARKS: readonly [RegExp, string][] = [
  [/data-lab-flag/, 'the flag box appeared'],
  [/db_password =/, 'private/config.ini was served'],
  [/password_sha256,api_token/, 'private/users.csv was served'],
  [/app-source: minato-docs-portal/, "the portal's source was served"],
  [/export\s+(?:async\s+)?(?:function|const|let|var)\s+resolve(?:Document|Template)\b/, 'handler.mjs was served'],
  [/^root:.*:0:0:/m, "the host's /etc/passwd was served"],
];

/** What a response gave away, or undefined when it holds nothing private. */
export function leakIn(res: LabResponse): string | undefined {
  return LEAK_MARKS.find(([mark]) => mark.test(res.body))?.[1];
}

const header = (res: LabResponse, name: string) => {
  const value = res.headers[name];
  return Array.isArray(value) ? value.join(', ') : value;
};

/** Why a download is not the expected document, or undefined when it is. */
export function downloadProblem(res: LabResponse, doc: ExpectedDocument): string | undefined {
  const problems: string[] = [];
  if (res.status !== 200) return `${doc.file}: status ${res.status}`;
  if (header(res, 'content-type') !== doc.contentType) {
    problems.push(`content-type ${header(res, 'content-type')}, expected ${doc.contentType}`);
  }
  if (header(res, 'content-length') !== String(doc.size)) {
    problems.push(`${header(res, 'content-length')} bytes, expected ${doc.size}`);
  }
  if (header(res, 'etag') !== `"sha256-${doc.sha256}"`) problems.push('other bytes than the document (ETag)');
  if (doc.phrase && !res.body.includes(doc.phrase)) problems.push(`the text lacks ${JSON.stringify(doc.phrase)}`);
  const leak = leakIn(res);
  if (leak) problems.push(leak);
  return problems.length === 0 ? undefined : `${doc.file}: ${problems.join('; ')}`;
}

/** The `data-doc` names of the documents list. */
export function listedDocuments(res: LabResponse): string[] {
  const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', '#39': "'" };
  return [...res.body.matchAll(/<tr data-doc="([^"]*)">/g)].map((m) =>
    (m[1] ?? '').replace(/&(amp|lt|gt|quot|#39);/g, (_, name: string) => ENTITIES[name] ?? ''),
  );
}

/**
 * The portal's pages as calls. `raw` values go into the query string as they are, so that a probe controls its own
 * encoding (`..%252f` reaches the lab as `..%2f`); `name` values are encoded here. English pages, so that details
 * read the same for everyone.
 */
export function traversalLabClient(send: SendToLab) {
  const get = (path: string) => send({ method: 'GET', path });
  return {
    documents: () => get('/?lang=en'),
    download: (name: string) => get(`/download?lang=en&file=${encodeURIComponent(name)}`),
    downloadRaw: (raw: string) => get(`/download?lang=en&file=${raw}`),
    page: (name: string, lang: 'ja' | 'en' = 'en') => get(`/page?lang=${lang}&name=${encodeURIComponent(name)}`),
    pageRaw: (raw: string) => get(`/page?lang=en&name=${raw}`),
  };
}

export type TraversalLabClient = ReturnType<typeof traversalLabClient>;
