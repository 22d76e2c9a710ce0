import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { coursePackageZip, moduleZip, rawModuleZip } from '../../../test/courseware-package.js';
import { startTestHub, type TestHub } from '../../../test/harness.js';
import { CoursewarePackagesService } from './packages.service.js';

const P = '/api/v1';
const CW = `${P}/courseware`;
type Headers = Record<string, string>;
type Who = 'adminP1' | 'teachP1' | 'learnerP1' | 'teachP2' | 'learnerP2';

describe(CoursewarePackagesService.name, { timeout: 120_000 }, () => {
  let hub: TestHub;
  let p1: { id: string; slug: string };
  let p2: { id: string; slug: string };
  const h = {} as Record<Who, Headers>;
  const ids = {} as Record<Who, string>;
  const get = (who: Who, url: string) => hub.app.inject({ url, headers: h[who] });
  const upload = (who: Who, orgId: string, zip: Buffer, query: string) =>
    hub.app.inject({
      method: 'POST',
      url: `${P}/orgs/${orgId}/courseware/packages?${query}`,
      headers: { ...h[who], 'content-type': 'application/zip' },
      payload: zip,
    });
  const moduleIds = async (who: Who) =>
    (await get(who, `${CW}/modules`)).json<{ items: { id: string; provider: string | null }[] }>().items;

  beforeAll(async () => {
    hub = await startTestHub();
    p1 = await hub.org('prov-one', { sector: 'academia' });
    p2 = await hub.org('prov-two');
    const people: [Who, string, string, 'org_admin' | 'instructor' | 'learner'][] = [
      ['adminP1', 'admin@p1.example', p1.id, 'org_admin'],
      ['teachP1', 'teach@p1.example', p1.id, 'instructor'],
      ['learnerP1', 'learner@p1.example', p1.id, 'learner'],
      ['teachP2', 'teach@p2.example', p2.id, 'instructor'],
      ['learnerP2', 'learner@p2.example', p2.id, 'learner'],
    ];
    for (const [who, email, orgId, role] of people) {
      ids[who] = await hub.user(email, { memberships: [{ orgId, role }] });
      h[who] = await hub.signIn(email);
    }
  }, 60_000);
  afterAll(async () => {
    await hub?.dispose();
  });

  it("serves a provider's module to its organisation only, until it is shared with the community", async () => {
    const zip = await moduleZip('soc-intro', { secret: 'The SOC of prov-one never sleeps.' });
    const made = await upload('teachP1', p1.id, zip, 'name=SOC%20intro');
    expect(made.statusCode, made.body).toBe(201);
    const pkg = made.json().package;
    expect(pkg).toMatchObject({
      name: 'SOC intro',
      ownerOrgSlug: 'prov-one',
      scope: 'organisation',
      marking: 'AMBER',
      contents: { modules: ['soc-intro'], courses: [], assessments: [] },
    });
    expect(pkg).not.toHaveProperty('archive');
    const id = 'prov-one.soc-intro';
    const M = `${CW}/modules/${id}`;

    // P1's instructor: in the catalogue with its provider, and every part of it opens.
    expect(await moduleIds('teachP1')).toContainEqual(expect.objectContaining({ id, provider: 'prov-one' }));
    const page = await get('teachP1', `${M}/pages/01-welcome?lang=en`);
    expect(page.statusCode, page.body).toBe(200);
    expect(page.json().html).toContain('The SOC of prov-one never sleeps.');
    expect(page.json().html).toContain(`src="${M}/assets/fig.svg"`);
    expect(page.json().instructor.goal).toContain('SOC is organised');
    const asset = await get('teachP1', `${M}/assets/fig.svg`);
    expect(asset.statusCode).toBe(200);
    expect(asset.headers['content-type']).toBe('image/svg+xml');
    expect((await get('teachP1', `${M}/quiz?lang=en`)).json().items[0].prompt).toBe('Who reads the alerts first?');
    const listed = await get('teachP1', `${CW}/packages`);
    expect(listed.json().items.map((p: { id: string }) => p.id)).toEqual([pkg.id]);
    const archive = await get('teachP1', `${CW}/packages/${pkg.id}/archive`);
    expect(archive.statusCode).toBe(200);
    expect(archive.headers['content-type']).toBe('application/zip');
    expect(Buffer.compare(archive.rawPayload, zip)).toBe(0);

    // P2 (organisation scope): nothing of it, anywhere.
    const hidden = [
      M,
      `${M}/pages/01-welcome`,
      `${M}/assets/fig.svg`,
      `${M}/quiz`,
      `${CW}/packages/${pkg.id}`,
      `${CW}/packages/${pkg.id}/archive`,
    ];
    for (const who of ['teachP2', 'learnerP2'] as const) {
      expect((await moduleIds(who)).map((m) => m.id)).not.toContain(id);
      expect((await get(who, `${CW}/packages`)).json().items).toEqual([]);
      for (const url of hidden) expect((await get(who, url)).statusCode, `${who} ${url}`).toBe(404);
      const check = await hub.app.inject({
        method: 'POST',
        url: `${M}/quiz/check`,
        headers: h[who],
        payload: { answers: { q1: 'a' } },
      });
      expect(check.statusCode).toBe(404);
    }
    // nor may P2 change or delete it
    const patchAsP2 = await hub.app.inject({
      method: 'PATCH',
      url: `${CW}/packages/${pkg.id}`,
      headers: h.teachP2,
      payload: { scope: 'community', marking: 'GREEN' },
    });
    expect(patchAsP2.statusCode).toBe(404);

    // A learner of P1 may not share it; an invalid scope/marking pair is refused by the hub's sharing rule.
    const byLearner = await hub.app.inject({
      method: 'PATCH',
      url: `${CW}/packages/${pkg.id}`,
      headers: h.learnerP1,
      payload: { scope: 'community', marking: 'GREEN' },
    });
    expect(byLearner.statusCode).toBe(404);
    const invalid = await hub.app.inject({
      method: 'PATCH',
      url: `${CW}/packages/${pkg.id}`,
      headers: h.teachP1,
      payload: { scope: 'public', marking: 'AMBER' },
    });
    expect(invalid.statusCode).toBe(400);
    expect(invalid.json().error.code).toBe('SHARING_INVALID');

    // Community GREEN: P2's instructor and, by the policy, P2's learner read it.
    const shared = await hub.app.inject({
      method: 'PATCH',
      url: `${CW}/packages/${pkg.id}`,
      headers: h.adminP1,
      payload: { scope: 'community', marking: 'GREEN' },
    });
    expect(shared.statusCode, shared.body).toBe(200);
    expect(shared.json()).toMatchObject({ scope: 'community', marking: 'GREEN' });
    for (const who of ['teachP2', 'learnerP2'] as const) {
      expect((await moduleIds(who)).map((m) => m.id)).toContain(id);
      const asP2 = await get(who, `${M}/pages/01-welcome?lang=en`);
      expect(asP2.statusCode).toBe(200);
      expect(asP2.json().html).toContain('The SOC of prov-one never sleeps.');
    }
    expect((await get('learnerP2', `${M}/pages/01-welcome?lang=en`)).json()).not.toHaveProperty('instructor');
    expect((await get('teachP2', `${CW}/packages/${pkg.id}/archive`)).statusCode).toBe(200);
    // AMBER in the community: P2's instructor still, P2's learner no more.
    await hub.app.inject({
      method: 'PATCH',
      url: `${CW}/packages/${pkg.id}`,
      headers: h.adminP1,
      payload: { marking: 'AMBER' },
    });
    expect((await moduleIds('teachP2')).map((m) => m.id)).toContain(id);
    expect((await get('learnerP2', M)).statusCode).toBe(404);

    // Only the owner deletes it; then it is gone for everyone.
    const delByP2 = await hub.app.inject({ method: 'DELETE', url: `${CW}/packages/${pkg.id}`, headers: h.teachP2 });
    expect(delByP2.statusCode).toBe(403);
    const del = await hub.app.inject({ method: 'DELETE', url: `${CW}/packages/${pkg.id}`, headers: h.teachP1 });
    expect(del.statusCode).toBe(204);
    expect((await get('teachP1', M)).statusCode).toBe(404);
    expect((await get('teachP2', M)).statusCode).toBe(404);
  });

  it("keeps two organisations' modules of the same id apart, and replaces a package imported again", async () => {
    const one = await upload('teachP1', p1.id, await moduleZip('welcome', { secret: 'Version one.' }), 'name=welcome');
    expect(one.statusCode, one.body).toBe(201);
    const two = await upload(
      'teachP2',
      p2.id,
      await moduleZip('welcome', { secret: 'From prov-two.' }),
      'name=welcome',
    );
    expect(two.statusCode, two.body).toBe(201);
    const page = (who: Who, org: string) => get(who, `${CW}/modules/${org}.welcome/pages/01-welcome?lang=en`);
    expect((await page('teachP1', 'prov-one')).json().html).toContain('Version one.');
    expect((await page('teachP2', 'prov-two')).json().html).toContain('From prov-two.');
    expect((await page('teachP1', 'prov-two')).statusCode).toBe(404);

    const again = await upload(
      'teachP1',
      p1.id,
      await moduleZip('welcome', { secret: 'Version two.' }),
      'name=welcome',
    );
    expect(again.statusCode, again.body).toBe(200);
    expect(again.json()).toMatchObject({ replaced: true, package: { id: one.json().package.id } });
    expect((await page('teachP1', 'prov-one')).json().html).toContain('Version two.');
    // another package of P1 may not hold the same module id
    const clash = await upload('teachP1', p1.id, await moduleZip('welcome'), 'name=other');
    expect(clash.statusCode).toBe(409);
  });

  it('refuses an invalid package with every error by file and line, and who may not import', async () => {
    const bad = await upload('teachP1', p1.id, rawModuleZip('broken', 'K9999_1'), 'name=broken');
    expect(bad.statusCode, bad.body).toBe(400);
    expect(bad.json().error.code).toBe('IMPORT_FAILED');
    expect(bad.json().error.fields).toContainEqual({
      path: 'broken.zip/broken/pages/01-welcome.en.md:3:12',
      message: 'unknown NICE id K9999 in "acquired"',
    });
    expect(
      bad.json().error.fields.some((f: { path: string }) => f.path.startsWith('broken.zip/broken/quiz.yaml:')),
    ).toBe(true);
    const notZip = await upload('teachP1', p1.id, Buffer.from('not a zip'), 'name=junk');
    expect(notZip.statusCode).toBe(400);
    const wrongPair = await upload('teachP1', p1.id, await moduleZip('pair'), 'name=pair&scope=public&marking=GREEN');
    expect(wrongPair.json().error.code).toBe('SHARING_INVALID');
    expect((await upload('learnerP1', p1.id, await moduleZip('x1'), 'name=x')).statusCode).toBe(403);
    expect((await upload('teachP2', p1.id, await moduleZip('x1'), 'name=x')).statusCode).toBe(403);
    const anonymous = await hub.app.inject({
      method: 'POST',
      url: `${P}/orgs/${p1.id}/courseware/packages?name=x`,
      headers: { 'content-type': 'application/zip' },
      payload: await moduleZip('x1'),
    });
    expect(anonymous.statusCode).toBe(401);
    const badName = await upload('teachP1', p1.id, await moduleZip('x1'), `name=${encodeURIComponent('a/b')}`);
    expect(badName.statusCode).toBe(400);
  });

  it('refuses an archive over 20 MiB with 413', async () => {
    const huge = Buffer.alloc(20 * 1024 * 1024 + 1);
    const r = await upload('teachP1', p1.id, huge, 'name=huge');
    expect(r.statusCode).toBe(413);
    expect(r.json().error.code).toBe('PAYLOAD_TOO_LARGE');
  });

  it("runs a cohort of P1 on its package's course: pages, pre and post assessment", async () => {
    const made = await upload('adminP1', p1.id, coursePackageZip({ secret: 'Onboarding day one.' }), 'name=onboarding');
    expect(made.statusCode, made.body).toBe(201);
    const course = 'prov-one.onboarding';
    expect((await get('teachP1', `${CW}/courses`)).json().items).toContainEqual(
      expect.objectContaining({
        id: course,
        provider: 'prov-one',
        modules: ['prov-one.intro'],
        preAssessment: 'prov-one.onboarding-pre',
      }),
    );
    expect((await get('teachP2', `${CW}/courses`)).json().items.map((c: { id: string }) => c.id)).not.toContain(course);
    // By the sharing rule a learner reads community CLEAR/GREEN only: not yet P1's own AMBER package.
    expect((await get('learnerP1', `${CW}/modules/prov-one.intro`)).statusCode).toBe(404);

    const schedule = {
      startsAt: new Date(Date.now() - 86_400_000).toISOString(),
      endsAt: new Date(Date.now() + 30 * 86_400_000).toISOString(),
    };
    // P2 may not run a cohort on a course it cannot read
    const byP2 = await hub.app.inject({
      method: 'POST',
      url: `${P}/orgs/${p2.id}/cohorts`,
      headers: h.teachP2,
      payload: { courseId: course, name: 'Stolen', ...schedule },
    });
    expect(byP2.statusCode).toBe(400);
    const cohort = await hub.app.inject({
      method: 'POST',
      url: `${P}/orgs/${p1.id}/cohorts`,
      headers: h.teachP1,
      payload: { courseId: course, name: 'Onboarding 2026', ...schedule },
    });
    expect(cohort.statusCode, cohort.body).toBe(201);
    const C = `${P}/cohorts/${cohort.json().id}`;
    const added = await hub.app.inject({
      method: 'POST',
      url: `${C}/members`,
      headers: h.teachP1,
      payload: { userId: ids.learnerP1, role: 'learner' },
    });
    expect(added.statusCode, added.body).toBe(201);

    // The learner takes the course through the cohort: its module and pages open for them now.
    const learner = (method: 'GET' | 'POST', url: string, payload?: object) =>
      hub.app.inject({ method, url, headers: h.learnerP1, ...(payload ? { payload } : {}) });
    const shown = await learner('GET', `${C}/assessments/pre`);
    expect(shown.statusCode, shown.body).toBe(200);
    expect(shown.json().items.map((i: { id: string }) => i.id)).toEqual(['a1']);
    const preTaken = await learner('POST', `${C}/assessments/pre/attempts`, { answers: { a1: 'b' } });
    expect(preTaken.statusCode, preTaken.body).toBe(201);
    const page = await learner('GET', `${CW}/modules/prov-one.intro/pages/01-welcome?lang=en`);
    expect(page.statusCode, page.body).toBe(200);
    expect(page.json().html).toContain('Onboarding day one.');
    const read = await learner('POST', `${C}/progress/pages`, { moduleId: 'prov-one.intro', pageId: '01-welcome' });
    expect(read.statusCode, read.body).toBe(200);
    const postTaken = await learner('POST', `${C}/assessments/post/attempts`, { answers: { a1: 'a' } });
    expect(postTaken.statusCode, postTaken.body).toBe(201);
    const report = await hub.app.inject({ url: `${C}/report`, headers: h.teachP1 });
    expect(report.statusCode, report.body).toBe(200);
    expect(JSON.stringify(report.json())).toContain(ids.learnerP1);
    // P2's learner is in no cohort of it: still nothing
    expect((await get('learnerP2', `${CW}/modules/prov-one.intro`)).statusCode).toBe(404);
  });
});
