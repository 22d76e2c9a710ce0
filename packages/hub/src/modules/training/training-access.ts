import type { Assessment, Course, LearningModule } from '@cynex/courseware';
import { AppError } from '../../errors.js';
import { requireUser, type Actor, type UserActor } from '../../platform/actor.js';
import type { CohortRow, TrainingRepository } from './training.repository.js';
import type { CohortRole } from './training.table.js';

/** The organisation roles that run training: they create cohorts, manage members and see every result. */
const STAFF_ROLES = new Set(['org_admin', 'instructor']);

/** The courseware the training module reads (the hub's CoursewareService). */
export interface CourseContent {
  /** With an actor: only a course the actor may read (providers' packages follow the sharing rule). */
  courseById(id: string, actor?: Actor): Promise<Course | undefined>;
  assessmentById(id: string): Promise<Assessment | undefined>;
  moduleById(id: string): Promise<LearningModule | undefined>;
}

/** Who the caller is to one cohort. */
export interface CohortView {
  user: UserActor;
  cohort: CohortRow;
  /** A platform admin, or an org admin or instructor of the cohort's organisation. */
  staff: boolean;
  /** The caller's role in the cohort, if they are a member. */
  memberRole: CohortRole | undefined;
}

export const isOrgStaff = (user: UserActor, orgId: string): boolean =>
  user.isPlatformAdmin || user.memberships.some((m) => m.orgId === orgId && STAFF_ROLES.has(m.role));

/** Staff and the cohort's instructors: they see every learner's results. */
export const teaches = (view: CohortView): boolean => view.staff || view.memberRole === 'instructor';

/**
 * Opens a cohort for the caller: a cohort they neither belong to nor run is 404, as if it did not exist (so other
 * organisations learn nothing of it); what they may do in it is checked by the caller with {@link requireThat}.
 */
export async function openCohort(repo: TrainingRepository, actor: Actor, cohortId: string): Promise<CohortView> {
  const user = requireUser(actor);
  const found = await repo.cohortWithRole(cohortId, user.userId);
  const notFound = new AppError('COHORT_NOT_FOUND', 'no such cohort');
  if (!found) throw notFound;
  const { cohort, role: memberRole } = found;
  const staff = isOrgStaff(user, cohort.orgId);
  if (!staff && !memberRole) throw notFound;
  return { user, cohort, staff, memberRole };
}

export function requireThat(allowed: boolean, message: string): void {
  if (!allowed) throw new AppError('FORBIDDEN', message);
}

export async function courseOf(content: CourseContent, cohort: CohortRow): Promise<Course> {
  const course = await content.courseById(cohort.courseId);
  // (a course removed from the content after the cohort was made)
  if (!course) throw new AppError('NOT_FOUND', `the cohort's course ${cohort.courseId} is no longer available`);
  return course;
}

/** The course's modules as loaded (a module that failed to load is left out). */
export async function modulesOf(content: CourseContent, course: Course): Promise<LearningModule[]> {
  const modules = await Promise.all(course.modules.map((id) => content.moduleById(id)));
  return modules.filter((m): m is LearningModule => m !== undefined);
}
