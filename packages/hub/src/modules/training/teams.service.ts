import type { Lang, Scenario } from '@cynex/courseware';
import { AppError } from '../../errors.js';
import type { Actor } from '../../platform/actor.js';
import type { AuditService } from '../audit/audit.service.js';
import { presentScenario } from './scenario-view.js';
import type { RunRow, SubmissionsRepository, TeamRow, TeamSaveError } from './submissions.repository.js';
import type { CreateTeamInput, ReleaseInput, UpdateTeamInput } from './submissions.schema.js';
import { openCohort, requireThat, teaches, type CohortView } from './training-access.js';
import type { TrainingRepository } from './training.repository.js';

/** The team scenarios the training module reads (the hub's CoursewareService). */
export interface ScenarioContent {
  scenarios(): Promise<Scenario[]>;
  scenarioById(id: string): Promise<Scenario | undefined>;
}

const presentRun = (run: RunRow) => ({
  scenarioId: run.scenarioId,
  startedAt: run.startedAt.toISOString(),
  releasedInjects: run.releasedInjects,
});

/** The team, if the caller may see it: those who teach see every team, a learner only their own (else 404). */
export async function openTeam(repo: SubmissionsRepository, view: CohortView, teamId: string): Promise<TeamRow> {
  const team = await repo.team(view.cohort.id, teamId);
  const mine = team && (teaches(view) || (await repo.teamOf(view.cohort.id, view.user.userId)) === team.id);
  if (!team || !mine) throw new AppError('NOT_FOUND', 'no such team');
  return team;
}

export async function scenarioOr404(content: ScenarioContent, id: string): Promise<Scenario> {
  const scenario = await content.scenarioById(id);
  if (!scenario) throw new AppError('NOT_FOUND', `no scenario ${JSON.stringify(id)}`);
  return scenario;
}

function refuse(error: TeamSaveError): never {
  if (error === 'NAME_TAKEN') throw new AppError('CONFLICT', 'the cohort has a team of that name');
  throw new AppError('TEAM_MEMBER_CONFLICT', 'a learner is already in another team of the cohort');
}

/**
 * Teams of up to four learners of a cohort and their runs of team scenarios. Staff and the cohort's instructors
 * make the teams, start a team's run and release its injects one by one; learners see the teams of their cohort and
 * their own team's scenario as far as it is released.
 */
export class TeamsService {
  constructor(
    private readonly training: TrainingRepository,
    private readonly repo: SubmissionsRepository,
    private readonly content: ScenarioContent,
    private readonly audit: AuditService,
  ) {}

  private async teaching(actor: Actor, cohortId: string): Promise<CohortView> {
    const view = await openCohort(this.training, actor, cohortId);
    requireThat(teaches(view), "only the cohort's instructors and the organisation's admins manage its teams");
    return view;
  }

  /** Names and members of the teams; those who teach and a team's members also see its scenario runs. */
  async list(actor: Actor, cohortId: string) {
    const view = await openCohort(this.training, actor, cohortId);
    const teams = await this.repo.teams(cohortId);
    const members = await this.repo.teamMembers(cohortId);
    const myTeam = members.find((m) => m.userId === view.user.userId)?.teamId ?? null;
    const visibleRuns = teaches(view) ? teams.map((t) => t.id) : myTeam ? [myTeam] : [];
    const runs = await this.repo.runs(visibleRuns);
    return {
      myTeam,
      canManage: teaches(view),
      /** Titles of scenarios: every one for those who teach (to start a run), a learner's team's runs for them. */
      catalogue: (await this.content.scenarios())
        .filter((s) => teaches(view) || runs.some((r) => r.scenarioId === s.id))
        .map((s) => ({ id: s.id, title: s.title, injects: s.injects.length })),
      // a learner sees their own team's members; of the others only names and sizes (learners do not see each other)
      items: teams.map((team) => {
        const ofTeam = members.filter((m) => m.teamId === team.id);
        const shown = teaches(view) || team.id === myTeam;
        return {
          id: team.id,
          name: team.name,
          memberCount: ofTeam.length,
          members: shown ? ofTeam.map((m) => ({ userId: m.userId, displayName: m.displayName })) : [],
          scenarios: visibleRuns.includes(team.id) ? runs.filter((r) => r.teamId === team.id).map(presentRun) : null,
        };
      }),
    };
  }

  /** Every member must be a learner of the cohort. */
  private async checkLearners(cohortId: string, userIds: string[]): Promise<void> {
    const learners = new Set(
      (await this.training.members(cohortId)).filter((m) => m.role === 'learner').map((m) => m.userId),
    );
    const strangers = userIds.filter((id) => !learners.has(id));
    if (strangers.length) {
      throw new AppError('BAD_REQUEST', 'a team is made of learners of the cohort', {
        fields: strangers.map((id) => ({
          path: `members.${userIds.indexOf(id)}`,
          message: 'not a learner of the cohort',
        })),
      });
    }
  }

  async create(actor: Actor, cohortId: string, input: CreateTeamInput) {
    const view = await this.teaching(actor, cohortId);
    await this.checkLearners(cohortId, input.members);
    const team = await this.repo.insertTeam(cohortId, input.name, input.members);
    if (typeof team === 'string') refuse(team);
    await this.audit.record(actor, {
      action: 'cohort.team.create',
      targetType: 'cohort_team',
      targetId: team.id,
      orgId: view.cohort.orgId,
      details: { cohortId, name: team.name, members: input.members },
    });
    return this.present(cohortId, team);
  }

  async update(actor: Actor, cohortId: string, teamId: string, input: UpdateTeamInput) {
    const view = await this.teaching(actor, cohortId);
    const team = await openTeam(this.repo, view, teamId);
    if (input.members) await this.checkLearners(cohortId, input.members);
    const saved = await this.repo.updateTeam(team, input);
    if (typeof saved === 'string') refuse(saved);
    await this.audit.record(actor, {
      action: 'cohort.team.update',
      targetType: 'cohort_team',
      targetId: team.id,
      orgId: view.cohort.orgId,
      details: { cohortId, ...input },
    });
    return this.present(cohortId, saved);
  }

  async remove(actor: Actor, cohortId: string, teamId: string): Promise<void> {
    const view = await this.teaching(actor, cohortId);
    const team = await openTeam(this.repo, view, teamId);
    await this.repo.deleteTeam(team.id);
    await this.audit.record(actor, {
      action: 'cohort.team.delete',
      targetType: 'cohort_team',
      targetId: team.id,
      orgId: view.cohort.orgId,
      details: { cohortId, name: team.name },
    });
  }

  private async present(cohortId: string, team: TeamRow) {
    const members = (await this.repo.teamMembers(cohortId)).filter((m) => m.teamId === team.id);
    return {
      id: team.id,
      name: team.name,
      memberCount: members.length,
      members: members.map((m) => ({ userId: m.userId, displayName: m.displayName })),
    };
  }

  /** Starts the team's run of the scenario with nothing released; starting again changes nothing. */
  async start(actor: Actor, cohortId: string, teamId: string, scenarioId: string) {
    const view = await this.teaching(actor, cohortId);
    const team = await openTeam(this.repo, view, teamId);
    const scenario = await scenarioOr404(this.content, scenarioId);
    const created = await this.repo.insertRun({
      teamId: team.id,
      scenarioId: scenario.id,
      startedBy: view.user.userId,
    });
    const run = created ?? (await this.repo.run(team.id, scenario.id))!;
    return { created: created !== undefined, run: presentRun(run) };
  }

  /** Releases the next inject, or every inject up to and including `upTo` (a released inject stays released). */
  async release(actor: Actor, cohortId: string, teamId: string, scenarioId: string, input: ReleaseInput) {
    const view = await this.teaching(actor, cohortId);
    const team = await openTeam(this.repo, view, teamId);
    const scenario = await scenarioOr404(this.content, scenarioId);
    const run = await this.repo.run(team.id, scenario.id);
    if (!run) throw new AppError('CONFLICT', 'start the scenario for the team first');
    const order = scenario.injects.map((i) => i.id);
    const count = run.releasedInjects.length;
    let upTo: number;
    if (input.upTo === undefined) {
      if (count >= order.length) throw new AppError('CONFLICT', 'every inject is released');
      upTo = count;
    } else {
      upTo = order.indexOf(input.upTo);
      if (upTo < 0) {
        throw new AppError('BAD_REQUEST', `the scenario has no inject ${JSON.stringify(input.upTo)}`, {
          fields: [{ path: 'upTo', message: 'no such inject' }],
        });
      }
    }
    const released = order.slice(0, Math.max(upTo + 1, count));
    return presentRun(await this.repo.setReleased(team.id, scenario.id, released));
  }

  /** The scenario as the caller may see it, with the run's state and the team's report (if any). */
  async scenario(actor: Actor, cohortId: string, teamId: string, scenarioId: string, lang: Lang) {
    const view = await openCohort(this.training, actor, cohortId);
    const team = await openTeam(this.repo, view, teamId);
    const scenario = await scenarioOr404(this.content, scenarioId);
    const run = await this.repo.run(team.id, scenario.id);
    const teaching = teaches(view);
    // (a scenario the team has not started is not the team's yet: its players learn nothing of it)
    if (!run && !teaching) throw new AppError('NOT_FOUND', 'the scenario has not started for the team');
    const report = await this.repo.report(cohortId, team.id, scenario.id);
    return {
      team: { id: team.id, name: team.name },
      run: run ? presentRun(run) : null,
      scenario: presentScenario(scenario, lang, run?.releasedInjects ?? [], teaching),
      report: report ? { id: report.id, status: report.status, version: Number(report.version) } : null,
    };
  }
}
