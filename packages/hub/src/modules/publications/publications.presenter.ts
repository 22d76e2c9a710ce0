import type { PublicationRow, ReviewRow, VersionRow } from './publications.repository.js';

type Lang = 'ja' | 'en';

/** The languages whose title or body is empty ("translation missing"). */
export function missingLanguages(t: { titleJa: string; titleEn: string; bodyJa: string; bodyEn: string }): Lang[] {
  const missing: Lang[] = [];
  if (t.titleJa.trim() === '' || t.bodyJa.trim() === '') missing.push('ja');
  if (t.titleEn.trim() === '' || t.bodyEn.trim() === '') missing.push('en');
  return missing;
}

const iso = (d: Date | null | undefined) => d?.toISOString() ?? null;

const sharing = (p: PublicationRow) => ({
  ownerOrgId: p.ownerOrgId,
  scope: p.scope,
  marking: p.marking,
  sharingGroupId: p.sharingGroupId,
  recipientUserIds: p.recipientUserIds,
});

/** What the owner organisation's writers and the named reviewers see: the working copy. */
export function presentWorkingCopy(p: PublicationRow, access: 'writer' | 'reviewer') {
  return {
    id: p.id,
    access,
    slug: p.slug,
    kind: p.kind,
    status: p.status,
    ...sharing(p),
    createdBy: p.createdBy,
    titleJa: p.titleJa,
    titleEn: p.titleEn,
    summaryJa: p.summaryJa,
    summaryEn: p.summaryEn,
    bodyJa: p.bodyJa,
    bodyEn: p.bodyEn,
    tags: p.tags,
    reviewerUserIds: p.reviewerUserIds,
    reviewRound: p.reviewRound,
    currentVersion: p.currentVersion,
    /** The version readers see now (null: none, or withdrawn). */
    liveVersion: p.currentVersion > 0 && !p.withdrawnAt ? p.currentVersion : null,
    publishedAt: iso(p.publishedAt),
    withdrawnAt: iso(p.withdrawnAt),
    withdrawnReason: p.withdrawnReason,
    revision: p.revision,
    missing: missingLanguages(p),
    createdAt: iso(p.createdAt),
    updatedAt: iso(p.updatedAt),
  };
}

/** What a reader sees: the live published version, never the working copy. */
export function presentPublished(p: PublicationRow, v: VersionRow) {
  return {
    id: p.id,
    access: 'reader' as const,
    slug: p.slug,
    kind: p.kind,
    status: 'published' as const,
    ...sharing(p),
    recipientUserIds: [],
    version: v.version,
    titleJa: v.titleJa,
    titleEn: v.titleEn,
    summaryJa: v.summaryJa,
    summaryEn: v.summaryEn,
    tags: v.tags,
    htmlJa: v.htmlJa,
    htmlEn: v.htmlEn,
    publishedAt: iso(v.publishedAt),
    missing: missingLanguages(v),
  };
}

export function presentVersion(v: VersionRow) {
  return {
    version: v.version,
    titleJa: v.titleJa,
    titleEn: v.titleEn,
    summaryJa: v.summaryJa,
    summaryEn: v.summaryEn,
    bodyJa: v.bodyJa,
    bodyEn: v.bodyEn,
    htmlJa: v.htmlJa,
    htmlEn: v.htmlEn,
    tags: v.tags,
    embeds: v.embeds.map((e) => ({ directive: e.directive, kind: e.kind, params: e.params })),
    publishedBy: v.publishedBy,
    publishedAt: iso(v.publishedAt),
    missing: missingLanguages(v),
  };
}

export function presentReview(r: ReviewRow) {
  return {
    id: r.id,
    round: r.round,
    reviewerUserId: r.reviewerUserId,
    reviewerName: r.reviewerName,
    decision: r.decision,
    comment: r.comment,
    createdAt: iso(r.createdAt),
  };
}
