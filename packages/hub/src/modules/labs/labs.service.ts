import { createHash } from 'node:crypto';
import { checkFlag, flagFor, whoseFlag } from '@cynex/labs';
import { AppError } from '../../errors.js';
import { requireUser, type Actor, type UserActor } from '../../platform/actor.js';
import type { AuditService } from '../audit/audit.service.js';
import { LAB_GRADERS } from './lab-graders.js';
import { runnerCall } from './lab-errors.js';
import { presentLabResults } from './lab-results.js';
import { labScore, publicLab } from './lab-score.js';
import type { LabCatalogueEntry, LabRuntime } from './lab-runtime.js';
import type { LabViewBackend, LabViewRequest, LabViewResponse } from './lab-view.server.js';
import { signLabViewToken, type LabViewClaims } from './lab-view-token.js';
import type { LabInstanceRow, LabsRepository } from './labs.repository.js';

/** Flag submissions per instance per minute. */
export const FLAG_ATTEMPTS_PER_MINUTE = 10;
/** An editable file the learner saves. */
export const MAX_EDITABLE_BYTES = 64 * 1024;
const VIEW_LINK_TTL_MS = 60_000;
/** What one terminal line may print back (the lab's shell caps its own output too). */
const MAX_SHELL_OUTPUT_CHARS = 64 * 1024;
const RESULT_ROLES = new Set(['org_admin', 'instructor']);

/** Where the lab views are served: the separate listener (started on first use). */
export interface LabViewOrigin {
  listen(): Promise<string>;
}

const presentInstance = (row: LabInstanceRow) => ({
  id: row.id,
  labId: row.labId,
  level: row.level,
  orgId: row.orgId,
  state: row.state,
  startedAt: row.startedAt.toISOString(),
  stoppedAt: row.stoppedAt?.toISOString() ?? null,
  stopReason: row.stopReason,
  /** Ask `GET /api/v1/lab-instances/:id/view` for a signed link to this path on the labs' own origin. */
  viewPath: `/i/${row.id}/`,
});

const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');

/**
 * Hands-on labs for every signed-in member: one running instance per learner and lab, the flag each instance
 * reveals, the defence grader, and the organisation's results for its instructors and admins.
 */
export class LabsService implements LabViewBackend {
  constructor(
    private readonly repo: LabsRepository,
    private readonly audit: AuditService,
    private readonly runtime: LabRuntime,
    private readonly views: LabViewOrigin,
  ) {}

  /** Every lab, with the caller's objectives met and score in it. */
  async catalogue(actor: Actor) {
    const user = requireUser(actor);
    const { solves, hints } = await this.repo.summaryOf(user.userId);
    return {
      items: (await this.runtime.catalogue()).map((lab) => {
        const solved = new Set(solves.filter((s) => s.labId === lab.id).map((s) => s.objective));
        const penalties = hints.filter((h) => h.labId === lab.id).reduce((sum, h) => sum + h.penalty, 0);
        return {
          ...publicLab(lab),
          mine: {
            solved: lab.objectives.filter((o) => solved.has(o.id)).map((o) => o.id),
            score: labScore(lab, solved, penalties),
          },
        };
      }),
    };
  }

  private async labOf(labId: string): Promise<LabCatalogueEntry> {
    const lab = await this.runtime.lab(labId);
    if (!lab) throw new AppError('NOT_FOUND', `no lab ${JSON.stringify(labId)}`);
    return lab;
  }

  /** The organisation a learner runs labs under: the one named, else their only one. */
  private orgFor(user: UserActor, orgId: string | undefined): string {
    const orgs = user.memberships.map((m) => m.orgId);
    if (orgId !== undefined) {
      if (!orgs.includes(orgId)) throw new AppError('FORBIDDEN', 'labs run under an organisation you belong to');
      return orgId;
    }
    if (orgs.length === 1) return orgs[0]!;
    if (orgs.length === 0) throw new AppError('FORBIDDEN', 'labs are for members of an organisation');
    throw new AppError('BAD_REQUEST', 'you belong to several organisations: name one as orgId');
  }

  /** The caller's own instance, with its state brought in line with the runner's; 404 for anyone else's. */
  private async owned(actor: Actor, instanceId: string): Promise<{ user: UserActor; row: LabInstanceRow }> {
    const user = requireUser(actor);
    const row = await this.repo.instanceOf(user.userId, instanceId);
    if (!row) throw new AppError('NOT_FOUND', 'no such lab instance');
    return { user, row: await this.reconcile(row) };
  }

  /** An instance the database calls running but this process's runner does not run (crashed, idle, restarted). */
  private async reconcile(row: LabInstanceRow): Promise<LabInstanceRow> {
    if (row.state !== 'running') return row;
    const runner = await this.runtime.existingRunner();
    const info = runner?.list().find((i) => i.instanceId === row.id);
    if (info && info.state !== 'stopped') return row;
    return this.repo.markStopped(row.id, info?.exit?.reason ?? 'gone');
  }

  private async flagOf(row: LabInstanceRow): Promise<string> {
    return flagFor(await this.runtime.flagKey(), row.userId, row.labId, row.id);
  }

  async start(actor: Actor, labId: string, input: { level: string; orgId?: string | undefined }) {
    const user = requireUser(actor);
    const lab = await this.labOf(labId);
    if (!lab.levels.includes(input.level)) {
      throw new AppError('BAD_REQUEST', `lab ${labId} has no level ${JSON.stringify(input.level)}`);
    }
    const orgId = this.orgFor(user, input.orgId);
    for (const row of await this.repo.runningOf(user.userId, labId)) {
      const current = await this.reconcile(row);
      if (current.state === 'running') return { created: false, instance: presentInstance(current) };
    }
    const runner = await runnerCall(() => this.runtime.runner());
    if (runner.list().filter((i) => i.state !== 'stopped').length >= this.runtime.maxInstances) {
      throw new AppError('LABS_FULL', 'every lab slot of this hub is in use; try again later', {
        retryAfterSeconds: 60,
      });
    }
    const row = await this.repo.insertInstance({ userId: user.userId, orgId, labId, level: input.level });
    try {
      const flag = await this.flagOf(row);
      await runnerCall(() => runner.start({ instanceId: row.id, labId, level: input.level, flag }));
    } catch (error) {
      await this.repo.markStopped(row.id, 'failed');
      throw error;
    }
    return { created: true, instance: presentInstance(row) };
  }

  async mine(actor: Actor) {
    const user = requireUser(actor);
    const rows = await this.repo.instancesOf(user.userId);
    return { items: (await Promise.all(rows.map((r) => this.reconcile(r)))).map(presentInstance) };
  }

  async get(actor: Actor, instanceId: string) {
    return presentInstance((await this.owned(actor, instanceId)).row);
  }

  async stop(actor: Actor, instanceId: string) {
    const { row } = await this.owned(actor, instanceId);
    if (row.state === 'stopped') return presentInstance(row);
    await this.recordSolves(row);
    const runner = await this.runtime.existingRunner();
    if (runner) await runnerCall(() => runner.stop(row.id, 'stopped'));
    return presentInstance(await this.repo.markStopped(row.id, 'stopped'));
  }

  /** Restarts the instance from a clean directory, keeping the learner's files unless `pristine` (or given `files`). */
  async reset(actor: Actor, instanceId: string, options: { pristine?: boolean | undefined } = {}) {
    const { row } = await this.owned(actor, instanceId);
    return presentInstance(await this.restart(row, options));
  }

  private async restart(
    row: LabInstanceRow,
    options: { pristine?: boolean | undefined; files?: Record<string, string> },
  ) {
    await this.recordSolves(row);
    if (row.state === 'stopped' && (await this.repo.runningOf(row.userId, row.labId)).length > 0) {
      throw new AppError('CONFLICT', 'another instance of this lab is running: stop it first');
    }
    const runner = await runnerCall(() => this.runtime.runner());
    const known = runner.list().some((i) => i.instanceId === row.id);
    if (known) {
      await runnerCall(() =>
        runner.reset(row.id, {
          pristine: options.pristine === true,
          ...(options.files ? { files: options.files } : {}),
        }),
      );
    } else {
      // Not this process's (a restarted hub): start afresh, with the learner's saved files unless pristine.
      const lab = await this.labOf(row.labId);
      const saved = options.pristine ? {} : await this.runtime.instanceFiles(row.id, lab.editable);
      const files = {
        ...Object.fromEntries(Object.entries(saved).filter(([, text]) => text !== '')),
        ...options.files,
      };
      const flag = await this.flagOf(row);
      await runnerCall(() => runner.start({ instanceId: row.id, labId: row.labId, level: row.level, flag, files }));
    }
    return this.repo.markRunning(row.id);
  }

  async files(actor: Actor, instanceId: string) {
    const { row } = await this.owned(actor, instanceId);
    const lab = await this.labOf(row.labId);
    return { editable: lab.editable, files: await this.runtime.instanceFiles(row.id, lab.editable) };
  }

  /** Saves the learner's code and restarts the instance with it. */
  async saveFiles(actor: Actor, instanceId: string, files: Record<string, string>) {
    const { row } = await this.owned(actor, instanceId);
    const lab = await this.labOf(row.labId);
    for (const [name, text] of Object.entries(files)) {
      if (!lab.editable.includes(name))
        throw new AppError('BAD_REQUEST', `${name} is not an editable file of this lab`);
      if (Buffer.byteLength(text, 'utf8') > MAX_EDITABLE_BYTES) {
        throw new AppError('PAYLOAD_TOO_LARGE', `${name} is over ${MAX_EDITABLE_BYTES} bytes`);
      }
    }
    const restarted = await this.restart(row, { files });
    return { instance: presentInstance(restarted), files: await this.runtime.instanceFiles(row.id, lab.editable) };
  }

  /**
   * Checks a flag. Another learner's flag is "wrong" to the learner too, but recorded as shared and audited for
   * the instructors.
   */
  async submitFlag(actor: Actor, instanceId: string, flag: string): Promise<{ verdict: 'correct' | 'wrong' }> {
    const { user, row } = await this.owned(actor, instanceId);
    const recent = await this.repo.submissionsSince(row.id, new Date(Date.now() - 60_000));
    if (recent >= FLAG_ATTEMPTS_PER_MINUTE) {
      throw new AppError('RATE_LIMITED', `at most ${FLAG_ATTEMPTS_PER_MINUTE} flags a minute`, {
        retryAfterSeconds: 60,
      });
    }
    const key = await this.runtime.flagKey();
    const base = { instanceId: row.id, userId: user.userId, submittedSha256: sha256(flag) };
    if (checkFlag(key, flag, { learnerId: row.userId, labId: row.labId, instanceId: row.id }) === 'valid') {
      await this.repo.insertSubmission({ ...base, verdict: 'correct' });
      await this.recordSolves(row);
      return { verdict: 'correct' };
    }
    const others = (await this.repo.otherInstances(row.labId, user.userId)).map((o) => ({
      learnerId: o.userId,
      labId: o.labId,
      instanceId: o.id,
    }));
    const owner = whoseFlag(key, flag, others);
    if (!owner) {
      await this.repo.insertSubmission({ ...base, verdict: 'wrong' });
      return { verdict: 'wrong' };
    }
    await this.repo.insertSubmission({ ...base, verdict: 'shared', sharedFromUserId: owner.learnerId });
    await this.audit.record(user, {
      action: 'lab.flag_shared',
      targetType: 'lab_instance',
      targetId: row.id,
      orgId: row.orgId,
      details: { labId: row.labId, sharedFromUserId: owner.learnerId, sharedFromInstanceId: owner.instanceId },
    });
    return { verdict: 'wrong' };
  }

  /** Records the attack objectives the instance's own events show as met. */
  private async recordSolves(row: LabInstanceRow): Promise<void> {
    const grader = LAB_GRADERS[row.labId];
    const runner = await this.runtime.existingRunner();
    if (!grader || !runner?.list().some((i) => i.instanceId === row.id)) return;
    const events = await runner.events(row.id).catch(() => []);
    const atOf = (objective: string) => {
      const event = events.find((e) => e.type === 'exploit' && e.objective === objective);
      const at = new Date(event?.at ?? '');
      return Number.isNaN(at.getTime()) || at.getTime() > Date.now() ? new Date() : at;
    };
    await this.repo.insertSolves(
      row,
      grader.objectivesMet(events).map((objective) => ({ objective, at: atOf(objective) })),
    );
  }

  /**
   * The caller's record of a lab over all their instances: objectives met (a running instance's events are read
   * first, so an exploit shows as soon as it happened), hints seen with their text, attempts and the score.
   */
  async progress(actor: Actor, labId: string) {
    const user = requireUser(actor);
    const lab = await this.labOf(labId);
    for (const row of await this.repo.runningOf(user.userId, labId)) await this.recordSolves(await this.reconcile(row));
    const { solves, hints, flags, defences } = await this.repo.progressOf(user.userId, labId);
    const revealed = new Map(hints.map((h) => [h.hintId, h]));
    const solved = new Map(solves.map((s) => [s.objective, s.at]));
    const flagCount = (verdict: string) => flags.find((f) => f.verdict === verdict)?.n ?? 0;
    const defenceCount = (passed: boolean) => defences.find((d) => d.passed === passed)?.n ?? 0;
    const penalties = hints.reduce((sum, h) => sum + h.penalty, 0);
    return {
      labId,
      solved: lab.objectives
        .filter((o) => solved.has(o.id))
        .map((o) => ({ objective: o.id, at: solved.get(o.id)!.toISOString() })),
      hints: lab.hints.map((hint) => {
        const seen = revealed.get(hint.id);
        return seen
          ? { id: hint.id, penalty: seen.penalty, revealed: true, text: hint.text, at: seen.at.toISOString() }
          : { id: hint.id, penalty: hint.penalty, revealed: false };
      }),
      attempts: {
        // another learner's flag counts as a wrong one here: the learner was told "wrong"
        flags: { correct: flagCount('correct'), wrong: flagCount('wrong') + flagCount('shared') },
        defence: { passed: defenceCount(true), failed: defenceCount(false) },
      },
      score: labScore(lab, new Set(solved.keys()), penalties),
    };
  }

  /** Shows a hint of the instance's lab, at the cost of its penalty (once per learner and lab). */
  async revealHint(actor: Actor, instanceId: string, hintId: string) {
    const { row } = await this.owned(actor, instanceId);
    const lab = await this.labOf(row.labId);
    const hint = lab.hints.find((h) => h.id === hintId);
    if (!hint) throw new AppError('NOT_FOUND', `lab ${row.labId} has no hint ${JSON.stringify(hintId)}`);
    await this.repo.insertHintReveal(row, hint.id, hint.penalty);
    return this.progress(actor, row.labId);
  }

  /**
   * One line typed in the console's terminal, run by the lab's emulated scratch shell (never a host shell: the lab
   * is a sandboxed Node process that cannot start processes). Only labs that offer a terminal take it.
   */
  async shell(actor: Actor, instanceId: string, input: { line: string; sid: string }) {
    const { row } = await this.owned(actor, instanceId);
    const lab = await this.labOf(row.labId);
    if (!lab.terminal) throw new AppError('BAD_REQUEST', `lab ${row.labId} has no terminal`);
    if (row.state !== 'running') throw new AppError('CONFLICT', 'start the instance first');
    const runner = await runnerCall(() => this.runtime.runner());
    const res = await runnerCall(() =>
      runner.request(row.id, {
        method: 'POST',
        path: '/__shell',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams(input).toString(),
      }),
    );
    let parsed: unknown;
    try {
      parsed = JSON.parse(res.body.toString('utf8'));
    } catch {
      parsed = undefined;
    }
    const answer = (parsed ?? {}) as { output?: unknown; cwd?: unknown };
    if (res.status !== 200 || typeof answer.output !== 'string') {
      throw new AppError('BUSY', `the lab's shell answered ${res.status}`);
    }
    return {
      output: answer.output.slice(0, MAX_SHELL_OUTPUT_CHARS),
      cwd: typeof answer.cwd === 'string' ? answer.cwd.slice(0, 256) : '',
    };
  }

  /** Grades the learner's defence against the running instance; stores and returns the result. */
  async defence(actor: Actor, instanceId: string) {
    const { user, row } = await this.owned(actor, instanceId);
    const grader = LAB_GRADERS[row.labId];
    if (!grader) throw new AppError('BAD_REQUEST', `lab ${row.labId} has no defence check`);
    if (row.state !== 'running') throw new AppError('CONFLICT', 'start the instance first');
    await this.recordSolves(row);
    const runner = await runnerCall(() => this.runtime.runner());
    const started = performance.now();
    const result = await grader.defence(
      async (req) => {
        const res = await runner.request(row.id, req);
        return { status: res.status, headers: res.headers, body: res.body.toString('utf8') };
      },
      { instanceDir: this.runtime.instanceDir(row.id) },
    );
    const durationMs = Math.round(performance.now() - started);
    const stored = await this.repo.insertDefence({
      instanceId: row.id,
      userId: user.userId,
      passed: result.passed,
      checks: result.checks,
      durationMs,
    });
    if (result.passed) {
      const lab = await this.labOf(row.labId);
      const defences = lab.objectives.filter((o) => o.kind === 'defence');
      await this.repo.insertSolves(
        row,
        defences.map((o) => ({ objective: o.id, at: stored.at })),
      );
    }
    // The grader's probes may have "exploited" a weak handler: a clean restart drops their events.
    await runnerCall(() => runner.reset(row.id));
    return { id: stored.id, passed: result.passed, checks: result.checks, durationMs, at: stored.at.toISOString() };
  }

  /** A short-lived signed link to the instance's web view on the labs' own origin. */
  async viewLink(actor: Actor, instanceId: string) {
    const { user, row } = await this.owned(actor, instanceId);
    if (row.state !== 'running') throw new AppError('CONFLICT', 'start the instance first');
    const origin = await this.views.listen();
    const expires = Date.now() + VIEW_LINK_TTL_MS;
    const token = signLabViewToken(await this.viewKey(), 'link', { instanceId: row.id, userId: user.userId }, expires);
    return { url: `${origin}/i/${row.id}/?t=${token}`, expiresAt: new Date(expires).toISOString() };
  }

  async viewKey(): Promise<Buffer> {
    return createHash('sha256')
      .update('cynex lab view tokens\0')
      .update(await this.runtime.flagKey())
      .digest();
  }

  async viewAllowed(claims: LabViewClaims): Promise<boolean> {
    const row = await this.repo.instanceOf(claims.userId, claims.instanceId);
    return row !== undefined && (await this.reconcile(row)).state === 'running';
  }

  async forward(instanceId: string, request: LabViewRequest): Promise<LabViewResponse> {
    const runner = await runnerCall(() => this.runtime.runner());
    return runner.request(instanceId, request);
  }

  /** Per learner and lab, for the organisation's instructors and admins (and platform admins); learners get 403. */
  async results(actor: Actor, orgId: string) {
    const user = requireUser(actor);
    const allowed = user.isPlatformAdmin || user.memberships.some((m) => m.orgId === orgId && RESULT_ROLES.has(m.role));
    if (!allowed) throw new AppError('FORBIDDEN', "only the organisation's instructors and admins see lab results");
    if (!(await this.repo.orgExists(orgId))) throw new AppError('ORG_NOT_FOUND', 'no such organisation');
    return presentLabResults(orgId, await this.repo.resultsOfOrg(orgId), await this.runtime.catalogue());
  }
}
