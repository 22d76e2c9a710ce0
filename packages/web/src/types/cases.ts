/** Cases, their behaviours, files, level history, statistics and comments. */
import type { CaseFacts, ProgressLevel, Scope, Tlp } from '@cynex/core';
import type { Bilingual } from './common';

export type CaseStatus = 'observing' | 'closed';
export type EnvironmentKind = 'decoy' | 'external';
export type C2State = NonNullable<CaseFacts['c2']>;

export interface Case {
  id: string;
  caseId: string;
  ownerOrgId: string;
  ownerOrgNameEn: string;
  ownerOrgNameJa: string;
  scope: Scope;
  marking: Tlp;
  sharingGroupId: string | null;
  recipientUserIds: string[];
  environmentKind: EnvironmentKind;
  environmentCode: string;
  environmentName: string;
  environmentNameJa: string;
  startDate: string;
  endDate: string | null;
  sampleName: string;
  malwareFamily: string;
  progressLevel: ProgressLevel;
  /** null while nothing is recorded: "not yet assessed". */
  suggestedLevel: ProgressLevel | null;
  summaryJa: string;
  summaryEn: string;
  status: CaseStatus;
  analystUserIds: string[];
  facts: CaseFacts;
  createdAt: string;
  updatedAt: string;
}

/** Fields an analyst edits; the hub fills the rest. */
export type CaseInput = Pick<
  Case,
  | 'caseId'
  | 'scope'
  | 'marking'
  | 'sharingGroupId'
  | 'recipientUserIds'
  | 'environmentKind'
  | 'environmentCode'
  | 'environmentName'
  | 'environmentNameJa'
  | 'startDate'
  | 'endDate'
  | 'sampleName'
  | 'malwareFamily'
  | 'summaryJa'
  | 'summaryEn'
  | 'status'
  | 'analystUserIds'
  | 'facts'
> & { ownerOrgId?: string; progressLevel?: ProgressLevel; progressLevelReason?: string };

export interface CaseList {
  items: Case[];
  total: number;
  limit: number;
  offset: number;
}

export interface CaseFile {
  id: string;
  kind: 'sample' | 'attachment';
  behaviourId: string | null;
  filename: string;
  size: number;
  md5: string;
  sha1: string;
  sha256: string;
  uploadedAt: string;
}

export interface Behaviour {
  id: string;
  occurredAt: string;
  category: string;
  action: string;
  actionJa: string;
  techniqueIds: string[];
  notes: string;
  notesJa: string;
  attachments: CaseFile[];
  createdAt: string;
}

export interface BehaviourInput {
  occurredAt: string;
  category: string;
  action: string;
  actionJa?: string;
  techniqueIds: string[];
  notes?: string;
  notesJa?: string;
}

export interface LevelSuggestion {
  level: ProgressLevel;
  reasons: Bilingual[];
}

export interface LevelChange {
  fromLevel: ProgressLevel | null;
  toLevel: ProgressLevel;
  reason: string;
  reasonJa: string;
  byUserId: string;
  byName: string;
  at: string;
}

export interface CaseDetail {
  case: Case;
  behaviours: Behaviour[];
  files: CaseFile[];
  levelHistory: LevelChange[];
  /** null while nothing is recorded: "not yet assessed". */
  suggestion: LevelSuggestion | null;
  techniques: { id: string; name: string; tactics: string[] }[];
}

export interface CaseStats {
  total: number;
  byLevel: { level: ProgressLevel; count: number }[];
  byFamily: { family: string; count: number }[];
  byMonth: { month: string; count: number }[];
  recent: { id: string; caseId: string; malwareFamily: string; progressLevel: ProgressLevel; updatedAt: string }[];
}

export interface Comment {
  id: string;
  authorId: string;
  authorName: string;
  body: string;
  mentions: string[];
  createdAt: string;
}
