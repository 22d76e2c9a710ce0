import type { Lang, Scenario } from '@cynex/courseware';
import { AppError } from '../../errors.js';
import type { Actor } from '../../platform/actor.js';
import type { AuditService } from '../audit/audit.service.js';
import { renderMarkdown } from '../courseware/markdown.js';
import type { CriterionScore } from './cohort-activity.table.js';
import { presentRubric, textIn } from './scenario-view.js';
import type { CommentRow, SubmissionRow, SubmissionsRepository } from './submissions.repository.js';
import type { CommentInput, PresentationInput, ProjectInput, ReportInput, ReviewInput } from './submissions.schema.js';
import { openTeam, scenarioOr404, type ScenarioContent } from './teams.service.js';
import { openCohort, requireThat, teaches, type CohortView } from './training-access.js';
import type { TrainingRepository } from './training.repository.js';

/** A project is graded on one criterion out of 100. */
const PROJECT_CRITERION = { id: 'overall', points: 100 } as const;

const scoreSummary = (score: CriterionScore[] | null) =>
  score
    ? {
        criteria: score,
        total: score.reduce((sum, c) => sum + c.points, 0),
        max: score.reduce((sum, c) => sum + c.maxPoints, 0),
      }
    : null;

/** The submission as a list shows it. */
const presentListed = (row: SubmissionRow) => ({
  id: row.id,
  kind: row.kind,
  title: row.title,
  status: row.status,
  version: Number(row.version),
  score: scoreSummary(row.score),
  presentationAt: row.presentationAt?.toISOString() ?? null,
  submittedAt: row.submittedAt.toISOString(),
  reviewedAt: row.reviewedAt?.toISOString() ?? null,
});

const presentComment = (c: CommentRow) => ({
  id: c.id,
  author: { userId: c.authorId, displayName: c.authorName },
  section: c.section,
  body: c.body,
  html: renderMarkdown(c.body),
  createdAt: c.createdAt.toISOString(),
});

/** Who the caller is to a submission: its authors (the team, or the project's learner) and those who teach. */
interface SubmissionView {
  view: CohortView;
  row: SubmissionRow;
  teaching: boolean;
}

/**
 * Work handed in for review: a team's scenario report (sections by the scenario's report sections) and each
 * learner's investigation project. Authors edit until it is graded; instructors comment, return or grade against
 * the scenario's rubric (a project: one score out of 100).
 */
export class SubmissionsService {
  constructor(
    private readonly training: TrainingRepository,
    private readonly repo: SubmissionsRepository,
    private readonly content: ScenarioContent,
    private readonly audit: AuditService,
  ) {}

  /** The team's report for the scenario, created or updated by a member: it is (again) submitted for review. */
  async saveReport(actor: Actor, cohortId: string, teamId: string, scenarioId: string, input: ReportInput) {
    const view = await openCohort(this.training, actor, cohortId);
    const team = await openTeam(this.repo, view, teamId);
    requireThat(
      (await this.repo.teamOf(cohortId, view.user.userId)) === team.id,
      "only the team's members write its report",
    );
    const scenario = await scenarioOr404(this.content, scenarioId);
    if (!(await this.repo.run(team.id, scenario.id))) {
      throw new AppError('NOT_FOUND', 'the scenario has not started for the team');
    }
    const known = new Set(scenario.report.sections.map((s) => s.id));
    const unknown = Object.keys(input.sections).filter((id) => !known.has(id));
    if (unknown.length) {
      throw new AppError('BAD_REQUEST', `the report has no section ${unknown[0]}`, {
        fields: unknown.map((id) => ({ path: `sections.${id}`, message: 'not a section of the scenario report' })),
      });
    }
    const existing = await this.repo.report(cohortId, team.id, scenario.id);
    const row = existing
      ? await this.resubmit(existing, { sections: { ...existing.sections, ...input.sections } }, view)
      : await this.repo.insertSubmission({
          cohortId,
          kind: 'scenario_report',
          teamId: team.id,
          scenarioId: scenario.id,
          title: textIn(scenario.title, 'en'),
          sections: input.sections,
          submittedBy: view.user.userId,
        });
    if (!row) throw new AppError('CONFLICT', 'the report was changed at the same time; load it again');
    return this.present({ view, row, teaching: false }, scenario, 'en');
  }

  /** An edit of an author: allowed until graded; it submits the work again with the next version. */
  private async resubmit(row: SubmissionRow, values: Partial<SubmissionRow>, view: CohortView) {
    if (row.status === 'graded') throw new AppError('SUBMISSION_GRADED', 'the work is graded and can no longer change');
    return this.repo.updateSubmission(
      row.id,
      {
        ...values,
        status: 'submitted',
        version: String(Number(row.version) + 1),
        submittedBy: view.user.userId,
        submittedAt: new Date(),
      },
      row.version,
    );
  }

  /** The caller's own investigation project (one per learner), created or updated. */
  async saveProject(actor: Actor, cohortId: string, input: ProjectInput) {
    const view = await openCohort(this.training, actor, cohortId);
    requireThat(view.memberRole === 'learner', "projects are the cohort's learners' own");
    const [existing] = await this.repo.projects(cohortId, view.user.userId);
    const row = existing
      ? await this.resubmit(existing, { title: input.title, body: input.body }, view)
      : await this.repo.insertSubmission({
          cohortId,
          kind: 'project',
          userId: view.user.userId,
          title: input.title,
          body: input.body,
          submittedBy: view.user.userId,
        });
    if (!row) throw new AppError('CONFLICT', 'the project was changed at the same time; load it again');
    return this.present({ view, row, teaching: false }, undefined, 'en');
  }

  /** Those who teach see every project; a learner their own. */
  async projects(actor: Actor, cohortId: string) {
    const view = await openCohort(this.training, actor, cohortId);
    const rows = await this.repo.projects(cohortId, teaches(view) ? undefined : view.user.userId);
    return {
      items: rows.map((row) => ({
        ...presentListed(row),
        author: { userId: row.userId, displayName: row.authorName },
      })),
    };
  }

  /** Opens a submission for its authors and those who teach; anyone else (other organisations too) gets 404. */
  private async open(actor: Actor, submissionId: string): Promise<SubmissionView> {
    const notFound = new AppError('SUBMISSION_NOT_FOUND', 'no such submission');
    const row = await this.repo.submission(submissionId);
    if (!row) throw notFound;
    const view = await openCohort(this.training, actor, row.cohortId).catch((error: unknown) => {
      throw error instanceof AppError && error.code === 'COHORT_NOT_FOUND' ? notFound : error;
    });
    const teaching = teaches(view);
    const author =
      row.kind === 'project'
        ? row.userId === view.user.userId
        : row.teamId !== null && (await this.repo.teamOf(row.cohortId, view.user.userId)) === row.teamId;
    if (!teaching && !author) throw notFound;
    return { view, row, teaching };
  }

  private async scenarioOf(row: SubmissionRow): Promise<Scenario | undefined> {
    return row.scenarioId ? this.content.scenarioById(row.scenarioId) : undefined;
  }

  async get(actor: Actor, submissionId: string, lang: Lang) {
    const opened = await this.open(actor, submissionId);
    return this.present(opened, await this.scenarioOf(opened.row), lang);
  }

  private async present({ row, teaching }: SubmissionView, scenario: Scenario | undefined, lang: Lang) {
    const team = row.teamId ? await this.repo.team(row.cohortId, row.teamId) : undefined;
    const members = team ? (await this.repo.teamMembers(row.cohortId)).filter((m) => m.teamId === team.id) : [];
    const comments = await this.repo.comments(row.id);
    const learner =
      row.kind === 'project'
        ? (await this.training.members(row.cohortId)).find((m) => m.userId === row.userId)
        : undefined;
    return {
      ...presentListed(row),
      cohortId: row.cohortId,
      scenarioId: row.scenarioId,
      team: team
        ? {
            id: team.id,
            name: team.name,
            members: members.map((m) => ({ userId: m.userId, displayName: m.displayName })),
          }
        : null,
      author: row.kind === 'project' ? { userId: row.userId, displayName: learner?.displayName ?? null } : null,
      body: row.body,
      bodyHtml: renderMarkdown(row.body),
      sections: scenario
        ? scenario.report.sections.map((s) => ({
            id: s.id,
            title: textIn(s.title, lang),
            guidance: textIn(s.guidance, lang),
            markdown: row.sections[s.id] ?? '',
            html: renderMarkdown(row.sections[s.id] ?? ''),
          }))
        : [],
      rubric: scenario
        ? presentRubric(scenario.rubric, lang)
        : [{ id: PROJECT_CRITERION.id, criterion: '', points: PROJECT_CRITERION.points, ksa: [], levels: null }],
      comments: comments.map(presentComment),
      canReview: teaching,
    };
  }

  async comment(actor: Actor, submissionId: string, input: CommentInput) {
    const { view, row } = await this.open(actor, submissionId);
    if (input.section !== undefined) {
      const scenario = await this.scenarioOf(row);
      if (!scenario?.report.sections.some((s) => s.id === input.section)) {
        throw new AppError('BAD_REQUEST', `the submission has no section ${input.section}`, {
          fields: [{ path: 'section', message: 'no such section' }],
        });
      }
    }
    const comment = await this.repo.insertComment({
      submissionId: row.id,
      authorId: view.user.userId,
      section: input.section ?? null,
      body: input.body,
    });
    const saved = (await this.repo.comments(row.id)).find((c) => c.id === comment.id)!;
    return presentComment(saved);
  }

  /** Sets (or clears) the final presentation slot of a project. */
  async setPresentation(actor: Actor, submissionId: string, input: PresentationInput) {
    const { row, teaching } = await this.open(actor, submissionId);
    requireThat(teaching, "only the cohort's instructors set presentation slots");
    if (row.kind !== 'project') throw new AppError('BAD_REQUEST', 'presentation slots are for projects');
    const saved = await this.repo.updateSubmission(row.id, {
      presentationAt: input.presentationAt ? new Date(input.presentationAt) : null,
    });
    return presentListed(saved!);
  }

  /** Returns the work for changes, or grades it against its criteria (every criterion, within its maximum). */
  async review(actor: Actor, submissionId: string, input: ReviewInput) {
    const { view, row, teaching } = await this.open(actor, submissionId);
    requireThat(teaching, "only the cohort's instructors review submissions");
    if (row.status === 'graded') throw new AppError('SUBMISSION_GRADED', 'the work is graded already');
    if (row.status !== 'submitted') throw new AppError('CONFLICT', 'the work was returned and is not resubmitted yet');
    const scenario = await this.scenarioOf(row);
    const score = input.decision === 'grade' ? scoresFor(row, scenario, input.scores ?? []) : null;
    const saved = await this.repo.updateSubmission(
      row.id,
      {
        status: input.decision === 'grade' ? 'graded' : 'returned',
        score,
        reviewedBy: view.user.userId,
        reviewedAt: new Date(),
      },
      row.version,
    );
    if (!saved) throw new AppError('CONFLICT', 'the authors changed the work meanwhile; review it again');
    await this.audit.record(actor, {
      action: input.decision === 'grade' ? 'cohort.submission.grade' : 'cohort.submission.return',
      targetType: 'cohort_submission',
      targetId: row.id,
      orgId: view.cohort.orgId,
      details: { cohortId: row.cohortId, kind: row.kind, version: Number(row.version), score: scoreSummary(score) },
    });
    return presentListed(saved);
  }
}

/** The scores checked against the criteria: each criterion once, every one of them, none above its maximum. */
function scoresFor(
  row: SubmissionRow,
  scenario: Scenario | undefined,
  scores: { criterion: string; points: number }[],
): CriterionScore[] {
  const criteria =
    row.kind === 'project'
      ? [PROJECT_CRITERION]
      : (scenario?.rubric ?? []).map((c) => ({ id: c.id, points: c.points }));
  const problems: { path: string; message: string }[] = [];
  scores.forEach((s, i) => {
    const criterion = criteria.find((c) => c.id === s.criterion);
    if (!criterion) problems.push({ path: `scores.${i}.criterion`, message: 'not a criterion of the rubric' });
    else if (s.points > criterion.points) {
      problems.push({ path: `scores.${i}.points`, message: `at most ${criterion.points} points` });
    }
    if (scores.findIndex((x) => x.criterion === s.criterion) !== i) {
      problems.push({ path: `scores.${i}.criterion`, message: 'scored twice' });
    }
  });
  for (const c of criteria) {
    if (!scores.some((s) => s.criterion === c.id)) problems.push({ path: 'scores', message: `${c.id} is not scored` });
  }
  if (problems.length) throw new AppError('BAD_REQUEST', problems[0]!.message, { fields: problems });
  return criteria.map((c) => ({
    criterion: c.id,
    points: scores.find((s) => s.criterion === c.id)!.points,
    maxPoints: c.points,
  }));
}
