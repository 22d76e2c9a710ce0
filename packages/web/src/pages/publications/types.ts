import type { Scope, Tlp } from '../../types';

export const PUBLICATION_KINDS = ['report', 'blog'] as const;
export type PublicationKind = (typeof PUBLICATION_KINDS)[number];
export const PUBLICATION_STATUSES = ['draft', 'in_review', 'published', 'withdrawn'] as const;
export type PublicationStatus = (typeof PUBLICATION_STATUSES)[number];
export type ReviewDecision = 'approved' | 'changes_requested' | 'comment';
export type Lang = 'ja' | 'en';
export const LANGS: readonly Lang[] = ['ja', 'en'];

/** Limits the hub enforces (publications.schema.ts), checked here before sending. */
export const LIMITS = { bodyBytes: 200 * 1024, titleChars: 200, summaryChars: 2000, tags: 20, tagChars: 40 };

interface Sharing {
  ownerOrgId: string;
  scope: Scope;
  marking: Tlp;
  sharingGroupId: string | null;
  recipientUserIds: string[];
}

/** A list row: a working copy (writers, reviewers) or a published version (readers). */
export interface PublicationSummary extends Sharing {
  id: string;
  access: 'writer' | 'reviewer' | 'reader';
  slug: string;
  kind: PublicationKind;
  status: PublicationStatus;
  titleJa: string;
  titleEn: string;
  summaryJa: string;
  summaryEn: string;
  tags: string[];
  publishedAt: string | null;
  updatedAt?: string | null;
  missing: Lang[];
}

export interface WorkingCopy extends PublicationSummary {
  access: 'writer' | 'reviewer';
  createdBy: string | null;
  bodyJa: string;
  bodyEn: string;
  reviewerUserIds: string[];
  reviewRound: number;
  currentVersion: number;
  liveVersion: number | null;
  withdrawnAt: string | null;
  withdrawnReason: string | null;
  revision: number;
}

export interface PublishedView extends PublicationSummary {
  access: 'reader';
  version: number;
  htmlJa: string;
  htmlEn: string;
}

export type Publication = WorkingCopy | PublishedView;

export interface Review {
  id: string;
  round: number;
  reviewerUserId: string;
  reviewerName: string | null;
  decision: ReviewDecision;
  comment: string;
  createdAt: string;
}

export interface VersionSummary {
  version: number;
  titleJa: string;
  titleEn: string;
  publishedAt: string;
  publishedByName: string | null;
}

export interface Version {
  version: number;
  titleJa: string;
  titleEn: string;
  htmlJa: string;
  htmlEn: string;
  publishedAt: string;
  missing: Lang[];
}

export interface EmbedProblem {
  code: 'EMBED_TOO_WIDE' | 'EMBED_INVALID';
  directive: string;
  message: string;
}

export const titleOf = (p: { titleJa: string; titleEn: string; slug: string }, lang: Lang) =>
  (lang === 'ja' ? p.titleJa || p.titleEn : p.titleEn || p.titleJa) || p.slug;

export const utf8Bytes = (text: string) => new TextEncoder().encode(text).length;
