import { createHash } from 'node:crypto';
import type { Readable } from 'node:stream';
import { CvssError, scoreCvss31, scoreCvss40, type CvssScore, type CvssVersion } from '@cynex/core';
import { AppError } from '../../errors.js';
import { requireUser, type Actor, type UserActor } from '../../platform/actor.js';
import type { AuditService } from '../audit/audit.service.js';
import { cvdPermissions, cvdReporterOrgs, cvdVisibleTo, type CvdPermissions } from './cvd-access.js';
import type { CvdAttachmentMeta, CvdCaseInsert, CvdCaseRow, CvdContactRow, CvdRepository } from './cvd.repository.js';
import {
  CVD_LIMITS,
  type ContactInput,
  type CoordinatorsInput,
  type IntakeInput,
  type ListQuery,
  type StatusInput,
  type UpdateInput,
} from './cvd.schema.js';
import type { CvdStatus } from './cvd.table.js';

const scoreCvss = (version: CvssVersion, vector: string): CvssScore =>
  version === '3.1' ? scoreCvss31(vector) : scoreCvss40(vector);

/**
 * The status machine. `published` is reached only through the advisory (`markPublished`); `closed` (with a reason)
 * from every status that is not final.
 */
const NEXT: Record<CvdStatus, readonly CvdStatus[]> = {
  received: ['triaged', 'closed'],
  triaged: ['vendor_notified', 'closed'],
  vendor_notified: ['fix_available', 'closed'],
  fix_available: ['closed'],
  published: [],
  closed: [],
};
/** Where `markPublished` may start from: the vendor knows (a fix may not exist when the embargo ends). */
const PUBLISHABLE_FROM: readonly CvdStatus[] = ['vendor_notified', 'fix_available'];

const notFound = () => new AppError('CVD_CASE_NOT_FOUND', 'no such vulnerability case');
const num = (value: string | null) => (value === null ? null : Number(value));

/** A file name safe to store and to send back in a header: no path, no control characters, bounded. */
export function sanitiseFilename(name: string | undefined): string {
  const base = (name ?? '').split(/[\\/]/).pop() ?? '';
  const clean = [...base.normalize('NFC')]
    .map((ch) => {
      const code = ch.codePointAt(0)!;
      return code < 0x20 || (code >= 0x7f && code <= 0x9f) || '"<>|:*?'.includes(ch) ? '_' : ch;
    })
    .join('')
    .replace(/^[.\s]+/, '')
    .trim()
    .slice(0, 200);
  return clean === '' ? 'attachment' : clean;
}

const presentContact = (row: CvdContactRow) => ({
  id: row.id,
  at: row.at.toISOString(),
  direction: row.direction,
  contact: row.contact,
  channel: row.channel,
  summary: row.summary,
  recordedBy: row.recordedBy,
  createdAt: row.createdAt.toISOString(),
});

const presentAttachment = (row: CvdAttachmentMeta) => ({
  id: row.id,
  filename: row.filename,
  mediaType: row.mediaType,
  size: row.size,
  sha256: row.sha256,
  uploadedBy: row.uploadedBy,
  createdAt: row.createdAt.toISOString(),
});

const presentSummary = (row: CvdCaseRow) => ({
  id: row.id,
  ref: row.ref,
  titleJa: row.titleJa,
  titleEn: row.titleEn,
  product: row.product,
  vendorName: row.vendorName,
  status: row.status,
  cvss31Score: num(row.cvss31Score),
  cvss40Score: num(row.cvss40Score),
  cveId: row.cveId,
  embargoUntil: row.embargoUntil?.toISOString() ?? null,
  createdAt: row.createdAt.toISOString(),
  updatedAt: row.updatedAt.toISOString(),
});

/**
 * Coordinated vulnerability disclosure: intake of a vulnerability a member found, the vendor contact log,
 * attachments, coordinators, the embargo and the status machine up to publication through an advisory.
 * Who sees and does what: `cvd-access.ts`.
 */
export class CvdService {
  constructor(
    private readonly repo: CvdRepository,
    private readonly audit: AuditService,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  /** The case if the actor sees it, with what they may do; 404 otherwise (never 403, which would tell it exists). */
  private async open(actor: Actor, id: string): Promise<{ user: UserActor; row: CvdCaseRow; can: CvdPermissions }> {
    const user = requireUser(actor);
    const row = await this.repo.caseById(id, cvdVisibleTo(user));
    if (!row) throw notFound();
    return { user, row, can: cvdPermissions(user, row) };
  }

  private forbid(allowed: boolean, message: string): void {
    if (!allowed) throw new AppError('FORBIDDEN', message);
  }

  /** Validates and scores the vectors given (null clears one); 400 with the library's message when invalid. */
  private score(input: { cvss31Vector?: string | null | undefined; cvss40Vector?: string | null | undefined }) {
    const out: Partial<CvdCaseInsert> = {};
    const problems: { path: string; message: string }[] = [];
    for (const [version, key, scoreKey] of [
      ['3.1', 'cvss31Vector', 'cvss31Score'],
      ['4.0', 'cvss40Vector', 'cvss40Score'],
    ] as const) {
      const vector = input[key];
      if (vector === undefined) continue;
      if (vector === null) {
        out[key] = null;
        out[scoreKey] = null;
        continue;
      }
      try {
        const scored = scoreCvss(version, vector);
        out[key] = scored.vector;
        out[scoreKey] = scored.baseScore.toFixed(1);
      } catch (error) {
        if (!(error instanceof CvssError)) throw error;
        problems.push({ path: key, message: error.message });
      }
    }
    if (problems.length > 0) {
      throw new AppError('VALIDATION_FAILED', `invalid CVSS vector: ${problems.map((p) => p.message).join('; ')}`, {
        fields: problems,
      });
    }
    return out;
  }

  private async checkVendorOrg(vendorOrgId: string | null | undefined): Promise<void> {
    if (vendorOrgId && !(await this.repo.orgExists(vendorOrgId))) {
      throw new AppError('VALIDATION_FAILED', 'the vendor organisation does not exist', {
        fields: [{ path: 'vendorOrgId', message: 'no such organisation' }],
      });
    }
  }

  async intake(actor: Actor, input: IntakeInput) {
    const user = requireUser(actor);
    const writable = cvdReporterOrgs(user);
    const reporterOrgId = input.reporterOrgId ?? (writable.length === 1 ? writable[0] : undefined);
    if (!reporterOrgId) {
      if (writable.length === 0 && !user.isPlatformAdmin) {
        throw new AppError('FORBIDDEN', "vulnerabilities are reported by an organisation's analysts and admins");
      }
      throw new AppError('VALIDATION_FAILED', 'name the reporting organisation', {
        fields: [{ path: 'reporterOrgId', message: 'required when you report for several organisations' }],
      });
    }
    if (!writable.includes(reporterOrgId) && !(user.isPlatformAdmin && (await this.repo.orgExists(reporterOrgId)))) {
      throw new AppError('FORBIDDEN', 'you do not report for this organisation');
    }
    await this.checkVendorOrg(input.vendorOrgId);
    const scored = this.score(input);
    const now = this.clock();
    const year = now.getUTCFullYear();
    const serial = await this.repo.nextSerial(year);
    const { reporterOrgId: _r, embargoUntil, cvss31Vector: _v3, cvss40Vector: _v4, ...fields } = input;
    const row = await this.repo.insertCase({
      ...fields,
      ...scored,
      ref: `CYNEX-VU-${year}-${String(serial).padStart(4, '0')}`,
      reporterOrgId,
      reporterUserId: user.userId,
      vendorOrgId: input.vendorOrgId ?? null,
      cweId: input.cweId ?? null,
      cveId: input.cveId ?? null,
      embargoUntil: embargoUntil ? new Date(embargoUntil) : null,
    });
    await this.repo.addEvent({ caseId: row.id, fromStatus: null, toStatus: 'received', actorUserId: user.userId });
    await this.audit.record(user, {
      action: 'cvd.case.created',
      targetType: 'cvd_case',
      targetId: row.id,
      orgId: reporterOrgId,
      details: { ref: row.ref, product: row.product, vendorName: row.vendorName },
    });
    return this.present(user, row);
  }

  async list(actor: Actor, query: ListQuery) {
    const user = requireUser(actor);
    const { items, total } = await this.repo.list(cvdVisibleTo(user), query, query);
    return { items: items.map(presentSummary), total, limit: query.limit, offset: query.offset };
  }

  async get(actor: Actor, id: string) {
    const { user, row } = await this.open(actor, id);
    return this.present(user, row);
  }

  /** The whole case as its page shows it: fields, what the caller may do, coordinators and the status history. */
  private async present(user: UserActor, row: CvdCaseRow) {
    const can = cvdPermissions(user, row);
    const [events, coordinators, reporterOrg, vendorOrg] = await Promise.all([
      this.repo.events(row.id),
      this.repo.userNames(row.coordinatorUserIds),
      this.repo.orgName(row.reporterOrgId),
      row.vendorOrgId ? this.repo.orgName(row.vendorOrgId) : undefined,
    ]);
    const { embargoRemindersSent: _sent, coordinatorUserIds: _c, cvss31Score, cvss40Score, ...fields } = row;
    return {
      ...fields,
      cvss31Score: num(cvss31Score),
      cvss40Score: num(cvss40Score),
      embargoUntil: row.embargoUntil?.toISOString() ?? null,
      publishedAt: row.publishedAt?.toISOString() ?? null,
      createdAt: row.createdAt.toISOString(),
      updatedAt: row.updatedAt.toISOString(),
      reporterOrg: reporterOrg ?? null,
      vendorOrg: vendorOrg ?? null,
      coordinators: row.coordinatorUserIds.map((id) => {
        const found = coordinators.find((c) => c.id === id);
        return { id, displayName: found?.displayName ?? '', email: can.vendorOnly ? '' : (found?.email ?? '') };
      }),
      permissions: can,
      nextStatuses: can.write ? NEXT[row.status] : [],
      events: events.map((e) => ({
        id: e.id,
        fromStatus: e.fromStatus,
        toStatus: e.toStatus,
        note: can.vendorOnly ? '' : e.note,
        actorUserId: can.vendorOnly ? null : e.actorUserId,
        createdAt: e.createdAt.toISOString(),
      })),
    };
  }

  async update(actor: Actor, id: string, input: UpdateInput) {
    const { user, row, can } = await this.open(actor, id);
    this.forbid(can.write, "only the reporter's analysts, the coordinators and platform admins change a case");
    this.forbid(
      !['published', 'closed'].includes(row.status),
      `the case is ${row.status}: it no longer changes (a published case changes through a new advisory version)`,
    );
    const { revision, embargoUntil, cvss31Vector: _v3, cvss40Vector: _v4, ...fields } = input;
    await this.checkVendorOrg(input.vendorOrgId);
    const titleJa = input.titleJa ?? row.titleJa;
    const titleEn = input.titleEn ?? row.titleEn;
    if (titleJa === '' && titleEn === '') {
      throw new AppError('VALIDATION_FAILED', 'a title in Japanese or English is required', {
        fields: [{ path: 'titleEn', message: 'a title in Japanese or English is required' }],
      });
    }
    const values: Partial<CvdCaseInsert> = { ...fields, ...this.score(input) };
    if (embargoUntil !== undefined) {
      const next = embargoUntil === null ? null : new Date(embargoUntil);
      if (next?.getTime() !== row.embargoUntil?.getTime()) {
        values.embargoUntil = next;
        // A new end date gets its own reminders.
        values.embargoRemindersSent = [];
      }
    }
    const updated = await this.repo.updateCase(id, revision, values);
    if (!updated) {
      throw new AppError(
        'CVD_REVISION_STALE',
        'someone changed the case meanwhile: reload it and apply your change again',
      );
    }
    await this.audit.record(user, {
      action: 'cvd.case.updated',
      targetType: 'cvd_case',
      targetId: id,
      orgId: row.reporterOrgId,
      details: { ref: row.ref, fields: Object.keys(values), revision: updated.revision },
    });
    return this.present(user, updated);
  }

  async changeStatus(actor: Actor, id: string, input: StatusInput) {
    const { user, row, can } = await this.open(actor, id);
    this.forbid(can.write, "only the reporter's analysts, the coordinators and platform admins change a case's status");
    if (input.to === 'published') {
      throw new AppError(
        'CVD_TRANSITION_INVALID',
        "a case is published by publishing its advisory (POST /api/v1/cvd/cases/:id/advisory/publish, or the case page's Advisory panel), not by a status change",
      );
    }
    if (!NEXT[row.status].includes(input.to)) {
      const allowed = NEXT[row.status];
      throw new AppError(
        'CVD_TRANSITION_INVALID',
        `a ${row.status} case cannot go to ${input.to}` +
          (allowed.length > 0 ? `; it can go to ${allowed.join(' or ')}` : ': it is final'),
      );
    }
    const note = input.to === 'closed' ? [input.reason, input.note].filter(Boolean).join('\n') : input.note;
    const extra: Partial<CvdCaseInsert> = input.to === 'closed' ? { closedReason: input.reason ?? '' } : {};
    const updated = await this.repo.transition(id, row.status, input.to, extra, { note, actorUserId: user.userId });
    if (!updated) {
      throw new AppError('CVD_REVISION_STALE', 'the status changed meanwhile: reload the case and try again');
    }
    await this.audit.record(user, {
      action: 'cvd.case.status',
      targetType: 'cvd_case',
      targetId: id,
      orgId: row.reporterOrgId,
      details: {
        ref: row.ref,
        from: row.status,
        to: input.to,
        note,
        ...(input.reason ? { reason: input.reason } : {}),
      },
    });
    return this.present(user, updated);
  }

  /**
   * Marks a case published: for the advisories module once it has published the case's advisory (it checks who
   * may publish). Allowed from vendor_notified and fix_available; publishing a later advisory version of a
   * published case is a no-op here. Records the event and the audit entry.
   */
  async markPublished(caseId: string, actor: UserActor): Promise<CvdCaseRow> {
    const row = await this.repo.caseById(caseId, cvdVisibleTo(actor));
    if (!row) throw notFound();
    if (row.status === 'published') return row;
    if (!PUBLISHABLE_FROM.includes(row.status)) {
      throw new AppError(
        'CVD_TRANSITION_INVALID',
        `a ${row.status} case cannot be published; it is published once the vendor has been notified`,
      );
    }
    const updated = await this.repo.transition(
      caseId,
      row.status,
      'published',
      { publishedAt: this.clock() },
      { note: '', actorUserId: actor.userId },
    );
    if (!updated)
      throw new AppError('CVD_REVISION_STALE', 'the status changed meanwhile: reload the case and try again');
    await this.audit.record(actor, {
      action: 'cvd.case.status',
      targetType: 'cvd_case',
      targetId: caseId,
      orgId: row.reporterOrgId,
      details: { ref: row.ref, from: row.status, to: 'published' },
    });
    return updated;
  }

  async contacts(actor: Actor, id: string) {
    const { row, can } = await this.open(actor, id);
    return { items: (await this.repo.contacts(row.id, !can.vendorOnly)).map(presentContact) };
  }

  async addContact(actor: Actor, id: string, input: ContactInput) {
    const { user, row, can } = await this.open(actor, id);
    this.forbid(can.addContact, 'you cannot add to the contact log of this case');
    // What the vendor records is its own reply: inbound, whatever was sent.
    const direction = can.vendorOnly ? 'inbound' : input.direction;
    const contact = await this.repo.addContact({
      ...input,
      direction,
      at: new Date(input.at),
      caseId: row.id,
      recordedBy: user.userId,
    });
    await this.audit.record(user, {
      action: 'cvd.contact.added',
      targetType: 'cvd_case',
      targetId: row.id,
      orgId: row.reporterOrgId,
      details: { ref: row.ref, contactId: contact.id, direction, contact: input.contact, channel: input.channel },
    });
    return presentContact(contact);
  }

  async attachments(actor: Actor, id: string) {
    const { row } = await this.open(actor, id);
    return { items: (await this.repo.attachments(row.id)).map(presentAttachment) };
  }

  /** Stores an uploaded file (read whole, at most the attachment limit) with its SHA-256. */
  async addAttachment(
    actor: Actor,
    id: string,
    file: { filename: string | undefined; mediaType: string | undefined; stream: Readable; truncated: () => boolean },
  ) {
    const { user, row, can } = await this.open(actor, id).catch((error: unknown) => {
      file.stream.resume();
      throw error;
    });
    if (!can.write) file.stream.resume();
    this.forbid(can.write, "only the reporter's analysts, the coordinators and platform admins attach files");
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of file.stream) {
      size += (chunk as Buffer).length;
      if (size <= CVD_LIMITS.attachmentBytes) chunks.push(chunk as Buffer);
    }
    if (file.truncated() || size > CVD_LIMITS.attachmentBytes) {
      throw new AppError(
        'PAYLOAD_TOO_LARGE',
        `an attachment is at most ${CVD_LIMITS.attachmentBytes / 1024 / 1024} MB`,
      );
    }
    const content = Buffer.concat(chunks);
    const mediaType = /^[\w.+-]+\/[\w.+-]+$/.test(file.mediaType ?? '') ? file.mediaType! : 'application/octet-stream';
    const stored = await this.repo.addAttachment(
      {
        caseId: row.id,
        filename: sanitiseFilename(file.filename),
        mediaType: mediaType.slice(0, 100),
        size: content.length,
        sha256: createHash('sha256').update(content).digest('hex'),
        content,
        uploadedBy: user.userId,
      },
      CVD_LIMITS.attachmentsPerCase,
    );
    if (!stored) {
      throw new AppError('CVD_ATTACHMENTS_FULL', `a case holds at most ${CVD_LIMITS.attachmentsPerCase} attachments`);
    }
    await this.audit.record(user, {
      action: 'cvd.attachment.added',
      targetType: 'cvd_case',
      targetId: row.id,
      orgId: row.reporterOrgId,
      details: {
        ref: row.ref,
        attachmentId: stored.id,
        filename: stored.filename,
        size: stored.size,
        sha256: stored.sha256,
      },
    });
    return presentAttachment(stored);
  }

  async download(actor: Actor, id: string, attId: string) {
    const { row } = await this.open(actor, id);
    const file = await this.repo.attachment(row.id, attId);
    if (!file) throw new AppError('CVD_ATTACHMENT_NOT_FOUND', 'no such attachment');
    return { filename: file.filename, content: file.content, sha256: file.sha256 };
  }

  /**
   * Sets the coordinators: platform admins choose any users; the reporter organisation's admins choose among
   * the organisation's members.
   */
  async setCoordinators(actor: Actor, id: string, input: CoordinatorsInput) {
    const { user, row, can } = await this.open(actor, id);
    this.forbid(
      can.assignCoordinators,
      "coordinators are assigned by platform admins and the reporter organisation's admins",
    );
    const userIds = [...new Set(input.userIds)];
    const found = await this.repo.usersWithMembership(userIds, row.reporterOrgId);
    const problems = userIds.flatMap((uid, i) => {
      const u = found.find((f) => f.id === uid);
      if (!u) return [{ path: `userIds.${i}`, message: 'no such user' }];
      if (!user.isPlatformAdmin && !u.member)
        return [{ path: `userIds.${i}`, message: 'not a member of the reporter organisation' }];
      return [];
    });
    if (problems.length > 0) {
      throw new AppError('VALIDATION_FAILED', 'coordinators must be users of the reporter organisation', {
        fields: problems,
      });
    }
    const updated = await this.repo.setCoordinators(row.id, userIds);
    if (!updated) throw notFound();
    await this.audit.record(user, {
      action: 'cvd.case.coordinators',
      targetType: 'cvd_case',
      targetId: row.id,
      orgId: row.reporterOrgId,
      details: { ref: row.ref, from: row.coordinatorUserIds, to: userIds },
    });
    return this.present(user, updated);
  }
}
