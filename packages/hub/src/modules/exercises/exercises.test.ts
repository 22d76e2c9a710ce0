import { readFile } from 'node:fs/promises';
import { exerciseAnswerKey, loadExercise, type AnswerKey } from '@cynex/labs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestHub, type TestHub } from '../../../test/harness.js';
import { ATTEMPTS_PER_TEN_MINUTES, ExercisesService } from './exercises.service.js';

const P = '/api/v1';
type Headers = Record<string, string>;

/** A submission that answers every question as the data shows it. */
function answersFrom(key: AnswerKey): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(key).map(([id, truth]) => {
      switch (truth.kind) {
        case 'single':
          return [id, truth.option];
        case 'multi':
          return [id, truth.options];
        case 'set':
          return [id, truth.values];
        case 'text':
        case 'number':
          return [id, truth.value];
      }
    }),
  );
}

describe(ExercisesService.name, { timeout: 120_000 }, () => {
  let hub: TestHub;
  let orgA: string;
  let orgB: string;
  const h = {} as Record<'learner' | 'other' | 'instructorA' | 'instructorB', Headers>;
  let learnerId: string;
  const call = (headers: Headers, method: 'GET' | 'POST', url: string, payload?: object) =>
    hub.app.inject({ method, url, headers, ...(payload ? { payload } : {}) });

  beforeAll(async () => {
    hub = await startTestHub();
    orgA = (await hub.org('ex-a')).id;
    orgB = (await hub.org('ex-b')).id;
    learnerId = await hub.user('learner@ex-a.example', { memberships: [{ orgId: orgA, role: 'learner' }] });
    await hub.user('other@ex-a.example', { memberships: [{ orgId: orgA, role: 'learner' }] });
    await hub.user('teach@ex-a.example', { memberships: [{ orgId: orgA, role: 'instructor' }] });
    await hub.user('teach@ex-b.example', { memberships: [{ orgId: orgB, role: 'instructor' }] });
    h.learner = await hub.signIn('learner@ex-a.example');
    h.other = await hub.signIn('other@ex-a.example');
    h.instructorA = await hub.signIn('teach@ex-a.example');
    h.instructorB = await hub.signIn('teach@ex-b.example');
  }, 60_000);
  afterAll(async () => {
    await hub?.dispose();
  });

  it('lists the exercises with their data, and never sends an answer', async () => {
    expect((await hub.app.inject({ url: `${P}/exercises` })).statusCode).toBe(401);
    const list = await call(h.learner, 'GET', `${P}/exercises`);
    expect(list.statusCode, list.body).toBe(200);
    const items = list.json().items as { id: string; available: boolean; mine: { attempts: number } }[];
    expect(items.map((i) => [i.id, i.available, i.mine.attempts])).toEqual([
      ['pcap-synscan', true, 0],
      ['cowrie-session', true, 0],
    ]);
    const one = await call(h.learner, 'GET', `${P}/exercises/pcap-synscan`);
    expect(one.statusCode).toBe(200);
    const body = one.json();
    expect(body.questions.length).toBeGreaterThan(3);
    for (const q of body.questions) expect(Object.keys(q)).not.toEqual(expect.arrayContaining(['truth', 'answer']));
    // None of the computed answers appears anywhere in what the learner gets.
    const key = await exerciseAnswerKey(await loadExercise('pcap-synscan'));
    expect(one.body).not.toContain('172.16.0.8');
    expect(Object.keys(key).sort()).toEqual(body.questions.map((q: { id: string }) => q.id).sort());
    expect((await call(h.learner, 'GET', `${P}/exercises/no-such`)).statusCode).toBe(404);
  });

  it('downloads the exercise files byte for byte, and nothing else', async () => {
    const exercise = await loadExercise('pcap-synscan');
    for (const file of exercise.files) {
      const r = await call(h.learner, 'GET', `${P}/exercises/pcap-synscan/files/${file.name}`);
      expect(r.statusCode).toBe(200);
      expect(r.headers['content-disposition']).toContain(file.name);
      expect(r.rawPayload.equals(await readFile(file.path))).toBe(true);
    }
    expect((await call(h.learner, 'GET', `${P}/exercises/pcap-synscan/files/README.md`)).statusCode).toBe(404);
    expect((await call(h.learner, 'GET', `${P}/exercises/pcap-synscan/files/..%2F..%2Fpackage.json`)).statusCode).toBe(
      400,
    );
  });

  it('grades right, wrong and partial answers and keeps each attempt', async () => {
    const exercise = await loadExercise('pcap-synscan');
    const right = answersFrom(await exerciseAnswerKey(exercise));
    const full = await call(h.learner, 'POST', `${P}/exercises/pcap-synscan/attempts`, { answers: right });
    expect(full.statusCode, full.body).toBe(201);
    expect(full.json().points).toBe(full.json().maxPoints);
    expect(full.json().questions.every((q: { status: string }) => q.status === 'correct')).toBe(true);

    const wrong = { ...right, scanners: ['192.0.2.1'], 'ports-probed': 3 };
    const graded = await call(h.learner, 'POST', `${P}/exercises/pcap-synscan/attempts`, { answers: wrong });
    const byId = Object.fromEntries(
      graded
        .json()
        .questions.map((q: { questionId: string; status: string; feedback: { en: string; ja: string } }) => [
          q.questionId,
          q,
        ]),
    );
    expect(byId.scanners.status).toBe('wrong');
    expect(byId['ports-probed'].status).toBe('wrong');
    expect(byId.scanners.feedback.ja.length).toBeGreaterThan(0);
    expect(graded.json().points).toBeLessThan(graded.json().maxPoints);

    const unknown = await call(h.learner, 'POST', `${P}/exercises/pcap-synscan/attempts`, {
      answers: { 'no-such-question': 'x' },
    });
    expect(unknown.statusCode).toBe(400);
    const mine = (await call(h.learner, 'GET', `${P}/exercises/pcap-synscan`)).json().attempts;
    expect(mine).toHaveLength(2);
    expect((await call(h.other, 'GET', `${P}/exercises/pcap-synscan`)).json().attempts).toEqual([]);
  });

  it("shows the organisation's results to its instructors only", async () => {
    const r = await call(h.instructorA, 'GET', `${P}/orgs/${orgA}/exercise-results`);
    expect(r.statusCode, r.body).toBe(200);
    const row = r.json().items.find((i: { userId: string }) => i.userId === learnerId);
    expect(row).toMatchObject({ exerciseId: 'pcap-synscan', attempts: 2 });
    expect(row.best).toBe(row.maxPoints);
    expect(row.last.points).toBeLessThan(row.maxPoints);
    expect((await call(h.instructorB, 'GET', `${P}/orgs/${orgA}/exercise-results`)).statusCode).toBe(403);
    expect((await call(h.learner, 'GET', `${P}/orgs/${orgA}/exercise-results`)).statusCode).toBe(403);
  });

  it(`allows ${ATTEMPTS_PER_TEN_MINUTES} attempts in ten minutes`, async () => {
    const statuses: number[] = [];
    for (let i = 0; i <= ATTEMPTS_PER_TEN_MINUTES; i += 1) {
      const r = await call(h.other, 'POST', `${P}/exercises/cowrie-session/attempts`, {
        answers: { attacker: '192.0.2.9' },
      });
      statuses.push(r.statusCode);
    }
    expect(statuses.filter((s) => s === 201)).toHaveLength(ATTEMPTS_PER_TEN_MINUTES);
    expect(statuses.at(-1)).toBe(429);
  });
});
