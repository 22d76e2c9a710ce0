import type { SharingFields } from '@cynex/core';
import { AppError } from '../../errors.js';
import { requireUser, type Actor, type UserActor } from '../../platform/actor.js';
import { isUniqueViolation } from '../../platform/db-errors.js';
import { canWriteFor, writableOrgs } from '../../platform/policy.js';
import type { AuditService } from '../audit/audit.service.js';
import type { SharingDirectory } from '../cases/sharing-directory.js';
import type { Audience } from './embed-data.repository.js';
import { bodyHtml, freezeEmbeds, renderBody, type EmbedSources } from './embed-render.js';
import type { EmbedProblem } from './embeds.js';
import {
  missingLanguages,
  presentPublished,
  presentReview,
  presentVersion,
  presentWorkingCopy,
} from './publications.presenter.js';
import { writerOrgs, type PublicationRow, type PublicationsRepository } from './publications.repository.js';
import type {
  PreviewInput,
  PublicationCreate,
  PublicationListQuery,
  PublicationPatch,
  ReviewInput,
  WithdrawInput,
} from './publications.schema.js';
import type { FrozenEmbed } from './publications.table.js';

const NOT_FOUND = () => new AppError('NOT_FOUND', 'no such publication');
const STALE = () =>
  new AppError('CONFLICT', 'the publication changed since you loaded it: reload, then apply your edit again');
const SHARING_KEYS = ['scope', 'marking', 'sharingGroupId', 'recipientUserIds'] as const;

const audienceOf = (p: Pick<PublicationRow, 'ownerOrgId' | 'scope' | 'marking' | 'sharingGroupId'>): Audience => ({
  ownerOrgId: p.ownerOrgId,
  scope: p.scope,
  marking: p.marking,
  sharingGroupId: p.sharingGroupId,
});

/** A publication's version is public right now (published, or being revised, and not withdrawn). */
const isLive = (p: PublicationRow) => p.currentVersion > 0 && !p.withdrawnAt;

/**
 * Reports and blog posts in Japanese and English: drafts reviewed by named colleagues, published as frozen numbered
 * versions (embeds rendered from the data of that moment), withdrawn with a reason. Working copies are seen only by
 * the owner organisation's writers and the named reviewers; the live version by whoever the one policy allows.
 */
export class PublicationsService {
  constructor(
    private readonly repo: PublicationsRepository,
    private readonly audit: AuditService,
    private readonly directory: SharingDirectory,
    private readonly checkSharing: (ownerOrgId: string, fields: SharingFields) => Promise<void>,
    private readonly embeds: EmbedSources,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async list(actor: Actor, query: PublicationListQuery) {
    const { rows, total } = await this.repo.list(actor, query);
    const items = rows.map(({ publication, version }) => {
      const access = this.accessOf(actor, publication);
      if (access !== 'reader' || !version) {
        const { bodyJa: _j, bodyEn: _e, ...rest } = presentWorkingCopy(publication, toWork(access));
        return rest;
      }
      const { htmlJa: _j, htmlEn: _e, ...rest } = presentPublished(publication, version);
      return rest;
    });
    return { items, total, limit: query.limit, offset: query.offset };
  }

  async get(actor: Actor, id: string) {
    const found = await this.repo.get(actor, id);
    if (!found) throw NOT_FOUND();
    const access = this.accessOf(actor, found.publication);
    if (found.work && access !== 'reader') return presentWorkingCopy(found.publication, access);
    if (found.published && found.version) return presentPublished(found.publication, found.version);
    throw NOT_FOUND();
  }

  async create(actor: Actor, input: PublicationCreate) {
    const user = requireUser(actor);
    const ownerOrgId = input.ownerOrgId ?? writableOrgs(user)[0];
    if (!ownerOrgId || !canWriteFor(user, ownerOrgId))
      throw new AppError('FORBIDDEN', 'you may not write publications for this organisation');
    await this.checkSharing(ownerOrgId, input);
    await this.checkReviewers(ownerOrgId, user.userId, input.reviewerUserIds, input);
    const { ownerOrgId: _owner, ...values } = input;
    const row = await this.insertUnique(() =>
      this.repo.insert({
        ...values,
        ownerOrgId,
        sharingGroupId: input.sharingGroupId ?? null,
        tags: dedupe(input.tags),
        createdBy: user.userId,
      }),
    );
    await this.record(user, 'publication.create', row, { slug: row.slug });
    return presentWorkingCopy(row, 'writer');
  }

  async update(actor: Actor, id: string, input: PublicationPatch) {
    const { user, row } = await this.writable(actor, id);
    const { revision, ...changes } = input;
    if (revision !== row.revision) throw STALE();
    if (changes.slug !== undefined && changes.slug !== row.slug && row.currentVersion > 0)
      throw new AppError('CONFLICT', 'the address (slug) of a published publication cannot change');
    const sharingChanged = SHARING_KEYS.some(
      (k) => changes[k] !== undefined && JSON.stringify(changes[k]) !== JSON.stringify(row[k]),
    );
    if (sharingChanged) {
      // The live version was checked (embeds included) against its audience: it may not reach another one.
      if (isLive(row))
        throw new AppError('CONFLICT', 'withdraw the published version before changing who may read the publication');
      await this.checkSharing(row.ownerOrgId, { ...row, ...definedOnly(changes) });
    }
    if (changes.reviewerUserIds || sharingChanged) {
      const merged = { ...row, ...definedOnly(changes) };
      await this.checkReviewers(row.ownerOrgId, row.createdBy ?? user.userId, merged.reviewerUserIds, merged);
    }
    const values = {
      ...definedOnly(changes),
      ...(changes.tags ? { tags: dedupe(changes.tags) } : {}),
      // Any edit makes a working draft again: reviewers see the new text in a new round.
      status: 'draft' as const,
    };
    const updated = await this.insertUnique(() => this.repo.update(id, revision, values));
    if (!updated) throw STALE();
    await this.record(user, 'publication.update', updated, {
      fields: Object.keys(definedOnly(changes)),
      ...(sharingChanged ? { from: pickSharing(row), to: pickSharing(updated) } : {}),
    });
    return presentWorkingCopy(updated, 'writer');
  }

  async remove(actor: Actor, id: string): Promise<void> {
    const { user, row } = await this.writable(actor, id);
    if (row.status !== 'draft' || row.currentVersion > 0)
      throw new AppError('CONFLICT', 'only a draft that was never published can be deleted; withdraw it instead');
    if (!(await this.repo.delete(id, row.revision))) throw STALE();
    await this.record(user, 'publication.delete', row, { slug: row.slug });
  }

  async submit(actor: Actor, id: string, revision?: number) {
    const { user, row } = await this.writable(actor, id);
    if (revision !== undefined && revision !== row.revision) throw STALE();
    if (row.status !== 'draft') throw new AppError('CONFLICT', `a ${row.status} publication cannot be submitted`);
    if (row.reviewerUserIds.length === 0)
      throw new AppError('VALIDATION_FAILED', 'name at least one reviewer before submitting', {
        fields: [{ path: 'reviewerUserIds', message: 'at least one reviewer' }],
      });
    const updated = await this.repo.update(
      id,
      row.revision,
      { status: 'in_review', reviewRound: row.reviewRound + 1 },
      ['draft'],
    );
    if (!updated) throw STALE();
    await this.record(user, 'publication.submit', updated, { round: updated.reviewRound });
    return presentWorkingCopy(updated, 'writer');
  }

  /** A named reviewer decides (approve, request changes) or comments; the owner's writers comment. */
  async review(actor: Actor, id: string, input: ReviewInput) {
    const user = requireUser(actor);
    const row = await this.workingCopy(user, id);
    const named = row.reviewerUserIds.includes(user.userId) && row.createdBy !== user.userId;
    if (input.decision !== 'comment') {
      if (!named)
        throw new AppError('FORBIDDEN', 'only a named reviewer (not the author) approves or requests changes');
      if (row.status !== 'in_review') throw new AppError('CONFLICT', 'the publication is not in review');
    }
    if (user.tokenScopes && !user.tokenScopes.includes('write'))
      throw new AppError('FORBIDDEN', 'a read-only token cannot review');
    const review = await this.repo.insertReview({
      publicationId: id,
      round: row.reviewRound,
      reviewerUserId: user.userId,
      decision: input.decision,
      comment: input.comment,
    });
    let current = row;
    if (input.decision === 'changes_requested') {
      current = (await this.repo.update(id, row.revision, { status: 'draft' }, ['in_review'])) ?? row;
    }
    await this.record(user, 'publication.review', current, { decision: input.decision, round: row.reviewRound });
    return { review: presentReview({ ...review, reviewerName: user.displayName }), status: current.status };
  }

  async reviews(actor: Actor, id: string) {
    await this.workingCopy(requireUser(actor), id);
    return { items: (await this.repo.reviews(id)).map(presentReview) };
  }

  /**
   * Publishes the working copy as the next version: in review, approved by every named reviewer in this round (or
   * by a platform admin's say), with at least one language complete; embeds are rendered and frozen now.
   */
  async publish(actor: Actor, id: string, revision?: number) {
    const { user, row } = await this.writable(actor, id);
    if (revision !== undefined && revision !== row.revision) throw STALE();
    if (row.status !== 'in_review') throw new AppError('CONFLICT', 'only a publication in review can be published');
    if (!user.isPlatformAdmin) {
      const pending = await this.unapproved(row);
      if (pending.length > 0)
        throw new AppError('CONFLICT', `not yet approved by every reviewer in this round (${pending.length} pending)`);
    }
    const missing = missingLanguages(row);
    if (missing.length === 2)
      throw new AppError('VALIDATION_FAILED', 'at least one language needs a title and a body', {
        fields: [{ path: 'bodyJa', message: 'title and body in Japanese or English' }],
      });
    const audience = audienceOf(row);
    const embeds = new Map<string, FrozenEmbed>();
    const problems: EmbedProblem[] = [];
    for (const lang of ['ja', 'en'] as const) {
      if (missing.includes(lang)) continue;
      const frozen = await freezeEmbeds(this.embeds, user, audience, lang === 'ja' ? row.bodyJa : row.bodyEn);
      for (const [k, v] of frozen.embeds) embeds.set(k, v);
      problems.push(...frozen.problems);
    }
    throwProblems(problems);
    const html = (lang: 'ja' | 'en') =>
      missing.includes(lang) ? '' : bodyHtml(lang === 'ja' ? row.bodyJa : row.bodyEn, lang, embeds);
    const result = await this.repo.publish(
      id,
      row.revision,
      {
        publicationId: id,
        version: row.currentVersion + 1,
        titleJa: row.titleJa,
        titleEn: row.titleEn,
        summaryJa: row.summaryJa,
        summaryEn: row.summaryEn,
        bodyJa: row.bodyJa,
        bodyEn: row.bodyEn,
        htmlJa: html('ja'),
        htmlEn: html('en'),
        embeds: [...embeds.values()],
        tags: row.tags,
        publishedBy: user.userId,
      },
      this.now(),
    );
    if (!result) throw STALE();
    await this.record(user, 'publication.publish', result.publication, {
      version: result.version.version,
      embeds: embeds.size,
      marking: row.marking,
      scope: row.scope,
    });
    return presentWorkingCopy(result.publication, 'writer');
  }

  async withdraw(actor: Actor, id: string, input: WithdrawInput) {
    const { user, row } = await this.writable(actor, id);
    if (!isLive(row)) throw new AppError('CONFLICT', 'no published version to withdraw');
    const updated = await this.repo.update(id, row.revision, {
      status: 'withdrawn',
      withdrawnAt: this.now(),
      withdrawnReason: input.reason,
    });
    if (!updated) throw STALE();
    await this.record(user, 'publication.withdraw', updated, { version: row.currentVersion, reason: input.reason });
    return presentWorkingCopy(updated, 'writer');
  }

  async versions(actor: Actor, id: string) {
    const found = await this.repo.get(actor, id);
    if (!found) throw NOT_FOUND();
    const all = await this.repo.versions(id);
    const items = found.work
      ? all
      : all.filter((v) => v.version === found.publication.currentVersion && found.published);
    return { items: items.map((v) => ({ ...v, publishedAt: v.publishedAt.toISOString() })) };
  }

  async version(actor: Actor, id: string, n: number) {
    const found = await this.repo.get(actor, id);
    if (!found) throw NOT_FOUND();
    if (!found.work && !(found.published && n === found.publication.currentVersion)) throw NOT_FOUND();
    const row = await this.repo.version(id, n);
    if (!row) throw new AppError('NOT_FOUND', 'no such version');
    return presentVersion(row);
  }

  /** The editor's live preview: the same rendering and checks as publication, problems listed instead of thrown. */
  async preview(actor: Actor, input: PreviewInput) {
    const user = requireUser(actor);
    const ownerOrgId = input.ownerOrgId ?? writableOrgs(user)[0];
    if (!ownerOrgId || !canWriteFor(user, ownerOrgId))
      throw new AppError('FORBIDDEN', 'you may not write publications for this organisation');
    const audience = {
      ownerOrgId,
      scope: input.scope,
      marking: input.marking,
      sharingGroupId: input.sharingGroupId ?? null,
    };
    const { html, problems } = await renderBody(this.embeds, user, audience, input.body, input.lang);
    return { html, problems };
  }

  // ---------------------------------------------------------------------------------------------------------

  private accessOf(actor: Actor, p: PublicationRow): 'writer' | 'reviewer' | 'reader' {
    if (actor.kind !== 'user') return 'reader';
    if (actor.isPlatformAdmin || writerOrgs(actor).includes(p.ownerOrgId)) return 'writer';
    return p.reviewerUserIds.includes(actor.userId) ? 'reviewer' : 'reader';
  }

  /** The working copy, for its writers and named reviewers; 404 for everyone else. */
  private async workingCopy(user: UserActor, id: string): Promise<PublicationRow> {
    const found = await this.repo.get(user, id);
    if (!found?.work) throw NOT_FOUND();
    return found.publication;
  }

  /** The working copy, for someone who may change it: 404 when hidden, 403 when only read. */
  private async writable(actor: Actor, id: string) {
    const user = requireUser(actor);
    const found = await this.repo.get(user, id);
    if (!found) throw NOT_FOUND();
    if (!canWriteFor(user, found.publication.ownerOrgId))
      throw new AppError('FORBIDDEN', "only the owner organisation's writers change a publication");
    return { user, row: found.publication };
  }

  /** Named reviewers whose latest decision of the current round is not an approval. */
  private async unapproved(row: PublicationRow): Promise<string[]> {
    const latest = new Map<string, string>();
    for (const r of await this.repo.reviews(row.id, row.reviewRound))
      if (r.decision !== 'comment') latest.set(r.reviewerUserId, r.decision);
    return row.reviewerUserIds.filter((u) => latest.get(u) !== 'approved');
  }

  private async checkReviewers(
    ownerOrgId: string,
    authorId: string,
    reviewers: readonly string[],
    sharing: { marking: string; recipientUserIds: readonly string[] },
  ) {
    const problems: string[] = [];
    if (reviewers.includes(authorId)) problems.push('the author cannot review their own publication');
    // TLP:RED reaches its named recipients only: a reviewer who is not one of them could not read it.
    const unnamed = sharing.marking === 'RED' ? reviewers.filter((r) => !sharing.recipientUserIds.includes(r)) : [];
    if (unnamed.length > 0)
      problems.push(`reviewers of a TLP:RED publication must be recipients: ${unnamed.join(', ')}`);
    const outside = await this.directory.usersOutside(reviewers, [ownerOrgId]);
    if (outside.length > 0) problems.push(`reviewers must be members of the owner organisation: ${outside.join(', ')}`);
    if (problems.length > 0)
      throw new AppError('VALIDATION_FAILED', problems.join('; '), {
        fields: problems.map((message) => ({ path: 'reviewerUserIds', message })),
      });
  }

  private async insertUnique<T>(write: () => Promise<T>): Promise<T> {
    try {
      return await write();
    } catch (error) {
      if (isUniqueViolation(error))
        throw new AppError('SLUG_CONFLICT', 'this address (slug) is already used by another publication', {
          fields: [{ path: 'slug', message: 'already used' }],
        });
      throw error;
    }
  }

  private record(actor: UserActor, action: string, row: PublicationRow, details: Record<string, unknown>) {
    return this.audit.record(actor, {
      action,
      targetType: 'publication',
      targetId: row.id,
      orgId: row.ownerOrgId,
      details,
    });
  }
}

/** Renders problems as one error: any audience problem is EMBED_TOO_WIDE, else the first invalid directive. */
export function throwProblems(problems: EmbedProblem[]): void {
  if (problems.length === 0) return;
  const fields = problems.map((p) => ({ path: p.directive || 'body', message: p.message }));
  const wide = problems.filter((p) => p.code === 'EMBED_TOO_WIDE');
  if (wide.length > 0)
    throw new AppError('EMBED_TOO_WIDE', wide.map((p) => `${p.directive}: ${p.message}`).join('; '), { fields });
  throw new AppError('VALIDATION_FAILED', problems.map((p) => `${p.directive} ${p.message}`.trim()).join('; '), {
    fields,
  });
}

const toWork = (access: 'writer' | 'reviewer' | 'reader') => (access === 'reader' ? 'reviewer' : access);
const dedupe = (tags: readonly string[]) => [...new Set(tags.map((t) => t.trim()))];
const pickSharing = (p: PublicationRow) => ({ scope: p.scope, marking: p.marking, sharingGroupId: p.sharingGroupId });

function definedOnly<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
