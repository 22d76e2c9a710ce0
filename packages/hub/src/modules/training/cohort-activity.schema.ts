import { z } from 'zod';
import { cohortParam } from './training.schema.js';
import { COHORT_ROLES } from './training.table.js';

/** Limits of what instructors write: a meeting's notes and an announcement's body are Markdown. */
export const ACTIVITY_LIMITS = { title: 200, markdown: 20_000, itemText: 500, actionItems: 50, emails: 500 } as const;

export const meetingParam = cohortParam.extend({ meetingId: z.uuid() });
export const actionItemParam = meetingParam.extend({ index: z.coerce.number().int().min(0).max(49) });
export const announcementParam = cohortParam.extend({ announcementId: z.uuid() });

const title = z.string().trim().min(1).max(ACTIVITY_LIMITS.title);
const markdown = z.string().max(ACTIVITY_LIMITS.markdown);

const actionItem = z
  .object({
    text: z.string().trim().min(1).max(ACTIVITY_LIMITS.itemText),
    /** A member of the cohort, or nobody. */
    ownerId: z.uuid().nullable().default(null),
    done: z.boolean().default(false),
  })
  .strict();

const meetingFields = {
  at: z.iso.datetime({ offset: true }),
  title,
  notes: markdown,
  actionItems: z.array(actionItem).max(ACTIVITY_LIMITS.actionItems),
};

export const meetingBody = z
  .object({
    ...meetingFields,
    notes: meetingFields.notes.default(''),
    actionItems: meetingFields.actionItems.default([]),
  })
  .strict();
export type MeetingInput = z.infer<typeof meetingBody>;

/** A meeting's changes: the fields given replace the ones kept (the action items as a whole list). */
export const meetingPatchBody = z
  .object({
    at: meetingFields.at.optional(),
    title: title.optional(),
    notes: markdown.optional(),
    actionItems: meetingFields.actionItems.optional(),
  })
  .strict()
  .refine((b) => Object.values(b).some((v) => v !== undefined), 'change at least one field');
export type MeetingPatch = z.infer<typeof meetingPatchBody>;

export const itemDoneBody = z.object({ done: z.boolean() }).strict();

export const announcementBody = z
  .object({ title, body: markdown.trim().min(1), pinned: z.boolean().default(false) })
  .strict();
export type AnnouncementInput = z.infer<typeof announcementBody>;

export const pageQuery = z.object({
  limit: z.coerce.number().int().min(1).max(100).default(20),
  offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
});
export type PageQuery = z.infer<typeof pageQuery>;

const email = z.email().max(254);
const role = z.enum(COHORT_ROLES);

/** One person by e-mail: the address of a member of the cohort's organisation. */
export const addByEmailBody = z.object({ email, role }).strict();
export type AddByEmailInput = z.infer<typeof addByEmailBody>;

/** Many people at once (a pasted list); each address gets its own outcome. */
export const addBatchBody = z.object({ emails: z.array(email).min(1).max(ACTIVITY_LIMITS.emails), role }).strict();
export type AddBatchInput = z.infer<typeof addBatchBody>;
