import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestHub, type TestHub } from '../../../test/harness.js';
import { batch, interval, sensorToken, starts, upload } from '../telescope/telescope.fixtures.js';
import { PublicationsService } from './publications.service.js';

type Session = { cookie: string; 'x-csrf-token': string };

let hub: TestHub;
let orgA: string;
const h = {} as Record<'author' | 'reviewer' | 'colleague' | 'outsider' | 'learnerC' | 'padmin', Session>;
const ids = {} as Record<'author' | 'reviewer' | 'colleague' | 'outsider', string>;
let seq = 0;

const call = async (who: keyof typeof h | null, method: string, url: string, payload?: object) =>
  hub.app.inject({
    method: method as 'GET',
    url: `/api/v1${url}`,
    headers: who ? h[who] : {},
    ...(payload ? { payload } : {}),
  });

async function draft(extra: object = {}) {
  seq += 1;
  const r = await call('author', 'POST', '/publications', {
    kind: 'report',
    slug: `report-${seq}`,
    titleJa: '四半期レポート',
    titleEn: 'Quarterly report',
    bodyJa: '# 概要\n\n本文です。',
    bodyEn: '# Summary\n\nThe text.',
    reviewerUserIds: [ids.reviewer],
    ...extra,
  });
  expect(r.statusCode, r.body).toBe(201);
  return r.json<{ id: string; revision: number; slug: string }>();
}

/** Draft → in review → approved → published. */
async function published(extra: object = {}) {
  const p = await draft(extra);
  expect((await call('author', 'POST', `/publications/${p.id}/submit`)).statusCode).toBe(200);
  const ok = await call('reviewer', 'POST', `/publications/${p.id}/reviews`, { decision: 'approved' });
  expect(ok.statusCode, ok.body).toBe(201);
  const r = await call('author', 'POST', `/publications/${p.id}/publish`);
  expect(r.statusCode, r.body).toBe(200);
  return r.json<{ id: string; revision: number; currentVersion: number }>();
}

beforeAll(async () => {
  hub = await startTestHub();
  orgA = (await hub.org('pub-a')).id;
  const orgC = (await hub.org('pub-c')).id;
  ids.author = await hub.user('author@pub-a.example', { memberships: [{ orgId: orgA, role: 'analyst' }] });
  ids.reviewer = await hub.user('reviewer@pub-a.example', { memberships: [{ orgId: orgA, role: 'analyst' }] });
  ids.colleague = await hub.user('colleague@pub-a.example', { memberships: [{ orgId: orgA, role: 'org_admin' }] });
  ids.outsider = await hub.user('analyst@pub-c.example', { memberships: [{ orgId: orgC, role: 'analyst' }] });
  await hub.user('learner@pub-c.example', { memberships: [{ orgId: orgC, role: 'learner' }] });
  await hub.user('root@pub.example', { platformAdmin: true });
  h.author = await hub.signIn('author@pub-a.example');
  h.reviewer = await hub.signIn('reviewer@pub-a.example');
  h.colleague = await hub.signIn('colleague@pub-a.example');
  h.outsider = await hub.signIn('analyst@pub-c.example');
  h.learnerC = await hub.signIn('learner@pub-c.example');
  h.padmin = await hub.signIn('root@pub.example');
}, 60_000);

afterAll(async () => {
  await hub?.dispose();
});

describe(PublicationsService.name, () => {
  it('runs the review workflow: submit, who may decide, approval, publication with a frozen version', async () => {
    const p = await draft({ reviewerUserIds: [] });
    const noReviewer = await call('author', 'POST', `/publications/${p.id}/submit`);
    expect(noReviewer.statusCode).toBe(400);
    expect(noReviewer.json().error.message).toMatch(/reviewer/);

    const named = await call('author', 'PATCH', `/publications/${p.id}`, {
      revision: p.revision,
      reviewerUserIds: [ids.reviewer],
    });
    expect(named.statusCode, named.body).toBe(200);
    const submitted = await call('author', 'POST', `/publications/${p.id}/submit`);
    expect(submitted.json()).toMatchObject({ status: 'in_review', reviewRound: 1 });

    // The author and an unnamed colleague may comment but not decide; an outsider does not see it at all.
    expect((await call('author', 'POST', `/publications/${p.id}/reviews`, { decision: 'approved' })).statusCode).toBe(
      403,
    );
    expect(
      (await call('colleague', 'POST', `/publications/${p.id}/reviews`, { decision: 'approved' })).statusCode,
    ).toBe(403);
    const outsider = await call('outsider', 'POST', `/publications/${p.id}/reviews`, { decision: 'approved' });
    expect(outsider.statusCode).toBe(404);
    const comment = await call('author', 'POST', `/publications/${p.id}/reviews`, {
      decision: 'comment',
      comment: 'ready for you',
    });
    expect(comment.statusCode, comment.body).toBe(201);

    const early = await call('author', 'POST', `/publications/${p.id}/publish`);
    expect(early.statusCode).toBe(409);

    const changes = await call('reviewer', 'POST', `/publications/${p.id}/reviews`, {
      decision: 'changes_requested',
      comment: 'add the English summary',
    });
    expect(changes.json()).toMatchObject({ status: 'draft' });
    expect((await call('author', 'POST', `/publications/${p.id}/submit`)).json()).toMatchObject({ reviewRound: 2 });
    await call('reviewer', 'POST', `/publications/${p.id}/reviews`, { decision: 'approved', comment: 'good' });
    const done = await call('author', 'POST', `/publications/${p.id}/publish`);
    expect(done.statusCode, done.body).toBe(200);
    expect(done.json()).toMatchObject({ status: 'published', currentVersion: 1, liveVersion: 1 });

    const v1 = await call('author', 'GET', `/publications/${p.id}/versions/1`);
    expect(v1.json().htmlEn).toContain('<h1>Summary</h1>');
    expect(v1.json().htmlJa).toContain('<h1>概要</h1>');
    const reviews = await call('reviewer', 'GET', `/publications/${p.id}/reviews`);
    expect(reviews.json().items.map((r: { decision: string }) => r.decision)).toEqual([
      'comment',
      'changes_requested',
      'approved',
    ]);
    const audit = await call('padmin', 'GET', `/audit?limit=100`);
    const actions = audit
      .json()
      .items.filter((e: { targetId: string }) => e.targetId === p.id)
      .map((e: { action: string }) => e.action);
    expect(actions).toEqual(
      expect.arrayContaining([
        'publication.create',
        'publication.update',
        'publication.submit',
        'publication.review',
        'publication.publish',
      ]),
    );
  });

  it('refuses a stale edit, a taken slug, an outside reviewer, the author as reviewer and an oversized body', async () => {
    const p = await draft();
    const first = await call('author', 'PATCH', `/publications/${p.id}`, { revision: p.revision, titleEn: 'One' });
    expect(first.statusCode).toBe(200);
    const stale = await call('colleague', 'PATCH', `/publications/${p.id}`, { revision: p.revision, titleEn: 'Two' });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().error.code).toBe('CONFLICT');

    const taken = await call('author', 'POST', '/publications', { kind: 'blog', slug: p.slug });
    expect(taken.statusCode).toBe(409);
    expect(taken.json().error.message).toMatch(/slug/);

    const outside = await call('author', 'POST', '/publications', {
      kind: 'blog',
      slug: 'outside-reviewer',
      reviewerUserIds: [ids.outsider],
    });
    expect(outside.statusCode).toBe(400);
    const self = await call('author', 'POST', '/publications', {
      kind: 'blog',
      slug: 'self-reviewer',
      reviewerUserIds: [ids.author],
    });
    expect(self.statusCode).toBe(400);
    const big = await call('author', 'POST', '/publications', {
      kind: 'blog',
      slug: 'big-body',
      bodyEn: 'x'.repeat(200 * 1024 + 1),
    });
    expect(big.statusCode).toBe(400);
    const wide = await call('author', 'POST', '/publications', {
      kind: 'blog',
      slug: 'wide-green',
      scope: 'public',
      marking: 'GREEN',
    });
    expect(wide.json().error.code).toBe('SHARING_INVALID');
    const reserved = await call('author', 'POST', '/publications', { kind: 'blog', slug: 'advisories' });
    expect(reserved.statusCode).toBe(400);
    expect(reserved.json().error.fields[0].message).toMatch(/reserved/);
    // TLP:RED reaches its recipients only: a reviewer must be one of them
    const redUnnamed = await call('author', 'POST', '/publications', {
      kind: 'blog',
      slug: 'red-reviewer',
      marking: 'RED',
      recipientUserIds: [ids.author],
      reviewerUserIds: [ids.colleague],
    });
    expect(redUnnamed.statusCode).toBe(400);
    expect(redUnnamed.json().error.message).toMatch(/TLP:RED .* must be recipients/);
    // An outsider's writer cannot even find the draft; the draft cannot be deleted by a stale hand either.
    expect((await call('outsider', 'DELETE', `/publications/${p.id}`)).statusCode).toBe(404);
    expect((await call('author', 'DELETE', `/publications/${p.id}`)).statusCode).toBe(204);
  });

  it('shows drafts only to the owner writers and reviewers, published versions to their audience', async () => {
    const secret = await draft({ titleEn: 'Secret draft', scope: 'community', marking: 'GREEN' });
    const list = await call('outsider', 'GET', '/publications?limit=100');
    expect(list.json().items.map((i: { id: string }) => i.id)).not.toContain(secret.id);
    expect((await call('outsider', 'GET', `/publications/${secret.id}`)).statusCode).toBe(404);

    const green = await published({ scope: 'community', marking: 'GREEN', titleEn: 'Green report' });
    const seen = await call('learnerC', 'GET', `/publications/${green.id}`);
    expect(seen.statusCode, seen.body).toBe(200);
    expect(seen.json()).toMatchObject({ access: 'reader', status: 'published', titleEn: 'Green report' });
    expect(seen.json().htmlEn).toContain('The text.');
    expect((await call(null, 'GET', `/publications/${green.id}`)).statusCode).toBe(404);

    // Editing makes a new working draft; readers keep seeing the published version.
    const edit = await call('author', 'PATCH', `/publications/${green.id}`, {
      revision: green.revision,
      titleEn: 'Green report (draft 2)',
    });
    expect(edit.json()).toMatchObject({ status: 'draft', liveVersion: 1 });
    const still = await call('learnerC', 'GET', `/publications/${green.id}`);
    expect(still.json().titleEn).toBe('Green report');
    const search = await call('learnerC', 'GET', '/publications?q=draft%202');
    expect(search.json().items.map((i: { id: string }) => i.id)).not.toContain(green.id);
    const versions = await call('learnerC', 'GET', `/publications/${green.id}/versions`);
    expect(versions.json().items.map((v: { version: number }) => v.version)).toEqual([1]);
    expect((await call('learnerC', 'GET', `/publications/${green.id}/reviews`)).statusCode).toBe(404);

    const open = await published({ scope: 'public', marking: 'CLEAR', titleEn: 'Open report', tags: ['mirai'] });
    const anonymous = await call(null, 'GET', `/publications/${open.id}`);
    expect(anonymous.statusCode).toBe(200);
    expect(anonymous.json()).toMatchObject({ titleEn: 'Open report', missing: [] });
    const tagged = await call(null, 'GET', '/publications?tag=mirai');
    expect(tagged.json().items.map((i: { id: string }) => i.id)).toEqual([open.id]);

    const withdrawn = await call('author', 'POST', `/publications/${open.id}/withdraw`, { reason: 'superseded' });
    expect(withdrawn.json()).toMatchObject({ status: 'withdrawn', withdrawnReason: 'superseded' });
    expect((await call(null, 'GET', `/publications/${open.id}`)).statusCode).toBe(404);
  });

  it('flags a missing translation', async () => {
    const p = await draft({ titleEn: '', bodyEn: '' });
    const r = await call('author', 'GET', `/publications/${p.id}`);
    expect(r.json().missing).toEqual(['en']);
  });

  it('freezes embeds at publication: later data changes the preview, not the published version', async () => {
    const token = await sensorToken(hub, 'sensor@pub.example');
    const day1 = starts('2026-01-05T00:00:00Z', 2).map((s) => interval(s, 1));
    expect((await upload(hub, token, batch({ intervals: day1 }))).statusCode).toBe(200);
    const directive = '{{chart:darknet-timeseries from=2026-01-01 to=2026-01-31}}';
    const body = `Traffic:\n\n${directive}\n\nTop ports:\n\n{{chart:darknet-top-ports from=2026-01-01 to=2026-01-31 limit=3}}\n\nSee [[T1059.001]].`;
    const p = await published({ bodyEn: body, scope: 'public', marking: 'CLEAR' });
    const v1 = (await call(null, 'GET', `/publications/${p.id}/versions/1`)).json();
    expect(v1.htmlEn).toContain('<svg');
    expect(v1.htmlEn).toContain('tcp/23');
    expect(v1.htmlEn).toContain('T1059.001 PowerShell');
    expect(v1.embeds.map((e: { kind: string }) => e.kind)).toEqual([
      'chart:darknet-timeseries',
      'chart:darknet-top-ports',
      'link:technique',
    ]);

    const more = starts('2026-01-20T00:00:00Z', 2).map((s) =>
      interval(s, 50, { tcpPorts: [{ port: 3389, packets: 9000, bytes: 1, sources: 1 }] }),
    );
    expect((await upload(hub, token, batch({ intervals: more }))).statusCode).toBe(200);
    const preview = await call('author', 'POST', '/publications/preview', {
      body,
      lang: 'en',
      scope: 'public',
      marking: 'CLEAR',
    });
    expect(preview.json().problems).toEqual([]);
    expect(preview.json().html).toContain('tcp/3389');
    const again = (await call(null, 'GET', `/publications/${p.id}/versions/1`)).json();
    expect(again.htmlEn).toBe(v1.htmlEn);
    expect(again.htmlEn).not.toContain('tcp/3389');
  });

  it('refuses an embed its audience may not read (EMBED_TOO_WIDE), in the preview and at publication', async () => {
    const amber = await call('author', 'POST', '/cases', {
      environmentCode: 'PA1',
      startDate: '2026-01-02',
      malwareFamily: 'pub-amber-family',
      scope: 'organisation',
      marking: 'AMBER',
    });
    expect(amber.statusCode, amber.body).toBe(201);
    const clear = await call('author', 'POST', '/cases', {
      environmentCode: 'PA1',
      startDate: '2026-01-03',
      malwareFamily: 'pub-clear-family',
      scope: 'public',
      marking: 'CLEAR',
    });
    const body = `Cases:\n\n{{table:cases limit=5}}\n\nSee [[case:${amber.json().caseId}]].`;
    const preview = await call('author', 'POST', '/publications/preview', {
      body,
      lang: 'en',
      scope: 'public',
      marking: 'CLEAR',
    });
    expect(preview.statusCode).toBe(200);
    expect(preview.json().problems).toEqual([
      expect.objectContaining({ code: 'EMBED_TOO_WIDE', directive: `[[case:${amber.json().caseId}]]` }),
    ]);
    // The table shows only what a public reader may see.
    expect(preview.json().html).toContain(clear.json().caseId);
    expect(preview.json().html).not.toContain('pub-amber-family');
    const inside = await call('author', 'POST', '/publications/preview', {
      body,
      lang: 'en',
      scope: 'organisation',
      marking: 'AMBER',
    });
    expect(inside.json().problems).toEqual([]);
    expect(inside.json().html).toContain('pub-amber-family');

    const p = await draft({ bodyEn: body, scope: 'public', marking: 'CLEAR' });
    await call('author', 'POST', `/publications/${p.id}/submit`);
    await call('reviewer', 'POST', `/publications/${p.id}/reviews`, { decision: 'approved' });
    const refused = await call('author', 'POST', `/publications/${p.id}/publish`);
    expect(refused.statusCode).toBe(400);
    expect(refused.json().error.code).toBe('EMBED_TOO_WIDE');
    expect(refused.json().error.message).toContain(amber.json().caseId);
  });
});
