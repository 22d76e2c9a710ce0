import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '@cynex/core';
import { startTestHub, type TestHub } from './harness.js';
import { multipart } from './multipart.js';

/*
 * A generated access matrix for publishing (reports and blog posts, their reviews and versions, the public site and
 * its feeds) and for vulnerability coordination (cases, contact logs, attachments, advisories), checked against an
 * oracle written here from what the platform promises, not from the code:
 *
 * - a publication's working copy (draft, in review, withdrawn) exists only for the owner organisation's writers
 *   (org admin, analyst), its named reviewers and platform admins; TLP:RED only for its recipients and creator;
 * - a published publication is read under the hub's one sharing rule (scope + TLP, as every shareable record),
 *   through the API by anonymous callers too when it is public and TLP:CLEAR;
 * - the public site (pages, index, RSS, Atom, PDF) shows only published, public, TLP:CLEAR publications: withdrawn
 *   ones disappear from all of it;
 * - a vulnerability case is seen by the reporter organisation's intelligence readers, its coordinators, platform
 *   admins and — only once notified — the members with role vendor of its vendor organisation; by nobody else,
 *   before or after publication (the public reads the advisory, never the case);
 * - an advisory is public once published, and only then.
 *
 * Zero leaks: each record carries a marker in its title; the marker appears in a viewer's API responses if and only
 * if the oracle lets that viewer read the record, and each path answers 200 if and only if the oracle allows it.
 */

type Scope = 'organisation' | 'sharing_group' | 'community' | 'public';
type Marking = 'CLEAR' | 'GREEN' | 'AMBER' | 'AMBER+STRICT' | 'RED';
type OrgKey = 'A' | 'B' | 'C' | 'V' | 'W';

const SCOPES: readonly Scope[] = ['organisation', 'sharing_group', 'community', 'public'];
const WIDEST: Readonly<Record<Marking, Scope>> = {
  CLEAR: 'public',
  GREEN: 'community',
  AMBER: 'community',
  'AMBER+STRICT': 'organisation',
  RED: 'sharing_group',
};
const INTEL_READERS: readonly Role[] = ['org_admin', 'analyst', 'instructor', 'viewer'];
const WRITERS: readonly Role[] = ['org_admin', 'analyst'];
const GRID_ROLES: readonly Role[] = ['org_admin', 'analyst', 'learner', 'vendor', 'viewer'];
/** The sharing group of group-scoped publications: A (the publisher) and B. */
const GROUP: readonly OrgKey[] = ['A', 'B'];

interface Viewer {
  key: string;
  memberships: { org: OrgKey; role: Role }[];
  platformAdmin?: true;
  anonymous?: true;
}

const CREATOR = 'creator(analyst@A)';
/** Named reviewer of every publication, and recipient of the RED ones. */
const REVIEWER = 'reviewer(viewer@A)';
/** Coordinator of every vulnerability case, from another organisation. */
const COORDINATOR = 'coordinator(analyst@C)';

const VIEWERS: readonly Viewer[] = [
  ...(['A', 'B', 'C'] as const).flatMap((org) =>
    GRID_ROLES.map((role): Viewer => ({ key: `${role}@${org}`, memberships: [{ org, role }] })),
  ),
  { key: CREATOR, memberships: [{ org: 'A', role: 'analyst' }] },
  { key: REVIEWER, memberships: [{ org: 'A', role: 'viewer' }] },
  { key: COORDINATOR, memberships: [{ org: 'C', role: 'analyst' }] },
  { key: 'vendor@V', memberships: [{ org: 'V', role: 'vendor' }] },
  { key: 'analyst@V', memberships: [{ org: 'V', role: 'analyst' }] },
  { key: 'vendor@W', memberships: [{ org: 'W', role: 'vendor' }] },
  { key: 'platform-admin', memberships: [], platformAdmin: true },
  { key: 'no-membership', memberships: [] },
  { key: 'anonymous', memberships: [], anonymous: true },
];

const rolesIn = (v: Viewer, org: OrgKey) => v.memberships.filter((m) => m.org === org).map((m) => m.role);
const hasRole = (v: Viewer, org: OrgKey, roles: readonly Role[]) => rolesIn(v, org).some((r) => roles.includes(r));
const readerOrgs = (v: Viewer) => v.memberships.filter((m) => INTEL_READERS.includes(m.role)).map((m) => m.org);

// --- publications -----------------------------------------------------------------------------------------------

/** 'edited': published, then changed (a new draft) — the published version stays live until the next publish. */
type PubState = 'published' | 'draft' | 'in_review' | 'withdrawn' | 'edited';
interface PubSpec {
  key: string;
  state: PubState;
  scope: Scope;
  marking: Marking;
}

const PUBLISHED: PubSpec[] = SCOPES.flatMap((scope) =>
  (Object.keys(WIDEST) as Marking[])
    .filter((marking) => SCOPES.indexOf(scope) <= SCOPES.indexOf(WIDEST[marking]))
    .map((marking) => ({ key: `published ${scope}/${marking}`, state: 'published' as const, scope, marking })),
);
const PUBLICATIONS: PubSpec[] = [
  ...PUBLISHED,
  ...(['draft', 'in_review', 'withdrawn', 'edited'] as const).map((state) => ({
    key: `${state} public/CLEAR`,
    state,
    scope: 'public' as const,
    marking: 'CLEAR' as const,
  })),
];

/** The sharing rule every shareable record follows (the publisher is A; RED is for its recipients and creator). */
function sharedWith(v: Viewer, p: PubSpec): boolean {
  if (p.marking === 'RED') {
    const named = v.key === CREATOR || v.key === REVIEWER;
    const member =
      rolesIn(v, 'A').length > 0 || (p.scope === 'sharing_group' && GROUP.some((o) => rolesIn(v, o).length));
    return named && member;
  }
  if (v.platformAdmin) return true;
  const publicClear = p.scope === 'public' && p.marking === 'CLEAR';
  if (v.anonymous || v.memberships.length === 0) return publicClear;
  const wide = p.scope === 'community' || p.scope === 'public';
  if (wide && (p.marking === 'CLEAR' || p.marking === 'GREEN')) return true;
  const readers = readerOrgs(v);
  if (readers.length === 0) return false;
  return wide || readers.includes('A') || (p.scope === 'sharing_group' && readers.some((o) => GROUP.includes(o)));
}

/** May open the working copy: the owner's writers, the named reviewer, platform admins (RED: named only). */
function worksOn(v: Viewer, p: PubSpec): boolean {
  if (p.marking === 'RED') return v.key === CREATOR || v.key === REVIEWER;
  return v.platformAdmin === true || v.key === REVIEWER || hasRole(v, 'A', WRITERS);
}

const live = (p: PubSpec) => p.state === 'published' || p.state === 'edited';
const readsPublication = (v: Viewer, p: PubSpec) => (live(p) ? worksOn(v, p) || sharedWith(v, p) : worksOn(v, p));
const onPublicSite = (p: PubSpec) => live(p) && p.scope === 'public' && p.marking === 'CLEAR';

// --- vulnerability cases ----------------------------------------------------------------------------------------

type CaseState = 'received' | 'vendor_notified' | 'published';
interface CaseSpec {
  key: string;
  state: CaseState;
  vendor: OrgKey;
}
const CASES: CaseSpec[] = [
  { key: 'case received (vendor V)', state: 'received', vendor: 'V' },
  { key: 'case notified (vendor V)', state: 'vendor_notified', vendor: 'V' },
  { key: 'case notified (vendor W)', state: 'vendor_notified', vendor: 'W' },
  { key: 'case published (vendor V)', state: 'published', vendor: 'V' },
];

function readsCase(v: Viewer, c: CaseSpec): boolean {
  if (v.platformAdmin || v.key === COORDINATOR) return true;
  if (hasRole(v, 'A', INTEL_READERS)) return true;
  return c.state !== 'received' && hasRole(v, c.vendor, ['vendor']);
}

// --- fixtures ---------------------------------------------------------------------------------------------------

const hub: TestHub = await startTestHub();
const tag = Math.random().toString(36).slice(2, 8);
const headers = new Map<string, Record<string, string>>();
const userIds = new Map<string, string>();
const orgIds = {} as Record<OrgKey, string>;
const pubs = new Map<string, { id: string; slug: string; marker: string }>();
const cases = new Map<string, { id: string; marker: string; trackingId?: string }>();
const responses = new Map<string, LightMyRequestResponse>();
const rkey = (viewer: string, record: string, path: string) => `${viewer}|${record}|${path}`;

async function call(viewer: string, method: string, url: string, payload?: object) {
  return hub.app.inject({
    method: method as 'GET',
    url,
    headers: headers.get(viewer) ?? {},
    ...(payload ? { payload } : {}),
  });
}

async function ok(viewer: string, method: string, url: string, payload?: object) {
  const response = await call(viewer, method, url, payload);
  expect(response.statusCode, `${method} ${url}: ${response.body}`).toBeLessThan(300);
  return response;
}

async function makePublication(spec: PubSpec, groupId: string, index: number) {
  const marker = `pubmark${index}x${tag}`;
  const slug = `matrix-${index}-${tag}`;
  const made = await ok(CREATOR, 'POST', '/api/v1/publications', {
    kind: index % 2 ? 'blog' : 'report',
    slug,
    titleEn: `Report ${marker}`,
    titleJa: `報告 ${marker}`,
    summaryEn: 'Darknet observations.',
    bodyEn: `# Findings\n\nScanning rose (${marker}).`,
    bodyJa: `# 所見\n\nスキャンが増加した（${marker}）。`,
    tags: ['matrix'],
    reviewerUserIds: [userIds.get(REVIEWER)!],
    scope: spec.scope,
    marking: spec.marking,
    ...(spec.scope === 'sharing_group' ? { sharingGroupId: groupId } : {}),
    ...(spec.marking === 'RED' ? { recipientUserIds: [userIds.get(REVIEWER)!] } : {}),
  });
  const id = made.json<{ id: string }>().id;
  pubs.set(spec.key, { id, slug, marker });
  if (spec.state === 'draft') return;
  await ok(CREATOR, 'POST', `/api/v1/publications/${id}/submit`);
  if (spec.state === 'in_review') return;
  await ok(REVIEWER, 'POST', `/api/v1/publications/${id}/reviews`, { decision: 'approved', comment: 'good' });
  await ok(CREATOR, 'POST', `/api/v1/publications/${id}/publish`);
  if (spec.state === 'withdrawn') {
    await ok(CREATOR, 'POST', `/api/v1/publications/${id}/withdraw`, { reason: 'superseded' });
  }
  if (spec.state === 'edited') {
    const { revision } = (await ok(CREATOR, 'GET', `/api/v1/publications/${id}`)).json<{ revision: number }>();
    await ok(CREATOR, 'PATCH', `/api/v1/publications/${id}`, {
      revision,
      bodyEn: `# Findings\n\nRevised (${marker}).`,
    });
  }
}

async function makeCase(spec: CaseSpec, index: number) {
  const marker = `vulnmark${index}x${tag}`;
  const made = await ok(CREATOR, 'POST', '/api/v1/cvd/cases', {
    product: `Recorder ${marker}`,
    vendorName: `Vendor ${spec.vendor}`,
    vendorOrgId: orgIds[spec.vendor],
    titleEn: `Command injection ${marker}`,
    affectedVersions: '< 2.4.1',
    fixedVersions: '2.4.1',
    proof: `curl 'http://recorder/cgi?x=;id' (${marker})`,
    cweId: 'CWE-78',
    cvss31Vector: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H',
    cvss40Vector: 'CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N',
  });
  const id = made.json<{ id: string }>().id;
  cases.set(spec.key, { id, marker });
  const C = `/api/v1/cvd/cases/${id}`;
  await ok('platform-admin', 'PUT', `${C}/coordinators`, { userIds: [userIds.get(COORDINATOR)!] });
  await ok(CREATOR, 'POST', `${C}/contacts`, {
    at: new Date().toISOString(),
    direction: 'internal',
    contact: 'analyst',
    summary: `reproduced (${marker})`,
  });
  const upload = multipart({}, { filename: `poc-${marker}.txt`, content: `proof ${marker}` });
  const uploaded = await hub.app.inject({
    method: 'POST',
    url: `${C}/attachments`,
    headers: { ...headers.get(CREATOR), 'content-type': upload.contentType },
    payload: upload.payload,
  });
  expect(uploaded.statusCode, uploaded.body).toBe(201);
  if (spec.state === 'received') return;
  for (const to of ['triaged', 'vendor_notified']) await ok(CREATOR, 'POST', `${C}/status`, { to });
  if (spec.state === 'vendor_notified') return;
  await ok(CREATOR, 'POST', `${C}/status`, { to: 'fix_available' });
  const published = await ok(CREATOR, 'POST', `${C}/advisory/publish`, { summary: `Fixed in 2.4.1 (${marker})` });
  cases.set(spec.key, { id, marker, trackingId: published.json<{ trackingId: string }>().trackingId });
}

interface Path<R> {
  name: string;
  url: (record: R) => string;
  /** The records the path is asked about (default: all). */
  only?: (spec: R) => boolean;
}

const PUB_PATHS: Path<{ id: string; slug: string }>[] = [
  { name: 'publication', url: (p) => `/api/v1/publications/${p.id}` },
  { name: 'versions', url: (p) => `/api/v1/publications/${p.id}/versions` },
];
const CASE_PATHS: Path<{ id: string }>[] = [
  { name: 'case', url: (c) => `/api/v1/cvd/cases/${c.id}` },
  { name: 'contacts', url: (c) => `/api/v1/cvd/cases/${c.id}/contacts` },
  { name: 'attachments', url: (c) => `/api/v1/cvd/cases/${c.id}/attachments` },
  { name: 'advisory preview', url: (c) => `/api/v1/cvd/cases/${c.id}/advisory/preview` },
  { name: 'advisories', url: (c) => `/api/v1/cvd/cases/${c.id}/advisories` },
];

beforeAll(async () => {
  for (const org of ['A', 'B', 'C', 'V', 'W'] as const) {
    orgIds[org] = (await hub.org(`pubmatrix-${org.toLowerCase()}-${tag}`)).id;
  }
  for (const viewer of VIEWERS) {
    if (viewer.anonymous) continue;
    const email = `${viewer.key.replace(/[^a-z0-9]+/gi, '-').toLowerCase()}-${tag}@matrix.example`;
    const id = await hub.user(email, {
      ...(viewer.platformAdmin ? { platformAdmin: true } : {}),
      memberships: viewer.memberships.map((m) => ({ orgId: orgIds[m.org], role: m.role })),
    });
    userIds.set(viewer.key, id);
    headers.set(viewer.key, await hub.signIn(email));
  }
  const group = await ok(CREATOR, 'POST', '/api/v1/sharing-groups', { name: `A+B ${tag}`, orgIds: [orgIds.B] });
  const groupId = group.json<{ id: string }>().id;
  for (const [i, spec] of PUBLICATIONS.entries()) await makePublication(spec, groupId, i);
  for (const [i, spec] of CASES.entries()) await makeCase(spec, i);

  const jobs: { viewer: string; record: string; path: string; url: string }[] = [];
  for (const viewer of VIEWERS) {
    for (const spec of PUBLICATIONS) {
      const p = pubs.get(spec.key)!;
      for (const path of PUB_PATHS)
        jobs.push({ viewer: viewer.key, record: spec.key, path: path.name, url: path.url(p) });
    }
    for (const spec of CASES) {
      const c = cases.get(spec.key)!;
      for (const path of CASE_PATHS) {
        jobs.push({ viewer: viewer.key, record: spec.key, path: path.name, url: path.url(c) });
      }
    }
    jobs.push({ viewer: viewer.key, record: '*', path: 'publication list', url: '/api/v1/publications?limit=100' });
    jobs.push({ viewer: viewer.key, record: '*', path: 'publication search', url: `/api/v1/publications?q=${tag}` });
    jobs.push({ viewer: viewer.key, record: '*', path: 'case list', url: '/api/v1/cvd/cases?limit=100' });
    jobs.push({ viewer: viewer.key, record: '*', path: 'case search', url: `/api/v1/cvd/cases?q=${tag}` });
  }
  for (let i = 0; i < jobs.length; i += 8) {
    await Promise.all(
      jobs.slice(i, i + 8).map(async (job) => {
        responses.set(rkey(job.viewer, job.record, job.path), await call(job.viewer, 'GET', job.url));
      }),
    );
  }
}, 600_000);

afterAll(async () => {
  await hub?.dispose();
});

const viewerOf = (key: string) => VIEWERS.find((v) => v.key === key)!;

describe('publishing access matrix: every viewer × every publication × every read path', () => {
  const grid = VIEWERS.flatMap((v) => PUBLICATIONS.flatMap((p) => PUB_PATHS.map((path) => [v.key, p.key, path.name])));
  it.each(grid)('%s → %s: %s', (viewerKey, pubKey, pathName) => {
    const viewer = viewerOf(viewerKey);
    const spec = PUBLICATIONS.find((p) => p.key === pubKey)!;
    const response = responses.get(rkey(viewerKey, pubKey, pathName))!;
    // (anonymous callers read public TLP:CLEAR publications through the API too, so a hidden one is 404 to them)
    expect(response.statusCode, response.body).toBe(readsPublication(viewer, spec) ? 200 : 404);
  });

  it.each(VIEWERS.map((v) => [v.key]))('%s: a publication marker is in the API answers iff readable', (viewerKey) => {
    const viewer = viewerOf(viewerKey);
    const text = [...responses.entries()]
      .filter(([key]) => key.startsWith(`${viewerKey}|`))
      .map(([, response]) => response.body)
      .join('\n');
    const leaks = PUBLICATIONS.filter((p) => !readsPublication(viewer, p) && text.includes(pubs.get(p.key)!.marker));
    const missing = PUBLICATIONS.filter((p) => readsPublication(viewer, p) && !text.includes(pubs.get(p.key)!.marker));
    expect(leaks.map((p) => p.key)).toEqual([]);
    expect(missing.map((p) => p.key)).toEqual([]);
  });

  it.each(VIEWERS.map((v) => [v.key]))('%s: the list and the search hold exactly the readable ones', (viewerKey) => {
    const viewer = viewerOf(viewerKey);
    for (const path of ['publication list', 'publication search']) {
      const response = responses.get(rkey(viewerKey, '*', path))!;
      expect(response.statusCode, response.body).toBe(200);
      const listed = PUBLICATIONS.filter((p) => response.body.includes(pubs.get(p.key)!.id)).map((p) => p.key);
      expect(listed.sort(), path).toEqual(
        PUBLICATIONS.filter((p) => readsPublication(viewer, p))
          .map((p) => p.key)
          .sort(),
      );
    }
  });
});

describe('the public site shows exactly the published public TLP:CLEAR publications', () => {
  it.each(PUBLICATIONS.map((p) => [p.key]))('%s: page, PDF, index, RSS and Atom in both languages', async (key) => {
    const spec = PUBLICATIONS.find((p) => p.key === key)!;
    const p = pubs.get(key)!;
    for (const lang of ['en', 'ja']) {
      const page = await call('anonymous', 'GET', `/p/${lang}/${p.slug}`);
      expect(page.statusCode, `${lang} page`).toBe(onPublicSite(spec) ? 200 : 404);
      expect(page.body.includes(p.marker), `${lang} page`).toBe(onPublicSite(spec));
      // a signed-in member sees no more on the public site than anyone
      const asMember = await call('analyst@A', 'GET', `/p/${lang}/${p.slug}`);
      expect(asMember.statusCode, `${lang} page signed in`).toBe(onPublicSite(spec) ? 200 : 404);
      const pdf = await call('anonymous', 'GET', `/p/${lang}/${p.slug}.pdf`);
      expect(pdf.statusCode, `${lang} PDF`).toBe(onPublicSite(spec) ? 200 : 404);
      for (const url of [`/p/${lang}/?q=${p.marker}`, `/p/${lang}/feed.rss`, `/p/${lang}/feed.atom`]) {
        const listing = await call('anonymous', 'GET', url);
        expect(listing.statusCode, url).toBe(200);
        // (the search page repeats the query, so look for the link to the page)
        expect(listing.body.includes(`/p/${lang}/${p.slug}`), url).toBe(onPublicSite(spec));
      }
    }
  });
});

describe('vulnerability coordination access matrix: every viewer × every case × every read path', () => {
  const grid = VIEWERS.flatMap((v) => CASES.flatMap((c) => CASE_PATHS.map((path) => [v.key, c.key, path.name])));
  it.each(grid)('%s → %s: %s', (viewerKey, caseKey, pathName) => {
    const viewer = viewerOf(viewerKey);
    const spec = CASES.find((c) => c.key === caseKey)!;
    const response = responses.get(rkey(viewerKey, caseKey, pathName))!;
    if (readsCase(viewer, spec)) expect(response.statusCode, response.body).toBe(200);
    else expect(response.statusCode, response.body).toBe(viewer.anonymous ? 401 : 404);
  });

  it.each(VIEWERS.map((v) => [v.key]))('%s: a case marker is in the API answers iff readable', (viewerKey) => {
    const viewer = viewerOf(viewerKey);
    const text = [...responses.entries()]
      .filter(([key]) => key.startsWith(`${viewerKey}|`))
      .map(([, response]) => response.body)
      .join('\n');
    const leaks = CASES.filter((c) => !readsCase(viewer, c) && text.includes(cases.get(c.key)!.marker));
    const missing = CASES.filter((c) => readsCase(viewer, c) && !text.includes(cases.get(c.key)!.marker));
    expect(leaks.map((c) => c.key)).toEqual([]);
    expect(missing.map((c) => c.key)).toEqual([]);
  });

  it.each(VIEWERS.map((v) => [v.key]))('%s: the case list and search hold exactly the readable ones', (viewerKey) => {
    const viewer = viewerOf(viewerKey);
    for (const path of ['case list', 'case search']) {
      const response = responses.get(rkey(viewerKey, '*', path))!;
      if (viewer.anonymous) {
        expect(response.statusCode).toBe(401);
        continue;
      }
      expect(response.statusCode, response.body).toBe(200);
      const listed = CASES.filter((c) => response.body.includes(cases.get(c.key)!.id)).map((c) => c.key);
      expect(listed.sort(), path).toEqual(
        CASES.filter((c) => readsCase(viewer, c))
          .map((c) => c.key)
          .sort(),
      );
    }
  });

  it('the public advisory pages and CSAF JSON exist only for the published case', async () => {
    for (const spec of CASES) {
      const c = cases.get(spec.key)!;
      const published = spec.state === 'published';
      expect(Boolean(c.trackingId), spec.key).toBe(published);
      for (const lang of ['en', 'ja']) {
        const index = await call('anonymous', 'GET', `/p/${lang}/advisories/`);
        expect(index.statusCode).toBe(200);
        expect(index.body.includes(c.marker), `${lang} advisory index: ${spec.key}`).toBe(published);
      }
    }
    const done = cases.get('case published (vendor V)')!;
    for (const lang of ['en', 'ja']) {
      const page = await call('anonymous', 'GET', `/p/${lang}/advisories/${done.trackingId}`);
      expect(page.statusCode, page.body).toBe(200);
    }
    const json = await call('anonymous', 'GET', `/p/advisories/${done.trackingId}.json`);
    expect(json.statusCode, json.body).toBe(200);
    expect(json.json<{ document: { tracking: { id: string } } }>().document.tracking.id).toBe(done.trackingId);
  });
});
