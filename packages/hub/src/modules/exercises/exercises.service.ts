import { createReadStream, type ReadStream } from 'node:fs';
import {
  ExerciseError,
  gradeExercise,
  listExercises,
  loadExercise,
  type Exercise,
  type ExerciseAnswers,
  type Question,
} from '@cynex/labs';
import { AppError } from '../../errors.js';
import { requireUser, type Actor, type UserActor } from '../../platform/actor.js';
import type { ExerciseAttemptRow, ExercisesRepository } from './exercises.repository.js';

/** Submissions per learner and exercise in ten minutes: enough to try again and again, too few to brute-force. */
export const ATTEMPTS_PER_TEN_MINUTES = 20;
const RESULT_ROLES = new Set(['org_admin', 'instructor']);

/** The exercise library's refusals as the hub's errors (one mapping). */
async function exerciseCall<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    if (!(error instanceof ExerciseError)) throw error;
    if (error.code === 'EXERCISE_UNKNOWN' || error.code === 'EXERCISE_INVALID_ID') {
      throw new AppError('NOT_FOUND', error.message);
    }
    if (error.code === 'EXERCISE_DATA_MISSING') throw new AppError('BUSY', 'this exercise has no data on this hub');
    throw new AppError(
      'BAD_REQUEST',
      error.message,
      error.questionId ? { fields: [{ path: `answers.${error.questionId}`, message: error.message }] } : undefined,
    );
  }
}

/** A question as learners see it: what is asked and how to answer, never the answer (it is computed, not stored). */
function presentQuestion(q: Question) {
  const base = { id: q.id, kind: q.kind, prompt: q.prompt, points: q.points };
  switch (q.kind) {
    case 'single':
    case 'multi':
      return { ...base, options: q.options };
    case 'text':
      return { ...base, valueType: q.valueType };
    case 'set':
      return { ...base, valueType: q.valueType, maxValues: q.maxValues ?? null };
    case 'number':
      return base;
  }
}

const presentAttempt = (row: ExerciseAttemptRow) => ({
  id: row.id,
  exerciseId: row.exerciseId,
  points: row.points,
  maxPoints: row.maxPoints,
  questions: row.grade,
  answers: row.answers,
  at: row.at.toISOString(),
});

/**
 * Exercises on the platform's own kinds of data (captures, decoy logs): every signed-in member of an organisation
 * answers, the answers are graded against what the data shows, and the organisation's instructors see the results.
 */
export class ExercisesService {
  constructor(
    private readonly repo: ExercisesRepository,
    private readonly exercisesDir?: string,
  ) {}

  private options() {
    return this.exercisesDir ? { exercisesDir: this.exercisesDir } : {};
  }

  private load(exerciseId: string): Promise<Exercise> {
    return exerciseCall(() => loadExercise(exerciseId, this.options()));
  }

  async list(actor: Actor) {
    const user = requireUser(actor);
    const attempts = await this.repo.attemptsOf(user.userId);
    const items = (await listExercises(this.options())).map((summary) => {
      const mine = attempts.filter((a) => a.exerciseId === summary.id);
      return {
        ...summary,
        mine: { attempts: mine.length, best: mine.length ? Math.max(...mine.map((a) => a.points)) : null },
      };
    });
    return { items };
  }

  async get(actor: Actor, exerciseId: string) {
    const user = requireUser(actor);
    const exercise = await this.load(exerciseId);
    const { definition } = exercise;
    return {
      id: definition.id,
      title: definition.title,
      summary: definition.summary,
      files: definition.files.map((f) => ({
        name: f.name,
        description: f.description,
        source: f.source,
        bytes: exercise.files.find((x) => x.name === f.name)?.bytes ?? 0,
      })),
      questions: definition.questions.map(presentQuestion),
      attempts: (await this.repo.attemptsOf(user.userId, exerciseId)).map(presentAttempt),
    };
  }

  /** A data file of the exercise, for download; only the files the exercise declares. */
  async file(actor: Actor, exerciseId: string, name: string): Promise<{ stream: ReadStream; bytes: number }> {
    requireUser(actor);
    const exercise = await this.load(exerciseId);
    const file = exercise.files.find((f) => f.name === name);
    if (!file) throw new AppError('FILE_NOT_FOUND', `exercise ${exerciseId} has no file ${JSON.stringify(name)}`);
    return { stream: createReadStream(file.path), bytes: file.bytes };
  }

  private orgFor(user: UserActor, orgId: string | undefined): string {
    const orgs = user.memberships.map((m) => m.orgId);
    if (orgId !== undefined) {
      if (!orgs.includes(orgId))
        throw new AppError('FORBIDDEN', 'exercises are answered under an organisation you belong to');
      return orgId;
    }
    if (orgs.length === 1) return orgs[0]!;
    if (orgs.length === 0) throw new AppError('FORBIDDEN', 'exercises are for members of an organisation');
    throw new AppError('BAD_REQUEST', 'you belong to several organisations: name one as orgId');
  }

  /** Grades the answers against what the exercise's data shows, and keeps the attempt. */
  async submit(actor: Actor, exerciseId: string, input: { answers: ExerciseAnswers; orgId?: string | undefined }) {
    const user = requireUser(actor);
    const exercise = await this.load(exerciseId);
    const orgId = this.orgFor(user, input.orgId);
    const recent = await this.repo.attemptsSince(user.userId, exerciseId, new Date(Date.now() - 10 * 60_000));
    if (recent >= ATTEMPTS_PER_TEN_MINUTES) {
      throw new AppError('RATE_LIMITED', `at most ${ATTEMPTS_PER_TEN_MINUTES} attempts in ten minutes`, {
        retryAfterSeconds: 600,
      });
    }
    const grade = await exerciseCall(() => gradeExercise(exercise, input.answers));
    const row = await this.repo.insertAttempt({
      userId: user.userId,
      orgId,
      exerciseId,
      answers: input.answers,
      grade: grade.questions,
      points: grade.points,
      maxPoints: grade.maxPoints,
    });
    return presentAttempt(row);
  }

  /** Per learner and exercise: attempts, best and last score, and how the last attempt went question by question. */
  async results(actor: Actor, orgId: string) {
    const user = requireUser(actor);
    const allowed = user.isPlatformAdmin || user.memberships.some((m) => m.orgId === orgId && RESULT_ROLES.has(m.role));
    if (!allowed)
      throw new AppError('FORBIDDEN', "only the organisation's instructors and admins see exercise results");
    if (!(await this.repo.orgExists(orgId))) throw new AppError('ORG_NOT_FOUND', 'no such organisation');
    const rows = new Map<
      string,
      {
        userId: string;
        email: string;
        displayName: string;
        exerciseId: string;
        attempts: number;
        best: number;
        maxPoints: number;
        last: { points: number; at: string; questions: unknown[] };
      }
    >();
    for (const a of await this.repo.attemptsOfOrg(orgId)) {
      const key = `${a.userId}\0${a.exerciseId}`;
      const last = { points: a.points, at: a.at.toISOString(), questions: a.grade };
      const row = rows.get(key);
      if (row) {
        row.attempts += 1;
        row.best = Math.max(row.best, a.points);
        row.last = last;
      } else {
        rows.set(key, {
          userId: a.userId,
          email: a.email,
          displayName: a.displayName,
          exerciseId: a.exerciseId,
          attempts: 1,
          best: a.points,
          maxPoints: a.maxPoints,
          last,
        });
      }
    }
    return { orgId, items: [...rows.values()] };
  }
}
