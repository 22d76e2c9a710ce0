/** What the hub's team, submission and grading routes return (packages/hub/src/modules/training). */
import type { Bilingual } from '../../types';

export type SubmissionKind = 'scenario_report' | 'project';
export type SubmissionStatus = 'submitted' | 'returned' | 'graded';

export interface TeamMember {
  userId: string;
  displayName: string;
}

export interface ScenarioRun {
  scenarioId: string;
  startedAt: string;
  releasedInjects: string[];
}

export interface Team {
  id: string;
  name: string;
  /** Everyone's for those who teach; a learner gets only their own team's (other teams: names and sizes). */
  members: TeamMember[];
  memberCount: number;
  /** The team's runs, for those who teach and the team's own members (else null). */
  scenarios: ScenarioRun[] | null;
}

export interface TeamList {
  myTeam: string | null;
  canManage: boolean;
  catalogue: { id: string; title: Partial<Bilingual>; injects: number }[];
  items: Team[];
}

export interface RubricCriterion {
  id: string;
  criterion: string;
  points: number;
  ksa: string[];
  levels: { full: string; partial: string; none: string } | null;
}

export interface Inject {
  id: string;
  at: number;
  clock: string;
  channel: string;
  title: string;
  text: string;
  artefacts: { name: string; lines: string[] }[];
  /** Only for those who teach. */
  released?: boolean;
  instructorNotes?: string;
}

export interface ScenarioView {
  id: string;
  title: string;
  summary: string;
  start: string;
  timeZone: string;
  organisation: { name: string; profile: string };
  injects: Inject[];
  injectsTotal: number;
  tasks: { id: string; title: string; description: string }[];
  report: { dueAt: number; sections: { id: string; title: string; guidance: string }[] };
  rubric: RubricCriterion[];
  maxPoints: number;
}

export interface TeamScenario {
  team: { id: string; name: string };
  run: ScenarioRun | null;
  scenario: ScenarioView;
  report: { id: string; status: SubmissionStatus; version: number } | null;
}

export interface Score {
  criteria: { criterion: string; points: number; maxPoints: number }[];
  total: number;
  max: number;
}

export interface SubmissionComment {
  id: string;
  author: { userId: string | null; displayName: string | null };
  section: string | null;
  body: string;
  html: string;
  createdAt: string;
}

export interface Submission {
  id: string;
  kind: SubmissionKind;
  cohortId: string;
  title: string;
  status: SubmissionStatus;
  version: number;
  score: Score | null;
  presentationAt: string | null;
  submittedAt: string;
  reviewedAt: string | null;
  team: { id: string; name: string; members: TeamMember[] } | null;
  author: { userId: string | null; displayName: string | null } | null;
  body: string;
  bodyHtml: string;
  sections: { id: string; title: string; guidance: string; markdown: string; html: string }[];
  rubric: RubricCriterion[];
  comments: SubmissionComment[];
  canReview: boolean;
}

export interface ProjectListItem {
  id: string;
  title: string;
  status: SubmissionStatus;
  version: number;
  score: Score | null;
  presentationAt: string | null;
  submittedAt: string;
  author: { userId: string | null; displayName: string | null };
}

export interface GradingQueue {
  submissions: {
    id: string;
    kind: SubmissionKind;
    title: string;
    version: number;
    team: string | null;
    author: string | null;
    submittedAt: string;
  }[];
  shortAnswers: {
    attemptId: string;
    itemId: string;
    kind: 'pre' | 'post';
    learner: { userId: string; displayName: string | null };
    prompt: string;
    answer: string;
    expected: string[];
    points: number;
    at: string;
  }[];
}

const enc = encodeURIComponent;

export const submissionPath = {
  teamScenario: (cohortId: string, teamId: string, scenarioId: string) =>
    `/training/cohorts/${enc(cohortId)}/teams/${enc(teamId)}/scenarios/${enc(scenarioId)}`,
  grading: (cohortId: string) => `/training/cohorts/${enc(cohortId)}/grading`,
  review: (cohortId: string, submissionId: string) => `/training/cohorts/${enc(cohortId)}/grading/${enc(submissionId)}`,
  api: {
    teams: (cohortId: string) => `/cohorts/${enc(cohortId)}/teams`,
    team: (cohortId: string, teamId: string) => `/cohorts/${enc(cohortId)}/teams/${enc(teamId)}`,
    scenario: (cohortId: string, teamId: string, scenarioId: string) =>
      `/cohorts/${enc(cohortId)}/teams/${enc(teamId)}/scenarios/${enc(scenarioId)}`,
    report: (cohortId: string, teamId: string, scenarioId: string) =>
      `/cohorts/${enc(cohortId)}/teams/${enc(teamId)}/reports/${enc(scenarioId)}`,
    myProject: (cohortId: string) => `/cohorts/${enc(cohortId)}/projects/mine`,
    projects: (cohortId: string) => `/cohorts/${enc(cohortId)}/projects`,
    submission: (id: string) => `/submissions/${enc(id)}`,
    comments: (id: string) => `/submissions/${enc(id)}/comments`,
    review: (id: string) => `/submissions/${enc(id)}/review`,
    queue: (cohortId: string) => `/cohorts/${enc(cohortId)}/grading-queue`,
    itemReview: (cohortId: string, attemptId: string, itemId: string) =>
      `/cohorts/${enc(cohortId)}/attempts/${enc(attemptId)}/items/${enc(itemId)}/review`,
  },
};
