import { createHash, randomUUID } from 'node:crypto';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '@cynex/core';
import { startTestHub, type TestHub } from './harness.js';
import { multipart } from './multipart.js';

/*
 * A generated access matrix: every viewer × every valid scope/marking combination × every read path, each its
 * own assertion, checked against an oracle written here from the sharing rule the platform promises (NOT by
 * calling platform/policy.ts). Zero leaks: a record is returned, counted, searched, exported, commented on or
 * downloaded if and only if the oracle says the viewer may read it.
 */

// ---------------------------------------------------------------------------------------------------------------
// The promise, in the test's own words
// ---------------------------------------------------------------------------------------------------------------

type Scope = 'organisation' | 'sharing_group' | 'community' | 'public';
type Marking = 'CLEAR' | 'GREEN' | 'AMBER' | 'AMBER+STRICT' | 'RED';
type OrgKey = 'A' | 'B' | 'C' | 'D';

/** Narrowest first. */
const SCOPES: readonly Scope[] = ['organisation', 'sharing_group', 'community', 'public'];
const MARKINGS: readonly Marking[] = ['CLEAR', 'GREEN', 'AMBER', 'AMBER+STRICT', 'RED'];
const WIDEST: Readonly<Record<Marking, Scope>> = {
  CLEAR: 'public',
  GREEN: 'community',
  AMBER: 'community',
  'AMBER+STRICT': 'organisation',
  RED: 'sharing_group',
};
const INTEL_READERS: readonly Role[] = ['org_admin', 'analyst', 'instructor', 'viewer'];
const GRID_ROLES = ['org_admin', 'analyst', 'instructor', 'learner', 'vendor', 'viewer'] as const;
const ORGS: readonly OrgKey[] = ['A', 'B', 'C'];
/** The sharing group of the group-scoped cases: A (its owner) and B; C and D are outside. */
const GROUP_G: readonly OrgKey[] = ['A', 'B'];
/** The group the group-scoped cases were first shared in, then moved out of: A and D. */
const GROUP_OLD: readonly OrgKey[] = ['A', 'D'];

const fitsMarking = (scope: Scope, marking: Marking) => SCOPES.indexOf(scope) <= SCOPES.indexOf(WIDEST[marking]);

interface ViewerSpec {
  key: string;
  anonymous?: true;
  platformAdmin?: true;
  /** Memberships when the records are read. */
  memberships: { org: OrgKey; role: Role }[];
  /** Memberships while the records were made, removed through the API before anything is read. */
  formerly?: { org: OrgKey; role: Role }[];
}

interface RecordSpec {
  key: string;
  scope: Scope;
  marking: Marking;
  family: string;
  owner: OrgKey;
  group: readonly OrgKey[] | undefined;
  /** Viewer keys named as TLP:RED recipients. */
  recipients: readonly string[];
  /** Viewer key of the creator. */
  creator: string;
}

const CREATOR = 'creator(analyst@A)';
const RED_RECIPIENT_A = 'red-recipient(analyst@A)';
const RED_RECIPIENT_B = 'red-recipient(analyst@B)';
const PLATFORM_ADMIN = 'platform-admin';
const NO_MEMBERSHIP = 'no-membership';
const ANONYMOUS = 'anonymous';
/** Named on A's RED cases and a member of A while they were made, then removed from A. */
const REMOVED_RECIPIENT = 'removed-recipient(was analyst@A)';
/** An analyst of D: D was in the group the group-scoped cases were first shared in (RED: as its recipient). */
const MOVED_OUT = 'moved-out(analyst@D)';

const VIEWERS: readonly ViewerSpec[] = [
  ...ORGS.flatMap((org) =>
    GRID_ROLES.map((role): ViewerSpec => ({ key: `${role}@${org}`, memberships: [{ org, role }] })),
  ),
  { key: PLATFORM_ADMIN, platformAdmin: true, memberships: [] },
  { key: NO_MEMBERSHIP, memberships: [] },
  { key: RED_RECIPIENT_B, memberships: [{ org: 'B', role: 'analyst' }] },
  { key: RED_RECIPIENT_A, memberships: [{ org: 'A', role: 'analyst' }] },
  { key: CREATOR, memberships: [{ org: 'A', role: 'analyst' }] },
  { key: ANONYMOUS, anonymous: true, memberships: [] },
  { key: REMOVED_RECIPIENT, memberships: [], formerly: [{ org: 'A', role: 'analyst' }] },
  { key: MOVED_OUT, memberships: [{ org: 'D', role: 'analyst' }] },
];

/** One case per valid scope × marking combination, owned by A and made by the creator. */
const CASES: readonly RecordSpec[] = MARKINGS.flatMap((marking) =>
  SCOPES.filter((scope) => fitsMarking(scope, marking)).map((scope): RecordSpec => ({
    key: `${scope}/${marking}`,
    scope,
    marking,
    family: `fam-${scope}-${marking}`,
    owner: 'A',
    group: scope === 'sharing_group' ? GROUP_G : undefined,
    // RED in the owner organisation: the recipients are in A (one of them removed later); RED in the group: the
    // recipient is in B.
    recipients:
      marking === 'RED' ? (scope === 'organisation' ? [RED_RECIPIENT_A, REMOVED_RECIPIENT] : [RED_RECIPIENT_B]) : [],
    creator: CREATOR,
  })),
);

const INVALID_COMBOS = MARKINGS.flatMap((marking) =>
  SCOPES.filter((scope) => !fitsMarking(scope, marking)).map((scope) => ({ scope, marking })),
);

/** THE ORACLE: who may read a record, written from the platform's promise. */
function mayRead(viewer: ViewerSpec, record: RecordSpec): boolean {
  const publicClear = record.scope === 'public' && record.marking === 'CLEAR';
  if (viewer.anonymous) return publicClear;
  const memberOf = viewer.memberships.map((m) => m.org);
  if (record.marking === 'RED') {
    const named = record.recipients.includes(viewer.key) || record.creator === viewer.key;
    // Only while a member of the owner organisation or of an organisation of the record's group.
    const member =
      memberOf.includes(record.owner) ||
      (record.scope === 'sharing_group' && (record.group ?? []).some((org) => memberOf.includes(org)));
    return named && member;
  }
  if (viewer.platformAdmin) return true;
  if (viewer.memberships.length === 0) return publicClear;
  const communityWide = record.scope === 'community' || record.scope === 'public';
  const readerOrgs = viewer.memberships.filter((m) => INTEL_READERS.includes(m.role)).map((m) => m.org);
  if (readerOrgs.length > 0) {
    if (readerOrgs.includes(record.owner)) return true;
    if (record.scope === 'sharing_group' && (record.group ?? []).some((org) => readerOrgs.includes(org))) return true;
    if (communityWide) return true;
  }
  // Learners and vendors (and readers' other memberships): community-wide CLEAR or GREEN only.
  return communityWide && (record.marking === 'CLEAR' || record.marking === 'GREEN');
}

/** Who may change A's records: its admins and analysts, and platform admins. */
function mayWriteForA(viewer: ViewerSpec): boolean {
  return (
    Boolean(viewer.platformAdmin) ||
    viewer.memberships.some((m) => m.org === 'A' && (m.role === 'org_admin' || m.role === 'analyst'))
  );
}

const viewerByKey = (key: string) => VIEWERS.find((v) => v.key === key)!;
const caseByKey = (key: string) => CASES.find((c) => c.key === key)!;
const emailOf = (key: string) => `${key.replace(/[^a-z0-9]+/gi, '-').toLowerCase()}@matrix.example`;

// ---------------------------------------------------------------------------------------------------------------
// The generated table
// ---------------------------------------------------------------------------------------------------------------

const READ_PATHS = [
  'GET /cases/:id',
  'GET /cases (list)',
  'GET /cases?q=<family> (search)',
  'GET /cases?family=<family> (filter)',
  'GET /cases/export?format=csv',
  'GET /cases/export?format=json',
  'GET /cases/export?q=<family> (json)',
  'GET /cases/stats (byFamily)',
  'GET /cases/:id/comments',
  'GET /cases/:id/files/:fileId/download',
] as const;
type ReadPath = (typeof READ_PATHS)[number];

interface MatrixRow {
  viewer: string;
  record: string;
  path: ReadPath;
  visible: boolean;
  expectation: string;
}

const MATRIX: MatrixRow[] = VIEWERS.flatMap((viewer) =>
  CASES.flatMap((record) =>
    READ_PATHS.map((path): MatrixRow => {
      const visible = mayRead(viewer, record);
      return { viewer: viewer.key, record: record.key, path, visible, expectation: visible ? 'visible' : 'hidden' };
    }),
  ),
);

/**
 * The channels every case's derived intelligence (its incident, malware, indicators, sightings…) leaves through.
 * Derived objects inherit the case's sharing, so each is visible exactly when the case is; the member-only
 * channels (STIX export, TAXII) answer anonymous callers with 401, the feeds give them the public feed.
 */
const CHANNELS = [
  'GET /intel/bundle (derived objects)',
  'TAXII every root and collection (derived objects)',
  'GET /feeds/blocklist.txt (sample SHA-256)',
  'GET /feeds/misp/manifest.json (case event)',
  'GET /fusion?q=<sample SHA-256> (case, derived objects)',
  'GET /fusion/graph?q=<sample SHA-256> (case, derived objects)',
] as const;
type Channel = (typeof CHANNELS)[number];
const MEMBER_CHANNELS: readonly Channel[] = [
  'GET /intel/bundle (derived objects)',
  'TAXII every root and collection (derived objects)',
  'GET /fusion?q=<sample SHA-256> (case, derived objects)',
  'GET /fusion/graph?q=<sample SHA-256> (case, derived objects)',
];

interface ChannelRow {
  viewer: string;
  record: string;
  channel: Channel;
  visible: boolean;
  expectation: string;
}

const CHANNEL_MATRIX: ChannelRow[] = VIEWERS.flatMap((viewer) =>
  CASES.flatMap((record) =>
    CHANNELS.map((channel): ChannelRow => {
      const visible = mayRead(viewer, record) && !(viewer.anonymous && MEMBER_CHANNELS.includes(channel));
      return { viewer: viewer.key, record: record.key, channel, visible, expectation: visible ? 'visible' : 'hidden' };
    }),
  ),
);

interface WriteRow {
  viewer: string;
  record: string;
  method: 'PATCH' | 'DELETE';
  status: 403 | 404;
  code: 'FORBIDDEN' | 'CASE_NOT_FOUND';
}

/** Every signed-in viewer who may not change a case: 403 when they can read it, 404 when they cannot. */
const WRITE_MATRIX: WriteRow[] = VIEWERS.filter((v) => !v.anonymous).flatMap((viewer) =>
  CASES.flatMap((record) => {
    const visible = mayRead(viewer, record);
    if (visible && mayWriteForA(viewer)) return [];
    return (['PATCH', 'DELETE'] as const).map((method): WriteRow => ({
      viewer: viewer.key,
      record: record.key,
      method,
      status: visible ? 403 : 404,
      code: visible ? 'FORBIDDEN' : 'CASE_NOT_FOUND',
    }));
  }),
);

// ---------------------------------------------------------------------------------------------------------------
// Observations, gathered once in beforeAll
// ---------------------------------------------------------------------------------------------------------------

type Headers = Record<string, string>;

interface Simple {
  status: number;
  body: string;
}

/** What one viewer receives through the intelligence channels: status and the cases each one names. */
interface ChannelObservations {
  status: Record<Channel, number>;
  /** Per channel, the source keys (`case:<uuid>`), hashes or case ids seen. */
  seen: Record<Channel, Set<string>>;
}

interface ViewerObservations {
  channels: ChannelObservations;
  notFound: Simple;
  list: { status: number; total: number; items: { id: string; caseId: string; malwareFamily: string }[] };
  csv: { status: number; caseIds: string[] };
  json: { status: number; caseIds: string[] };
  stats: {
    status: number;
    total: number;
    byFamily: { family: string; count: number }[];
    byLevel: { level: number; count: number }[];
    byMonth: { month: string; count: number }[];
    recent: { id: string }[];
  };
  perCase: Map<
    string,
    {
      get: Simple;
      search: { status: number; ids: string[] };
      filter: { status: number; ids: string[] };
      exportQ: { status: number; caseIds: string[] };
      comments: Simple;
      download: Simple;
    }
  >;
}

interface CreatedCase {
  id: string;
  caseId: string;
  fileId: string;
  content: string;
  commentId: string;
  updatedAt: string;
}

const multipartSample = (filename: string, content: string) => multipart({ kind: 'sample' }, { filename, content });

const csvCaseIds = (body: string): string[] => {
  const rows: Record<string, string>[] = parse(body.replace(/^\uFEFF/, ''), { columns: true, skip_empty_lines: true });
  return rows.map((r) => r.caseId!);
};
const jsonCaseIds = (body: string): string[] =>
  (JSON.parse(body) as { cases: { caseId: string }[] }).cases.map((c) => c.caseId);

describe('access matrix: every viewer × every scope/marking × every read path', () => {
  let hub: TestHub;
  const orgIds = {} as Record<OrgKey, string>;
  const userIds = new Map<string, string>();
  const headers = new Map<string, Headers>();
  const created = new Map<string, CreatedCase>();
  const seen = new Map<string, ViewerObservations>();
  let groupId: string;
  let oldGroupId: string;
  let setupMs = 0;

  const inject = (viewer: string, method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, payload?: unknown) =>
    hub.app.inject({
      method,
      url,
      headers: headers.get(viewer)!,
      ...(payload === undefined ? {} : { payload: payload as object }),
    });

  const TAXII = { accept: 'application/taxii+json;version=2.1' };
  const sourcesIn = (objects: { x_cynex_source?: string }[]) =>
    new Set(objects.flatMap((o) => (o.x_cynex_source ? [o.x_cynex_source] : [])));

  /** Every channel once, as the viewer: what it answers and which cases it names. */
  async function readChannels(viewer: string): Promise<ChannelObservations> {
    const h = headers.get(viewer)!;
    const bundle = await hub.app.inject({ url: '/api/v1/intel/bundle', headers: h });
    // Every collection of every API root discovery offers the viewer (platform admins: every organisation's root).
    const discovery = await hub.app.inject({ url: '/taxii2/', headers: { ...h, ...TAXII } });
    const taxiiSources = new Set<string>();
    if (discovery.statusCode === 200) {
      for (const root of discovery.json<{ api_roots: string[] }>().api_roots) {
        const path = new URL(root, 'http://hub.test').pathname;
        const collections = await hub.app.inject({ url: `${path}collections/`, headers: { ...h, ...TAXII } });
        expect(collections.statusCode, collections.body).toBe(200);
        for (const { id } of collections.json<{ collections?: { id: string }[] }>().collections ?? []) {
          const page = await hub.app.inject({
            url: `${path}collections/${id}/objects/?limit=1000`,
            headers: { ...h, ...TAXII },
          });
          expect(page.statusCode, page.body).toBe(200);
          expect(page.json<{ more?: boolean }>().more ?? false).toBe(false);
          for (const key of sourcesIn(page.json<{ objects?: { x_cynex_source?: string }[] }>().objects ?? []))
            taxiiSources.add(key);
        }
      }
    }
    const blocklist = await hub.app.inject({ url: '/api/v1/feeds/blocklist.txt?kind=sha256', headers: h });
    // Fusion by each case's sample hash: the case, and its derived indicator and sighting (named after the case).
    const fusion = { status: 0, seen: new Set<string>() };
    const graph = { status: 0, seen: new Set<string>() };
    for (const c of created.values()) {
      const q = createHash('sha256').update(c.content).digest('hex');
      const lookup = await hub.app.inject({ url: `/api/v1/fusion?q=${q}&limit=500`, headers: h });
      fusion.status = lookup.statusCode;
      if (lookup.statusCode === 200)
        for (const r of lookup.json<{ records: { recordType: string; recordId: string }[] }>().records)
          fusion.seen.add(r.recordType === 'case' ? `case:${r.recordId}` : `case:${c.id}`);
      const drawn = await hub.app.inject({ url: `/api/v1/fusion/graph?q=${q}`, headers: h });
      graph.status = drawn.statusCode;
      if (drawn.statusCode === 200)
        for (const n of drawn.json<{ nodes: { id: string; kind: string; type: string }[] }>().nodes)
          if (n.kind === 'record')
            graph.seen.add(n.type === 'case' ? `case:${n.id.slice('record:case:'.length)}` : `case:${c.id}`);
    }
    const manifest = await hub.app.inject({ url: '/api/v1/feeds/misp/manifest.json', headers: h });
    const caseEvents =
      manifest.statusCode === 200
        ? Object.values(manifest.json<Record<string, { info: string }>>()).flatMap((e) =>
            e.info.startsWith('cynex observation case ') ? [e.info.slice('cynex observation case '.length)] : [],
          )
        : [];
    return {
      status: {
        'GET /intel/bundle (derived objects)': bundle.statusCode,
        'TAXII every root and collection (derived objects)': discovery.statusCode,
        'GET /feeds/blocklist.txt (sample SHA-256)': blocklist.statusCode,
        'GET /feeds/misp/manifest.json (case event)': manifest.statusCode,
        'GET /fusion?q=<sample SHA-256> (case, derived objects)': fusion.status,
        'GET /fusion/graph?q=<sample SHA-256> (case, derived objects)': graph.status,
      },
      seen: {
        'GET /intel/bundle (derived objects)':
          bundle.statusCode === 200
            ? sourcesIn(bundle.json<{ objects: { x_cynex_source?: string }[] }>().objects)
            : new Set(),
        'TAXII every root and collection (derived objects)': taxiiSources,
        'GET /feeds/blocklist.txt (sample SHA-256)': new Set(
          blocklist.body.split('\n').filter((line) => line && !line.startsWith('#')),
        ),
        'GET /feeds/misp/manifest.json (case event)': new Set(caseEvents),
        'GET /fusion?q=<sample SHA-256> (case, derived objects)': fusion.seen,
        'GET /fusion/graph?q=<sample SHA-256> (case, derived objects)': graph.seen,
      },
    };
  }

  beforeAll(async () => {
    const started = Date.now();
    hub = await startTestHub();
    for (const org of [...ORGS, 'D'] as const) orgIds[org] = (await hub.org(`matrix-${org.toLowerCase()}`)).id;
    for (const viewer of VIEWERS) {
      if (viewer.anonymous) {
        headers.set(viewer.key, {});
        continue;
      }
      const id = await hub.user(emailOf(viewer.key), {
        ...(viewer.platformAdmin ? { platformAdmin: true } : {}),
        memberships: (viewer.formerly ?? viewer.memberships).map((m) => ({ orgId: orgIds[m.org], role: m.role })),
      });
      userIds.set(viewer.key, id);
      headers.set(viewer.key, await hub.signIn(emailOf(viewer.key)));
    }

    // The sharing group G = {A, B}, made through the API by the creator (an analyst of A).
    const group = await inject(CREATOR, 'POST', '/api/v1/sharing-groups', { name: 'G (A+B)', orgIds: [orgIds.B] });
    expect(group.statusCode, group.body).toBe(201);
    groupId = group.json().id;
    expect([...(group.json().orgIds as string[])].sort()).toEqual([orgIds.A, orgIds.B].sort());
    // The group the group-scoped cases start in, {A, D}: they are moved to G before anything is read.
    const old = await inject(CREATOR, 'POST', '/api/v1/sharing-groups', { name: 'old (A+D)', orgIds: [orgIds.D] });
    expect(old.statusCode, old.body).toBe(201);
    oldGroupId = old.json().id;
    expect(GROUP_OLD).toEqual(['A', 'D']);

    // One case per valid combination, each with a sample file and a comment, all through the API.
    for (const [index, record] of CASES.entries()) {
      const response = await inject(CREATOR, 'POST', '/api/v1/cases', {
        environmentCode: 'MX1',
        startDate: `2024-0${1 + (index % 9)}-1${index % 10}`,
        malwareFamily: record.family,
        sampleName: `sample-${record.key}`,
        summaryEn: `matrix case ${record.key}`,
        scope: record.scope,
        marking: record.marking,
        ...(record.group ? { sharingGroupId: oldGroupId } : {}),
        recipientUserIds: (record.group && record.marking === 'RED' ? [MOVED_OUT] : record.recipients).map((key) =>
          userIds.get(key)!,
        ),
      });
      expect(response.statusCode, `${record.key}: ${response.body}`).toBe(201);
      const row = response.json();
      if (record.group) {
        const moved = await inject(CREATOR, 'PATCH', `/api/v1/cases/${row.id}`, {
          sharingGroupId: groupId,
          recipientUserIds: record.recipients.map((key) => userIds.get(key)!),
        });
        expect(moved.statusCode, `${record.key} moved: ${moved.body}`).toBe(200);
      }
      expect(row).toMatchObject({
        scope: record.scope,
        marking: record.marking,
        ownerOrgId: orgIds.A,
        malwareFamily: record.family,
      });
      const content = `MZ-not-really-malware ${record.key} ${randomUUID()}`;
      const upload = multipartSample(`${record.family}.exe`, content);
      const file = await hub.app.inject({
        method: 'POST',
        url: `/api/v1/cases/${row.id}/files`,
        headers: { ...headers.get(CREATOR)!, 'content-type': upload.contentType },
        payload: upload.payload,
      });
      expect(file.statusCode, file.body).toBe(201);
      expect(file.json()).toMatchObject({ kind: 'sample' });
      const comment = await inject(CREATOR, 'POST', `/api/v1/cases/${row.id}/comments`, {
        body: `note on ${record.key}`,
      });
      expect(comment.statusCode, comment.body).toBe(201);
      const detail = (await inject(CREATOR, 'GET', `/api/v1/cases/${row.id}`)).json();
      created.set(record.key, {
        id: row.id,
        caseId: row.caseId,
        fileId: file.json().id,
        content,
        commentId: comment.json().id,
        updatedAt: detail.case.updatedAt,
      });
    }

    // The removed recipient leaves A (its admin removes them) before anything is read.
    const removed = await inject(
      'org_admin@A',
      'DELETE',
      `/api/v1/orgs/${orgIds.A}/members/${userIds.get(REMOVED_RECIPIENT)!}`,
    );
    expect(removed.statusCode, removed.body).toBe(204);

    // Every viewer reads every path once; the tests below only compare.
    for (const viewer of VIEWERS) {
      const get = async (url: string) => {
        const r = await inject(viewer.key, 'GET', url);
        return { status: r.statusCode, body: r.body };
      };
      const list = await get('/api/v1/cases?limit=500');
      const listJson = list.status === 200 ? JSON.parse(list.body) : { total: -1, items: [] };
      const csv = await get('/api/v1/cases/export?format=csv');
      const json = await get('/api/v1/cases/export?format=json');
      const stats = await get('/api/v1/cases/stats');
      const statsJson =
        stats.status === 200
          ? JSON.parse(stats.body)
          : { total: -1, byFamily: [], byLevel: [], byMonth: [], recent: [] };
      const observations: ViewerObservations = {
        channels: await readChannels(viewer.key),
        notFound: await get(`/api/v1/cases/${randomUUID()}`),
        list: { status: list.status, total: listJson.total, items: listJson.items },
        csv: { status: csv.status, caseIds: csv.status === 200 ? csvCaseIds(csv.body) : [] },
        json: { status: json.status, caseIds: json.status === 200 ? jsonCaseIds(json.body) : [] },
        stats: { status: stats.status, ...statsJson },
        perCase: new Map(),
      };
      for (const record of CASES) {
        const c = created.get(record.key)!;
        const q = encodeURIComponent(record.family);
        const search = await get(`/api/v1/cases?limit=500&q=${q}`);
        const filter = await get(`/api/v1/cases?limit=500&family=${q}`);
        const exportQ = await get(`/api/v1/cases/export?format=json&q=${q}`);
        observations.perCase.set(record.key, {
          get: await get(`/api/v1/cases/${c.id}`),
          search: {
            status: search.status,
            ids: search.status === 200 ? JSON.parse(search.body).items.map((i: { id: string }) => i.id) : [],
          },
          filter: {
            status: filter.status,
            ids: filter.status === 200 ? JSON.parse(filter.body).items.map((i: { id: string }) => i.id) : [],
          },
          exportQ: { status: exportQ.status, caseIds: exportQ.status === 200 ? jsonCaseIds(exportQ.body) : [] },
          comments: await get(`/api/v1/cases/${c.id}/comments`),
          download: await get(`/api/v1/cases/${c.id}/files/${c.fileId}/download`),
        });
      }
      seen.set(viewer.key, observations);
    }
    setupMs = Date.now() - started;
  }, 600_000);

  afterAll(async () => {
    await hub?.dispose();
  });

  it('generates thousands of independent checks', () => {
    expect(CASES).toHaveLength(13);
    expect(INVALID_COMBOS).toHaveLength(7);
    expect(VIEWERS).toHaveLength(26);
    const perViewer = VIEWERS.length * 6;
    const total = MATRIX.length + CHANNEL_MATRIX.length + WRITE_MATRIX.length + perViewer;
    console.info(
      `access matrix: ${VIEWERS.length} viewers × ${CASES.length} cases × ${READ_PATHS.length} read paths = ${MATRIX.length} read checks, ` +
        `× ${CHANNELS.length} intelligence channels = ${CHANNEL_MATRIX.length} derived-intelligence checks, ` +
        `${WRITE_MATRIX.length} write checks, ${perViewer} per-viewer leak checks: ${total} generated checks (set-up and reads took ${setupMs} ms)`,
    );
    expect(MATRIX.length).toBeGreaterThanOrEqual(3000);
    // Sanity of the oracle against the rule's own sentences.
    expect(CASES.filter((c) => mayRead(viewerByKey(ANONYMOUS), c)).map((c) => c.key)).toEqual(['public/CLEAR']);
    expect(CASES.filter((c) => mayRead(viewerByKey(PLATFORM_ADMIN), c))).toHaveLength(11);
    expect(CASES.filter((c) => mayRead(viewerByKey(CREATOR), c))).toHaveLength(13);
  });

  describe('read paths (viewer × case × path)', () => {
    it.each(MATRIX)('$viewer × $record × $path → $expectation', ({ viewer, record, path, visible }) => {
      const v = seen.get(viewer)!;
      const c = created.get(record)!;
      const spec = caseByKey(record);
      const o = v.perCase.get(record)!;
      const notFound = (r: Simple) => {
        expect(r.status, r.body).toBe(404);
        expect(JSON.parse(r.body).error.code).toBe('CASE_NOT_FOUND');
        // The same answer as for an id that does not exist at all: nothing tells the record is there.
        expect(r.body).toBe(v.notFound.body);
      };
      switch (path) {
        case 'GET /cases/:id':
          if (visible) {
            expect(o.get.status, o.get.body).toBe(200);
            const body = JSON.parse(o.get.body);
            expect(body.case).toMatchObject({ id: c.id, caseId: c.caseId, malwareFamily: spec.family });
            expect(body.files.map((f: { id: string }) => f.id)).toEqual([c.fileId]);
          } else {
            notFound(o.get);
          }
          break;
        case 'GET /cases (list)':
          expect(v.list.status).toBe(200);
          expect(v.list.items.some((i) => i.id === c.id)).toBe(visible);
          break;
        case 'GET /cases?q=<family> (search)':
          expect(o.search.status).toBe(200);
          expect(o.search.ids.includes(c.id)).toBe(visible);
          break;
        case 'GET /cases?family=<family> (filter)':
          expect(o.filter.status).toBe(200);
          expect(o.filter.ids.includes(c.id)).toBe(visible);
          break;
        case 'GET /cases/export?format=csv':
          expect(v.csv.status).toBe(200);
          expect(v.csv.caseIds.includes(c.caseId)).toBe(visible);
          break;
        case 'GET /cases/export?format=json':
          expect(v.json.status).toBe(200);
          expect(v.json.caseIds.includes(c.caseId)).toBe(visible);
          break;
        case 'GET /cases/export?q=<family> (json)':
          expect(o.exportQ.status).toBe(200);
          expect(o.exportQ.caseIds.includes(c.caseId)).toBe(visible);
          break;
        case 'GET /cases/stats (byFamily)':
          expect(v.stats.status).toBe(200);
          expect(v.stats.byFamily.find((f) => f.family === spec.family)?.count ?? 0).toBe(visible ? 1 : 0);
          break;
        case 'GET /cases/:id/comments':
          if (visible) {
            expect(o.comments.status, o.comments.body).toBe(200);
            expect(JSON.parse(o.comments.body).items.map((i: { id: string }) => i.id)).toEqual([c.commentId]);
          } else {
            notFound(o.comments);
          }
          break;
        case 'GET /cases/:id/files/:fileId/download':
          if (visible) {
            expect(o.download.status, o.download.body).toBe(200);
            expect(o.download.body).toBe(c.content);
          } else {
            notFound(o.download);
          }
          break;
        default: {
          const never: never = path;
          throw new Error(`unknown path ${String(never)}`);
        }
      }
    });
  });

  describe('derived intelligence in every channel (viewer × case × channel)', () => {
    it.each(CHANNEL_MATRIX)('$viewer × $record × $channel → $expectation', ({ viewer, record, channel, visible }) => {
      const { status, seen: names } = seen.get(viewer)!.channels;
      const c = created.get(record)!;
      const anonymous = viewerByKey(viewer).anonymous === true;
      expect(status[channel]).toBe(anonymous && MEMBER_CHANNELS.includes(channel) ? 401 : 200);
      const name = channel.startsWith('GET /feeds/blocklist')
        ? createHash('sha256').update(c.content).digest('hex')
        : channel.startsWith('GET /feeds/misp')
          ? c.caseId
          : `case:${c.id}`;
      expect(names[channel].has(name)).toBe(visible);
    });

    it.each(VIEWERS.map((v) => ({ viewer: v.key })))(
      '$viewer: no channel names a case beyond the visible ones',
      ({ viewer }) => {
        const { seen: names } = seen.get(viewer)!.channels;
        const visible = CASES.filter((c) => mayRead(viewerByKey(viewer), c)).map((c) => created.get(c.key)!);
        const allowed = new Set(
          visible.flatMap((c) => [`case:${c.id}`, c.caseId, createHash('sha256').update(c.content).digest('hex')]),
        );
        for (const channel of CHANNELS)
          for (const name of names[channel]) expect(allowed.has(name), `${channel}: ${name}`).toBe(true);
      },
    );
  });

  describe('per viewer: counts match and nothing unknown or hidden comes back', () => {
    const expectedFor = (viewer: string) => CASES.filter((c) => mayRead(viewerByKey(viewer), c));
    const visibleCaseIds = (viewer: string) =>
      expectedFor(viewer)
        .map((c) => created.get(c.key)!.caseId)
        .sort();
    const visibleIds = (viewer: string) =>
      expectedFor(viewer)
        .map((c) => created.get(c.key)!.id)
        .sort();
    const keys = VIEWERS.map((v) => ({ viewer: v.key, count: expectedFor(v.key).length }));

    it.each(keys)('$viewer: list total and items are exactly the $count visible cases', ({ viewer, count }) => {
      const v = seen.get(viewer)!;
      expect(v.list.total).toBe(count);
      expect(v.list.items.map((i) => i.id).sort()).toEqual(visibleIds(viewer));
    });

    it.each(keys)('$viewer: dashboard stats count exactly the $count visible cases', ({ viewer, count }) => {
      const { stats } = seen.get(viewer)!;
      expect(stats.total).toBe(count);
      const families = expectedFor(viewer)
        .map((c) => c.family)
        .sort();
      expect(stats.byFamily.map((f) => f.family).sort()).toEqual(families);
      expect(stats.byLevel.reduce((sum, l) => sum + l.count, 0)).toBe(count);
      expect(stats.byMonth.reduce((sum, m) => sum + m.count, 0)).toBe(count);
      for (const r of stats.recent) expect(visibleIds(viewer)).toContain(r.id);
      expect(stats.recent).toHaveLength(Math.min(10, count));
    });

    it.each(keys)('$viewer: CSV and JSON exports hold exactly the $count visible cases', ({ viewer }) => {
      const v = seen.get(viewer)!;
      expect([...v.csv.caseIds].sort()).toEqual(visibleCaseIds(viewer));
      expect([...v.json.caseIds].sort()).toEqual(visibleCaseIds(viewer));
    });

    it.each(keys)('$viewer: no search, filter or filtered export returns a hidden case', ({ viewer }) => {
      const v = seen.get(viewer)!;
      const allowedIds = new Set(visibleIds(viewer));
      const allowedCaseIds = new Set(visibleCaseIds(viewer));
      for (const [record, o] of v.perCase) {
        for (const id of [...o.search.ids, ...o.filter.ids]) expect(allowedIds.has(id), `${record}: ${id}`).toBe(true);
        for (const caseId of o.exportQ.caseIds) expect(allowedCaseIds.has(caseId), `${record}: ${caseId}`).toBe(true);
      }
    });

    it.each(keys)('$viewer: hidden cases answer exactly like missing ones (404, never 403)', ({ viewer }) => {
      const v = seen.get(viewer)!;
      expect(v.notFound.status).toBe(404);
      for (const [, o] of v.perCase) {
        for (const r of [o.get, o.comments, o.download]) {
          expect(r.status).not.toBe(403);
          expect(r.status).not.toBe(401);
        }
      }
    });
  });

  describe('"done means", literally', () => {
    const analystC = 'analyst@C';
    const hiddenFromC = ['organisation/CLEAR', 'organisation/GREEN', 'organisation/AMBER', 'organisation/AMBER+STRICT'];

    it.each(hiddenFromC)("a C analyst cannot see, count, search or export A's %s case", (record) => {
      const v = seen.get(analystC)!;
      const c = created.get(record)!;
      const o = v.perCase.get(record)!;
      expect(o.get.status).toBe(404);
      expect(v.list.items.map((i) => i.id)).not.toContain(c.id);
      expect(v.stats.byFamily.map((f) => f.family)).not.toContain(caseByKey(record).family);
      expect(v.stats.total).toBe(v.list.items.length);
      expect(o.search.ids).not.toContain(c.id);
      expect(v.csv.caseIds).not.toContain(c.caseId);
      expect(v.json.caseIds).not.toContain(c.caseId);
      expect(o.exportQ.caseIds).not.toContain(c.caseId);
      expect(o.download.status).toBe(404);
      expect(o.comments.status).toBe(404);
    });

    it("a C analyst does not see A's AMBER+STRICT case nor the A+B group's cases", () => {
      const v = seen.get(analystC)!;
      for (const record of [
        'organisation/AMBER+STRICT',
        'sharing_group/CLEAR',
        'sharing_group/GREEN',
        'sharing_group/AMBER',
        'sharing_group/RED',
      ]) {
        expect(v.perCase.get(record)!.get.status, record).toBe(404);
      }
    });

    it('a C analyst can see, count, search and export a community-scoped GREEN case', () => {
      const v = seen.get(analystC)!;
      const c = created.get('community/GREEN')!;
      const o = v.perCase.get('community/GREEN')!;
      expect(o.get.status).toBe(200);
      expect(v.list.items.map((i) => i.id)).toContain(c.id);
      expect(v.stats.byFamily).toContainEqual({ family: 'fam-community-GREEN', count: 1 });
      expect(o.search.ids).toContain(c.id);
      expect(v.csv.caseIds).toContain(c.caseId);
      expect(v.json.caseIds).toContain(c.caseId);
    });

    it('a B analyst sees the A+B group cases that are not RED; the C analyst does not', () => {
      for (const marking of ['CLEAR', 'GREEN', 'AMBER'] as const) {
        expect(seen.get('analyst@B')!.perCase.get(`sharing_group/${marking}`)!.get.status).toBe(200);
        expect(seen.get('analyst@C')!.perCase.get(`sharing_group/${marking}`)!.get.status).toBe(404);
      }
    });

    it('anonymous visitors see only the public CLEAR case, everywhere', () => {
      const v = seen.get(ANONYMOUS)!;
      const c = created.get('public/CLEAR')!;
      expect(v.list.items.map((i) => i.id)).toEqual([c.id]);
      expect(v.list.total).toBe(1);
      expect(v.stats.total).toBe(1);
      expect(v.stats.byFamily).toEqual([{ family: 'fam-public-CLEAR', count: 1 }]);
      expect(v.csv.caseIds).toEqual([c.caseId]);
      expect(v.json.caseIds).toEqual([c.caseId]);
      for (const [record, o] of v.perCase) expect(o.get.status, record).toBe(record === 'public/CLEAR' ? 200 : 404);
    });

    it('TLP:RED reaches only its named recipient and its creator: not platform admins, not the owner org', () => {
      for (const viewer of VIEWERS.map((x) => x.key)) {
        const v = seen.get(viewer)!;
        expect(v.perCase.get('organisation/RED')!.get.status, viewer).toBe(
          [RED_RECIPIENT_A, CREATOR].includes(viewer) ? 200 : 404,
        );
        expect(v.perCase.get('sharing_group/RED')!.get.status, viewer).toBe(
          [RED_RECIPIENT_B, CREATOR].includes(viewer) ? 200 : 404,
        );
      }
    });

    it('learners and vendors see only community-wide CLEAR and GREEN, even in their own organisation', () => {
      for (const viewer of ['learner@A', 'vendor@A', 'learner@B', 'vendor@C']) {
        const v = seen.get(viewer)!;
        expect(v.list.items.map((i) => i.malwareFamily).sort(), viewer).toEqual(
          ['fam-community-CLEAR', 'fam-community-GREEN', 'fam-public-CLEAR'].sort(),
        );
      }
    });

    it('a signed-in user without membership sees public CLEAR only', () => {
      expect(seen.get(NO_MEMBERSHIP)!.list.items.map((i) => i.malwareFamily)).toEqual(['fam-public-CLEAR']);
    });

    it('a RED recipient removed from the organisation reads, searches, exports and comments on it no more', () => {
      const v = seen.get(REMOVED_RECIPIENT)!;
      const red = created.get('organisation/RED')!;
      const o = v.perCase.get('organisation/RED')!;
      expect(o.get.status).toBe(404);
      expect(o.comments.status).toBe(404);
      expect(o.download.status).toBe(404);
      expect(o.search.ids).not.toContain(red.id);
      expect(v.json.caseIds).not.toContain(red.caseId);
      expect(v.list.items.map((i) => i.malwareFamily)).toEqual(['fam-public-CLEAR']);
    });

    it('an organisation the group-scoped cases were moved away from sees none of them (RED included)', () => {
      const v = seen.get(MOVED_OUT)!;
      for (const marking of ['CLEAR', 'GREEN', 'AMBER', 'RED'] as const) {
        expect(v.perCase.get(`sharing_group/${marking}`)!.get.status, marking).toBe(404);
      }
    });
  });

  describe('write paths', () => {
    it.each(WRITE_MATRIX)(
      '$viewer cannot $method $record → $status $code',
      async ({ viewer, record, method, status, code }) => {
        const c = created.get(record)!;
        const response =
          method === 'PATCH'
            ? await inject(viewer, 'PATCH', `/api/v1/cases/${c.id}`, { summaryEn: `tampered by ${viewer}` })
            : await inject(viewer, 'DELETE', `/api/v1/cases/${c.id}`);
        expect(response.statusCode, response.body).toBe(status);
        expect(response.json().error.code).toBe(code);
      },
    );

    it("analysts of B and C cannot change A's community case: 403 when they can read it, 404 when they cannot", async () => {
      const community = created.get('community/AMBER')!;
      const orgOnly = created.get('organisation/AMBER')!;
      const group = created.get('sharing_group/AMBER')!;
      for (const [viewer, target, status] of [
        ['analyst@B', community, 403],
        ['analyst@C', community, 403],
        ['analyst@B', orgOnly, 404],
        ['analyst@C', orgOnly, 404],
        ['analyst@B', group, 403],
        ['analyst@C', group, 404],
      ] as const) {
        const patch = await inject(viewer, 'PATCH', `/api/v1/cases/${target.id}`, { summaryEn: 'tampered' });
        expect(patch.statusCode, `${viewer} PATCH: ${patch.body}`).toBe(status);
        expect(patch.json().error.code).toBe(status === 403 ? 'FORBIDDEN' : 'CASE_NOT_FOUND');
        const del = await inject(viewer, 'DELETE', `/api/v1/cases/${target.id}`);
        expect(del.statusCode, `${viewer} DELETE: ${del.body}`).toBe(status);
      }
    });

    it("a viewer of A may read A's case but not PATCH it (403)", async () => {
      const c = created.get('organisation/AMBER')!;
      expect((await inject('viewer@A', 'GET', `/api/v1/cases/${c.id}`)).statusCode).toBe(200);
      const patch = await inject('viewer@A', 'PATCH', `/api/v1/cases/${c.id}`, { summaryEn: 'tampered' });
      expect(patch.statusCode).toBe(403);
      expect(patch.json().error.code).toBe('FORBIDDEN');
    });

    it('a read-only API token can read but not create, change or delete', async () => {
      const made = await inject('analyst@A', 'POST', '/api/v1/tokens', { name: 'read only', scopes: ['read'] });
      expect(made.statusCode, made.body).toBe(201);
      const bearer = { authorization: `Bearer ${made.json().token as string}` };
      const c = created.get('organisation/AMBER')!;
      const list = await hub.app.inject({ method: 'GET', url: '/api/v1/cases?limit=500', headers: bearer });
      expect(list.statusCode).toBe(200);
      expect(list.json().total).toBe(CASES.filter((x) => mayRead(viewerByKey('analyst@A'), x)).length);
      expect((await hub.app.inject({ method: 'GET', url: `/api/v1/cases/${c.id}`, headers: bearer })).statusCode).toBe(
        200,
      );
      const create = await hub.app.inject({
        method: 'POST',
        url: '/api/v1/cases',
        headers: bearer,
        payload: { environmentCode: 'MX1', startDate: '2024-05-05', malwareFamily: 'token-made' },
      });
      expect(create.statusCode, create.body).toBe(403);
      expect(create.json().error.code).toBe('FORBIDDEN');
      const patch = await hub.app.inject({
        method: 'PATCH',
        url: `/api/v1/cases/${c.id}`,
        headers: bearer,
        payload: { summaryEn: 'tampered' },
      });
      expect(patch.statusCode).toBe(403);
      const del = await hub.app.inject({ method: 'DELETE', url: `/api/v1/cases/${c.id}`, headers: bearer });
      expect(del.statusCode).toBe(403);
      const search = await inject(CREATOR, 'GET', '/api/v1/cases?q=token-made');
      expect(search.json().total).toBe(0);
    });

    it('after all refused writes every case is unchanged and still there', async () => {
      const list = await inject(CREATOR, 'GET', '/api/v1/cases?limit=500');
      expect(list.json().total).toBe(CASES.length);
      for (const record of CASES) {
        const c = created.get(record.key)!;
        const detail = (await inject(CREATOR, 'GET', `/api/v1/cases/${c.id}`)).json();
        expect(detail.case.summaryEn, record.key).toBe(`matrix case ${record.key}`);
        expect(detail.case.updatedAt, record.key).toBe(c.updatedAt);
      }
    });
  });

  describe('derived writes: records and people a write names must be ones the owner may use', () => {
    const base = (family: string) => ({ environmentCode: 'MX3', startDate: '2024-07-01', malwareFamily: family });
    const writers = VIEWERS.filter((v) => !v.anonymous && !v.platformAdmin).filter((v) =>
      v.memberships.some((m) => m.role === 'org_admin' || m.role === 'analyst'),
    );

    /** Every writer × the group G: allowed only when the writer's organisation (the owner) is in G. */
    const GROUP_WRITES = writers.map((v) => {
      const owner = v.memberships.find((m) => m.role === 'org_admin' || m.role === 'analyst')!.org;
      return { viewer: v.key, owner, allowed: GROUP_G.includes(owner) };
    });
    it.each(GROUP_WRITES)(
      '$viewer puts a case of $owner in the group of A and B → allowed: $allowed',
      async ({ viewer, owner, allowed }) => {
        const response = await inject(viewer, 'POST', '/api/v1/cases', {
          ...base(`derived-group-${viewer}`),
          ownerOrgId: orgIds[owner],
          scope: 'sharing_group',
          marking: 'AMBER',
          sharingGroupId: groupId,
        });
        expect(response.statusCode, response.body).toBe(allowed ? 201 : 400);
        if (!allowed)
          expect(response.json().error.fields.map((f: { path: string }) => f.path)).toContain('sharingGroupId');
        // Leave the matrix as it was for the checks that follow.
        if (allowed)
          expect((await inject(viewer, 'DELETE', `/api/v1/cases/${response.json().id}`)).statusCode).toBe(204);
      },
    );

    /** Every signed-in viewer as the assignee of a new AMBER case of A, and as a RED recipient: only readers. */
    const PEOPLE = VIEWERS.filter((v) => !v.anonymous).map((v) => {
      const amber: RecordSpec = { ...caseByKey('organisation/AMBER'), key: 'new' };
      const red: RecordSpec = { ...caseByKey('organisation/RED'), key: 'new-red', recipients: [v.key] };
      return { viewer: v.key, assignable: mayRead(v, amber), recipient: mayRead(v, red) };
    });
    it.each(PEOPLE)(
      "$viewer as assignee of A's AMBER case → allowed: $assignable; as RED recipient → allowed: $recipient",
      async ({ viewer, assignable, recipient }) => {
        const assigned = await inject(CREATOR, 'POST', '/api/v1/cases', {
          ...base(`derived-assign-${viewer}`),
          marking: 'AMBER',
          analystUserIds: [userIds.get(viewer)!],
        });
        expect(assigned.statusCode, assigned.body).toBe(assignable ? 201 : 400);
        const red = await inject(CREATOR, 'POST', '/api/v1/cases', {
          ...base(`derived-red-${viewer}`),
          marking: 'RED',
          recipientUserIds: [userIds.get(viewer)!],
        });
        expect(red.statusCode, red.body).toBe(recipient ? 201 : 400);
        if (!assignable) expect(assigned.json().error.code).toBe('SHARING_INVALID');
        if (!recipient) expect(red.json().error.code).toBe('SHARING_INVALID');
        for (const made of [assigned, red].filter((r) => r.statusCode === 201)) {
          expect((await inject(CREATOR, 'DELETE', `/api/v1/cases/${made.json().id}`)).statusCode).toBe(204);
        }
      },
    );

    it("a behaviour or a file of one case cannot be reached through another case's address", async () => {
      const a = created.get('organisation/AMBER')!;
      const b = created.get('community/GREEN')!;
      const behaviour = await inject(CREATOR, 'POST', `/api/v1/cases/${b.id}/behaviours`, {
        occurredAt: '2024-07-01T00:00:00Z',
        category: 'command',
        action: 'ran whoami',
        techniqueIds: ['T1033'],
      });
      expect(behaviour.statusCode, behaviour.body).toBe(201);
      const behaviourId = behaviour.json()[0]?.id ?? behaviour.json().items?.[0]?.id ?? behaviour.json().id;
      const crossPatch = await inject(CREATOR, 'PATCH', `/api/v1/cases/${a.id}/behaviours/${behaviourId}`, {
        action: 'rewritten from elsewhere',
      });
      expect(crossPatch.statusCode).toBe(404);
      expect(crossPatch.json().error.code).toBe('BEHAVIOUR_NOT_FOUND');
      const crossDelete = await inject(CREATOR, 'DELETE', `/api/v1/cases/${a.id}/behaviours/${behaviourId}`);
      expect(crossDelete.statusCode).toBe(404);
      const crossFile = await inject(CREATOR, 'GET', `/api/v1/cases/${a.id}/files/${b.fileId}/download`);
      expect(crossFile.statusCode).toBe(404);
      const upload = multipartSample('x.bin', 'cross');
      const boundary = upload.contentType.split('boundary=')[1]!;
      const withBehaviour = Buffer.from(
        upload.payload
          .toString()
          .replace(
            `--${boundary}\r\n`,
            `--${boundary}\r\nContent-Disposition: form-data; name="behaviourId"\r\n\r\n${behaviourId}\r\n--${boundary}\r\n`,
          ),
      );
      const crossAttach = await hub.app.inject({
        method: 'POST',
        url: `/api/v1/cases/${a.id}/files`,
        headers: { ...headers.get(CREATOR)!, 'content-type': upload.contentType },
        payload: withBehaviour,
      });
      expect(crossAttach.statusCode, crossAttach.body).toBe(404);
      expect(crossAttach.json().error.code).toBe('BEHAVIOUR_NOT_FOUND');
    });

    it('a case cannot be moved into a group its owner organisation is not in', async () => {
      const foreign = await inject('analyst@C', 'POST', '/api/v1/sharing-groups', { name: 'C+D', orgIds: [orgIds.D] });
      expect(foreign.statusCode).toBe(201);
      const c = created.get('sharing_group/AMBER')!;
      const moved = await inject(CREATOR, 'PATCH', `/api/v1/cases/${c.id}`, { sharingGroupId: foreign.json().id });
      expect(moved.statusCode).toBe(400);
      expect(moved.json().error.fields.map((f: { path: string }) => f.path)).toContain('sharingGroupId');
    });
  });

  describe('invalid scope/marking combinations are refused and nothing is stored', () => {
    const base = (family: string) => ({ environmentCode: 'MX2', startDate: '2024-06-01', malwareFamily: family });

    it.each(INVALID_COMBOS)('POST scope $scope with TLP:$marking → 400 SHARING_INVALID', async ({ scope, marking }) => {
      const response = await inject(CREATOR, 'POST', '/api/v1/cases', {
        ...base(`inv-${scope}-${marking}`),
        scope,
        marking,
        ...(scope === 'sharing_group' ? { sharingGroupId: groupId } : {}),
        recipientUserIds: marking === 'RED' ? [userIds.get(RED_RECIPIENT_A)!] : [],
      });
      expect(response.statusCode, response.body).toBe(400);
      expect(response.json().error.code).toBe('SHARING_INVALID');
      expect(response.json().error.fields.map((f: { path: string }) => f.path)).toContain('scope');
    });

    const OTHER_INVALID: { name: string; body: () => Record<string, unknown>; field: string }[] = [
      {
        name: 'RED without recipients',
        body: () => ({ scope: 'organisation', marking: 'RED' }),
        field: 'recipientUserIds',
      },
      {
        name: 'sharing_group without a group',
        body: () => ({ scope: 'sharing_group', marking: 'GREEN' }),
        field: 'sharingGroupId',
      },
      {
        name: 'a group with scope community',
        body: () => ({ scope: 'community', marking: 'GREEN', sharingGroupId: groupId }),
        field: 'sharingGroupId',
      },
      {
        name: 'recipients on AMBER',
        body: () => ({ scope: 'organisation', marking: 'AMBER', recipientUserIds: [userIds.get(RED_RECIPIENT_A)!] }),
        field: 'recipientUserIds',
      },
      {
        name: 'RED (organisation) for a recipient in B',
        body: () => ({ scope: 'organisation', marking: 'RED', recipientUserIds: [userIds.get(RED_RECIPIENT_B)!] }),
        field: 'recipientUserIds',
      },
      {
        name: 'RED (group) for a recipient in C',
        body: () => ({
          scope: 'sharing_group',
          marking: 'RED',
          sharingGroupId: groupId,
          recipientUserIds: [userIds.get('analyst@C')!],
        }),
        field: 'recipientUserIds',
      },
      {
        name: 'RED for a user who does not exist',
        body: () => ({ scope: 'organisation', marking: 'RED', recipientUserIds: [randomUUID()] }),
        field: 'recipientUserIds',
      },
      {
        name: 'a sharing group that does not exist',
        body: () => ({ scope: 'sharing_group', marking: 'AMBER', sharingGroupId: randomUUID() }),
        field: 'sharingGroupId',
      },
    ];

    it.each(OTHER_INVALID)('POST $name → 400 SHARING_INVALID on $field', async ({ name, body, field }) => {
      const response = await inject(CREATOR, 'POST', '/api/v1/cases', {
        ...base(`inv-${name.replace(/\W+/g, '-')}`),
        ...body(),
      });
      expect(response.statusCode, response.body).toBe(400);
      expect(response.json().error.code).toBe('SHARING_INVALID');
      expect(response.json().error.fields.map((f: { path: string }) => f.path)).toContain(field);
    });

    it.each(INVALID_COMBOS)(
      'PATCH an existing TLP:$marking case to scope $scope → 400 SHARING_INVALID, unchanged',
      async ({ scope, marking }) => {
        const record = CASES.find((c) => c.marking === marking && c.scope === 'organisation')!;
        const c = created.get(record.key)!;
        const response = await inject(CREATOR, 'PATCH', `/api/v1/cases/${c.id}`, {
          scope,
          ...(scope === 'sharing_group' ? { sharingGroupId: groupId } : {}),
        });
        expect(response.statusCode, response.body).toBe(400);
        expect(response.json().error.code).toBe('SHARING_INVALID');
        const after = (await inject(CREATOR, 'GET', `/api/v1/cases/${c.id}`)).json();
        expect(after.case).toMatchObject({ scope: 'organisation', marking, sharingGroupId: null });
      },
    );

    it('a CSV import with an invalid combination is refused whole', async () => {
      const csv =
        'environmentCode,startDate,malwareFamily,scope,marking\nMX2,2024-06-02,inv-import-ok,community,GREEN\nMX2,2024-06-03,inv-import-bad,public,AMBER\n';
      const response = await hub.app.inject({
        method: 'POST',
        url: '/api/v1/cases/import',
        headers: { ...headers.get(CREATOR)!, 'content-type': 'text/csv' },
        payload: csv,
      });
      expect(response.statusCode, response.body).toBe(400);
      expect(response.json().error.code).toBe('IMPORT_FAILED');
      expect(response.json().error.rows).toContainEqual(expect.objectContaining({ row: 3, column: 'scope' }));
    });

    it('nothing from the refused attempts was stored', async () => {
      const creator = await inject(CREATOR, 'GET', '/api/v1/cases?limit=500&q=inv-');
      expect(creator.json().total).toBe(0);
      expect((await inject(CREATOR, 'GET', '/api/v1/cases/stats')).json().total).toBe(CASES.length);
      expect((await inject(PLATFORM_ADMIN, 'GET', '/api/v1/cases/stats')).json().total).toBe(
        CASES.filter((c) => c.marking !== 'RED').length,
      );
    });
  });
});
