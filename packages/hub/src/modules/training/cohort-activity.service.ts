import { AppError } from '../../errors.js';
import type { Actor } from '../../platform/actor.js';
import type { AuditService } from '../audit/audit.service.js';
import { renderMarkdown } from '../courseware/markdown.js';
import type { ActionItem } from './cohort-activity.table.js';
import type { AnnouncementRow, CohortActivityRepository, MeetingRow } from './cohort-activity.repository.js';
import type { AnnouncementInput, MeetingInput, MeetingPatch, PageQuery } from './cohort-activity.schema.js';
import { openCohort, requireThat, teaches, type CohortView } from './training-access.js';
import type { TrainingRepository } from './training.repository.js';
import type { CohortRole } from './training.table.js';

const iso = (date: Date | null) => date?.toISOString() ?? null;

/**
 * A meeting as the caller sees it. Those who teach see every action item; a learner sees the unassigned ones, the
 * instructors' and their own, never another learner's (each item keeps its index, which the tick route names).
 */
function presentMeeting(view: CohortView, row: MeetingRow, roles: Map<string, CohortRole>, names: Map<string, string>) {
  const all = teaches(view);
  const items = row.actionItems
    .map((item, index) => ({ index, ...item }))
    .filter(
      (item) => all || !item.ownerId || item.ownerId === view.user.userId || roles.get(item.ownerId) === 'instructor',
    )
    .map((item) => ({
      ...item,
      ownerName: item.ownerId ? (names.get(item.ownerId) ?? null) : null,
      mine: item.ownerId === view.user.userId,
    }));
  return {
    id: row.id,
    cohortId: row.cohortId,
    at: row.at.toISOString(),
    title: row.title,
    notes: row.notes,
    notesHtml: renderMarkdown(row.notes),
    actionItems: items,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

const presentAnnouncement = (row: AnnouncementRow) => ({
  id: row.id,
  cohortId: row.cohortId,
  title: row.title,
  body: row.body,
  bodyHtml: renderMarkdown(row.body),
  pinned: row.pinned,
  authorName: row.authorName,
  createdAt: row.createdAt.toISOString(),
});

/**
 * A cohort's life between the lessons: progress meetings with notes and action items, the instructors'
 * announcements, and how active each learner is. Members read; staff and the cohort's instructors write; a learner
 * ticks only the action items they own. Every change is audited under the cohort's organisation.
 */
export class CohortActivityService {
  constructor(
    private readonly training: TrainingRepository,
    private readonly repo: CohortActivityRepository,
    private readonly audit: AuditService,
  ) {}

  private async teacherView(actor: Actor, cohortId: string, what: string): Promise<CohortView> {
    const view = await openCohort(this.training, actor, cohortId);
    requireThat(teaches(view), `only the cohort's instructors and the organisation's staff ${what}`);
    return view;
  }

  private async record(view: CohortView, action: string, details: Record<string, unknown>) {
    await this.audit.record(view.user, {
      action,
      targetType: 'cohort',
      targetId: view.cohort.id,
      orgId: view.cohort.orgId,
      details,
    });
  }

  private async presenter(view: CohortView) {
    const members = await this.training.members(view.cohort.id);
    const roles = new Map(members.map((m) => [m.userId, m.role]));
    const names = new Map(members.map((m) => [m.userId, m.displayName]));
    return (row: MeetingRow) => presentMeeting(view, row, roles, names);
  }

  /** Every owner named must be a member of the cohort. */
  private async checkOwners(view: CohortView, items: ActionItem[]): Promise<void> {
    const roles = await this.repo.memberRoles(view.cohort.id);
    const fields = items.flatMap((item, index) =>
      item.ownerId && !roles.has(item.ownerId)
        ? [{ path: `actionItems.${index}.ownerId`, message: 'not a member of the cohort' }]
        : [],
    );
    if (fields.length)
      throw new AppError('BAD_REQUEST', 'an action item owner is not a member of the cohort', { fields });
  }

  async meetings(actor: Actor, cohortId: string) {
    const view = await openCohort(this.training, actor, cohortId);
    const present = await this.presenter(view);
    return { items: (await this.repo.meetings(cohortId)).map(present) };
  }

  async createMeeting(actor: Actor, cohortId: string, input: MeetingInput) {
    const view = await this.teacherView(actor, cohortId, 'hold progress meetings');
    await this.checkOwners(view, input.actionItems);
    const row = await this.repo.insertMeeting({
      cohortId,
      at: new Date(input.at),
      title: input.title,
      notes: input.notes,
      actionItems: input.actionItems,
      createdBy: view.user.userId,
    });
    await this.record(view, 'cohort.meeting_created', { meetingId: row.id, title: row.title });
    return (await this.presenter(view))(row);
  }

  async updateMeeting(actor: Actor, cohortId: string, meetingId: string, patch: MeetingPatch) {
    const view = await this.teacherView(actor, cohortId, 'edit progress meetings');
    if (patch.actionItems) await this.checkOwners(view, patch.actionItems);
    const row = await this.repo.updateMeeting(cohortId, meetingId, {
      ...(patch.at !== undefined ? { at: new Date(patch.at) } : {}),
      ...(patch.title !== undefined ? { title: patch.title } : {}),
      ...(patch.notes !== undefined ? { notes: patch.notes } : {}),
      ...(patch.actionItems !== undefined ? { actionItems: patch.actionItems } : {}),
    });
    if (!row) throw new AppError('NOT_FOUND', 'no such meeting in the cohort');
    await this.record(view, 'cohort.meeting_updated', { meetingId, fields: Object.keys(patch) });
    return (await this.presenter(view))(row);
  }

  /** Ticks or unticks one action item: its owner may, and so may those who teach. */
  async setItemDone(actor: Actor, cohortId: string, meetingId: string, index: number, done: boolean) {
    const view = await openCohort(this.training, actor, cohortId);
    const meeting = await this.repo.meeting(cohortId, meetingId);
    if (!meeting) throw new AppError('NOT_FOUND', 'no such meeting in the cohort');
    const item = meeting.actionItems[index];
    if (!item) throw new AppError('NOT_FOUND', `the meeting has no action item ${index}`);
    requireThat(teaches(view) || item.ownerId === view.user.userId, 'only the owner of an action item ticks it');
    const row = await this.repo.setItemDone(cohortId, meetingId, index, done);
    if (!row) throw new AppError('NOT_FOUND', `the meeting has no action item ${index}`);
    await this.record(view, 'cohort.meeting_updated', { meetingId, actionItem: index, done });
    return (await this.presenter(view))(row);
  }

  async deleteMeeting(actor: Actor, cohortId: string, meetingId: string): Promise<void> {
    const view = await this.teacherView(actor, cohortId, 'delete progress meetings');
    const row = await this.repo.deleteMeeting(cohortId, meetingId);
    if (!row) throw new AppError('NOT_FOUND', 'no such meeting in the cohort');
    await this.record(view, 'cohort.meeting_deleted', { meetingId, title: row.title });
  }

  /** Pinned first, then newest first. */
  async announcements(actor: Actor, cohortId: string, page: PageQuery) {
    await openCohort(this.training, actor, cohortId);
    const { items, total } = await this.repo.announcements(cohortId, page);
    return { items: items.map(presentAnnouncement), total, limit: page.limit, offset: page.offset };
  }

  async postAnnouncement(actor: Actor, cohortId: string, input: AnnouncementInput) {
    const view = await this.teacherView(actor, cohortId, 'post announcements');
    const row = await this.repo.insertAnnouncement({ cohortId, ...input, createdBy: view.user.userId });
    await this.record(view, 'cohort.announcement_posted', { announcementId: row.id, title: row.title });
    return presentAnnouncement({ ...row, authorName: view.user.displayName });
  }

  async deleteAnnouncement(actor: Actor, cohortId: string, announcementId: string): Promise<void> {
    const view = await this.teacherView(actor, cohortId, 'delete announcements');
    const row = await this.repo.deleteAnnouncement(cohortId, announcementId);
    if (!row) throw new AppError('NOT_FOUND', 'no such announcement in the cohort');
    await this.record(view, 'cohort.announcement_deleted', { announcementId, title: row.title });
  }

  /** Per learner: when they last did anything (read a page, took a quiz or an assessment), and how much. */
  async activity(actor: Actor, cohortId: string) {
    await this.teacherView(actor, cohortId, "see the learners' activity");
    const rows = await this.repo.learnerActivity(cohortId);
    return {
      cohortId,
      learners: rows.map((r) => {
        const times = [r.lastPageReadAt, r.lastAssessmentAt, r.lastQuizAt].filter((d): d is Date => d !== null);
        const last = times.length ? new Date(Math.max(...times.map((d) => d.getTime()))) : null;
        return {
          userId: r.userId,
          displayName: r.displayName,
          email: r.email,
          lastActivityAt: iso(last),
          pagesRead: r.pagesRead,
          assessmentsTaken: r.assessmentsTaken,
          quizAttempts: r.quizAttempts,
        };
      }),
    };
  }
}
