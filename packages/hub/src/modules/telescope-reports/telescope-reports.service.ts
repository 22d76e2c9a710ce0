import type { SharingFields } from '@cynex/core';
import { AppError } from '../../errors.js';
import { requireUser, type Actor, type UserActor } from '../../platform/actor.js';
import { canWriteFor, writableOrgs } from '../../platform/policy.js';
import type { AuditService } from '../audit/audit.service.js';
import type { TelescopeRepository } from '../telescope/telescope.repository.js';
import { buildReportView } from './report-content.js';
import { periodOf } from './report-data.js';
import { generateSnapshot } from './report-generate.js';
import { LABELS, type Lang } from './report-i18n.js';
import { renderHtml } from './render-html.js';
import { renderPdf } from './render-pdf.js';
import type { ReportListQuery, ReportRow, TelescopeReportsRepository } from './telescope-reports.repository.js';
import type { ReportCreate, ReportUpdate } from './telescope-reports.schema.js';

const SHARING_KEYS = ['scope', 'marking', 'sharingGroupId', 'recipientUserIds'] as const;

/** The API shape of a report (the creator stays internal, as for cases). */
export function presentReport(row: ReportRow, withSnapshot = true) {
  const { createdBy: _createdBy, snapshot, ...rest } = row;
  return withSnapshot ? { ...rest, snapshot } : rest;
}

export type RenderedReport =
  { format: 'html'; body: string; filename: string } | { format: 'pdf'; body: Buffer; filename: string };

/**
 * NICTER-style observation reports: generated from the darknet data, shared under the hub's rules (read through
 * the visibility policy, written by platform admins and the owner organisation's analysts), rendered as HTML or PDF.
 */
export class TelescopeReportsService {
  constructor(
    private readonly repo: TelescopeReportsRepository,
    private readonly telescope: TelescopeRepository,
    private readonly audit: AuditService,
    /** The hub's sharing check (scope against marking, the group and the recipients); throws SHARING_INVALID. */
    private readonly checkSharing: (ownerOrgId: string, fields: SharingFields) => Promise<void>,
    private readonly now: () => Date = () => new Date(),
  ) {}

  list(actor: Actor, query: ReportListQuery) {
    return this.repo.list(actor, query);
  }

  /** A report the actor may read, or 404 whether it exists or not. */
  async get(actor: Actor, id: string): Promise<ReportRow> {
    const row = await this.repo.get(actor, id);
    if (!row) throw new AppError('NOT_FOUND', 'no such report');
    return row;
  }

  private async writable(actor: Actor, id: string): Promise<ReportRow> {
    requireUser(actor);
    const row = await this.get(actor, id);
    if (!canWriteFor(actor, row.ownerOrgId))
      throw new AppError('FORBIDDEN', 'you may read this report but not change it');
    return row;
  }

  private async ownerFor(actor: UserActor, requested: string | undefined): Promise<string> {
    const ownerOrgId = requested ?? writableOrgs(actor)[0];
    if (!ownerOrgId) {
      if (!actor.isPlatformAdmin) throw new AppError('FORBIDDEN', 'you may not write reports for any organisation');
      throw new AppError('VALIDATION_FAILED', 'name the owner organisation', {
        fields: [{ path: 'ownerOrgId', message: 'required for accounts without an organisation' }],
      });
    }
    if (!canWriteFor(actor, ownerOrgId))
      throw new AppError('FORBIDDEN', 'you may not write reports for this organisation');
    if (!(await this.repo.orgExists(ownerOrgId))) {
      throw new AppError('VALIDATION_FAILED', 'no such organisation', {
        fields: [{ path: 'ownerOrgId', message: 'no such organisation' }],
      });
    }
    return ownerOrgId;
  }

  async create(actor: Actor, input: ReportCreate): Promise<ReportRow> {
    const user = requireUser(actor);
    const ownerOrgId = await this.ownerFor(user, input.ownerOrgId);
    await this.checkSharing(ownerOrgId, input);
    const quarter = input.kind === 'quarterly' ? (input.quarter ?? 1) : null;
    const period = periodOf(input.kind, input.year, quarter);
    const now = this.now();
    if (period.from.getTime() > now.getTime()) {
      throw new AppError('VALIDATION_FAILED', 'the period has not started yet', {
        fields: [{ path: 'year', message: 'the period has not started yet' }],
      });
    }
    const snapshot = await generateSnapshot(this.telescope, this.repo, { ...input, quarter }, now);
    const id = await this.repo.insert({
      kind: input.kind,
      year: input.year,
      quarter,
      periodStart: period.from,
      periodEnd: period.to,
      titleJa: input.titleJa || LABELS.ja.defaultTitle(input.kind, input.year, quarter),
      titleEn: input.titleEn || LABELS.en.defaultTitle(input.kind, input.year, quarter),
      notableEventsJa: input.notableEventsJa,
      notableEventsEn: input.notableEventsEn,
      snapshot,
      generatedAt: now,
      ownerOrgId,
      scope: input.scope,
      marking: input.marking,
      sharingGroupId: input.sharingGroupId ?? null,
      recipientUserIds: input.recipientUserIds,
      createdBy: user.userId,
    });
    await this.audit.record(actor, {
      action: 'telescope_report.create',
      targetType: 'telescope_report',
      targetId: id,
      orgId: ownerOrgId,
      details: { kind: input.kind, year: input.year, quarter, scope: input.scope, marking: input.marking },
    });
    return this.get(actor, id);
  }

  async update(actor: Actor, id: string, changes: ReportUpdate): Promise<ReportRow> {
    const current = await this.writable(actor, id);
    const sharingChanged = SHARING_KEYS.some(
      (key) => changes[key] !== undefined && JSON.stringify(changes[key]) !== JSON.stringify(current[key]),
    );
    if (sharingChanged) await this.checkSharing(current.ownerOrgId, { ...current, ...changes });
    await this.repo.update(id, changes);
    await this.audit.record(actor, {
      action: 'telescope_report.update',
      targetType: 'telescope_report',
      targetId: id,
      orgId: current.ownerOrgId,
      details: { fields: Object.keys(changes) },
    });
    const updated = await this.repo.get(actor, id);
    if (sharingChanged) {
      await this.audit.record(actor, {
        action: 'telescope_report.sharing_change',
        targetType: 'telescope_report',
        targetId: id,
        orgId: current.ownerOrgId,
        details: {
          from: { scope: current.scope, marking: current.marking, sharingGroupId: current.sharingGroupId },
          to: {
            scope: changes.scope ?? current.scope,
            marking: changes.marking ?? current.marking,
            sharingGroupId: changes.sharingGroupId === undefined ? current.sharingGroupId : changes.sharingGroupId,
          },
        },
      });
    }
    // A change of sharing may hide the report from its own editor (TLP:RED without them): say so with a 404.
    if (!updated) throw new AppError('NOT_FOUND', 'the report is no longer visible to you');
    return updated;
  }

  /** Generates the numbers again from the data stored now; titles, notable events and sharing stay. */
  async regenerate(actor: Actor, id: string): Promise<ReportRow> {
    const current = await this.writable(actor, id);
    const now = this.now();
    const snapshot = await generateSnapshot(this.telescope, this.repo, current, now);
    await this.repo.update(id, { snapshot, generatedAt: now });
    await this.audit.record(actor, {
      action: 'telescope_report.regenerate',
      targetType: 'telescope_report',
      targetId: id,
      orgId: current.ownerOrgId,
      details: { generatedAt: now.toISOString() },
    });
    return this.get(actor, id);
  }

  /** The report as HTML or PDF in one language; every rendering is audited as a download. */
  async render(actor: Actor, id: string, format: 'html' | 'pdf', lang: Lang): Promise<RenderedReport> {
    const row = await this.get(actor, id);
    const view = buildReportView(row, lang);
    const stem = `cynex-darknet-report-${row.year}${row.quarter ? `-q${row.quarter}` : ''}-${lang}`;
    const rendered: RenderedReport =
      format === 'pdf'
        ? { format, body: await renderPdf(view), filename: `${stem}.pdf` }
        : { format, body: renderHtml(view), filename: `${stem}.html` };
    await this.audit.record(actor, {
      action: 'telescope_report.download',
      targetType: 'telescope_report',
      targetId: id,
      orgId: row.ownerOrgId,
      details: { format, lang, marking: row.marking },
    });
    return rendered;
  }
}
