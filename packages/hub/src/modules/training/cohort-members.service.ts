import { AppError } from '../../errors.js';
import type { Actor } from '../../platform/actor.js';
import type { AuditService } from '../audit/audit.service.js';
import type { CohortActivityRepository } from './cohort-activity.repository.js';
import type { AddBatchInput, AddByEmailInput } from './cohort-activity.schema.js';
import { openCohort, requireThat, type CohortView } from './training-access.js';
import type { TrainingRepository } from './training.repository.js';

/**
 * Told alike for an address nobody has and for one of a user outside the organisation, so that the form does not
 * reveal who has an account elsewhere on the platform.
 */
export const NOT_IN_ORG = 'no member of the organisation has this e-mail address';

export type AddOutcome = 'added' | 'already_member' | 'not_found';

const normalise = (email: string) => email.trim().toLowerCase();

/** Adds the organisation's people to a cohort by e-mail address, one or a pasted list of them. */
export class CohortMembersService {
  constructor(
    private readonly training: TrainingRepository,
    private readonly repo: CohortActivityRepository,
    private readonly audit: AuditService,
  ) {}

  private async staffView(actor: Actor, cohortId: string): Promise<CohortView> {
    const view = await openCohort(this.training, actor, cohortId);
    requireThat(view.staff, "only the organisation's admins and instructors manage a cohort's members");
    return view;
  }

  private async recordAdded(
    view: CohortView,
    added: { userId: string; email: string }[],
    role: string,
    action = 'cohort.member_added',
  ) {
    await this.audit.record(
      view.user,
      ...added.map((m) => ({
        action,
        targetType: 'cohort',
        targetId: view.cohort.id,
        orgId: view.cohort.orgId,
        details: { userId: m.userId, email: m.email, role },
      })),
    );
  }

  /** One person: added, or their role changed when they are a member already (as by user id). */
  async addByEmail(actor: Actor, cohortId: string, input: AddByEmailInput) {
    const view = await this.staffView(actor, cohortId);
    const email = normalise(input.email);
    const [user] = await this.repo.orgUsersByEmail(view.cohort.orgId, [email]);
    if (!user) {
      throw new AppError('BAD_REQUEST', NOT_IN_ORG, { fields: [{ path: 'email', message: NOT_IN_ORG }] });
    }
    const created = await this.training.upsertMember(cohortId, user.userId, input.role);
    await this.recordAdded(view, [user], input.role, created ? 'cohort.member_added' : 'cohort.member_role_changed');
    return { created, member: { cohortId, userId: user.userId, email, role: input.role } };
  }

  /** Many people: each address is added, found a member already (whose role stays), or not found. */
  async addBatch(actor: Actor, cohortId: string, input: AddBatchInput) {
    const view = await this.staffView(actor, cohortId);
    const emails = [...new Set(input.emails.map(normalise))];
    const found = new Map(
      (await this.repo.orgUsersByEmail(view.cohort.orgId, emails)).map((u) => [u.email, u.userId] as const),
    );
    const results: { email: string; outcome: AddOutcome; userId?: string }[] = [];
    const added: { userId: string; email: string }[] = [];
    for (const email of emails) {
      const userId = found.get(email);
      if (!userId) {
        results.push({ email, outcome: 'not_found' });
        continue;
      }
      const isNew = await this.repo.insertMemberIfAbsent(cohortId, userId, input.role);
      results.push({ email, outcome: isNew ? 'added' : 'already_member', userId });
      if (isNew) added.push({ userId, email });
    }
    await this.recordAdded(view, added, input.role);
    const tally = (outcome: AddOutcome) => results.filter((r) => r.outcome === outcome).length;
    return {
      results,
      added: tally('added'),
      alreadyMembers: tally('already_member'),
      notFound: tally('not_found'),
    };
  }
}
