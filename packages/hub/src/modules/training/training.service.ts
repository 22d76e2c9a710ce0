import type { Course } from '@cynex/courseware';
import { AppError } from '../../errors.js';
import { requireUser, type Actor } from '../../platform/actor.js';
import type { AuditService } from '../audit/audit.service.js';
import { requireCohortOpen } from './cohort-schedule.js';
import type { CompletionEvaluator } from './completion.js';
import {
  courseOf,
  isOrgStaff,
  modulesOf,
  openCohort,
  requireThat,
  teaches,
  type CohortView,
  type CourseContent,
} from './training-access.js';
import type { CohortRow, MemberRow, TrainingRepository } from './training.repository.js';
import type { AddMemberInput, CreateCohortInput, PageReadInput } from './training.schema.js';

const presentCohort = (row: CohortRow, course: Course | undefined) => ({
  id: row.id,
  orgId: row.orgId,
  courseId: row.courseId,
  courseTitle: course?.title ?? null,
  name: row.name,
  startsAt: row.startsAt.toISOString(),
  endsAt: row.endsAt.toISOString(),
  createdAt: row.createdAt.toISOString(),
});

/**
 * What a member list shows the caller: those who teach see everyone with their e-mail; a learner sees only
 * themselves and the instructors' names (never other learners, nor the instructors' addresses).
 */
function visibleMembers(view: CohortView, members: MemberRow[]) {
  if (teaches(view)) return members;
  return members
    .filter((m) => m.userId === view.user.userId || m.role === 'instructor')
    .map((m) => (m.userId === view.user.userId ? m : { userId: m.userId, role: m.role, displayName: m.displayName }));
}

/**
 * Cohorts: an organisation's people taking one course together. The organisation's admins and instructors (and
 * platform admins) create them and manage their members; learners read pages and take the course's assessments.
 */
export class TrainingService {
  constructor(
    private readonly repo: TrainingRepository,
    private readonly content: CourseContent,
    private readonly audit: AuditService,
    private readonly completion?: CompletionEvaluator,
  ) {}

  private async record(view: { user: Actor; cohort: CohortRow }, action: string, details: Record<string, unknown>) {
    await this.audit.record(view.user, {
      action,
      targetType: 'cohort',
      targetId: view.cohort.id,
      orgId: view.cohort.orgId,
      details,
    });
  }

  async create(actor: Actor, orgId: string, input: CreateCohortInput) {
    const user = requireUser(actor);
    requireThat(isOrgStaff(user, orgId), "only the organisation's admins and instructors create cohorts");
    if (!(await this.repo.orgExists(orgId))) throw new AppError('ORG_NOT_FOUND', 'no such organisation');
    // A provider package's course only when the creator, as staff of this organisation, may read it.
    const asStaffOfOrg = { ...user, memberships: user.memberships.filter((m) => m.orgId === orgId) };
    const course = await this.content.courseById(input.courseId, asStaffOfOrg);
    if (!course) {
      throw new AppError('BAD_REQUEST', `no course ${JSON.stringify(input.courseId)}`, {
        fields: [{ path: 'courseId', message: 'no such course' }],
      });
    }
    const row = await this.repo.insertCohort({
      orgId,
      courseId: course.id,
      name: input.name,
      startsAt: new Date(input.startsAt),
      endsAt: new Date(input.endsAt),
      createdBy: user.userId,
    });
    await this.record({ user, cohort: row }, 'cohort.created', { name: row.name, courseId: row.courseId });
    return presentCohort(row, course);
  }

  /** Admins and instructors of the organisation see all its cohorts; its other members the ones they are in. */
  async list(actor: Actor, orgId: string) {
    const user = requireUser(actor);
    const staff = isOrgStaff(user, orgId);
    requireThat(
      staff || user.memberships.some((m) => m.orgId === orgId),
      'cohorts are for members of the organisation',
    );
    const rows = staff ? await this.repo.cohortsOfOrg(orgId) : await this.repo.cohortsOfMember(orgId, user.userId);
    const items = await Promise.all(
      rows.map(async (row) => presentCohort(row, await this.content.courseById(row.courseId))),
    );
    return { items };
  }

  async get(actor: Actor, cohortId: string) {
    const view = await openCohort(this.repo, actor, cohortId);
    const course = await courseOf(this.content, view.cohort);
    const modules = await modulesOf(this.content, course);
    return {
      ...presentCohort(view.cohort, course),
      course: {
        id: course.id,
        title: course.title,
        modules: modules.map((m) => ({ id: m.id, title: m.meta.title, pages: m.pages.map((p) => p.id) })),
        preAssessment: course.preAssessment ?? null,
        postAssessment: course.postAssessment ?? null,
      },
      myRole: view.memberRole ?? null,
      canManage: view.staff,
      members: visibleMembers(view, await this.repo.members(cohortId)),
    };
  }

  /** Adds a member of the organisation to the cohort, or changes their role in it. */
  async addMember(actor: Actor, cohortId: string, input: AddMemberInput) {
    const view = await openCohort(this.repo, actor, cohortId);
    requireThat(view.staff, "only the organisation's admins and instructors manage a cohort's members");
    if (!(await this.repo.orgRoleOf(view.cohort.orgId, input.userId))) {
      throw new AppError('BAD_REQUEST', 'the user is not a member of the organisation', {
        fields: [{ path: 'userId', message: 'not a member of the organisation' }],
      });
    }
    const created = await this.repo.upsertMember(cohortId, input.userId, input.role);
    const action = created ? 'cohort.member_added' : 'cohort.member_role_changed';
    await this.record(view, action, { userId: input.userId, role: input.role });
    return { created, member: { cohortId, userId: input.userId, role: input.role } };
  }

  /** Takes a member out of the cohort; their page reads and attempts stay, and count again if they come back. */
  async removeMember(actor: Actor, cohortId: string, userId: string): Promise<void> {
    const view = await openCohort(this.repo, actor, cohortId);
    requireThat(view.staff, "only the organisation's admins and instructors manage a cohort's members");
    const role = await this.repo.memberRole(cohortId, userId);
    if (!(await this.repo.deleteMember(cohortId, userId)))
      throw new AppError('NOT_FOUND', 'not a member of the cohort');
    await this.record(view, 'cohort.member_removed', { userId, role });
  }

  private async learnerView(actor: Actor, cohortId: string): Promise<CohortView> {
    const view = await openCohort(this.repo, actor, cohortId);
    requireThat(view.memberRole === 'learner', "only the cohort's learners keep progress in it");
    return view;
  }

  /** Marks a page of the course read (again: nothing changes). */
  async markRead(actor: Actor, cohortId: string, input: PageReadInput) {
    const view = await this.learnerView(actor, cohortId);
    requireCohortOpen(view);
    const course = await courseOf(this.content, view.cohort);
    const module = course.modules.includes(input.moduleId) ? await this.content.moduleById(input.moduleId) : undefined;
    if (!module) throw new AppError('BAD_REQUEST', `the course has no module ${JSON.stringify(input.moduleId)}`);
    if (!module.pages.some((p) => p.id === input.pageId)) {
      throw new AppError('BAD_REQUEST', `module ${module.id} has no page ${JSON.stringify(input.pageId)}`);
    }
    await this.repo.markRead({ cohortId, userId: view.user.userId, ...input });
    return this.progressOf(view);
  }

  /** The caller's own progress: pages read per module and in all, and the assessments taken. */
  async progress(actor: Actor, cohortId: string) {
    return this.progressOf(await this.learnerView(actor, cohortId));
  }

  private async progressOf(view: CohortView) {
    const { cohort, user } = view;
    const modules = await modulesOf(this.content, await courseOf(this.content, cohort));
    const [reads, attempts] = await Promise.all([
      this.repo.pageReads(cohort.id, [user.userId]),
      this.repo.attempts(cohort.id, { userId: user.userId }),
    ]);
    const perModule = modules.map((m) => {
      const read = m.pages.filter((p) => reads.some((r) => r.moduleId === m.id && r.pageId === p.id)).map((p) => p.id);
      return { moduleId: m.id, read, pagesRead: read.length, pagesTotal: m.pages.length };
    });
    const taken = (kind: 'pre' | 'post') => {
      const a = attempts.find((x) => x.kind === kind);
      return a ? { score: a.score, max: a.maxScore, at: a.at.toISOString() } : null;
    };
    return {
      cohortId: cohort.id,
      modules: perModule,
      pagesRead: perModule.reduce((sum, m) => sum + m.pagesRead, 0),
      pagesTotal: perModule.reduce((sum, m) => sum + m.pagesTotal, 0),
      assessments: { pre: taken('pre'), post: taken('post') },
      /** The course's completion rules as this learner stands (what a certificate needs). */
      completion: (await this.completion?.forLearner(cohort, user.userId, { reads })) ?? null,
    };
  }
}
