/** The hub's cohort meetings, announcements, members by e-mail and learners' activity (training/cohort-activity). */
import type { CohortRole } from '../cohorts/cohortTypes';

const enc = encodeURIComponent;

export const activityPath = {
  meetings: (id: string) => `/cohorts/${enc(id)}/meetings`,
  meeting: (id: string, meetingId: string) => `/cohorts/${enc(id)}/meetings/${enc(meetingId)}`,
  itemDone: (id: string, meetingId: string, index: number) =>
    `/cohorts/${enc(id)}/meetings/${enc(meetingId)}/items/${index}/done`,
  announcements: (id: string) => `/cohorts/${enc(id)}/announcements`,
  announcement: (id: string, announcementId: string) => `/cohorts/${enc(id)}/announcements/${enc(announcementId)}`,
  members: (id: string) => `/cohorts/${enc(id)}/members`,
  activity: (id: string) => `/cohorts/${enc(id)}/activity`,
};

export interface ActionItem {
  /** The item's place in the meeting (what the tick route names): a learner does not see every item. */
  index: number;
  text: string;
  ownerId: string | null;
  ownerName: string | null;
  done: boolean;
  mine: boolean;
}

export interface Meeting {
  id: string;
  cohortId: string;
  at: string;
  title: string;
  notes: string;
  /** Rendered by the hub from Markdown, without raw HTML. */
  notesHtml: string;
  actionItems: ActionItem[];
  createdAt: string;
  updatedAt: string;
}

export interface Announcement {
  id: string;
  cohortId: string;
  title: string;
  body: string;
  bodyHtml: string;
  pinned: boolean;
  authorName: string | null;
  createdAt: string;
}

export interface AnnouncementPage {
  items: Announcement[];
  total: number;
  limit: number;
  offset: number;
}

export type AddOutcome = 'added' | 'already_member' | 'not_found';

export interface BatchResult {
  results: { email: string; outcome: AddOutcome; userId?: string }[];
  added: number;
  alreadyMembers: number;
  notFound: number;
}

export interface LearnerActivity {
  userId: string;
  displayName: string;
  email: string;
  lastActivityAt: string | null;
  pagesRead: number;
  assessmentsTaken: number;
  quizAttempts: number;
}

export interface CohortActivity {
  cohortId: string;
  learners: LearnerActivity[];
}

export type { CohortRole };
