import { SHIPPED_CONTENT_DIR, loadContentTree } from '@cynex/courseware';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestHub, type TestHub } from '../../../test/harness.js';
import { CohortActivityService } from './cohort-activity.service.js';
import { NOT_IN_ORG } from './cohort-members.service.js';

const P = '/api/v1';
const DAY = 86_400_000;
type Headers = Record<string, string>;
type Method = 'GET' | 'POST' | 'PATCH' | 'DELETE';
type Who = 'adminA' | 'teacherA' | 'analystA' | 'learner1' | 'learner2' | 'outsiderB';

interface ShownItem {
  index: number;
  text: string;
  ownerId: string | null;
  ownerName: string | null;
  done: boolean;
  mine: boolean;
}

describe(CohortActivityService.name, { timeout: 120_000 }, () => {
  let hub: TestHub;
  let orgA: string;
  let pages: { moduleId: string; pageId: string }[];
  const h = {} as Record<Who, Headers>;
  const ids = {} as Record<Who, string>;
  const call = (who: Who, method: Method, url: string, payload?: object) =>
    hub.app.inject({ method, url, headers: h[who], ...(payload ? { payload } : {}) });
  const open = () => ({
    startsAt: new Date(Date.now() - 7 * DAY).toISOString(),
    endsAt: new Date(Date.now() + 60 * DAY).toISOString(),
  });

  /** A web-security cohort of org A made by A's instructor; the analyst teaches it, the two learners learn. */
  async function cohort(name: string, schedule = open()) {
    const made = await call('teacherA', 'POST', `${P}/orgs/${orgA}/cohorts`, {
      courseId: 'web-security',
      name,
      ...schedule,
    });
    expect(made.statusCode, made.body).toBe(201);
    const id = made.json<{ id: string }>().id;
    const members: [Who, string][] = [
      ['analystA', 'instructor'],
      ['learner1', 'learner'],
      ['learner2', 'learner'],
    ];
    for (const [who, role] of members) {
      const added = await call('teacherA', 'POST', `${P}/cohorts/${id}/members`, { userId: ids[who], role });
      expect(added.statusCode, added.body).toBe(201);
    }
    return `${P}/cohorts/${id}`;
  }

  beforeAll(async () => {
    hub = await startTestHub();
    const tree = await loadContentTree(SHIPPED_CONTENT_DIR);
    const course = tree.courses.find((c) => c.id === 'web-security')!;
    pages = course.modules.flatMap((moduleId) =>
      tree.modules.find((m) => m.id === moduleId)!.pages.map((p) => ({ moduleId, pageId: p.id })),
    );
    orgA = (await hub.org('activity-a')).id;
    const orgB = (await hub.org('activity-b')).id;
    const people: [Who, string, string, 'org_admin' | 'instructor' | 'analyst' | 'learner'][] = [
      ['adminA', 'admin@activity-a.example', orgA, 'org_admin'],
      ['teacherA', 'teach@activity-a.example', orgA, 'instructor'],
      ['analystA', 'analyst@activity-a.example', orgA, 'analyst'],
      ['learner1', 'one@activity-a.example', orgA, 'learner'],
      ['learner2', 'two@activity-a.example', orgA, 'learner'],
      ['outsiderB', 'learner@activity-b.example', orgB, 'learner'],
    ];
    for (const [who, email, orgId, role] of people) {
      ids[who] = await hub.user(email, { memberships: [{ orgId, role }] });
      h[who] = await hub.signIn(email);
    }
    await hub.user('new@activity-a.example', { memberships: [{ orgId: orgA, role: 'learner' }] });
  }, 60_000);
  afterAll(async () => {
    await hub?.dispose();
  });

  it('keeps progress meetings: instructors write, learners read and tick only their own action items', async () => {
    const C = await cohort('Meetings');
    const meeting = {
      at: '2026-05-10T10:00:00+09:00',
      title: 'Week 2 check-in',
      notes: '## Progress\n\n- SQLi lab done <script>alert(1)</script>',
      actionItems: [
        { text: 'Finish module 2', ownerId: ids.learner1 },
        { text: 'Review the XSS lab', ownerId: ids.learner2 },
        { text: 'Share the slides', ownerId: ids.analystA },
        { text: 'Book the room', ownerId: null },
      ],
    };
    // A learner may not hold meetings; the cohort's instructor (an analyst of the organisation) may.
    expect((await call('learner1', 'POST', `${C}/meetings`, meeting)).statusCode).toBe(403);
    const made = await call('analystA', 'POST', `${C}/meetings`, meeting);
    expect(made.statusCode, made.body).toBe(201);
    const id = made.json().id as string;
    expect(made.json()).toMatchObject({ title: 'Week 2 check-in', at: '2026-05-10T01:00:00.000Z' });
    expect(made.json().notesHtml).toContain('<h2>Progress</h2>');
    expect(made.json().notesHtml).not.toContain('<script>');
    expect(made.json().actionItems.map((i: ShownItem) => [i.index, i.ownerName, i.done])).toEqual([
      [0, 'one', false],
      [1, 'two', false],
      [2, 'analyst', false],
      [3, null, false],
    ]);

    // Learner one sees the meeting with their own, the instructor's and the unassigned items, not learner two's.
    const seen = await call('learner1', 'GET', `${C}/meetings`);
    expect(seen.statusCode).toBe(200);
    const items = seen.json().items[0].actionItems as ShownItem[];
    expect(items.map((i) => [i.index, i.text, i.mine])).toEqual([
      [0, 'Finish module 2', true],
      [2, 'Share the slides', false],
      [3, 'Book the room', false],
    ]);
    expect(JSON.stringify(seen.json())).not.toContain(ids.learner2);

    // They tick their own item; someone else's (or an unassigned one) is refused.
    const ticked = await call('learner1', 'POST', `${C}/meetings/${id}/items/0/done`, { done: true });
    expect(ticked.statusCode, ticked.body).toBe(200);
    expect(ticked.json().actionItems.find((i: ShownItem) => i.index === 0).done).toBe(true);
    for (const index of [1, 2, 3]) {
      const refused = await call('learner1', 'POST', `${C}/meetings/${id}/items/${index}/done`, { done: true });
      expect(refused.statusCode, `item ${index}`).toBe(403);
    }
    expect((await call('learner1', 'POST', `${C}/meetings/${id}/items/9/done`, { done: true })).statusCode).toBe(404);
    expect((await call('learner2', 'POST', `${C}/meetings/${id}/items/1/done`, { done: true })).statusCode).toBe(200);
    const afterTicks = (await call('teacherA', 'GET', `${C}/meetings`)).json().items[0].actionItems as ShownItem[];
    expect(afterTicks.map((i) => i.done)).toEqual([true, true, false, false]);

    // Learners neither edit nor delete; the instructors do.
    expect((await call('learner1', 'PATCH', `${C}/meetings/${id}`, { title: 'mine now' })).statusCode).toBe(403);
    expect((await call('learner1', 'DELETE', `${C}/meetings/${id}`)).statusCode).toBe(403);
    const edited = await call('teacherA', 'PATCH', `${C}/meetings/${id}`, {
      title: 'Week 2',
      actionItems: [{ text: 'Finish module 2', ownerId: ids.learner1, done: true }],
    });
    expect(edited.statusCode, edited.body).toBe(200);
    expect(edited.json()).toMatchObject({ title: 'Week 2', notes: meeting.notes });
    expect(edited.json().actionItems).toHaveLength(1);

    // Bad input: an owner outside the cohort, too many items, notes over 20,000 characters, nothing to change.
    const badOwner = await call('teacherA', 'POST', `${C}/meetings`, {
      ...meeting,
      actionItems: [{ text: 'x', ownerId: ids.outsiderB }],
    });
    expect(badOwner.statusCode).toBe(400);
    expect(badOwner.json().error.fields).toEqual([
      { path: 'actionItems.0.ownerId', message: 'not a member of the cohort' },
    ]);
    const many = Array.from({ length: 51 }, (_, i) => ({ text: `item ${i}`, ownerId: null }));
    expect((await call('teacherA', 'POST', `${C}/meetings`, { ...meeting, actionItems: many })).statusCode).toBe(400);
    const long = { ...meeting, notes: 'x'.repeat(20_001) };
    expect((await call('teacherA', 'POST', `${C}/meetings`, long)).statusCode).toBe(400);
    expect((await call('teacherA', 'PATCH', `${C}/meetings/${id}`, {})).statusCode).toBe(400);

    // Outsiders learn nothing of the cohort.
    for (const [method, url] of [
      ['GET', `${C}/meetings`],
      ['POST', `${C}/meetings/${id}/items/0/done`],
      ['DELETE', `${C}/meetings/${id}`],
    ] as const) {
      const r = await call('outsiderB', method, url, method === 'POST' ? { done: true } : undefined);
      expect(r.statusCode, url).toBe(404);
      expect(r.json().error.code).toBe('COHORT_NOT_FOUND');
    }

    expect((await call('analystA', 'DELETE', `${C}/meetings/${id}`)).statusCode).toBe(204);
    expect((await call('learner1', 'GET', `${C}/meetings`)).json().items).toEqual([]);
    expect((await call('analystA', 'DELETE', `${C}/meetings/${id}`)).statusCode).toBe(404);
  });

  it('posts announcements: pinned first, newest first, a page at a time; members read, learners do not post', async () => {
    const C = await cohort('Announcements');
    const titles = ['First', 'Rules', 'Second', 'Third'];
    const posted: string[] = [];
    for (const title of titles) {
      const r = await call('teacherA', 'POST', `${C}/announcements`, {
        title,
        body: `**${title}** <img src=x onerror=alert(1)>`,
        pinned: title === 'Rules',
      });
      expect(r.statusCode, r.body).toBe(201);
      posted.push(r.json().id as string);
    }
    const first = await call('learner2', 'GET', `${C}/announcements?limit=2`);
    expect(first.statusCode).toBe(200);
    expect(first.json()).toMatchObject({ total: 4, limit: 2, offset: 0 });
    expect(first.json().items.map((a: { title: string }) => a.title)).toEqual(['Rules', 'Third']);
    expect(first.json().items[0]).toMatchObject({ pinned: true, authorName: 'teach' });
    expect(first.json().items[0].bodyHtml).toContain('<strong>Rules</strong>');
    expect(first.json().items[0].bodyHtml).not.toContain('<img');
    const second = await call('learner2', 'GET', `${C}/announcements?limit=2&offset=2`);
    expect(second.json().items.map((a: { title: string }) => a.title)).toEqual(['Second', 'First']);

    expect((await call('learner1', 'POST', `${C}/announcements`, { title: 'Hi', body: 'all' })).statusCode).toBe(403);
    expect((await call('learner1', 'DELETE', `${C}/announcements/${posted[0]}`)).statusCode).toBe(403);
    expect((await call('outsiderB', 'GET', `${C}/announcements`)).statusCode).toBe(404);
    expect((await call('teacherA', 'POST', `${C}/announcements`, { title: 'x', body: '' })).statusCode).toBe(400);
    const huge = { title: 'x', body: 'y'.repeat(20_001) };
    expect((await call('teacherA', 'POST', `${C}/announcements`, huge)).statusCode).toBe(400);
    expect((await call('teacherA', 'GET', `${C}/announcements?limit=500`)).statusCode).toBe(400);

    expect((await call('analystA', 'DELETE', `${C}/announcements/${posted[1]}`)).statusCode).toBe(204);
    const left = (await call('learner1', 'GET', `${C}/announcements`)).json();
    expect(left.items.map((a: { title: string }) => a.title)).toEqual(['Third', 'Second', 'First']);
  });

  it('adds members by e-mail, one or a list, without telling whether an address exists elsewhere', async () => {
    const made = await call('teacherA', 'POST', `${P}/orgs/${orgA}/cohorts`, {
      courseId: 'web-security',
      name: 'By e-mail',
      ...open(),
    });
    const C = `${P}/cohorts/${made.json().id}`;
    const one = await call('teacherA', 'POST', `${C}/members`, { email: 'One@Activity-A.example', role: 'learner' });
    expect(one.statusCode, one.body).toBe(201);
    expect(one.json()).toMatchObject({ userId: ids.learner1, email: 'one@activity-a.example', role: 'learner' });
    const again = await call('teacherA', 'POST', `${C}/members`, { email: 'one@activity-a.example', role: 'learner' });
    expect(again.statusCode).toBe(200);

    // Nobody has the first address; the second is a user of organisation B: the same answer to both.
    const nobody = await call('teacherA', 'POST', `${C}/members`, { email: 'ghost@nowhere.example', role: 'learner' });
    const otherOrg = await call('teacherA', 'POST', `${C}/members`, {
      email: 'learner@activity-b.example',
      role: 'learner',
    });
    expect(nobody.statusCode).toBe(400);
    expect(otherOrg.statusCode).toBe(400);
    expect(otherOrg.json()).toEqual(nobody.json());
    expect(nobody.json().error.message).toBe(NOT_IN_ORG);

    const batch = await call('teacherA', 'POST', `${C}/members`, {
      emails: [
        'two@activity-a.example',
        'one@activity-a.example',
        'learner@activity-b.example',
        'NEW@activity-a.example',
      ],
      role: 'learner',
    });
    expect(batch.statusCode, batch.body).toBe(200);
    expect(batch.json()).toEqual({
      results: [
        { email: 'two@activity-a.example', outcome: 'added', userId: ids.learner2 },
        { email: 'one@activity-a.example', outcome: 'already_member', userId: ids.learner1 },
        { email: 'learner@activity-b.example', outcome: 'not_found' },
        { email: 'new@activity-a.example', outcome: 'added', userId: expect.any(String) },
      ],
      added: 2,
      alreadyMembers: 1,
      notFound: 1,
    });
    const members = (await call('teacherA', 'GET', C)).json().members as { email: string }[];
    expect(members.map((m) => m.email).sort()).toEqual([
      'new@activity-a.example',
      'one@activity-a.example',
      'two@activity-a.example',
    ]);

    const tooMany = Array.from({ length: 501 }, (_, i) => `p${i}@activity-a.example`);
    expect((await call('teacherA', 'POST', `${C}/members`, { emails: tooMany, role: 'learner' })).statusCode).toBe(400);
    expect(
      (await call('teacherA', 'POST', `${C}/members`, { email: 'not an address', role: 'learner' })).statusCode,
    ).toBe(400);
    // Only the organisation's staff manage members (not the cohort's learners, nor outsiders).
    const byLearner = { email: 'new@activity-a.example', role: 'instructor' };
    expect((await call('learner1', 'POST', `${C}/members`, byLearner)).statusCode).toBe(403);
    expect((await call('outsiderB', 'POST', `${C}/members`, byLearner)).statusCode).toBe(404);
  });

  it('refuses learners’ work before the cohort starts and after it ends (COHORT_NOT_OPEN), not staff’s', async () => {
    const later = await cohort('Later', {
      startsAt: new Date(Date.now() + 10 * DAY).toISOString(),
      endsAt: new Date(Date.now() + 40 * DAY).toISOString(),
    });
    const early = await call('learner1', 'POST', `${later}/progress/pages`, pages[0]);
    expect(early.statusCode).toBe(409);
    expect(early.json().error).toMatchObject({ code: 'COHORT_NOT_OPEN', schedule: { startsAt: expect.any(String) } });
    const preEarly = await call('learner1', 'POST', `${later}/assessments/pre/attempts`, { answers: {} });
    expect(preEarly.json().error.code).toBe('COHORT_NOT_OPEN');

    const past = await cohort('Past', {
      startsAt: new Date(Date.now() - 40 * DAY).toISOString(),
      endsAt: new Date(Date.now() - 10 * DAY).toISOString(),
    });
    const late = await call('learner2', 'POST', `${past}/assessments/pre/attempts`, { answers: {} });
    expect(late.statusCode).toBe(409);
    expect(late.json().error.code).toBe('COHORT_NOT_OPEN');
    expect((await call('learner2', 'POST', `${past}/progress/pages`, pages[0])).statusCode).toBe(409);
    // Reading the closed cohort's meetings and announcements still works.
    expect((await call('learner2', 'GET', `${past}/announcements`)).statusCode).toBe(200);

    // A member of the organisation's staff who joins as a learner is not held to the dates.
    const staffAsLearner = await call('teacherA', 'POST', `${later}/members`, {
      userId: ids.teacherA,
      role: 'learner',
    });
    expect(staffAsLearner.statusCode).toBe(201);
    expect((await call('teacherA', 'POST', `${later}/progress/pages`, pages[0])).statusCode).toBe(200);
  });

  it('shows the instructors each learner’s activity, never the learners', async () => {
    const C = await cohort('Activity');
    for (const page of pages.slice(0, 3)) {
      expect((await call('learner1', 'POST', `${C}/progress/pages`, page)).statusCode).toBe(200);
    }
    const pre = await call('learner1', 'POST', `${C}/assessments/pre/attempts`, { answers: {} });
    expect(pre.statusCode, pre.body).toBe(201);

    const shown = await call('analystA', 'GET', `${C}/activity`);
    expect(shown.statusCode, shown.body).toBe(200);
    const learners = shown.json().learners as { userId: string; lastActivityAt: string | null }[];
    expect(learners.map((l) => ({ ...l, lastActivityAt: l.lastActivityAt !== null }))).toEqual([
      {
        userId: ids.learner1,
        displayName: 'one',
        email: 'one@activity-a.example',
        lastActivityAt: true,
        pagesRead: 3,
        assessmentsTaken: 1,
        quizAttempts: 0,
      },
      {
        userId: ids.learner2,
        displayName: 'two',
        email: 'two@activity-a.example',
        lastActivityAt: false,
        pagesRead: 0,
        assessmentsTaken: 0,
        quizAttempts: 0,
      },
    ]);
    // The last activity is the pre-assessment, the latest thing learner one did.
    expect(Date.parse(learners[0]!.lastActivityAt!)).toBe(Date.parse(pre.json().at as string));
    expect((await call('learner1', 'GET', `${C}/activity`)).statusCode).toBe(403);
    expect((await call('outsiderB', 'GET', `${C}/activity`)).statusCode).toBe(404);
  });

  it('audits every change to a cohort under its organisation, for its admins', async () => {
    const C = await cohort('Audited');
    const cohortId = C.split('/').pop()!;
    const meeting = await call('teacherA', 'POST', `${C}/meetings`, {
      at: new Date().toISOString(),
      title: 'Kick-off',
      actionItems: [{ text: 'Read module 1', ownerId: ids.learner1 }],
    });
    const meetingId = meeting.json().id as string;
    await call('learner1', 'POST', `${C}/meetings/${meetingId}/items/0/done`, { done: true });
    await call('teacherA', 'PATCH', `${C}/meetings/${meetingId}`, { notes: 'went well' });
    await call('teacherA', 'DELETE', `${C}/meetings/${meetingId}`);
    const news = await call('teacherA', 'POST', `${C}/announcements`, { title: 'Welcome', body: 'Hello' });
    await call('teacherA', 'DELETE', `${C}/announcements/${news.json().id}`);
    expect((await call('teacherA', 'DELETE', `${C}/members/${ids.learner2}`)).statusCode).toBe(204);

    const log = await call('adminA', 'GET', `${P}/audit?action=cohort.&limit=500`);
    expect(log.statusCode, log.body).toBe(200);
    const mine = (log.json().items as { action: string; targetId: string; orgId: string; details: object }[])
      .filter((e) => e.targetId === cohortId)
      .reverse();
    expect(mine.every((e) => e.orgId === orgA)).toBe(true);
    expect(mine.map((e) => e.action)).toEqual([
      'cohort.created',
      'cohort.member_added',
      'cohort.member_added',
      'cohort.member_added',
      'cohort.meeting_created',
      'cohort.meeting_updated',
      'cohort.meeting_updated',
      'cohort.meeting_deleted',
      'cohort.announcement_posted',
      'cohort.announcement_deleted',
      'cohort.member_removed',
    ]);
    expect(mine[1]!.details).toEqual({ userId: ids.analystA, role: 'instructor' });
    expect(mine.at(-1)!.details).toEqual({ userId: ids.learner2, role: 'learner' });
    // Another organisation's admin sees none of it.
    const otherAdmin = await call('outsiderB', 'GET', `${P}/audit?action=cohort.`);
    expect(otherAdmin.statusCode).toBe(403);
  });
});
