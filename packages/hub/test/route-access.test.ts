import { createHash, randomUUID } from 'node:crypto';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestHub, type TestHub } from './harness.js';
import { moduleZip } from './courseware-package.js';
import { COLLECTIONS } from '../src/modules/taxii/taxii.schema.js';
import { labInstances } from '../src/modules/labs/labs.table.js';
import { assessmentAttempts } from '../src/modules/training/training.table.js';
import { certificates } from '../src/modules/training/certificates.table.js';
import { eq } from 'drizzle-orm';

/*
 * Every route the app serves has an access test. The routes are read from the running app
 * (`printRoutes`), not from a hand-kept list: a route without an entry in ACCESS below fails the suite,
 * and every state-changing route automatically gets the CSRF and read-only-token checks.
 */

// The hub is built while the file is collected, so that the generated tests come from the app's own routes.
const hub: TestHub = await startTestHub();

// ---------------------------------------------------------------------------------------------------------------
// Routes, as the app prints them
// ---------------------------------------------------------------------------------------------------------------

type Method = 'GET' | 'HEAD' | 'POST' | 'PATCH' | 'PUT' | 'DELETE' | 'OPTIONS';
interface AppRoute {
  method: Method;
  path: string;
  key: string;
}

/** Parses `printRoutes({ commonPrefix: false })`: a tree whose lines are `<indent>├── <segment> (<METHODS>)`. */
function parseRoutes(tree: string): AppRoute[] {
  const routes: AppRoute[] = [];
  const stack: string[] = [];
  for (const line of tree.split('\n')) {
    const match = /^((?:[│ ] {3})*)(?:[├└]── )(.+?)(?: \(([A-Z, ]+)\))?$/.exec(line);
    if (!match) continue;
    const depth = match[1]!.length / 4;
    const full = (depth === 0 ? '' : stack[depth - 1]!) + match[2]!;
    stack[depth] = full;
    stack.length = depth + 1;
    for (const method of (match[3] ?? '')
      .split(',')
      .map((m) => m.trim())
      .filter(Boolean)) {
      routes.push({ method: method as Method, path: full, key: `${method} ${full}` });
    }
  }
  return routes.sort((a, b) => a.key.localeCompare(b.key));
}

const ROUTES = parseRoutes(hub.app.printRoutes({ commonPrefix: false }));
const API_ROUTES = ROUTES.filter((r) => r.path.startsWith('/api/v1/'));
const OTHER_ROUTES = ROUTES.filter((r) => !r.path.startsWith('/api/v1/'));
const STATE_CHANGING = API_ROUTES.filter((r) => !['GET', 'HEAD', 'OPTIONS'].includes(r.method));

// ---------------------------------------------------------------------------------------------------------------
// The fixtures every request names (real ids, so that a 404 is never "no such record")
// ---------------------------------------------------------------------------------------------------------------

type Who = 'anaA' | 'adminA' | 'learnerC' | 'adminC' | 'padmin' | 'csrf' | 'logoutProbe';
type Target = 'org' | 'public';
type Headers = Record<string, string>;
type Session = { cookie: string; 'x-csrf-token': string };

interface Ctx {
  orgA: string;
  orgC: string;
  users: Record<Exclude<Who, 'csrf' | 'logoutProbe'>, string>;
  h: Record<Who, Session>;
  cases: Record<Target, { id: string; caseId: string; behaviourId: string; fileId: string }>;
  groupId: string;
  tokenId: string;
  readOnlyToken: string;
  notificationId: string;
  linkToken: string;
  invitationId: string;
  prefixId: string;
  alertId: string;
  reportId: string;
  /** A sensor credential of 'route-sensor' for both purposes, and the id of another (for the revoke route). */
  sensorSecret: string;
  sensorCredentialId: string;
  /** A decoy session of A's world on 'route-sensor', and a file it captured. */
  decoySessionId: string;
  captureSha256: string;
  stixImportId: string;
  /** The status of A's TAXII add-objects request. */
  taxiiStatusId: string;
  /** An entry of A's watchlist. */
  watchlistEntryId: string;
  /** A lab instance of A's analyst (a stopped one: no lab process is needed to be refused it). */
  labInstanceId: string;
  /** A's courseware package (organisation scope, AMBER) and a module zip to import. */
  coursewarePackageId: string;
  packageZip: Buffer;
  /** A's cohort of web-security, with A's analyst as its learner. */
  cohortId: string;
  /** A progress meeting of A's cohort (an action item of A's analyst) and an announcement in it. */
  meetingId: string;
  announcementId: string;
  /** A team of A's cohort (A's analyst) with a started scenario, its submitted report, and the analyst's pre attempt. */
  teamId: string;
  submissionId: string;
  attemptId: string;
  /** A certificate of A's analyst in A's cohort (inserted as issued), and its code. */
  certificateId: string;
  certificateCode: string;
}
const ctx = {} as Ctx;

interface Req {
  url: string;
  payload?: object | string | Buffer;
  contentType?: string;
}

function multipartSample(content: string): { payload: Buffer; contentType: string } {
  const boundary = `----cynex-routes-${randomUUID()}`;
  const payload = Buffer.from(
    `--${boundary}\r\nContent-Disposition: form-data; name="kind"\r\n\r\nsample\r\n` +
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="s.bin"\r\nContent-Type: application/octet-stream\r\n\r\n${content}\r\n` +
      `--${boundary}--\r\n`,
  );
  return { payload, contentType: `multipart/form-data; boundary=${boundary}` };
}

const EMAIL = {
  anaA: 'ana@route-a.example',
  adminA: 'admin@route-a.example',
  learnerC: 'learner@route-c.example',
  adminC: 'admin@route-c.example',
  padmin: 'root@route.example',
} as const;

// ---------------------------------------------------------------------------------------------------------------
// The access table: one entry per route (HEAD follows GET)
// ---------------------------------------------------------------------------------------------------------------

type Check = (r: LightMyRequestResponse, target: Target) => void | Promise<void>;

/**
 * What an outsider (a member of organisation C, which has nothing to do with A's records) gets:
 * - 'denied': 403 or 404 (for case-record routes exactly 404 on A's organisation-scoped case and 403 on the
 *   public case they may read but not change);
 * - a function: the route is self-service (own account, own tokens...); the function checks nothing of A's leaks.
 */
type Outsider = 'denied' | 'own-session-test' | Check;

interface Spec {
  request: (target: Target) => Req;
  /** anonymous: 'unauthenticated' → 401; 'record' → 401, or 404 where 404 hides a record; 'public' → see publicCheck. */
  anonymous: 'unauthenticated' | 'record' | 'public';
  /** The route names a case: anonymous and outsiders are tried on A's organisation-scoped case and on its public case. */
  caseRecord?: true;
  publicCheck?: Check;
  learner: Outsider;
  /** Org-admin routes (members, invitations, audit, users, password reset, orgs): the admin of C is tried too. */
  adminOfOtherOrg?: Outsider;
}

const P = '/api/v1';
const isHead = (r: LightMyRequestResponse) => r.raw.req.method === 'HEAD';
/** The status, and the error code unless the request was a HEAD (which has no body). */
const expectCode = (r: LightMyRequestResponse, status: number, code?: string) => {
  expect(r.statusCode, r.body).toBe(status);
  if (code && !isHead(r)) expect(r.json().error.code).toBe(code);
};
/** Public reads of a case record: the public case is served, A's organisation-scoped case is not there. */
const publicCaseRead: Check = (r, target) => {
  if (target === 'public') expect(r.statusCode, r.body).toBe(200);
  else expectCode(r, 404, 'CASE_NOT_FOUND');
};
const ok =
  (status = 200): Check =>
  (r) =>
    expect(r.statusCode, r.body).toBe(status);

const caseUrl = (target: Target, rest = '') => `${P}/cases/${ctx.cases[target].id}${rest}`;
const importCsv = () => `ownerOrg,environmentCode,startDate,malwareFamily\nroute-a,RA9,2024-03-03,route-import-probe\n`;
/** A host in A's registered prefix, seen by the telescope: A has an alert for it. */
const ROUTE_HOST = '198.51.100.7';
const telescopeBatch = (sensorId: string, sources: object[] = []) => ({
  sensorId,
  monitoredAddresses: 256,
  intervals: [],
  scans: [],
  dos: [],
  sources,
});
/** Outsiders list alerts, but never A's. */
const alertsHidden: Check = (r) => {
  expect(r.statusCode, r.body).toBe(200);
  if (r.body) expect(r.json().items.map((a: { id: string }) => a.id)).not.toContain(ctx.alertId);
};

/** A's organisation-scoped report never shows in anybody else's list. */
const reportHidden: Check = (r) => {
  expect(r.statusCode, r.body).toBe(200);
  if (r.body) expect(r.json().items.map((x: { id: string }) => x.id)).not.toContain(ctx.reportId);
};

/** A's decoy world: organisation scope, so outsiders see neither it nor its sessions. */
const ROUTE_WORLD = 'route-world';
const decoyHidden =
  (key: 'id' | 'session', value: () => string): Check =>
  (r) => {
    expect(r.statusCode, r.body).toBe(200);
    if (r.body) expect(r.json().items.map((x: Record<string, string>) => x[key])).not.toContain(value());
  };
const worldUrl = (rest = '') => `${P}/decoy/worlds/${ROUTE_WORLD}${rest}`;
const sessionUrl = (rest = '') => `${P}/decoy/sessions/${ctx.decoySessionId}${rest}`;
const decoyAdminOnly = { anonymous: 'unauthenticated', learner: 'denied', adminOfOtherOrg: 'denied' } as const;
const decoyRecord = { anonymous: 'unauthenticated', learner: 'denied' } as const;

/** A's imported indicator: TLP:AMBER, organisation scope, so outsiders never see it, in a list or an export. */
const ROUTE_STIX_ID = 'indicator--0a5e5e5e-0000-4000-8000-00000000a11a';
const routeBundle = () => ({
  type: 'bundle',
  id: 'bundle--0a5e5e5e-0000-4000-8000-00000000b11b',
  objects: [
    {
      type: 'indicator',
      spec_version: '2.1',
      id: ROUTE_STIX_ID,
      created: '2024-02-02T00:00:00.000Z',
      modified: '2024-02-02T00:00:00.000Z',
      pattern: `[ipv4-addr:value = '${ROUTE_HOST}']`,
      pattern_type: 'stix',
      valid_from: '2024-02-02T00:00:00.000Z',
    },
  ],
});
/** A's organisation-scoped indicator names ROUTE_HOST: no one else's blocklist carries it. */
const feedHidden: Check = (r) => {
  expect(r.statusCode, r.body).toBe(200);
  expect(r.body).not.toContain(ROUTE_HOST);
};
/** A's import (a MISP event of A's feed) is in no one else's manifest or hashes. */
const mispHidden: Check = (r) => {
  expect(r.statusCode, r.body).toBe(200);
  expect(r.body).not.toContain(ctx.stixImportId);
};
/** A's organisation-scoped indicator of ROUTE_HOST and A's organisation-scoped case are in no one else's fusion. */
const fusionHidden: Check = (r) => {
  expect(r.statusCode, r.body).toBe(200);
  expect(r.body).not.toContain(ROUTE_STIX_ID);
  expect(r.body).not.toContain(ctx.cases.org.id);
};
const stixHidden: Check = (r) => {
  expect(r.statusCode, r.body).toBe(200);
  expect(r.body).not.toContain(ROUTE_STIX_ID);
};

const ACCESS: Record<string, Spec> = {
  // --- auth: public entry points
  [`POST ${P}/auth/login`]: {
    request: () => ({
      url: `${P}/auth/login`,
      payload: { email: 'nobody@route.example', password: 'wrong password, surely' },
    }),
    anonymous: 'public',
    publicCheck: (r) => expectCode(r, 401, 'INVALID_CREDENTIALS'),
    learner: (r) => expectCode(r, 401, 'INVALID_CREDENTIALS'),
  },
  [`GET ${P}/auth/links/:token`]: {
    request: () => ({ url: `${P}/auth/links/${ctx.linkToken}` }),
    anonymous: 'public',
    publicCheck: ok(),
    learner: ok(),
  },
  [`POST ${P}/auth/links/:token/accept`]: {
    request: () => ({
      url: `${P}/auth/links/not-a-real-link-token-${randomUUID()}/accept`,
      payload: { password: 'a long enough password' },
    }),
    anonymous: 'public',
    publicCheck: (r) => expectCode(r, 404, 'LINK_NOT_FOUND'),
    learner: (r) => expectCode(r, 404, 'LINK_NOT_FOUND'),
  },
  // An invitation made out to someone else: nobody but its addressee, signed in, can use it.
  [`POST ${P}/auth/links/:token/join`]: {
    request: () => ({ url: `${P}/auth/links/${ctx.linkToken}/join` }),
    anonymous: 'unauthenticated',
    learner: (r) => expectCode(r, 404, 'LINK_NOT_FOUND'),
  },
  [`GET ${P}/auth/invitations`]: {
    request: () => ({ url: `${P}/auth/invitations` }),
    anonymous: 'unauthenticated',
    learner: (r) => {
      expect(r.statusCode, r.body).toBe(200);
      if (r.body) expect(r.json().items).toEqual([]);
    },
  },
  [`POST ${P}/auth/invitations/:id/accept`]: {
    request: () => ({ url: `${P}/auth/invitations/${ctx.invitationId}/accept` }),
    anonymous: 'record',
    learner: (r) => expectCode(r, 404, 'LINK_NOT_FOUND'),
    adminOfOtherOrg: (r) => expectCode(r, 404, 'LINK_NOT_FOUND'),
  },
  [`POST ${P}/auth/invitations/:id/decline`]: {
    request: () => ({ url: `${P}/auth/invitations/${ctx.invitationId}/decline` }),
    anonymous: 'record',
    learner: (r) => expectCode(r, 404, 'LINK_NOT_FOUND'),
    adminOfOtherOrg: (r) => expectCode(r, 404, 'LINK_NOT_FOUND'),
  },
  // --- auth: own account
  [`POST ${P}/auth/logout`]: {
    request: () => ({ url: `${P}/auth/logout` }),
    anonymous: 'unauthenticated',
    learner: 'own-session-test', // logging out would end the outsider's session: a dedicated test below
  },
  [`GET ${P}/auth/me`]: {
    request: () => ({ url: `${P}/auth/me` }),
    anonymous: 'unauthenticated',
    learner: (r) => {
      expect(r.statusCode).toBe(200);
      if (r.body) expect(r.json().user.id).toBe(ctx.users.learnerC);
    },
  },
  [`PATCH ${P}/auth/me`]: {
    request: () => ({ url: `${P}/auth/me`, payload: { locale: 'en' } }),
    anonymous: 'unauthenticated',
    learner: (r) => {
      expect(r.statusCode, r.body).toBe(200);
      expect(r.json().user.id).toBe(ctx.users.learnerC);
    },
  },
  // --- tokens: own tokens only
  [`GET ${P}/tokens`]: {
    request: () => ({ url: `${P}/tokens` }),
    anonymous: 'unauthenticated',
    learner: (r) => {
      expect(r.statusCode).toBe(200);
      if (r.body) expect(r.json().items.map((t: { id: string }) => t.id)).not.toContain(ctx.tokenId);
    },
  },
  [`POST ${P}/tokens`]: {
    request: () => ({ url: `${P}/tokens`, payload: { name: 'probe', scopes: ['read'] } }),
    anonymous: 'unauthenticated',
    learner: ok(201),
  },
  [`DELETE ${P}/tokens/:id`]: {
    request: () => ({ url: `${P}/tokens/${ctx.tokenId}` }),
    anonymous: 'record',
    learner: (r) => expectCode(r, 404, 'TOKEN_NOT_FOUND'),
  },
  // --- audit (org-admin route: the admin of C reads C's entries only)
  [`GET ${P}/audit`]: {
    request: () => ({ url: `${P}/audit?limit=500` }),
    anonymous: 'unauthenticated',
    learner: 'denied',
    adminOfOtherOrg: (r) => {
      expect(r.statusCode).toBe(200);
      if (r.body) for (const entry of r.json().items as { orgId: string | null }[]) expect(entry.orgId).toBe(ctx.orgC);
    },
  },
  // --- catalogues: public, read-only
  [`GET ${P}/attack/techniques`]: {
    request: () => ({ url: `${P}/attack/techniques?q=T1082` }),
    anonymous: 'public',
    publicCheck: ok(),
    learner: ok(),
  },
  [`GET ${P}/attack/tactics`]: {
    request: () => ({ url: `${P}/attack/tactics` }),
    anonymous: 'public',
    publicCheck: ok(),
    learner: ok(),
  },
  [`GET ${P}/catalogue/behaviour-categories`]: {
    request: () => ({ url: `${P}/catalogue/behaviour-categories` }),
    anonymous: 'public',
    publicCheck: ok(),
    learner: ok(),
  },
  // Adding a behaviour category: platform admins only.
  [`POST ${P}/catalogue/behaviour-categories`]: {
    request: () => ({
      url: `${P}/catalogue/behaviour-categories`,
      payload: { key: 'route_probe', en: 'Probe', ja: 'プローブ' },
    }),
    anonymous: 'unauthenticated',
    learner: 'denied',
    adminOfOtherOrg: 'denied',
  },
  [`GET ${P}/catalogue/progress-levels`]: {
    request: () => ({ url: `${P}/catalogue/progress-levels` }),
    anonymous: 'public',
    publicCheck: ok(),
    learner: ok(),
  },
  // The colleague picker: any member lists their own organisation's people; a sharing group adds its members
  // only when the caller's organisation is in it (C is not in A's group).
  [`GET ${P}/colleagues`]: {
    request: () => ({ url: `${P}/colleagues?sharingGroupId=${ctx.groupId}` }),
    anonymous: 'unauthenticated',
    learner: 'denied',
  },
  // --- organisations and people (org-admin routes)
  [`GET ${P}/orgs`]: { request: () => ({ url: `${P}/orgs` }), anonymous: 'unauthenticated', learner: ok() },
  [`POST ${P}/orgs`]: {
    request: () => ({
      url: `${P}/orgs`,
      payload: { slug: 'route-new', nameEn: 'New', nameJa: '新', sector: 'industry' },
    }),
    anonymous: 'unauthenticated',
    learner: 'denied',
    adminOfOtherOrg: 'denied',
  },
  [`PATCH ${P}/orgs/:id`]: {
    request: () => ({ url: `${P}/orgs/${ctx.orgA}`, payload: { nameEn: 'Taken over' } }),
    anonymous: 'record',
    learner: 'denied',
    adminOfOtherOrg: 'denied',
  },
  [`GET ${P}/orgs/:id/members`]: {
    request: () => ({ url: `${P}/orgs/${ctx.orgA}/members` }),
    anonymous: 'record',
    learner: 'denied',
    adminOfOtherOrg: 'denied',
  },
  [`PATCH ${P}/orgs/:id/members/:userId`]: {
    request: () => ({ url: `${P}/orgs/${ctx.orgA}/members/${ctx.users.anaA}`, payload: { role: 'viewer' } }),
    anonymous: 'record',
    learner: 'denied',
    adminOfOtherOrg: 'denied',
  },
  [`DELETE ${P}/orgs/:id/members/:userId`]: {
    request: () => ({ url: `${P}/orgs/${ctx.orgA}/members/${ctx.users.anaA}` }),
    anonymous: 'record',
    learner: 'denied',
    adminOfOtherOrg: 'denied',
  },
  [`GET ${P}/orgs/:id/invitations`]: {
    request: () => ({ url: `${P}/orgs/${ctx.orgA}/invitations` }),
    anonymous: 'record',
    learner: 'denied',
    adminOfOtherOrg: 'denied',
  },
  [`POST ${P}/orgs/:id/invitations`]: {
    request: () => ({
      url: `${P}/orgs/${ctx.orgA}/invitations`,
      payload: { email: 'intruder@route.example', role: 'org_admin' },
    }),
    anonymous: 'record',
    learner: 'denied',
    adminOfOtherOrg: 'denied',
  },
  [`GET ${P}/users`]: {
    request: () => ({ url: `${P}/users` }),
    anonymous: 'unauthenticated',
    learner: 'denied',
    adminOfOtherOrg: 'denied',
  },
  [`POST ${P}/users/:id/password-reset`]: {
    request: () => ({ url: `${P}/users/${ctx.users.anaA}/password-reset` }),
    anonymous: 'record',
    learner: 'denied',
    adminOfOtherOrg: 'denied',
  },
  // --- sharing groups
  [`GET ${P}/sharing-groups`]: {
    request: () => ({ url: `${P}/sharing-groups` }),
    anonymous: 'unauthenticated',
    learner: (r) => {
      expect(r.statusCode).toBe(200);
      if (r.body) expect(r.json().items.map((g: { id: string }) => g.id)).not.toContain(ctx.groupId);
    },
    adminOfOtherOrg: (r) => {
      expect(r.statusCode).toBe(200);
      if (r.body) expect(r.json().items.map((g: { id: string }) => g.id)).not.toContain(ctx.groupId);
    },
  },
  [`POST ${P}/sharing-groups`]: {
    request: () => ({ url: `${P}/sharing-groups`, payload: { name: 'learner group', orgIds: [ctx.orgA] } }),
    anonymous: 'unauthenticated',
    learner: 'denied',
  },
  [`PATCH ${P}/sharing-groups/:id`]: {
    request: () => ({ url: `${P}/sharing-groups/${ctx.groupId}`, payload: { orgIds: [ctx.orgC] } }),
    anonymous: 'record',
    learner: 'denied',
    adminOfOtherOrg: 'denied',
  },
  [`DELETE ${P}/sharing-groups/:id`]: {
    request: () => ({ url: `${P}/sharing-groups/${ctx.groupId}` }),
    anonymous: 'record',
    learner: 'denied',
    adminOfOtherOrg: 'denied',
  },
  // --- cases: public reads (anonymous callers get public CLEAR material only)
  [`GET ${P}/cases`]: {
    request: () => ({ url: `${P}/cases?limit=500` }),
    anonymous: 'public',
    publicCheck: (r) => {
      expect(r.statusCode).toBe(200);
      if (r.body) expect(r.json().items.map((c: { id: string }) => c.id)).toEqual([ctx.cases.public.id]);
    },
    learner: (r) => {
      expect(r.statusCode).toBe(200);
      if (r.body) expect(r.json().items.map((c: { id: string }) => c.id)).not.toContain(ctx.cases.org.id);
    },
  },
  [`GET ${P}/cases/stats`]: {
    request: () => ({ url: `${P}/cases/stats` }),
    anonymous: 'public',
    publicCheck: (r) => {
      expect(r.statusCode).toBe(200);
      if (r.body) expect(r.json().total).toBe(1);
    },
    learner: (r) => {
      expect(r.statusCode).toBe(200);
      if (r.body) expect(r.json().total).toBe(1);
    },
  },
  [`GET ${P}/cases/export`]: {
    request: () => ({ url: `${P}/cases/export?format=json` }),
    anonymous: 'public',
    publicCheck: (r) => {
      expect(r.statusCode).toBe(200);
      if (r.body) expect(r.json().cases.map((c: { caseId: string }) => c.caseId)).toEqual([ctx.cases.public.caseId]);
    },
    learner: (r) => {
      expect(r.statusCode).toBe(200);
      if (r.body) expect(r.json().cases.map((c: { caseId: string }) => c.caseId)).toEqual([ctx.cases.public.caseId]);
    },
  },
  [`GET ${P}/cases/:id`]: {
    request: (t) => ({ url: caseUrl(t) }),
    caseRecord: true,
    anonymous: 'public',
    publicCheck: publicCaseRead,
    learner: publicCaseRead,
  },
  [`GET ${P}/cases/:id/comments`]: {
    request: (t) => ({ url: caseUrl(t, '/comments') }),
    caseRecord: true,
    anonymous: 'public',
    publicCheck: publicCaseRead,
    learner: publicCaseRead,
  },
  [`GET ${P}/cases/:id/files/:fileId/download`]: {
    request: (t) => ({ url: caseUrl(t, `/files/${ctx.cases[t].fileId}/download`) }),
    caseRecord: true,
    anonymous: 'public',
    publicCheck: publicCaseRead,
    learner: publicCaseRead,
  },
  // --- cases: writes
  [`POST ${P}/cases`]: {
    request: () => ({
      url: `${P}/cases`,
      payload: { ownerOrgId: ctx.orgA, environmentCode: 'RA9', startDate: '2024-03-03', malwareFamily: 'route-probe' },
    }),
    anonymous: 'unauthenticated',
    learner: 'denied',
    adminOfOtherOrg: 'denied',
  },
  [`POST ${P}/cases/import`]: {
    request: () => ({ url: `${P}/cases/import`, payload: importCsv(), contentType: 'text/csv' }),
    anonymous: 'unauthenticated',
    // Refused whole: 403, or the all-or-nothing import's 400 IMPORT_FAILED naming the row (nothing is stored either way).
    learner: (r) => {
      expect([400, 403], r.body).toContain(r.statusCode);
      expect(['FORBIDDEN', 'IMPORT_FAILED']).toContain(r.json().error.code);
    },
    adminOfOtherOrg: (r) => {
      expect([400, 403], r.body).toContain(r.statusCode);
      expect(['FORBIDDEN', 'IMPORT_FAILED']).toContain(r.json().error.code);
    },
  },
  [`PATCH ${P}/cases/:id`]: {
    request: (t) => ({ url: caseUrl(t), payload: { summaryEn: 'tampered' } }),
    caseRecord: true,
    anonymous: 'record',
    learner: 'denied',
    adminOfOtherOrg: 'denied',
  },
  [`DELETE ${P}/cases/:id`]: {
    request: (t) => ({ url: caseUrl(t) }),
    caseRecord: true,
    anonymous: 'record',
    learner: 'denied',
    adminOfOtherOrg: 'denied',
  },
  [`POST ${P}/cases/:id/behaviours`]: {
    request: (t) => ({
      url: caseUrl(t, '/behaviours'),
      payload: {
        occurredAt: '2024-03-03T10:00:00+09:00',
        category: 'command',
        action: 'ran whoami',
        techniqueIds: ['T1033'],
      },
    }),
    caseRecord: true,
    anonymous: 'record',
    learner: 'denied',
    adminOfOtherOrg: 'denied',
  },
  [`PATCH ${P}/cases/:id/behaviours/:behaviourId`]: {
    request: (t) => ({ url: caseUrl(t, `/behaviours/${ctx.cases[t].behaviourId}`), payload: { notes: 'tampered' } }),
    caseRecord: true,
    anonymous: 'record',
    learner: 'denied',
    adminOfOtherOrg: 'denied',
  },
  [`DELETE ${P}/cases/:id/behaviours/:behaviourId`]: {
    request: (t) => ({ url: caseUrl(t, `/behaviours/${ctx.cases[t].behaviourId}`) }),
    caseRecord: true,
    anonymous: 'record',
    learner: 'denied',
    adminOfOtherOrg: 'denied',
  },
  [`POST ${P}/cases/:id/files`]: {
    request: (t) => {
      const upload = multipartSample(`uploaded by someone else ${randomUUID()}`);
      return { url: caseUrl(t, '/files'), payload: upload.payload, contentType: upload.contentType };
    },
    caseRecord: true,
    anonymous: 'record',
    learner: 'denied',
    adminOfOtherOrg: 'denied',
  },
  [`POST ${P}/cases/:id/comments`]: {
    request: (t) => ({ url: caseUrl(t, '/comments'), payload: { body: 'hello from outside' } }),
    caseRecord: true,
    anonymous: 'record',
    // Anyone who may read a case may comment on it: the public case accepts, A's organisation case is not there.
    learner: (r, target) =>
      target === 'public' ? expect(r.statusCode, r.body).toBe(201) : expectCode(r, 404, 'CASE_NOT_FOUND'),
  },
  // --- darknet telescope: sensors upload (platform admins only); members read the community aggregates
  [`POST ${P}/telescope/batches`]: {
    request: () => ({ url: `${P}/telescope/batches`, payload: telescopeBatch('route-probe') }),
    anonymous: 'unauthenticated',
    learner: 'denied',
    adminOfOtherOrg: 'denied',
  },
  // Decoy sightings from the deception sensors: uploaded like batches (platform admins only)
  [`POST ${P}/telescope/decoy-sightings`]: {
    request: () => ({
      url: `${P}/telescope/decoy-sightings`,
      payload: {
        sensorId: 'route-probe',
        sightings: [{ key: 'probe-1', host: ROUTE_HOST, kind: 'login', port: 23, firstSeen: '2024-02-02T00:00:00Z' }],
      },
    }),
    anonymous: 'unauthenticated',
    learner: 'denied',
    adminOfOtherOrg: 'denied',
  },
  // --- decoy sensors: their own credential (purpose decoy) for their own sensor id; entries name another sensor
  [`GET ${P}/decoy/sensors/:sensorId/assignments`]: {
    request: () => ({ url: `${P}/decoy/sensors/route-probe/assignments` }),
    ...decoyAdminOnly,
  },
  [`POST ${P}/decoy/sensors/:sensorId/status`]: {
    request: () => ({
      url: `${P}/decoy/sensors/route-probe/status`,
      payload: { sensorId: 'route-probe', version: '0', worlds: [], spooled: 0 },
    }),
    ...decoyAdminOnly,
  },
  [`POST ${P}/decoy/events`]: {
    request: () => ({ url: `${P}/decoy/events`, payload: { sensorId: 'route-probe', events: [] } }),
    ...decoyAdminOnly,
  },
  [`POST ${P}/decoy/recordings`]: {
    request: () => ({ url: `${P}/decoy/recordings`, payload: { sensorId: 'route-probe', chunks: [] } }),
    ...decoyAdminOnly,
  },
  // Content-addressed, so any decoy sensor may upload; the bytes here do not hash to the URL's digest.
  [`PUT ${P}/decoy/captures/:sha256`]: {
    request: () => ({
      url: `${P}/decoy/captures/${'0'.repeat(64)}`,
      payload: Buffer.from('route probe'),
      contentType: 'application/octet-stream',
    }),
    ...decoyAdminOnly,
  },
  // --- decoy worlds: members read what the policy lets them; platform admins manage
  [`GET ${P}/decoy/worlds`]: {
    request: () => ({ url: `${P}/decoy/worlds` }),
    anonymous: 'unauthenticated',
    learner: decoyHidden('id', () => ROUTE_WORLD),
  },
  [`POST ${P}/decoy/worlds`]: {
    request: () => ({
      url: `${P}/decoy/worlds`,
      payload: {
        id: 'route-probe-world',
        sensorId: 'route-sensor',
        generate: { sector: 'finance', lang: 'en', employees: 5, hosts: 6, seed: 3 },
      },
    }),
    ...decoyAdminOnly,
  },
  [`GET ${P}/decoy/worlds/:id`]: { request: () => ({ url: worldUrl() }), ...decoyRecord },
  // statistics over the sessions the reader may see; a world it cannot see is not found
  [`GET ${P}/decoy/worlds/:id/stats`]: { request: () => ({ url: worldUrl('/stats') }), ...decoyRecord },
  [`PATCH ${P}/decoy/worlds/:id`]: {
    request: () => ({ url: worldUrl(), payload: { fetchEnabled: true } }),
    ...decoyAdminOnly,
  },
  [`DELETE ${P}/decoy/worlds/:id`]: { request: () => ({ url: worldUrl() }), ...decoyAdminOnly },
  [`POST ${P}/decoy/worlds/:id/start`]: { request: () => ({ url: worldUrl('/start') }), ...decoyAdminOnly },
  [`POST ${P}/decoy/worlds/:id/stop`]: { request: () => ({ url: worldUrl('/stop') }), ...decoyAdminOnly },
  [`POST ${P}/decoy/worlds/:id/reset`]: { request: () => ({ url: worldUrl('/reset') }), ...decoyAdminOnly },
  [`POST ${P}/decoy/worlds/:id/lend`]: {
    request: () => ({ url: worldUrl('/lend'), payload: { orgId: ctx.orgC } }),
    ...decoyAdminOnly,
  },
  // --- decoy sessions: the policy on the session rows
  [`GET ${P}/decoy/sessions`]: {
    request: () => ({ url: `${P}/decoy/sessions` }),
    anonymous: 'unauthenticated',
    learner: decoyHidden('id', () => ctx.decoySessionId),
  },
  [`GET ${P}/decoy/sessions/:id`]: { request: () => ({ url: sessionUrl() }), ...decoyRecord },
  [`GET ${P}/decoy/sessions/:id/recording`]: { request: () => ({ url: sessionUrl('/recording') }), ...decoyRecord },
  [`GET ${P}/decoy/sessions/:id/recording.cast`]: {
    request: () => ({ url: sessionUrl('/recording.cast') }),
    ...decoyRecord,
  },
  [`GET ${P}/decoy/captures/:sha256`]: {
    request: () => ({ url: `${P}/decoy/captures/${ctx.captureSha256}` }),
    ...decoyRecord,
  },
  // --- STIX store: imports by intelligence writers; every read through the policy
  [`POST ${P}/intel/bundles`]: {
    request: () => ({ url: `${P}/intel/bundles`, payload: routeBundle() }),
    anonymous: 'unauthenticated',
    learner: 'denied',
  },
  [`GET ${P}/intel/imports`]: {
    request: () => ({ url: `${P}/intel/imports` }),
    anonymous: 'unauthenticated',
    learner: (r) => {
      expect(r.statusCode, r.body).toBe(200);
      expect(r.body).not.toContain(ctx.stixImportId);
    },
  },
  [`GET ${P}/intel/imports/:id`]: {
    request: () => ({ url: `${P}/intel/imports/${ctx.stixImportId}` }),
    anonymous: 'unauthenticated',
    learner: 'denied',
  },
  [`GET ${P}/intel/objects`]: {
    request: () => ({ url: `${P}/intel/objects` }),
    anonymous: 'unauthenticated',
    learner: stixHidden,
  },
  [`GET ${P}/intel/objects/:id`]: {
    request: () => ({ url: `${P}/intel/objects/${ROUTE_STIX_ID}` }),
    anonymous: 'unauthenticated',
    learner: 'denied',
  },
  [`GET ${P}/intel/bundle`]: {
    request: () => ({ url: `${P}/intel/bundle` }),
    anonymous: 'unauthenticated',
    learner: stixHidden,
  },
  // --- blocklist feeds: each reader's own list through the policy; without credentials the public (CLEAR) list
  [`GET ${P}/feeds/blocklist.txt`]: {
    request: () => ({ url: `${P}/feeds/blocklist.txt` }),
    anonymous: 'public',
    publicCheck: feedHidden,
    learner: feedHidden,
  },
  [`GET ${P}/feeds/blocklist.csv`]: {
    request: () => ({ url: `${P}/feeds/blocklist.csv` }),
    anonymous: 'public',
    publicCheck: feedHidden,
    learner: feedHidden,
  },
  [`GET ${P}/feeds/misp/manifest.json`]: {
    request: () => ({ url: `${P}/feeds/misp/manifest.json` }),
    anonymous: 'public',
    publicCheck: mispHidden,
    learner: mispHidden,
  },
  [`GET ${P}/feeds/misp/hashes.csv`]: {
    request: () => ({ url: `${P}/feeds/misp/hashes.csv` }),
    anonymous: 'public',
    publicCheck: mispHidden,
    learner: mispHidden,
  },
  // A's import is an event of A's feed; nobody else's feed has it
  [`GET ${P}/feeds/misp/:file`]: {
    request: () => ({ url: `${P}/feeds/misp/${ctx.stixImportId}.json` }),
    anonymous: 'record',
    learner: 'denied',
  },
  // --- fusion: any member looks a value up; only records they may read come back (A's org case is not among them)
  [`GET ${P}/fusion`]: {
    request: () => ({ url: `${P}/fusion?q=${ROUTE_HOST}` }),
    anonymous: 'unauthenticated',
    learner: fusionHidden,
  },
  [`GET ${P}/fusion/graph`]: {
    request: () => ({ url: `${P}/fusion/graph?q=${ROUTE_HOST}` }),
    anonymous: 'unauthenticated',
    learner: fusionHidden,
  },
  // The event stream from the first row, as a catch-up that ends (follow=false): A's objects are not in C's events
  [`GET ${P}/intel/stream`]: {
    request: () => ({ url: `${P}/intel/stream?since=0&follow=false` }),
    anonymous: 'unauthenticated',
    learner: (r) => {
      expect(r.statusCode, r.body).toBe(200);
      expect(r.headers['content-type']).toMatch(/^text\/event-stream/);
      expect(r.body).not.toContain(ROUTE_STIX_ID);
    },
  },
  // --- sensor credentials: platform admins only
  [`GET ${P}/sensors/credentials`]: {
    request: () => ({ url: `${P}/sensors/credentials` }),
    anonymous: 'unauthenticated',
    learner: 'denied',
    adminOfOtherOrg: 'denied',
  },
  [`POST ${P}/sensors/credentials`]: {
    request: () => ({
      url: `${P}/sensors/credentials`,
      payload: { sensorId: 'route-intruder', name: 'probe', purposes: ['telescope'] },
    }),
    anonymous: 'unauthenticated',
    learner: 'denied',
    adminOfOtherOrg: 'denied',
  },
  [`DELETE ${P}/sensors/credentials/:id`]: {
    request: () => ({ url: `${P}/sensors/credentials/${ctx.sensorCredentialId}` }),
    anonymous: 'record',
    learner: 'denied',
    adminOfOtherOrg: 'denied',
  },
  [`GET ${P}/telescope/series`]: {
    request: () => ({ url: `${P}/telescope/series?granularity=1h` }),
    anonymous: 'unauthenticated',
    learner: ok(),
  },
  [`GET ${P}/telescope/top`]: {
    request: () => ({ url: `${P}/telescope/top?dimension=tcp_port` }),
    anonymous: 'unauthenticated',
    learner: ok(),
  },
  [`GET ${P}/telescope/map`]: {
    request: () => ({ url: `${P}/telescope/map` }),
    anonymous: 'unauthenticated',
    learner: ok(),
  },
  [`GET ${P}/telescope/heatmap`]: {
    request: () => ({ url: `${P}/telescope/heatmap` }),
    anonymous: 'unauthenticated',
    learner: ok(),
  },
  [`GET ${P}/telescope/events`]: {
    request: () => ({ url: `${P}/telescope/events?kind=scan` }),
    anonymous: 'unauthenticated',
    learner: ok(),
  },
  [`GET ${P}/telescope/summary`]: {
    request: () => ({ url: `${P}/telescope/summary` }),
    anonymous: 'unauthenticated',
    learner: ok(),
  },
  [`GET ${P}/telescope/sources/:ip`]: {
    request: () => ({ url: `${P}/telescope/sources/${ROUTE_HOST}` }),
    anonymous: 'unauthenticated',
    learner: ok(),
  },
  // --- darknet observation reports: shareable like cases (anonymous callers read public CLEAR ones only)
  [`POST ${P}/telescope/reports`]: {
    request: () => ({ url: `${P}/telescope/reports`, payload: { kind: 'annual', year: 2023, ownerOrgId: ctx.orgA } }),
    anonymous: 'unauthenticated',
    learner: 'denied',
    adminOfOtherOrg: 'denied',
  },
  [`GET ${P}/telescope/reports`]: {
    request: () => ({ url: `${P}/telescope/reports?limit=200` }),
    anonymous: 'public',
    publicCheck: reportHidden,
    learner: reportHidden,
    adminOfOtherOrg: reportHidden,
  },
  [`GET ${P}/telescope/reports/:id`]: {
    request: () => ({ url: `${P}/telescope/reports/${ctx.reportId}` }),
    anonymous: 'public',
    publicCheck: (r) => expectCode(r, 404, 'NOT_FOUND'),
    learner: (r) => expectCode(r, 404, 'NOT_FOUND'),
  },
  [`PATCH ${P}/telescope/reports/:id`]: {
    request: () => ({ url: `${P}/telescope/reports/${ctx.reportId}`, payload: { titleEn: 'tampered' } }),
    anonymous: 'record',
    learner: 'denied',
    adminOfOtherOrg: 'denied',
  },
  [`POST ${P}/telescope/reports/:id/regenerate`]: {
    request: () => ({ url: `${P}/telescope/reports/${ctx.reportId}/regenerate` }),
    anonymous: 'record',
    learner: 'denied',
    adminOfOtherOrg: 'denied',
  },
  [`GET ${P}/telescope/reports/:id/render`]: {
    request: () => ({ url: `${P}/telescope/reports/${ctx.reportId}/render?format=html&lang=en` }),
    anonymous: 'public',
    publicCheck: (r) => expectCode(r, 404, 'NOT_FOUND'),
    learner: (r) => expectCode(r, 404, 'NOT_FOUND'),
    adminOfOtherOrg: (r) => expectCode(r, 404, 'NOT_FOUND'),
  },
  // (putting a report on the public site /p/, or taking it off: the report's editors only)
  [`POST ${P}/telescope/reports/:id/publish`]: {
    request: () => ({ url: `${P}/telescope/reports/${ctx.reportId}/publish` }),
    anonymous: 'record',
    learner: 'denied',
    adminOfOtherOrg: 'denied',
  },
  [`POST ${P}/telescope/reports/:id/unpublish`]: {
    request: () => ({ url: `${P}/telescope/reports/${ctx.reportId}/unpublish` }),
    anonymous: 'record',
    learner: 'denied',
    adminOfOtherOrg: 'denied',
  },
  // --- the public self-check: about the caller's own address only (the test client's, never seen)
  [`GET ${P}/public/self-check`]: {
    request: () => ({ url: `${P}/public/self-check` }),
    anonymous: 'public',
    publicCheck: (r) => {
      expect(r.statusCode, r.body).toBe(200);
      if (r.body) expect(r.json()).toMatchObject({ seen: false, darknet: null });
    },
    learner: ok(),
  },
  // --- member prefixes and alert settings (org-admin routes)
  [`GET ${P}/orgs/:id/prefixes`]: {
    request: () => ({ url: `${P}/orgs/${ctx.orgA}/prefixes` }),
    anonymous: 'record',
    learner: 'denied',
    adminOfOtherOrg: 'denied',
  },
  [`POST ${P}/orgs/:id/prefixes`]: {
    request: () => ({ url: `${P}/orgs/${ctx.orgA}/prefixes`, payload: { cidr: '192.0.2.0/24' } }),
    anonymous: 'record',
    learner: 'denied',
    adminOfOtherOrg: 'denied',
  },
  [`DELETE ${P}/orgs/:id/prefixes/:prefixId`]: {
    request: () => ({ url: `${P}/orgs/${ctx.orgA}/prefixes/${ctx.prefixId}` }),
    anonymous: 'record',
    learner: 'denied',
    adminOfOtherOrg: 'denied',
  },
  // Prefix review: platform admins only.
  [`GET ${P}/prefixes`]: {
    request: () => ({ url: `${P}/prefixes?status=pending` }),
    anonymous: 'unauthenticated',
    learner: 'denied',
    adminOfOtherOrg: 'denied',
  },
  [`POST ${P}/prefixes/:prefixId/approve`]: {
    request: () => ({ url: `${P}/prefixes/${ctx.prefixId}/approve` }),
    anonymous: 'record',
    learner: 'denied',
    adminOfOtherOrg: 'denied',
  },
  [`POST ${P}/prefixes/:prefixId/reject`]: {
    request: () => ({ url: `${P}/prefixes/${ctx.prefixId}/reject`, payload: { reason: 'not yours' } }),
    anonymous: 'record',
    learner: 'denied',
    adminOfOtherOrg: 'denied',
  },
  [`GET ${P}/orgs/:id/alert-settings`]: {
    request: () => ({ url: `${P}/orgs/${ctx.orgA}/alert-settings` }),
    anonymous: 'record',
    learner: 'denied',
    adminOfOtherOrg: 'denied',
  },
  [`PUT ${P}/orgs/:id/alert-settings`]: {
    request: () => ({
      url: `${P}/orgs/${ctx.orgA}/alert-settings`,
      payload: { emails: ['taken-over@route-c.example'], webhookUrl: 'http://127.0.0.1:1/hook' },
    }),
    anonymous: 'record',
    learner: 'denied',
    adminOfOtherOrg: 'denied',
  },
  // --- whether A's derived sightings are anonymised: A's members read it, A's admins change it
  [`GET ${P}/orgs/:id/intel-settings`]: {
    request: () => ({ url: `${P}/orgs/${ctx.orgA}/intel-settings` }),
    anonymous: 'record',
    learner: 'denied',
    adminOfOtherOrg: 'denied',
  },
  [`PATCH ${P}/orgs/:id/intel-settings`]: {
    request: () => ({ url: `${P}/orgs/${ctx.orgA}/intel-settings`, payload: { anonymiseSightings: true } }),
    anonymous: 'record',
    learner: 'denied',
    adminOfOtherOrg: 'denied',
  },
  // --- the organisation's watchlist: its intelligence readers read it, its admins and analysts change it
  [`GET ${P}/orgs/:id/watchlist`]: {
    request: () => ({ url: `${P}/orgs/${ctx.orgA}/watchlist` }),
    anonymous: 'record',
    learner: 'denied',
    adminOfOtherOrg: 'denied',
  },
  [`POST ${P}/orgs/:id/watchlist`]: {
    request: () => ({ url: `${P}/orgs/${ctx.orgA}/watchlist`, payload: { kind: 'domain', value: 'taken.example' } }),
    anonymous: 'record',
    learner: 'denied',
    adminOfOtherOrg: 'denied',
  },
  [`DELETE ${P}/orgs/:id/watchlist/:entryId`]: {
    request: () => ({ url: `${P}/orgs/${ctx.orgA}/watchlist/${ctx.watchlistEntryId}` }),
    anonymous: 'record',
    learner: 'denied',
    adminOfOtherOrg: 'denied',
  },
  [`GET ${P}/orgs/:id/watchlist/:entryId/matches`]: {
    request: () => ({ url: `${P}/orgs/${ctx.orgA}/watchlist/${ctx.watchlistEntryId}/matches` }),
    anonymous: 'record',
    learner: 'denied',
    adminOfOtherOrg: 'denied',
  },
  // --- hands-on labs: every signed-in member runs their own instances; nobody else sees or uses them
  [`GET ${P}/labs`]: {
    request: () => ({ url: `${P}/labs` }),
    anonymous: 'unauthenticated',
    learner: ok(),
  },
  // (an unknown level: the learner gets as far as the lab, without a lab process being started)
  [`POST ${P}/labs/:labId/instances`]: {
    request: () => ({ url: `${P}/labs/sqli/instances`, payload: { level: 'no-such-level' } }),
    anonymous: 'unauthenticated',
    learner: (r) => expectCode(r, 400, 'BAD_REQUEST'),
  },
  // (one's own record of a lab: nobody sees another learner's through it)
  [`GET ${P}/labs/:labId/progress`]: {
    request: () => ({ url: `${P}/labs/sqli/progress` }),
    anonymous: 'unauthenticated',
    learner: (r) => {
      expect(r.statusCode, r.body).toBe(200);
      if (r.body) expect(r.json().solved).toEqual([]);
    },
  },
  [`GET ${P}/lab-instances`]: {
    request: () => ({ url: `${P}/lab-instances` }),
    anonymous: 'unauthenticated',
    learner: (r) => {
      expect(r.statusCode, r.body).toBe(200);
      if (r.body) expect(r.json().items.map((i: { id: string }) => i.id)).not.toContain(ctx.labInstanceId);
    },
  },
  ...labInstanceRoutes(),
  [`GET ${P}/orgs/:id/lab-results`]: {
    request: () => ({ url: `${P}/orgs/${ctx.orgA}/lab-results` }),
    anonymous: 'record',
    learner: 'denied',
    adminOfOtherOrg: 'denied',
  },
  // --- exercises on the platform's data: every signed-in member answers; results for the organisation's instructors
  [`GET ${P}/exercises`]: {
    request: () => ({ url: `${P}/exercises` }),
    anonymous: 'unauthenticated',
    learner: ok(),
  },
  [`GET ${P}/exercises/:exerciseId`]: {
    request: () => ({ url: `${P}/exercises/pcap-synscan` }),
    anonymous: 'unauthenticated',
    learner: ok(),
  },
  [`GET ${P}/exercises/:exerciseId/files/:name`]: {
    request: () => ({ url: `${P}/exercises/pcap-synscan/files/synscan.pcapng` }),
    anonymous: 'unauthenticated',
    learner: ok(),
  },
  // (an answer to no question: refused before anything is stored)
  [`POST ${P}/exercises/:exerciseId/attempts`]: {
    request: () => ({ url: `${P}/exercises/pcap-synscan/attempts`, payload: { answers: { 'no-such': 'x' } } }),
    anonymous: 'unauthenticated',
    learner: (r) => expectCode(r, 400, 'BAD_REQUEST'),
  },
  [`GET ${P}/orgs/:id/exercise-results`]: {
    request: () => ({ url: `${P}/orgs/${ctx.orgA}/exercise-results` }),
    anonymous: 'record',
    learner: 'denied',
    adminOfOtherOrg: 'denied',
  },
  // --- courseware: every signed-in member reads it; a page's instructor notes go to instructors only
  [`GET ${P}/courseware/modules`]: {
    request: () => ({ url: `${P}/courseware/modules?ksa=K0060` }),
    anonymous: 'unauthenticated',
    learner: ok(),
  },
  [`GET ${P}/courseware/modules/:id`]: {
    request: () => ({ url: `${P}/courseware/modules/linux-basics` }),
    anonymous: 'unauthenticated',
    learner: ok(),
  },
  [`GET ${P}/courseware/modules/:id/pages/:pageId`]: {
    request: () => ({ url: `${P}/courseware/modules/linux-basics/pages/01-shell-and-files` }),
    anonymous: 'unauthenticated',
    learner: (r) => {
      expect(r.statusCode, r.body).toBe(200);
      if (r.body) expect(r.json()).not.toHaveProperty('instructor');
    },
  },
  [`GET ${P}/courseware/modules/:id/assets/:name`]: {
    request: () => ({ url: `${P}/courseware/modules/linux-basics/assets/none.png` }),
    anonymous: 'unauthenticated',
    learner: (r) => expectCode(r, 404, 'FILE_NOT_FOUND'),
  },
  [`GET ${P}/courseware/modules/:id/quiz`]: {
    request: () => ({ url: `${P}/courseware/modules/linux-basics/quiz` }),
    anonymous: 'unauthenticated',
    learner: ok(),
  },
  [`POST ${P}/courseware/modules/:id/quiz/check`]: {
    request: () => ({ url: `${P}/courseware/modules/linux-basics/quiz/check`, payload: { answers: {} } }),
    anonymous: 'unauthenticated',
    learner: ok(),
  },
  [`GET ${P}/courseware/courses`]: {
    request: () => ({ url: `${P}/courseware/courses` }),
    anonymous: 'unauthenticated',
    learner: ok(),
  },
  [`GET ${P}/courseware/courses/:id/coverage`]: {
    request: () => ({ url: `${P}/courseware/courses/web-security/coverage?workRole=PR-VAM-001` }),
    anonymous: 'unauthenticated',
    learner: ok(),
  },
  [`GET ${P}/courseware/work-roles`]: {
    request: () => ({ url: `${P}/courseware/work-roles` }),
    anonymous: 'unauthenticated',
    learner: ok(),
  },
  // --- training cohorts: the organisation's admins and instructors run them; a cohort is hidden (404) from outsiders
  [`POST ${P}/orgs/:id/cohorts`]: {
    request: () => ({
      url: `${P}/orgs/${ctx.orgA}/cohorts`,
      payload: {
        courseId: 'web-security',
        name: 'probe',
        startsAt: '2025-01-01T00:00:00Z',
        endsAt: '2025-02-01T00:00:00Z',
      },
    }),
    anonymous: 'unauthenticated',
    learner: 'denied',
    adminOfOtherOrg: 'denied',
  },
  [`GET ${P}/orgs/:id/cohorts`]: {
    request: () => ({ url: `${P}/orgs/${ctx.orgA}/cohorts` }),
    anonymous: 'unauthenticated',
    learner: 'denied',
    adminOfOtherOrg: 'denied',
  },
  ...cohortRoutes(),
  ...certificateRoutes(),
  ...teamWorkRoutes(),
  ...coursewarePackageRoutes(),
  ...cvdRouteAccess(),
  ...advisoryRouteAccess(),
  ...publicationRouteAccess(),
  // --- the organisation's outgoing deliveries (org-admin routes)
  [`GET ${P}/orgs/:id/deliveries`]: {
    request: () => ({ url: `${P}/orgs/${ctx.orgA}/deliveries?state=dead` }),
    anonymous: 'record',
    learner: 'denied',
    adminOfOtherOrg: 'denied',
  },
  [`POST ${P}/orgs/:id/deliveries/:deliveryId/retry`]: {
    request: () => ({ url: `${P}/orgs/${ctx.orgA}/deliveries/${randomUUID()}/retry` }),
    anonymous: 'record',
    learner: 'denied',
    adminOfOtherOrg: 'denied',
  },
  // --- member alerts: the organisation's members (and platform admins) only
  [`GET ${P}/alerts`]: {
    request: () => ({ url: `${P}/alerts?orgId=${ctx.orgA}` }),
    anonymous: 'unauthenticated',
    learner: alertsHidden,
    adminOfOtherOrg: alertsHidden,
  },
  [`GET ${P}/alerts/:id`]: {
    request: () => ({ url: `${P}/alerts/${ctx.alertId}` }),
    anonymous: 'record',
    learner: (r) => expectCode(r, 404, 'ALERT_NOT_FOUND'),
    adminOfOtherOrg: (r) => expectCode(r, 404, 'ALERT_NOT_FOUND'),
  },
  [`POST ${P}/alerts/:id/acknowledge`]: {
    request: () => ({ url: `${P}/alerts/${ctx.alertId}/acknowledge`, payload: { note: 'not ours' } }),
    anonymous: 'record',
    learner: (r) => expectCode(r, 404, 'ALERT_NOT_FOUND'),
    adminOfOtherOrg: (r) => expectCode(r, 404, 'ALERT_NOT_FOUND'),
  },
  // --- notifications: own only
  [`GET ${P}/notifications`]: {
    request: () => ({ url: `${P}/notifications` }),
    anonymous: 'unauthenticated',
    learner: (r) => {
      expect(r.statusCode).toBe(200);
      if (r.body) expect(r.json().items.map((n: { id: string }) => n.id)).not.toContain(ctx.notificationId);
    },
  },
  [`POST ${P}/notifications/read-all`]: {
    request: () => ({ url: `${P}/notifications/read-all` }),
    anonymous: 'unauthenticated',
    learner: async (r) => {
      expect(r.statusCode).toBe(204);
      const theirs = await hub.app.inject({ method: 'GET', url: `${P}/notifications`, headers: ctx.h.anaA });
      expect(theirs.json().items.find((n: { id: string }) => n.id === ctx.notificationId).readAt).toBeNull();
    },
  },
  [`POST ${P}/notifications/:id/read`]: {
    request: () => ({ url: `${P}/notifications/${ctx.notificationId}/read` }),
    anonymous: 'record',
    learner: (r) => expectCode(r, 404, 'NOTIFICATION_NOT_FOUND'),
  },
};

/** Teams, reports, projects and grading of A's cohort: hidden (404) from outsiders, submissions too. */
function teamWorkRoutes(): Record<string, Spec> {
  const C = () => `${P}/cohorts/${ctx.cohortId}`;
  const T = () => `${C()}/teams/${ctx.teamId}`;
  const S = () => `${P}/submissions/${ctx.submissionId}`;
  const scenario = 'ransomware-foothold';
  const cohortHidden: Check = (r) => expectCode(r, 404, 'COHORT_NOT_FOUND');
  const submissionHidden: Check = (r) => expectCode(r, 404, 'SUBMISSION_NOT_FOUND');
  const routes: [string, () => Req, Check][] = [
    [`GET ${P}/cohorts/:id/teams`, () => ({ url: `${C()}/teams` }), cohortHidden],
    [
      `POST ${P}/cohorts/:id/teams`,
      () => ({ url: `${C()}/teams`, payload: { name: 'probe', members: [ctx.users.learnerC] } }),
      cohortHidden,
    ],
    [`PATCH ${P}/cohorts/:id/teams/:teamId`, () => ({ url: T(), payload: { name: 'probe' } }), cohortHidden],
    [`DELETE ${P}/cohorts/:id/teams/:teamId`, () => ({ url: T() }), cohortHidden],
    [
      `POST ${P}/cohorts/:id/teams/:teamId/scenarios/:scenarioId/start`,
      () => ({ url: `${T()}/scenarios/${scenario}/start` }),
      cohortHidden,
    ],
    [
      `POST ${P}/cohorts/:id/teams/:teamId/scenarios/:scenarioId/release`,
      () => ({ url: `${T()}/scenarios/${scenario}/release`, payload: {} }),
      cohortHidden,
    ],
    [
      `GET ${P}/cohorts/:id/teams/:teamId/scenarios/:scenarioId`,
      () => ({ url: `${T()}/scenarios/${scenario}` }),
      cohortHidden,
    ],
    [
      `PUT ${P}/cohorts/:id/teams/:teamId/reports/:scenarioId`,
      () => ({ url: `${T()}/reports/${scenario}`, payload: { sections: { summary: 'probe' } } }),
      cohortHidden,
    ],
    [
      `PUT ${P}/cohorts/:id/projects/mine`,
      () => ({ url: `${C()}/projects/mine`, payload: { title: 'probe', body: 'probe' } }),
      cohortHidden,
    ],
    [`GET ${P}/cohorts/:id/projects`, () => ({ url: `${C()}/projects` }), cohortHidden],
    [`GET ${P}/cohorts/:id/grading-queue`, () => ({ url: `${C()}/grading-queue` }), cohortHidden],
    [
      `POST ${P}/cohorts/:id/attempts/:attemptId/items/:itemId/review`,
      () => ({ url: `${C()}/attempts/${ctx.attemptId}/items/p09/review`, payload: { correct: true } }),
      cohortHidden,
    ],
    [`GET ${P}/submissions/:submissionId`, () => ({ url: S() }), submissionHidden],
    [
      `PATCH ${P}/submissions/:submissionId`,
      () => ({ url: S(), payload: { presentationAt: '2026-01-01T00:00:00Z' } }),
      submissionHidden,
    ],
    [
      `POST ${P}/submissions/:submissionId/comments`,
      () => ({ url: `${S()}/comments`, payload: { body: 'probe' } }),
      submissionHidden,
    ],
    [
      `POST ${P}/submissions/:submissionId/review`,
      () => ({ url: `${S()}/review`, payload: { decision: 'return' } }),
      submissionHidden,
    ],
  ];
  return Object.fromEntries(
    routes.map(([key, request, hidden]) => [
      key,
      { request, anonymous: 'unauthenticated', learner: hidden, adminOfOtherOrg: hidden } satisfies Spec,
    ]),
  );
}

/** A's vulnerability case (and its attachment), made in the set-up. */
const cvdCtx = { caseId: '', attachmentId: '' };

/** Vulnerability coordination: A's case is hidden (404) from everyone outside A (and not a coordinator or its vendor). */
function cvdRouteAccess(): Record<string, Spec> {
  const cvdHidden: Check = (r) => expectCode(r, 404, 'CVD_CASE_NOT_FOUND');
  const K = () => `${P}/cvd/cases/${cvdCtx.caseId}`;
  const hidden = { anonymous: 'record', learner: cvdHidden, adminOfOtherOrg: cvdHidden } as const;
  const listHidden: Check = (r) => {
    expect(r.statusCode, r.body).toBe(200);
    if (r.body) expect(r.json().items.map((i: { id: string }) => i.id)).not.toContain(cvdCtx.caseId);
  };
  return {
    [`POST ${P}/cvd/cases`]: {
      request: () => ({ url: `${P}/cvd/cases`, payload: { product: 'probe', vendorName: 'probe', titleEn: 'probe' } }),
      anonymous: 'unauthenticated',
      learner: 'denied',
    },
    [`GET ${P}/cvd/cases`]: {
      request: () => ({ url: `${P}/cvd/cases?limit=100` }),
      anonymous: 'unauthenticated',
      learner: listHidden,
      adminOfOtherOrg: listHidden,
    },
    [`GET ${P}/cvd/cases/:id`]: { request: () => ({ url: K() }), ...hidden },
    [`PATCH ${P}/cvd/cases/:id`]: { request: () => ({ url: K(), payload: { revision: 1, product: 'x' } }), ...hidden },
    [`POST ${P}/cvd/cases/:id/status`]: {
      request: () => ({ url: `${K()}/status`, payload: { to: 'triaged' } }),
      ...hidden,
    },
    [`PUT ${P}/cvd/cases/:id/coordinators`]: {
      request: () => ({ url: `${K()}/coordinators`, payload: { userIds: [ctx.users.learnerC] } }),
      ...hidden,
    },
    [`GET ${P}/cvd/cases/:id/contacts`]: { request: () => ({ url: `${K()}/contacts` }), ...hidden },
    [`POST ${P}/cvd/cases/:id/contacts`]: {
      request: () => ({
        url: `${K()}/contacts`,
        payload: { at: '2026-01-01T00:00:00Z', direction: 'inbound', contact: 'x', summary: 'probe' },
      }),
      ...hidden,
    },
    [`GET ${P}/cvd/cases/:id/attachments`]: { request: () => ({ url: `${K()}/attachments` }), ...hidden },
    [`POST ${P}/cvd/cases/:id/attachments`]: {
      request: () => ({ url: `${K()}/attachments`, ...multipartSample('cvd probe') }),
      ...hidden,
    },
    [`GET ${P}/cvd/cases/:id/attachments/:attId`]: {
      request: () => ({ url: `${K()}/attachments/${cvdCtx.attachmentId}` }),
      ...hidden,
    },
  };
}

/** Advisories of A's vulnerability case: hidden (404) like the case itself from everyone outside A. */
function advisoryRouteAccess(): Record<string, Spec> {
  const cvdHidden: Check = (r) => expectCode(r, 404, 'CVD_CASE_NOT_FOUND');
  const K = () => `${P}/cvd/cases/${cvdCtx.caseId}`;
  const hidden = { anonymous: 'record', learner: cvdHidden, adminOfOtherOrg: cvdHidden } as const;
  return {
    [`GET ${P}/cvd/cases/:id/advisory/preview`]: { request: () => ({ url: `${K()}/advisory/preview` }), ...hidden },
    [`POST ${P}/cvd/cases/:id/advisory/publish`]: {
      request: () => ({ url: `${K()}/advisory/publish`, payload: { summary: 'probe' } }),
      ...hidden,
    },
    [`GET ${P}/cvd/cases/:id/advisories`]: { request: () => ({ url: `${K()}/advisories` }), ...hidden },
    [`GET ${P}/cvd/cases/:id/advisory.csaf.json`]: { request: () => ({ url: `${K()}/advisory.csaf.json` }), ...hidden },
    [`GET ${P}/cvd/cases/:id/advisory.stix.json`]: { request: () => ({ url: `${K()}/advisory.stix.json` }), ...hidden },
  };
}

/** A's draft publication (organisation scope, AMBER; A's admin its reviewer), made in the set-up. */
const pubCtx = { id: '' };

/** Publications: A's draft is hidden (404) from everyone outside A's writers and its reviewer. */
function publicationRouteAccess(): Record<string, Spec> {
  const pubHidden: Check = (r) => expectCode(r, 404, 'NOT_FOUND');
  const K = () => `${P}/publications/${pubCtx.id}`;
  const hidden = { anonymous: 'record', learner: pubHidden, adminOfOtherOrg: pubHidden } as const;
  const listHidden: Check = (r) => {
    expect(r.statusCode, r.body).toBe(200);
    if (r.body) expect(r.json().items.map((i: { id: string }) => i.id)).not.toContain(pubCtx.id);
  };
  return {
    [`POST ${P}/publications`]: {
      request: () => ({
        url: `${P}/publications`,
        payload: { kind: 'blog', slug: 'route-probe', ownerOrgId: ctx.orgA },
      }),
      anonymous: 'unauthenticated',
      learner: 'denied',
      adminOfOtherOrg: 'denied',
    },
    [`GET ${P}/publications`]: {
      request: () => ({ url: `${P}/publications?limit=100` }),
      anonymous: 'public',
      publicCheck: listHidden,
      learner: listHidden,
      adminOfOtherOrg: listHidden,
    },
    [`POST ${P}/publications/preview`]: {
      request: () => ({
        url: `${P}/publications/preview`,
        payload: { body: '{{table:cases}}', lang: 'en', scope: 'organisation', marking: 'AMBER', ownerOrgId: ctx.orgA },
      }),
      anonymous: 'unauthenticated',
      learner: 'denied',
      adminOfOtherOrg: 'denied',
    },
    [`GET ${P}/publications/:id`]: {
      request: () => ({ url: K() }),
      anonymous: 'public',
      publicCheck: pubHidden,
      learner: pubHidden,
      adminOfOtherOrg: pubHidden,
    },
    [`PATCH ${P}/publications/:id`]: {
      request: () => ({ url: K(), payload: { revision: 1, titleEn: 'x' } }),
      ...hidden,
    },
    [`DELETE ${P}/publications/:id`]: { request: () => ({ url: K() }), ...hidden },
    [`POST ${P}/publications/:id/submit`]: { request: () => ({ url: `${K()}/submit` }), ...hidden },
    [`GET ${P}/publications/:id/reviews`]: { request: () => ({ url: `${K()}/reviews` }), ...hidden },
    [`POST ${P}/publications/:id/reviews`]: {
      request: () => ({ url: `${K()}/reviews`, payload: { decision: 'comment', comment: 'probe' } }),
      ...hidden,
    },
    [`POST ${P}/publications/:id/publish`]: { request: () => ({ url: `${K()}/publish` }), ...hidden },
    [`POST ${P}/publications/:id/withdraw`]: {
      request: () => ({ url: `${K()}/withdraw`, payload: { reason: 'probe' } }),
      ...hidden,
    },
    [`GET ${P}/publications/:id/versions`]: { request: () => ({ url: `${K()}/versions` }), ...hidden },
    [`GET ${P}/publications/:id/versions/:n`]: { request: () => ({ url: `${K()}/versions/1` }), ...hidden },
  };
}

/** Quizzes and certificates of A's cohort: hidden (404) from outsiders; the public verification is public. */
function certificateRoutes(): Record<string, Spec> {
  const cohortHidden: Check = (r) => expectCode(r, 404, 'COHORT_NOT_FOUND');
  const certificateHidden: Check = (r) => expectCode(r, 404, 'CERTIFICATE_NOT_FOUND');
  const C = () => `${P}/cohorts/${ctx.cohortId}`;
  const verified: Check = (r) => {
    expect(r.statusCode, r.body).toBe(200);
    if (!isHead(r)) expect(r.json()).toMatchObject({ status: 'valid', code: ctx.certificateCode });
  };
  const hidden = (check: Check) => ({ anonymous: 'record', learner: check, adminOfOtherOrg: check }) as const;
  return {
    [`POST ${P}/cohorts/:id/quizzes/:moduleId`]: {
      request: () => ({ url: `${C()}/quizzes/sqli-defence`, payload: { answers: {} } }),
      anonymous: 'unauthenticated',
      learner: cohortHidden,
      adminOfOtherOrg: cohortHidden,
    },
    [`POST ${P}/cohorts/:id/certificates`]: {
      request: () => ({ url: `${C()}/certificates`, payload: { userId: ctx.users.learnerC } }),
      anonymous: 'unauthenticated',
      learner: cohortHidden,
      adminOfOtherOrg: cohortHidden,
    },
    [`GET ${P}/cohorts/:id/certificates`]: {
      request: () => ({ url: `${C()}/certificates` }),
      anonymous: 'unauthenticated',
      learner: cohortHidden,
      adminOfOtherOrg: cohortHidden,
    },
    [`GET ${P}/certificates/:certId/pdf`]: {
      request: () => ({ url: `${P}/certificates/${ctx.certificateId}/pdf?lang=en` }),
      ...hidden(certificateHidden),
    },
    [`POST ${P}/certificates/:certId/revoke`]: {
      request: () => ({ url: `${P}/certificates/${ctx.certificateId}/revoke`, payload: { reason: 'probe' } }),
      ...hidden(certificateHidden),
    },
    [`GET ${P}/public/certificates/:code`]: {
      request: () => ({ url: `${P}/public/certificates/${encodeURIComponent(ctx.certificateCode)}` }),
      anonymous: 'public',
      publicCheck: verified,
      learner: verified,
    },
  };
}

/** A's cohort: hidden (404) from everyone outside it, whatever they ask of it. */
function cohortRoutes(): Record<string, Spec> {
  const cohortHidden: Check = (r) => expectCode(r, 404, 'COHORT_NOT_FOUND');
  const C = () => `${P}/cohorts/${ctx.cohortId}`;
  const routes: [string, () => Req][] = [
    [`GET ${P}/cohorts/:id`, () => ({ url: C() })],
    [
      `POST ${P}/cohorts/:id/members`,
      () => ({ url: `${C()}/members`, payload: { userId: ctx.users.learnerC, role: 'learner' } }),
    ],
    [`DELETE ${P}/cohorts/:id/members/:userId`, () => ({ url: `${C()}/members/${ctx.users.anaA}` })],
    [`GET ${P}/cohorts/:id/assessments/:kind`, () => ({ url: `${C()}/assessments/pre` })],
    [
      `POST ${P}/cohorts/:id/assessments/:kind/attempts`,
      () => ({ url: `${C()}/assessments/pre/attempts`, payload: { answers: {} } }),
    ],
    [
      `POST ${P}/cohorts/:id/progress/pages`,
      () => ({ url: `${C()}/progress/pages`, payload: { moduleId: 'web-basics', pageId: '01-http-and-input' } }),
    ],
    [`GET ${P}/cohorts/:id/progress`, () => ({ url: `${C()}/progress` })],
    [`GET ${P}/cohorts/:id/report`, () => ({ url: `${C()}/report?format=csv` })],
    [`GET ${P}/cohorts/:id/skill-profile/:userId`, () => ({ url: `${C()}/skill-profile/${ctx.users.anaA}` })],
    [`GET ${P}/cohorts/:id/meetings`, () => ({ url: `${C()}/meetings` })],
    [
      `POST ${P}/cohorts/:id/meetings`,
      () => ({ url: `${C()}/meetings`, payload: { at: '2026-01-01T00:00:00Z', title: 'probe' } }),
    ],
    [
      `PATCH ${P}/cohorts/:id/meetings/:meetingId`,
      () => ({ url: `${C()}/meetings/${ctx.meetingId}`, payload: { title: 'probe' } }),
    ],
    [`DELETE ${P}/cohorts/:id/meetings/:meetingId`, () => ({ url: `${C()}/meetings/${ctx.meetingId}` })],
    [
      `POST ${P}/cohorts/:id/meetings/:meetingId/items/:index/done`,
      () => ({ url: `${C()}/meetings/${ctx.meetingId}/items/0/done`, payload: { done: true } }),
    ],
    [`GET ${P}/cohorts/:id/announcements`, () => ({ url: `${C()}/announcements` })],
    [
      `POST ${P}/cohorts/:id/announcements`,
      () => ({ url: `${C()}/announcements`, payload: { title: 'probe', body: 'probe' } }),
    ],
    [
      `DELETE ${P}/cohorts/:id/announcements/:announcementId`,
      () => ({ url: `${C()}/announcements/${ctx.announcementId}` }),
    ],
    [`GET ${P}/cohorts/:id/activity`, () => ({ url: `${C()}/activity` })],
  ];
  return Object.fromEntries(
    routes.map(([key, request]) => [
      key,
      { request, anonymous: 'unauthenticated', learner: cohortHidden, adminOfOtherOrg: cohortHidden },
    ]),
  );
}

/** A's courseware package: outsiders import nothing for A and never see, export, share or delete its package. */
function coursewarePackageRoutes(): Record<string, Spec> {
  const url = (rest = '') => `${P}/courseware/packages/${ctx.coursewarePackageId}${rest}`;
  const hidden: Check = (r) => expectCode(r, 404, 'NOT_FOUND');
  return {
    [`POST ${P}/orgs/:id/courseware/packages`]: {
      request: () => ({
        url: `${P}/orgs/${ctx.orgA}/courseware/packages?name=intruder`,
        payload: ctx.packageZip,
        contentType: 'application/zip',
      }),
      anonymous: 'unauthenticated',
      learner: 'denied',
      adminOfOtherOrg: 'denied',
    },
    [`GET ${P}/courseware/packages`]: {
      request: () => ({ url: `${P}/courseware/packages` }),
      anonymous: 'unauthenticated',
      learner: (r) => {
        expect(r.statusCode, r.body).toBe(200);
        if (r.body) expect(r.json().items.map((x: { id: string }) => x.id)).not.toContain(ctx.coursewarePackageId);
      },
    },
    [`GET ${P}/courseware/packages/:id`]: {
      request: () => ({ url: url() }),
      anonymous: 'unauthenticated',
      learner: hidden,
      adminOfOtherOrg: hidden,
    },
    [`GET ${P}/courseware/packages/:id/archive`]: {
      request: () => ({ url: url('/archive') }),
      anonymous: 'unauthenticated',
      learner: hidden,
      adminOfOtherOrg: hidden,
    },
    [`PATCH ${P}/courseware/packages/:id`]: {
      request: () => ({ url: url(), payload: { scope: 'community', marking: 'GREEN' } }),
      anonymous: 'unauthenticated',
      learner: hidden,
      adminOfOtherOrg: hidden,
    },
    [`DELETE ${P}/courseware/packages/:id`]: {
      request: () => ({ url: url() }),
      anonymous: 'unauthenticated',
      learner: hidden,
      adminOfOtherOrg: hidden,
    },
  };
}

/** A's analyst's lab instance: hidden (404) from everyone else, like a missing one. */
function labInstanceRoutes(): Record<string, Spec> {
  const instanceUrl = (rest = '') => `${P}/lab-instances/${ctx.labInstanceId}${rest}`;
  const hidden: Check = (r) => expectCode(r, 404, 'NOT_FOUND');
  const routes: [string, string, object?][] = [
    ['GET', ''],
    ['POST', '/stop'],
    ['POST', '/reset', { pristine: true }],
    ['GET', '/files'],
    ['PUT', '/files', { files: { 'handler.mjs': 'export {};' } }],
    ['POST', '/flag', { flag: 'cynex{00000000000000000000000000000000}' }],
    ['POST', '/defence'],
    ['GET', '/view'],
    ['POST', '/hints/the-fix'],
    ['POST', '/shell', { line: 'id', sid: 'terminal-1' }],
  ];
  return Object.fromEntries(
    routes.map(([method, rest, payload]) => [
      `${method} ${P}/lab-instances/:id${rest.replace('/the-fix', '/:hintId')}`,
      {
        request: () => ({ url: instanceUrl(rest), ...(payload ? { payload } : {}) }),
        anonymous: 'record',
        learner: hidden,
        adminOfOtherOrg: hidden,
      } satisfies Spec,
    ]),
  );
}

/** Routes outside /api/v1: operations and documentation, public by design; the console's files are public too. */
const OPERATIONS: Record<string, { url: string; status: number }> = {
  '/healthz': { url: '/healthz', status: 200 },
  '/api/openapi.json': { url: '/api/openapi.json', status: 200 },
  '/api/docs': { url: '/api/docs', status: 200 },
  '/api/docs/': { url: '/api/docs/', status: 200 },
  '/api/docs/json': { url: '/api/docs/json', status: 200 },
  '/api/docs/yaml': { url: '/api/docs/yaml', status: 200 },
  '/api/docs/static/index.html': { url: '/api/docs/static/index.html', status: 302 },
  '/api/docs/static/swagger-initializer.js': { url: '/api/docs/static/swagger-initializer.js', status: 200 },
  '/api/docs/*': { url: '/api/docs/static/swagger-ui.css', status: 200 },
};
/**
 * TAXII 2.1 (outside /api/v1, with TAXII error messages): every read needs credentials and goes through the
 * policy. Objects are tried on A's organisation-scoped indicator in A's organisation collection.
 */
const isTaxiiPath = (r: AppRoute) => r.path === '/taxii2' || r.path.startsWith('/taxii2/');
const taxiiCollection = (rest = '') => `/taxii2/api/collections/${COLLECTIONS.myOrganisation}/${rest}`;
const taxiiListed: Check = (r) => {
  expect(r.statusCode, r.body).toBe(200);
  expect(r.body).not.toContain(ROUTE_STIX_ID);
};
const taxiiHidden: Check = (r) => {
  expect(r.statusCode, r.body).toBe(404);
  expect(r.body).not.toContain(ROUTE_STIX_ID);
};
/** Learner C may not write: the organisation collection is not C's to write (403), whatever it holds. */
const taxiiForbidden: Check = (r) => {
  expect(r.statusCode, r.body).toBe(403);
  expect(r.body).not.toContain(ROUTE_STIX_ID);
};
const TAXII_ACCESS: Record<string, { url: string; learner: Check; payload?: string }> = {
  'GET /taxii2': { url: '/taxii2', learner: ok() },
  'GET /taxii2/': { url: '/taxii2/', learner: ok() },
  'GET /taxii2/:root/': { url: '/taxii2/api/', learner: ok() },
  'GET /taxii2/:root/collections/': {
    // A's organisation root: C's learner is not a member, so it does not exist for them.
    url: '/taxii2/route-a/collections/',
    learner: (r) => expect(r.statusCode, r.body).toBe(404),
  },
  'GET /taxii2/:root/collections/:id/': { url: taxiiCollection(), learner: ok() },
  'GET /taxii2/:root/collections/:id/objects/': { url: taxiiCollection('objects/'), learner: taxiiListed },
  'GET /taxii2/:root/collections/:id/manifest/': { url: taxiiCollection('manifest/'), learner: taxiiListed },
  'GET /taxii2/:root/collections/:id/objects/:objectId/': {
    url: taxiiCollection(`objects/${ROUTE_STIX_ID}/`),
    learner: taxiiHidden,
  },
  'GET /taxii2/:root/collections/:id/objects/:objectId/versions/': {
    url: taxiiCollection(`objects/${ROUTE_STIX_ID}/versions/`),
    learner: taxiiHidden,
  },
  'POST /taxii2/:root/collections/:id/objects/': {
    url: taxiiCollection('objects/'),
    payload: JSON.stringify({ objects: routeBundle().objects }),
    learner: taxiiForbidden,
  },
  'DELETE /taxii2/:root/collections/:id/objects/:objectId/': {
    url: taxiiCollection(`objects/${ROUTE_STIX_ID}/`),
    learner: taxiiForbidden,
  },
  'GET /taxii2/:root/status/:statusId/': {
    get url() {
      return `/taxii2/api/status/${ctx.taxiiStatusId}/`;
    },
    learner: (r) => {
      expect(r.statusCode, r.body).toBe(404);
      expect(r.body).not.toContain(ctx.taxiiStatusId);
    },
  },
};
const TAXII_ROUTES = ROUTES.filter(isTaxiiPath);
const taxiiSpecOf = (route: AppRoute) =>
  TAXII_ACCESS[`${route.method === 'HEAD' ? 'GET' : route.method} ${route.path}`];

/** The web console (built or not): GET-only paths outside /api. */
const isConsolePath = (r: AppRoute) =>
  !r.path.startsWith('/api/') &&
  !isTaxiiPath(r) &&
  !(r.path in OPERATIONS) &&
  (r.method === 'GET' || r.method === 'HEAD');

const specOf = (route: AppRoute): Spec | undefined =>
  ACCESS[`${route.method === 'HEAD' ? 'GET' : route.method} ${route.path}`];
const targetsOf = (spec: Spec): Target[] => (spec.caseRecord ? ['org', 'public'] : ['org']);

async function send(route: AppRoute, spec: Spec, target: Target, headers: Headers): Promise<LightMyRequestResponse> {
  const req = spec.request(target);
  return hub.app.inject({
    method: route.method,
    url: req.url,
    headers: { ...headers, ...(req.contentType ? { 'content-type': req.contentType } : {}) },
    ...(req.payload === undefined ? {} : { payload: req.payload }),
  });
}

/** One row per (route, target) for the generated tables. */
const rowsFor = (routes: AppRoute[], filter: (spec: Spec) => boolean = () => true) =>
  routes.flatMap((route): { route: string; target: Target }[] => {
    const spec = specOf(route);
    if (!spec) return [{ route: route.key, target: 'org' }];
    if (!filter(spec)) return [];
    return targetsOf(spec).map((target) => ({ route: route.key, target }));
  });
const routeByKey = (key: string) => ROUTES.find((r) => r.key === key)!;

// ---------------------------------------------------------------------------------------------------------------

describe('every route has an access test', () => {
  beforeAll(async () => {
    const orgA = await hub.org('route-a');
    const orgC = await hub.org('route-c');
    ctx.orgA = orgA.id;
    ctx.orgC = orgC.id;
    ctx.users = {
      anaA: await hub.user(EMAIL.anaA, { memberships: [{ orgId: orgA.id, role: 'analyst' }] }),
      adminA: await hub.user(EMAIL.adminA, { memberships: [{ orgId: orgA.id, role: 'org_admin' }] }),
      learnerC: await hub.user(EMAIL.learnerC, { memberships: [{ orgId: orgC.id, role: 'learner' }] }),
      adminC: await hub.user(EMAIL.adminC, { memberships: [{ orgId: orgC.id, role: 'org_admin' }] }),
      padmin: await hub.user(EMAIL.padmin, { platformAdmin: true }),
    };
    ctx.h = {
      anaA: await hub.signIn(EMAIL.anaA),
      adminA: await hub.signIn(EMAIL.adminA),
      learnerC: await hub.signIn(EMAIL.learnerC),
      adminC: await hub.signIn(EMAIL.adminC),
      padmin: await hub.signIn(EMAIL.padmin),
      csrf: await hub.signIn(EMAIL.adminA), // a second session of A's admin, only for the CSRF checks
      logoutProbe: await hub.signIn(EMAIL.learnerC),
    };
    const as = async (
      who: Who,
      method: 'POST' | 'GET',
      url: string,
      payload?: object,
      status = method === 'POST' ? 201 : 200,
    ) => {
      const r = await hub.app.inject({ method, url, headers: ctx.h[who], ...(payload ? { payload } : {}) });
      expect(r.statusCode, `${method} ${url}: ${r.body}`).toBe(status);
      return r.json();
    };

    ctx.groupId = (await as('anaA', 'POST', `${P}/sharing-groups`, { name: 'A only', orgIds: [] })).id;
    const makeCase = async (target: Target) => {
      const row = await as('anaA', 'POST', `${P}/cases`, {
        environmentCode: 'RA1',
        startDate: '2024-02-02',
        malwareFamily: `route-${target}`,
        ...(target === 'public' ? { scope: 'public', marking: 'CLEAR' } : { scope: 'organisation', marking: 'AMBER' }),
      });
      const behaviour = await as('anaA', 'POST', `${P}/cases/${row.id}/behaviours`, {
        occurredAt: '2024-02-02T09:00:00+09:00',
        category: 'command',
        action: 'ran hostname',
        techniqueIds: ['T1082'],
      });
      const upload = multipartSample(`sample of ${target}`);
      const file = await hub.app.inject({
        method: 'POST',
        url: `${P}/cases/${row.id}/files`,
        headers: { ...ctx.h.anaA, 'content-type': upload.contentType },
        payload: upload.payload,
      });
      expect(file.statusCode, file.body).toBe(201);
      return {
        id: row.id as string,
        caseId: row.caseId as string,
        behaviourId: behaviour.id as string,
        fileId: file.json().id as string,
      };
    };
    ctx.cases = { org: await makeCase('org'), public: await makeCase('public') };
    // A notification for A's analyst: A's admin mentions them on the organisation case.
    await as('adminA', 'POST', `${P}/cases/${ctx.cases.org.id}/comments`, { body: `@${EMAIL.anaA} please look` });
    const notes = await as('anaA', 'GET', `${P}/notifications`);
    expect(notes.items).toHaveLength(1);
    ctx.notificationId = notes.items[0].id;
    ctx.tokenId = (await as('anaA', 'POST', `${P}/tokens`, { name: 'ana write', scopes: ['read', 'write'] })).item.id;
    ctx.readOnlyToken = (await as('adminA', 'POST', `${P}/tokens`, { name: 'admin read', scopes: ['read'] })).token;
    const invitation = await as('adminA', 'POST', `${P}/orgs/${ctx.orgA}/invitations`, {
      email: 'newcomer@route-a.example',
      role: 'viewer',
    });
    ctx.linkToken = String(invitation.link).split('/accept/')[1]!;
    ctx.invitationId = invitation.id;
    // A's prefix, and a darknet upload (by the platform admin) that gives A an alert.
    ctx.prefixId = (await as('adminA', 'POST', `${P}/orgs/${ctx.orgA}/prefixes`, { cidr: '198.51.100.0/24' })).id;
    await as('padmin', 'POST', `${P}/prefixes/${ctx.prefixId}/approve`, undefined, 200);
    const seen = { firstSeen: '2024-02-02T00:00:00Z', lastSeen: '2024-02-02T00:01:00Z' };
    const sensorBatch = telescopeBatch('route-sensor', [
      {
        source: ROUTE_HOST,
        ...seen,
        packets: 10,
        bytes: 600,
        ports: ['tcp/23'],
        portCount: 1,
        destinations: 9,
        tags: [],
      },
    ]);
    expect((await as('padmin', 'POST', `${P}/telescope/batches`, sensorBatch, 200)).alerts).toBe(1);
    const credential = async (sensorId: string) =>
      as('padmin', 'POST', `${P}/sensors/credentials`, { sensorId, name: sensorId, purposes: ['telescope', 'decoy'] });
    ctx.sensorSecret = (await credential('route-sensor')).secret;
    ctx.sensorCredentialId = (await credential('route-other-sensor')).item.id;
    ctx.alertId = (await as('anaA', 'GET', `${P}/alerts`)).items[0].id;
    // A's decoy world on route-sensor, one attack session with a recording and a captured file.
    await as('padmin', 'POST', `${P}/decoy/worlds`, {
      id: ROUTE_WORLD,
      sensorId: 'route-sensor',
      ownerOrgId: ctx.orgA,
      generate: { sector: 'manufacturing', lang: 'ja', employees: 5, hosts: 6, seed: 5 },
    });
    const sensor = { authorization: `Bearer ${ctx.sensorSecret}` };
    const captured = Buffer.from('route capture');
    ctx.captureSha256 = createHash('sha256').update(captured).digest('hex');
    const put = await hub.app.inject({
      method: 'PUT',
      url: `${P}/decoy/captures/${ctx.captureSha256}`,
      headers: { ...sensor, 'content-type': 'application/octet-stream' },
      payload: captured,
    });
    expect(put.statusCode, put.body).toBe(200);
    const decoyEvent = (id: string, body: object) => ({
      schemaVersion: 1,
      id,
      time: '2024-02-02T00:00:00Z',
      sensorId: 'route-sensor',
      world: ROUTE_WORLD,
      host: 'web01',
      session: 'route-session',
      protocol: 'ssh',
      src: { ip: ROUTE_HOST, port: 40000 },
      dst: { port: 22 },
      ...body,
    });
    const events = await hub.app.inject({
      method: 'POST',
      url: `${P}/decoy/events`,
      headers: sensor,
      payload: {
        sensorId: 'route-sensor',
        events: [
          decoyEvent('route-1', { kind: 'connect' }),
          decoyEvent('route-2', { kind: 'download', url: 'http://192.0.2.1/x', sha256: ctx.captureSha256 }),
        ],
      },
    });
    expect(events.json()).toEqual({ accepted: 2, duplicates: 0 });
    await hub.app.inject({
      method: 'POST',
      url: `${P}/decoy/recordings`,
      headers: sensor,
      payload: {
        sensorId: 'route-sensor',
        chunks: [
          {
            world: ROUTE_WORLD,
            host: 'web01',
            session: 'route-session',
            seq: 0,
            header: { version: 2, width: 80, height: 24 },
            lines: '[0.1, "o", "$ "]',
            final: true,
          },
        ],
      },
    });
    ctx.decoySessionId = (await as('anaA', 'GET', `${P}/decoy/sessions?world=${ROUTE_WORLD}`)).items[0].id;
    ctx.stixImportId = (await as('anaA', 'POST', `${P}/intel/bundles`, routeBundle(), 200)).id;
    const taxiiAdd = await hub.app.inject({
      method: 'POST',
      url: taxiiCollection('objects/'),
      headers: { ...ctx.h.anaA, 'content-type': 'application/taxii+json;version=2.1' },
      payload: JSON.stringify({ objects: routeBundle().objects }),
    });
    expect(taxiiAdd.statusCode, taxiiAdd.body).toBe(202);
    ctx.taxiiStatusId = taxiiAdd.json<{ id: string }>().id;
    ctx.reportId = (
      await as('anaA', 'POST', `${P}/telescope/reports`, {
        kind: 'annual',
        year: 2023,
        scope: 'organisation',
        marking: 'AMBER',
      })
    ).id;
    ctx.watchlistEntryId = (
      await as('anaA', 'POST', `${P}/orgs/${ctx.orgA}/watchlist`, { kind: 'keyword', value: 'route watch probe' })
    ).items[0].id;
    const [labInstance] = await hub.database.db
      .insert(labInstances)
      .values({
        userId: ctx.users.anaA,
        orgId: ctx.orgA,
        labId: 'sqli',
        level: 'vulnerable',
        state: 'stopped',
        stopReason: 'stopped',
      })
      .returning();
    ctx.labInstanceId = labInstance!.id;
    ctx.packageZip = await moduleZip('route-module');
    const imported = await hub.app.inject({
      method: 'POST',
      url: `${P}/orgs/${ctx.orgA}/courseware/packages?name=route`,
      headers: { ...ctx.h.adminA, 'content-type': 'application/zip' },
      payload: ctx.packageZip,
    });
    expect(imported.statusCode, imported.body).toBe(201);
    ctx.coursewarePackageId = imported.json().package.id;
    ctx.cohortId = (
      await as('adminA', 'POST', `${P}/orgs/${ctx.orgA}/cohorts`, {
        courseId: 'web-security',
        name: 'route cohort',
        // (open now: learners' work is refused outside a cohort's dates)
        startsAt: new Date(Date.now() - 30 * 86_400_000).toISOString(),
        endsAt: new Date(Date.now() + 90 * 86_400_000).toISOString(),
      })
    ).id;
    await as('adminA', 'POST', `${P}/cohorts/${ctx.cohortId}/members`, { userId: ctx.users.anaA, role: 'learner' });
    ctx.meetingId = (
      await as('adminA', 'POST', `${P}/cohorts/${ctx.cohortId}/meetings`, {
        at: '2026-01-01T00:00:00Z',
        title: 'route meeting',
        actionItems: [{ text: 'route item', ownerId: ctx.users.anaA }],
      })
    ).id;
    ctx.announcementId = (
      await as('adminA', 'POST', `${P}/cohorts/${ctx.cohortId}/announcements`, { title: 'route', body: 'route' })
    ).id;
    ctx.teamId = (
      await as('adminA', 'POST', `${P}/cohorts/${ctx.cohortId}/teams`, {
        name: 'route team',
        members: [ctx.users.anaA],
      })
    ).id;
    await as('adminA', 'POST', `${P}/cohorts/${ctx.cohortId}/teams/${ctx.teamId}/scenarios/ransomware-foothold/start`);
    const report = await hub.app.inject({
      method: 'PUT',
      url: `${P}/cohorts/${ctx.cohortId}/teams/${ctx.teamId}/reports/ransomware-foothold`,
      headers: ctx.h.anaA,
      payload: { sections: { summary: 'route report' } },
    });
    expect(report.statusCode, report.body).toBe(200);
    ctx.submissionId = report.json().id;
    await as('anaA', 'POST', `${P}/cohorts/${ctx.cohortId}/assessments/pre/attempts`, { answers: { p09: 'route' } });
    const [attempt] = await hub.database.db
      .select({ id: assessmentAttempts.id })
      .from(assessmentAttempts)
      .where(eq(assessmentAttempts.cohortId, ctx.cohortId));
    ctx.attemptId = attempt!.id;
    const [certificate] = await hub.database.db
      .insert(certificates)
      .values({
        code: 'CYNX-R0VTE-0000A-CCE55-00000-Y',
        cohortId: ctx.cohortId,
        userId: ctx.users.anaA,
        learnerName: 'ana',
        orgName: 'route-a Inc.',
        courseId: 'web-security',
        courseTitle: { ja: 'Web', en: 'Web' },
        cohortName: 'route cohort',
      })
      .returning();
    ctx.certificateId = certificate!.id;
    ctx.certificateCode = certificate!.code;
    cvdCtx.caseId = (
      await as('anaA', 'POST', `${P}/cvd/cases`, { product: 'route product', vendorName: 'route', titleEn: 'route' })
    ).id;
    const cvdUpload = multipartSample('route cvd attachment');
    const cvdAttachment = await hub.app.inject({
      method: 'POST',
      url: `${P}/cvd/cases/${cvdCtx.caseId}/attachments`,
      headers: { ...ctx.h.anaA, 'content-type': cvdUpload.contentType },
      payload: cvdUpload.payload,
    });
    expect(cvdAttachment.statusCode, cvdAttachment.body).toBe(201);
    cvdCtx.attachmentId = cvdAttachment.json().id;
    pubCtx.id = (
      await as('anaA', 'POST', `${P}/publications`, {
        kind: 'report',
        slug: 'route-publication',
        titleEn: 'route publication',
        scope: 'organisation',
        marking: 'AMBER',
        reviewerUserIds: [ctx.users.adminA],
      })
    ).id;
  });

  afterAll(async () => {
    await hub.dispose();
  });

  describe('coverage', () => {
    it('reads the routes from the app', () => {
      expect(API_ROUTES.length).toBeGreaterThan(40);
      // (wildcard routes are not found by hasRoute; OPERATIONS below requests them)
      for (const route of ROUTES.filter((r) => !r.path.includes('*'))) {
        expect(hub.app.hasRoute({ method: route.method, url: route.path }), route.key).toBe(true);
      }
      // Cross-check against the OpenAPI document: every documented operation was parsed.
      const paths = (hub.app.swagger() as unknown as { paths: Record<string, Record<string, unknown>> }).paths;
      for (const [path, operations] of Object.entries(paths)) {
        for (const method of Object.keys(operations)) {
          const key = `${method.toUpperCase()} ${path.replace(/\{(\w+)\}/g, ':$1')}`;
          expect(
            ROUTES.map((r) => r.key),
            key,
          ).toContain(key);
        }
      }
    });

    it.each(API_ROUTES.map((r) => r.key))('%s has an entry in the access table', (key) => {
      expect(specOf(routeByKey(key)), `add ${key} to ACCESS in route-access.test.ts`).toBeDefined();
    });

    it('the access table names no route the app does not have', () => {
      const served = new Set(API_ROUTES.map((r) => r.key));
      for (const key of Object.keys(ACCESS)) expect(served.has(key), key).toBe(true);
    });

    it.each(OTHER_ROUTES.map((r) => r.key))(
      '%s is a known public operations, documentation, console or TAXII path',
      (key) => {
        const route = routeByKey(key);
        expect(route.path in OPERATIONS || isConsolePath(route) || taxiiSpecOf(route) !== undefined, key).toBe(true);
        // TAXII writes (add objects, delete) have their own access tests below.
        if (!isTaxiiPath(route)) expect(['GET', 'HEAD'], key).toContain(route.method);
      },
    );
  });

  describe('operations and documentation paths are public and read-only', () => {
    it.each(OTHER_ROUTES.filter((r) => r.path in OPERATIONS).map((r) => r.key))('anonymous %s', async (key) => {
      const route = routeByKey(key);
      const r = await hub.app.inject({ method: route.method, url: OPERATIONS[route.path]!.url });
      expect(r.statusCode).toBe(OPERATIONS[route.path]!.status);
    });
  });

  describe('anonymous callers', () => {
    // (loops rather than it.each, so that test names carry the whole route)
    for (const { route: key, target } of rowsFor(API_ROUTES)) {
      it(`${key} [${target}] → 401 (404 where it hides a record; public routes: public material only)`, async () => {
        const route = routeByKey(key);
        const spec = specOf(route);
        expect(spec, `no access spec for ${key}`).toBeDefined();
        const r = await send(route, spec!, target, {});
        switch (spec!.anonymous) {
          case 'public':
            await spec!.publicCheck!(r, target);
            break;
          case 'unauthenticated':
            expectCode(r, 401, 'UNAUTHENTICATED');
            break;
          case 'record':
            if (target === 'public') {
              // The public case is no secret: refusing a write to it must say "sign in", not hide it or forbid it.
              expectCode(r, 401, 'UNAUTHENTICATED');
            } else {
              expect([401, 404], `${key}: ${r.statusCode} ${r.body}`).toContain(r.statusCode);
            }
            break;
          default: {
            const never: never = spec!.anonymous;
            throw new Error(String(never));
          }
        }
      });
    }

    it('a bad bearer token is refused (401) on every route, even public ones', async () => {
      for (const route of API_ROUTES) {
        const spec = specOf(route);
        if (!spec) continue;
        const r = await send(route, spec, 'org', { authorization: 'Bearer cnx_not-a-real-token' });
        expect(r.statusCode, route.key).toBe(401);
      }
    });
  });

  describe('a sensor credential opens nothing but its own uploads', () => {
    const UPLOADS = new Set([
      `POST ${P}/telescope/batches`,
      `POST ${P}/telescope/decoy-sightings`,
      `GET ${P}/decoy/sensors/:sensorId/assignments`,
      `POST ${P}/decoy/sensors/:sensorId/status`,
      `POST ${P}/decoy/events`,
      `POST ${P}/decoy/recordings`,
    ]);
    // Captured files are content-addressed: any decoy sensor uploads them, and the hub re-hashes the bytes.
    const CAPTURE = `PUT ${P}/decoy/captures/:sha256`;
    // Every route the app serves, the console and documentation paths too: refused (401/403), never served.
    for (const { route: key, target } of rowsFor(ROUTES.filter((r) => !UPLOADS.has(r.key) && r.key !== CAPTURE))) {
      it(`${key} [${target}] → 403`, async () => {
        const route = routeByKey(key);
        const spec = specOf(route);
        const url = spec ? spec.request(target).url : (OPERATIONS[route.path]?.url ?? route.path);
        const r = spec
          ? await send(route, spec, target, { authorization: `Bearer ${ctx.sensorSecret}` })
          : await hub.app.inject({
              method: route.method,
              url,
              headers: { authorization: `Bearer ${ctx.sensorSecret}` },
            });
        if (route.path === '/metrics') {
          // The metrics route checks its own bearer token: a sensor credential is not it.
          expect([401, 404], `${key}: ${r.statusCode}`).toContain(r.statusCode);
        } else if (isTaxiiPath(route)) {
          expect(r.statusCode, `${key}: ${r.body}`).toBe(403);
          if (!isHead(r)) expect(r.json()).toMatchObject({ http_status: '403' });
        } else {
          expectCode(r, 403, 'FORBIDDEN');
        }
      });
    }

    // The upload routes (their access entries name another sensor id: 'route-probe').
    it.each([...UPLOADS])('%s for another sensor id → 403', async (key) => {
      const route = routeByKey(key);
      const r = await send(route, specOf(route)!, 'org', { authorization: `Bearer ${ctx.sensorSecret}` });
      expectCode(r, 403, 'FORBIDDEN');
      expect(r.json().error.message).toContain('uploads for sensor route-sensor only');
    });

    it(`${CAPTURE} reaches the upload, which refuses bytes that do not hash to the URL (400)`, async () => {
      const route = routeByKey(CAPTURE);
      const r = await send(route, specOf(route)!, 'org', { authorization: `Bearer ${ctx.sensorSecret}` });
      expectCode(r, 400, 'VALIDATION_FAILED');
    });
  });

  describe('a learner of another organisation (C)', () => {
    for (const { route: key, target } of rowsFor(API_ROUTES, (s) => s.learner !== 'own-session-test')) {
      it(`${key} [${target}]`, async () => {
        const route = routeByKey(key);
        const spec = specOf(route);
        expect(spec, `no access spec for ${key}`).toBeDefined();
        await expectOutsider(route, spec!, spec!.learner, target, ctx.h.learnerC);
      });
    }

    it('logging out ends only the session that asked', async () => {
      const r = await hub.app.inject({ method: 'POST', url: `${P}/auth/logout`, headers: ctx.h.logoutProbe });
      expect(r.statusCode).toBe(204);
      expect(
        (await hub.app.inject({ method: 'GET', url: `${P}/auth/me`, headers: { cookie: ctx.h.logoutProbe.cookie } }))
          .statusCode,
      ).toBe(401);
      expect((await hub.app.inject({ method: 'GET', url: `${P}/auth/me`, headers: ctx.h.learnerC })).statusCode).toBe(
        200,
      );
    });
  });

  describe('an org admin of another organisation (C) on org-admin and record routes', () => {
    for (const { route: key, target } of rowsFor(API_ROUTES, (s) => s.adminOfOtherOrg !== undefined)) {
      it(`${key} [${target}]`, async () => {
        const route = routeByKey(key);
        const spec = specOf(route);
        expect(spec, `no access spec for ${key}`).toBeDefined();
        await expectOutsider(route, spec!, spec!.adminOfOtherOrg!, target, ctx.h.adminC);
      });
    }
  });

  describe('TAXII 2.1 routes', () => {
    it('every TAXII route has an entry, and every entry a route', () => {
      expect(TAXII_ROUTES.length).toBeGreaterThan(0);
      for (const route of TAXII_ROUTES) expect(taxiiSpecOf(route), route.key).toBeDefined();
      const served = new Set(TAXII_ROUTES.map((r) => r.key));
      for (const key of Object.keys(TAXII_ACCESS)) expect(served.has(key), key).toBe(true);
    });

    for (const key of TAXII_ROUTES.map((r) => r.key)) {
      it(`${key}: anonymous 401 asking for credentials, a bad token 401, learner C sees nothing of A's`, async () => {
        const route = routeByKey(key);
        const spec = taxiiSpecOf(route)!;
        const anonymousReply = await hub.app.inject({ method: route.method, url: spec.url });
        expect(anonymousReply.statusCode, anonymousReply.body).toBe(401);
        expect(anonymousReply.headers['www-authenticate']).toBe('Basic realm="cynex TAXII", Bearer');
        for (const authorization of ['Bearer cnx_not-a-real-token', `Basic ${btoa('x:cnx_not-a-real-token')}`]) {
          const refused = await hub.app.inject({ method: route.method, url: spec.url, headers: { authorization } });
          expect(refused.statusCode, authorization).toBe(401);
        }
        const payload = spec.payload === undefined ? {} : { payload: spec.payload };
        const learner = await hub.app.inject({
          method: route.method,
          url: spec.url,
          headers: {
            ...ctx.h.learnerC,
            ...(spec.payload === undefined ? {} : { 'content-type': 'application/taxii+json;version=2.1' }),
          },
          ...payload,
        });
        await spec.learner(learner, 'org');
      });
    }
  });

  describe('CSRF: a cookie without the x-csrf-token header cannot change anything', () => {
    it.each(STATE_CHANGING.map((r) => r.key))('%s → 403 CSRF_FAILED', async (key) => {
      const route = routeByKey(key);
      const spec = specOf(route);
      expect(spec, `no access spec for ${key}`).toBeDefined();
      const r = await send(route, spec!, 'org', { cookie: ctx.h.csrf.cookie });
      expectCode(r, 403, 'CSRF_FAILED');
    });

    it.each(STATE_CHANGING.map((r) => r.key))(
      '%s with a wrong or another session’s token → 403 CSRF_FAILED',
      async (key) => {
        const route = routeByKey(key);
        const spec = specOf(route)!;
        for (const token of ['wrong', ctx.h.anaA['x-csrf-token']]) {
          const r = await send(route, spec, 'org', { cookie: ctx.h.csrf.cookie, 'x-csrf-token': token });
          expectCode(r, 403, 'CSRF_FAILED');
        }
      },
    );

    it.each(STATE_CHANGING.map((r) => r.key))('%s with a read-only API token → 403 FORBIDDEN', async (key) => {
      const route = routeByKey(key);
      const spec = specOf(route)!;
      const r = await send(route, spec, 'org', { authorization: `Bearer ${ctx.readOnlyToken}` });
      expectCode(r, 403, 'FORBIDDEN');
    });

    it('the session used for the CSRF checks is still alive and nothing was changed', async () => {
      expect((await hub.app.inject({ method: 'GET', url: `${P}/auth/me`, headers: ctx.h.csrf })).statusCode).toBe(200);
      const detail = await hub.app.inject({ method: 'GET', url: caseUrl('org'), headers: ctx.h.anaA });
      expect(detail.statusCode).toBe(200);
      expect(detail.json().case.summaryEn).toBe('');
      expect(detail.json().behaviours).toHaveLength(1);
    });
  });

  describe('after all the refused requests', () => {
    it("A's records, people and groups are untouched", async () => {
      const members = await hub.app.inject({
        method: 'GET',
        url: `${P}/orgs/${ctx.orgA}/members`,
        headers: ctx.h.adminA,
      });
      expect(members.json().items.find((m: { userId: string }) => m.userId === ctx.users.anaA).role).toBe('analyst');
      const invitations = await hub.app.inject({
        method: 'GET',
        url: `${P}/orgs/${ctx.orgA}/invitations`,
        headers: ctx.h.adminA,
      });
      expect(invitations.json().items.map((i: { email: string }) => i.email)).toEqual(['newcomer@route-a.example']);
      const groups = await hub.app.inject({ method: 'GET', url: `${P}/sharing-groups`, headers: ctx.h.anaA });
      expect(groups.json().items.find((g: { id: string }) => g.id === ctx.groupId).orgIds).toEqual([ctx.orgA]);
      const orgs = await hub.app.inject({ method: 'GET', url: `${P}/orgs`, headers: ctx.h.anaA });
      expect(orgs.json().items.map((o: { slug: string }) => o.slug)).toEqual(['route-a', 'route-c']);
      expect(orgs.json().items.find((o: { id: string }) => o.id === ctx.orgA).nameEn).toBe('route-a Inc.');
      const intel = await hub.app.inject({ url: `${P}/orgs/${ctx.orgA}/intel-settings`, headers: ctx.h.anaA });
      expect(intel.json()).toEqual({ orgId: ctx.orgA, anonymiseSightings: false });
      for (const target of ['org', 'public'] as const) {
        const detail = (await hub.app.inject({ method: 'GET', url: caseUrl(target), headers: ctx.h.anaA })).json();
        expect(detail.case.summaryEn, target).toBe('');
        expect(
          detail.behaviours.map((b: { id: string; notes: string }) => [b.id, b.notes]),
          target,
        ).toEqual([[ctx.cases[target].behaviourId, '']]);
        expect(
          detail.files.map((f: { id: string }) => f.id),
          target,
        ).toEqual([ctx.cases[target].fileId]);
      }
      const cohort = await hub.app.inject({ url: `${P}/cohorts/${ctx.cohortId}`, headers: ctx.h.adminA });
      expect(cohort.json().members.map((m: { userId: string; role: string }) => [m.userId, m.role])).toEqual([
        [ctx.users.anaA, 'learner'],
      ]);
      const meetings = await hub.app.inject({ url: `${P}/cohorts/${ctx.cohortId}/meetings`, headers: ctx.h.adminA });
      expect(meetings.json().items.map((m: { id: string; title: string }) => [m.id, m.title])).toEqual([
        [ctx.meetingId, 'route meeting'],
      ]);
      expect(meetings.json().items[0].actionItems[0].done).toBe(false);
      const news = await hub.app.inject({ url: `${P}/cohorts/${ctx.cohortId}/announcements`, headers: ctx.h.adminA });
      expect(news.json().items.map((a: { id: string }) => a.id)).toEqual([ctx.announcementId]);
      const cohorts = await hub.app.inject({ url: `${P}/orgs/${ctx.orgA}/cohorts`, headers: ctx.h.adminA });
      expect(cohorts.json().items.map((c: { name: string }) => c.name)).toEqual(['route cohort']);
      const probes = await hub.app.inject({
        method: 'GET',
        url: `${P}/cases?q=route-&limit=500`,
        headers: ctx.h.padmin,
      });
      expect(probes.json().total).toBe(2);
      const categories = await hub.app.inject({ method: 'GET', url: `${P}/catalogue/behaviour-categories` });
      expect(categories.json().items.map((c: { key: string }) => c.key)).not.toContain('route_probe');
      const tokens = await hub.app.inject({ method: 'GET', url: `${P}/tokens`, headers: ctx.h.anaA });
      expect(tokens.json().items.find((t: { id: string }) => t.id === ctx.tokenId).revokedAt).toBeNull();
      const prefixes = await hub.app.inject({
        method: 'GET',
        url: `${P}/orgs/${ctx.orgA}/prefixes`,
        headers: ctx.h.adminA,
      });
      expect(prefixes.json().items.map((p: { id: string; cidr: string }) => [p.id, p.cidr])).toEqual([
        [ctx.prefixId, '198.51.100.0/24'],
      ]);
      const settings = await hub.app.inject({
        method: 'GET',
        url: `${P}/orgs/${ctx.orgA}/alert-settings`,
        headers: ctx.h.adminA,
      });
      expect(settings.json()).toMatchObject({ emails: [], webhookUrl: null });
      const alert = await hub.app.inject({ method: 'GET', url: `${P}/alerts/${ctx.alertId}`, headers: ctx.h.anaA });
      expect(alert.json()).toMatchObject({ status: 'open', acknowledgedBy: null });
      const report = await hub.app.inject({
        method: 'GET',
        url: `${P}/telescope/reports/${ctx.reportId}`,
        headers: ctx.h.anaA,
      });
      expect(report.json()).toMatchObject({
        titleEn: 'Darknet Observation Report 2023 (annual)',
        scope: 'organisation',
      });
      const summary = await hub.app.inject({ method: 'GET', url: `${P}/telescope/summary`, headers: ctx.h.padmin });
      expect(summary.json().sensors.map((s: { sensorId: string }) => s.sensorId)).toEqual(['route-sensor']);
      const credentials = await hub.app.inject({
        method: 'GET',
        url: `${P}/sensors/credentials`,
        headers: ctx.h.padmin,
      });
      expect(
        credentials.json().items.map((c: { sensorId: string; revokedAt: string | null }) => [c.sensorId, c.revokedAt]),
      ).toEqual([
        ['route-other-sensor', null],
        ['route-sensor', null],
      ]);
    });
  });
});

async function expectOutsider(
  route: AppRoute,
  spec: Spec,
  outsider: Outsider,
  target: Target,
  headers: Headers,
): Promise<void> {
  const r = await send(route, spec, target, headers);
  if (outsider === 'own-session-test') throw new Error(`${route.key} is checked by its own test`);
  if (typeof outsider === 'function') {
    await outsider(r, target);
    return;
  }
  if (spec.caseRecord) {
    // A's organisation case is hidden (404, as if missing); the public case is readable but not theirs to change (403).
    expectCode(r, target === 'org' ? 404 : 403, target === 'org' ? 'CASE_NOT_FOUND' : 'FORBIDDEN');
  } else {
    expect([403, 404], `${route.key}: ${r.statusCode} ${r.body}`).toContain(r.statusCode);
  }
}
