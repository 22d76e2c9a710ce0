import { SHIPPED_CONTENT_DIR, loadContentTree, type Assessment } from '@cynex/courseware';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '@cynex/core';
import { completeWebSecurity } from './certificate-fixtures.js';
import { startTestHub, type TestHub } from './harness.js';

/*
 * A generated access matrix for training (CYROP: providers run their own cohorts on one platform): every viewer ×
 * every provider's cohort × every training read path, checked against an oracle written here from what the
 * platform promises, not from the code:
 *
 * - a cohort exists, for a viewer, only if they are its member, an admin or instructor of its organisation, or a
 *   platform admin; to everyone else every path answers 404 (401 signed out), never 403 that would confirm it;
 * - a learner's identity and results are seen by that learner, the cohort's instructors, the organisation's admins
 *   and instructors, and platform admins — nobody else: not other learners of the same cohort, not the same
 *   organisation's analysts or learners outside the cohort, and nothing at all from another provider.
 *
 * Zero leaks: a learner's id or name appears in a response if and only if the oracle allows it (checked over all
 * paths together, both ways), and a path answers 200 if and only if the oracle says the viewer may use it.
 */

type ProviderKey = 'U' | 'K';
/** A university and a company, each running its own cohort of the shipped web-security course. */
const PROVIDERS: readonly ProviderKey[] = ['U', 'K'];
type Persona =
  'org_admin' | 'instructor' | 'analyst' | 'viewer' | 'vendor' | 'outsideLearner' | 'tutor' | 'learner1' | 'learner2';
const PERSONAS: readonly Persona[] = [
  'org_admin',
  'instructor',
  'analyst',
  'viewer',
  'vendor',
  'outsideLearner',
  'tutor',
  'learner1',
  'learner2',
];
/** The organisation role each persona holds; the last three are also members of the provider's cohort. */
const ORG_ROLE: Record<Persona, Role> = {
  org_admin: 'org_admin',
  instructor: 'instructor',
  analyst: 'analyst',
  viewer: 'viewer',
  vendor: 'vendor',
  outsideLearner: 'learner',
  tutor: 'analyst',
  learner1: 'learner',
  learner2: 'learner',
};
const COHORT_ROLE: Partial<Record<Persona, 'learner' | 'instructor'>> = {
  tutor: 'instructor',
  learner1: 'learner',
  learner2: 'learner',
};
const LEARNERS = ['learner1', 'learner2'] as const;
type Learner = (typeof LEARNERS)[number];

interface Viewer {
  key: string;
  /** The provider and persona, for members of a provider. */
  of?: { provider: ProviderKey; persona: Persona };
  platformAdmin?: true;
  anonymous?: true;
}

const VIEWERS: Viewer[] = [
  ...PROVIDERS.flatMap((provider) =>
    PERSONAS.map((persona) => ({ key: `${provider}.${persona}`, of: { provider, persona } })),
  ),
  { key: 'platformAdmin', platformAdmin: true },
  { key: 'noMembership' },
  { key: 'anonymous', anonymous: true },
];

// --- the oracle -------------------------------------------------------------------------------------------------

const isStaffOf = (v: Viewer, p: ProviderKey) =>
  v.platformAdmin === true || (v.of?.provider === p && (v.of.persona === 'org_admin' || v.of.persona === 'instructor'));
const cohortRoleOf = (v: Viewer, p: ProviderKey) => (v.of?.provider === p ? COHORT_ROLE[v.of.persona] : undefined);
/** The cohort exists for the viewer. */
const opens = (v: Viewer, p: ProviderKey) => isStaffOf(v, p) || cohortRoleOf(v, p) !== undefined;
/** Sees every learner's results: staff of the organisation and the cohort's instructors. */
const teaches = (v: Viewer, p: ProviderKey) => isStaffOf(v, p) || cohortRoleOf(v, p) === 'instructor';
const isLearner = (v: Viewer, p: ProviderKey, who?: Learner) =>
  v.of?.provider === p && cohortRoleOf(v, p) === 'learner' && (who === undefined || v.of.persona === who);
/** May see this learner's identity and results. */
const seesLearner = (v: Viewer, p: ProviderKey, who: Learner) => teaches(v, p) || isLearner(v, p, who);

interface ReadPath {
  name: string;
  url: (c: CohortFixture) => string;
  /** The viewer gets 200. */
  allowed: (v: Viewer, p: ProviderKey) => boolean;
  /** Someone in the cohort who may not use it gets 404 (the record is hidden from them), not 403. */
  hiddenInCohort?: true;
}

interface CohortFixture {
  provider: ProviderKey;
  orgId: string;
  cohortId: string;
  learners: Record<Learner, { id: string; name: string }>;
  /** learner1's team (alone in it), its scenario report, learner2's project, learner1's certificate. */
  teamId: string;
  reportId: string;
  projectId: string;
  certificateId: string;
}

const C = (c: CohortFixture) => `/api/v1/cohorts/${c.cohortId}`;
const SCENARIO = 'ransomware-foothold';
const PATHS: ReadPath[] = [
  {
    name: 'list of the organisation',
    url: (c) => `/api/v1/orgs/${c.orgId}/cohorts`,
    allowed: (v, p) => v.platformAdmin === true || v.of?.provider === p,
  },
  { name: 'cohort', url: C, allowed: opens },
  { name: 'own progress', url: (c) => `${C(c)}/progress`, allowed: (v, p) => isLearner(v, p) },
  { name: 'pre-assessment', url: (c) => `${C(c)}/assessments/pre`, allowed: (v, p) => isLearner(v, p) },
  { name: 'post-assessment', url: (c) => `${C(c)}/assessments/post`, allowed: (v, p) => isLearner(v, p) },
  { name: 'report', url: (c) => `${C(c)}/report?format=json`, allowed: teaches },
  { name: 'report CSV', url: (c) => `${C(c)}/report?format=csv`, allowed: teaches },
  { name: 'meetings', url: (c) => `${C(c)}/meetings`, allowed: opens },
  { name: 'announcements', url: (c) => `${C(c)}/announcements`, allowed: opens },
  { name: 'learner activity', url: (c) => `${C(c)}/activity`, allowed: teaches },
  { name: 'teams', url: (c) => `${C(c)}/teams`, allowed: opens },
  {
    name: "learner1's team scenario",
    url: (c) => `${C(c)}/teams/${c.teamId}/scenarios/${SCENARIO}`,
    allowed: (v, p) => teaches(v, p) || isLearner(v, p, 'learner1'),
    hiddenInCohort: true,
  },
  {
    name: "learner1's team report",
    url: (c) => `/api/v1/submissions/${c.reportId}`,
    allowed: (v, p) => teaches(v, p) || isLearner(v, p, 'learner1'),
    hiddenInCohort: true,
  },
  { name: 'projects', url: (c) => `${C(c)}/projects`, allowed: opens },
  {
    name: "learner2's project",
    url: (c) => `/api/v1/submissions/${c.projectId}`,
    allowed: (v, p) => teaches(v, p) || isLearner(v, p, 'learner2'),
    hiddenInCohort: true,
  },
  { name: 'grading queue', url: (c) => `${C(c)}/grading-queue`, allowed: teaches },
  { name: 'certificates', url: (c) => `${C(c)}/certificates`, allowed: opens },
  {
    name: "learner1's certificate PDF",
    url: (c) => `/api/v1/certificates/${c.certificateId}/pdf?lang=en`,
    allowed: (v, p) => teaches(v, p) || isLearner(v, p, 'learner1'),
    hiddenInCohort: true,
  },
  ...LEARNERS.map((who): ReadPath => ({
    name: `skill profile of ${who}`,
    url: (c) => `${C(c)}/skill-profile/${c.learners[who].id}`,
    allowed: (v, p) => seesLearner(v, p, who),
  })),
];

// --- the fixtures -----------------------------------------------------------------------------------------------

const hub: TestHub = await startTestHub();
const headers = new Map<string, Record<string, string>>();
const cohorts = new Map<ProviderKey, CohortFixture>();
/** Every response, by viewer, provider and path name. */
const responses = new Map<string, LightMyRequestResponse>();
const responseKey = (viewer: string, provider: ProviderKey, path: string) => `${viewer}|${provider}|${path}`;

async function call(h: Record<string, string> | undefined, method: 'GET' | 'POST', url: string, payload?: object) {
  return hub.app.inject({ method, url, headers: h ?? {}, ...(payload ? { payload } : {}) });
}

/** Answers every item with its key; the learner's pre-assessment is then on record for the report and profile. */
function keyAnswers(assessment: Assessment): Record<string, unknown> {
  return Object.fromEntries(
    assessment.items.map((item) => [item.id, item.kind === 'short' ? item.answer[0] : item.answer] as const),
  );
}

beforeAll(async () => {
  const tree = await loadContentTree(SHIPPED_CONTENT_DIR);
  const pre = tree.assessments.find((a) => a.id === 'web-security-pre')!;
  const course = tree.courses.find((c) => c.id === 'web-security')!;
  const firstModule = tree.modules.find((m) => m.id === course.modules[0])!;
  const now = Date.now();
  const schedule = {
    startsAt: new Date(now - 86_400_000).toISOString(),
    endsAt: new Date(now + 30 * 86_400_000).toISOString(),
  };
  const tag = Math.random().toString(36).slice(2, 8);

  await hub.user(`padmin-${tag}@platform.example`, { platformAdmin: true });
  headers.set('platformAdmin', await hub.signIn(`padmin-${tag}@platform.example`));
  await hub.user(`nobody-${tag}@nowhere.example`);
  headers.set('noMembership', await hub.signIn(`nobody-${tag}@nowhere.example`));

  for (const provider of PROVIDERS) {
    const org = await hub.org(`provider-${provider.toLowerCase()}-${tag}`, {
      sector: provider === 'U' ? 'academia' : 'industry',
    });
    const ids = {} as Record<Persona, string>;
    for (const persona of PERSONAS) {
      // (the local part is the display name: a marker no other response can contain by chance)
      const email = `${provider.toLowerCase()}-${persona.toLowerCase()}-${tag}@provider-${provider.toLowerCase()}.example`;
      ids[persona] = await hub.user(email, { memberships: [{ orgId: org.id, role: ORG_ROLE[persona] }] });
      headers.set(`${provider}.${persona}`, await hub.signIn(email));
    }
    const made = await call(headers.get(`${provider}.instructor`), 'POST', `/api/v1/orgs/${org.id}/cohorts`, {
      courseId: 'web-security',
      name: `cohort of ${provider} ${tag}`,
      ...schedule,
    });
    expect(made.statusCode, made.body).toBe(201);
    const cohortId = made.json<{ id: string }>().id;
    for (const [persona, role] of Object.entries(COHORT_ROLE)) {
      const added = await call(headers.get(`${provider}.instructor`), 'POST', `/api/v1/cohorts/${cohortId}/members`, {
        userId: ids[persona as Persona],
        role,
      });
      expect(added.statusCode, added.body).toBe(201);
    }
    const K = `/api/v1/cohorts/${cohortId}`;
    const staff = headers.get(`${provider}.instructor`);
    const h1 = headers.get(`${provider}.learner1`)!;
    const h2 = headers.get(`${provider}.learner2`)!;
    // learner1 does the whole course and claims the certificate; learner2 reads a page and takes the pre-assessment
    await completeWebSecurity(hub, cohortId, { headers: h1, userId: ids.learner1, orgId: org.id });
    const certificate = await call(h1, 'POST', `${K}/certificates`, { userId: ids.learner1 });
    expect(certificate.statusCode, certificate.body).toBe(201);
    const read = await call(h2, 'POST', `${K}/progress/pages`, {
      moduleId: firstModule.id,
      pageId: firstModule.pages[0]!.id,
    });
    expect(read.statusCode, read.body).toBe(200);
    const taken = await call(h2, 'POST', `${K}/assessments/pre/attempts`, { answers: keyAnswers(pre) });
    expect(taken.statusCode, taken.body).toBe(201);
    // a meeting with an action item of learner1's, an announcement, a team each, learner1's report, learner2's project
    const meeting = await call(staff, 'POST', `${K}/meetings`, {
      at: new Date(now).toISOString(),
      title: 'Week 1',
      actionItems: [{ text: 'read the SQLi module', ownerId: ids.learner1 }],
    });
    expect(meeting.statusCode, meeting.body).toBe(201);
    const announcement = await call(staff, 'POST', `${K}/announcements`, { title: 'Welcome', body: 'Start here.' });
    expect(announcement.statusCode, announcement.body).toBe(201);
    const team = async (name: string, member: string) => {
      const made = await call(staff, 'POST', `${K}/teams`, { name, members: [member] });
      expect(made.statusCode, made.body).toBe(201);
      return made.json<{ id: string }>().id;
    };
    const teamId = await team('Blue', ids.learner1);
    await team('Red', ids.learner2);
    const started = await call(staff, 'POST', `${K}/teams/${teamId}/scenarios/${SCENARIO}/start`);
    expect(started.statusCode, started.body).toBeLessThan(300);
    const report = await hub.app.inject({
      method: 'PUT',
      url: `${K}/teams/${teamId}/reports/${SCENARIO}`,
      headers: h1,
      payload: { sections: { summary: 'VPN account misuse, contained at 09:10.' } },
    });
    expect(report.statusCode, report.body).toBeLessThan(300);
    const project = await hub.app.inject({
      method: 'PUT',
      url: `${K}/projects/mine`,
      headers: h2,
      payload: { title: 'Mirai variants on the darknet', body: 'Plan' },
    });
    expect(project.statusCode, project.body).toBeLessThan(300);
    const name = (persona: Persona) => `${provider.toLowerCase()}-${persona.toLowerCase()}-${tag}`;
    cohorts.set(provider, {
      provider,
      orgId: org.id,
      cohortId,
      learners: {
        learner1: { id: ids.learner1, name: name('learner1') },
        learner2: { id: ids.learner2, name: name('learner2') },
      },
      teamId,
      reportId: report.json<{ id: string }>().id,
      projectId: project.json<{ id: string }>().id,
      certificateId: certificate.json<{ id: string }>().id,
    });
  }

  // Every viewer asks every path of every provider's cohort (a few at a time: the hub is in-process).
  const jobs = VIEWERS.flatMap((viewer) =>
    PROVIDERS.flatMap((provider) => PATHS.map((path) => ({ viewer, provider, path }))),
  );
  for (let i = 0; i < jobs.length; i += 8) {
    await Promise.all(
      jobs.slice(i, i + 8).map(async ({ viewer, provider, path }) => {
        const response = await call(headers.get(viewer.key), 'GET', path.url(cohorts.get(provider)!));
        responses.set(responseKey(viewer.key, provider, path.name), response);
      }),
    );
  }
}, 240_000);

afterAll(async () => {
  await hub?.dispose();
});

describe('training access matrix: every viewer × every provider cohort × every read path', () => {
  it('covers every viewer, provider and path', () => {
    expect(responses.size).toBe(VIEWERS.length * PROVIDERS.length * PATHS.length);
  });

  describe('who gets an answer (200 if and only if allowed; a hidden cohort is 404, never 403)', () => {
    const cases = VIEWERS.flatMap((viewer) =>
      PROVIDERS.flatMap((provider) => PATHS.map((path) => [viewer.key, provider, path.name] as const)),
    );
    it.each(cases)('%s → cohort of %s: %s', (viewerKey, provider, pathName) => {
      const viewer = VIEWERS.find((v) => v.key === viewerKey)!;
      const path = PATHS.find((p) => p.name === pathName)!;
      const response = responses.get(responseKey(viewerKey, provider, pathName))!;
      if (path.allowed(viewer, provider)) {
        expect(response.statusCode, response.body).toBe(200);
      } else if (viewer.anonymous) {
        expect(response.statusCode, response.body).toBe(401);
      } else if (path.name === 'list of the organisation') {
        expect(response.statusCode, response.body).toBe(403);
      } else if (!opens(viewer, provider) || path.hiddenInCohort) {
        expect(response.statusCode, response.body).toBe(404);
      } else {
        expect(response.statusCode, response.body).toBe(403);
      }
    });
  });

  describe("a learner's identity reaches exactly those allowed, over all paths together", () => {
    const cases = VIEWERS.flatMap((viewer) =>
      PROVIDERS.flatMap((provider) => LEARNERS.map((who) => [viewer.key, provider, who] as const)),
    );
    it.each(cases)('%s sees %s.%s only if allowed', (viewerKey, provider, who) => {
      const viewer = VIEWERS.find((v) => v.key === viewerKey)!;
      const learner = cohorts.get(provider)!.learners[who];
      const seenIn = PATHS.filter((path) => {
        const body = responses.get(responseKey(viewerKey, provider, path.name))!.body;
        return body.includes(learner.id) || body.includes(learner.name);
      }).map((path) => path.name);
      // Another provider's responses never carry this learner either.
      const elsewhere = PROVIDERS.filter((other) => other !== provider).flatMap((other) =>
        PATHS.filter((path) => {
          const body = responses.get(responseKey(viewerKey, other, path.name))!.body;
          return body.includes(learner.id) || body.includes(learner.name);
        }).map((path) => `${other}: ${path.name}`),
      );
      expect(elsewhere).toEqual([]);
      if (seesLearner(viewer, provider, who)) expect(seenIn.length).toBeGreaterThan(0);
      else expect(seenIn).toEqual([]);
    });
  });

  describe('"done means", literally', () => {
    it("no one of the company sees anything of the university's cohort, and the other way round", () => {
      for (const [mine, theirs] of [
        ['K', 'U'],
        ['U', 'K'],
      ] as const) {
        for (const persona of PERSONAS) {
          for (const path of PATHS) {
            const response = responses.get(responseKey(`${mine}.${persona}`, theirs, path.name))!;
            expect(response.statusCode, `${mine}.${persona} ${path.name}`).not.toBe(200);
            expect(response.body).not.toContain(`cohort of ${theirs}`);
            expect(response.body).not.toContain(cohorts.get(theirs)!.cohortId);
          }
        }
      }
    });

    it('the report shows both learners to the organisation instructor and the cohort tutor, and neither to a co-learner', () => {
      const c = cohorts.get('U')!;
      for (const viewer of ['U.instructor', 'U.tutor']) {
        const body = responses.get(responseKey(viewer, 'U', 'report'))!.body;
        expect(body).toContain(c.learners.learner1.name);
        expect(body).toContain(c.learners.learner2.name);
      }
      const asCoLearner = responses.get(responseKey('U.learner1', 'U', 'cohort'))!.body;
      expect(asCoLearner).toContain(c.learners.learner1.name);
      expect(asCoLearner).not.toContain(c.learners.learner2.name);
    });
  });
});
