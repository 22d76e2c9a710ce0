import { AppError } from '../../errors.js';
import { requireUser, type Actor } from '../../platform/actor.js';
import { canWriteFor } from '../../platform/policy.js';
import type { AuditService } from '../audit/audit.service.js';
import type { ReportRow, TelescopeReportsRepository } from './telescope-reports.repository.js';

/**
 * Putting a report on the public site (and taking it off): whoever may edit the report decides, and only a report
 * shared with everyone (scope public, TLP:CLEAR) can be listed there. The public site also checks scope and marking
 * when it lists, so a report narrowed later disappears from it even while `published_at` stays set.
 */
export class ReportPublishService {
  constructor(
    private readonly repo: TelescopeReportsRepository,
    private readonly audit: AuditService,
    private readonly now: () => Date = () => new Date(),
  ) {}

  private async writable(actor: Actor, id: string): Promise<ReportRow> {
    requireUser(actor);
    const row = await this.repo.get(actor, id);
    if (!row) throw new AppError('NOT_FOUND', 'no such report');
    if (!canWriteFor(actor, row.ownerOrgId))
      throw new AppError('FORBIDDEN', 'you may read this report but not change it');
    return row;
  }

  async publish(actor: Actor, id: string): Promise<ReportRow> {
    const row = await this.writable(actor, id);
    if (row.scope !== 'public' || row.marking !== 'CLEAR') {
      throw new AppError(
        'VALIDATION_FAILED',
        'only a report shared with scope public and marked TLP:CLEAR can be put on the public site; change its sharing first',
        {
          fields: [
            ...(row.scope === 'public' ? [] : [{ path: 'scope', message: `is ${row.scope}; must be public` }]),
            ...(row.marking === 'CLEAR' ? [] : [{ path: 'marking', message: `is ${row.marking}; must be CLEAR` }]),
          ],
        },
      );
    }
    if (row.publishedAt) return row;
    const publishedAt = this.now();
    await this.repo.update(id, { publishedAt });
    await this.audit.record(actor, {
      action: 'telescope_report.publish',
      targetType: 'telescope_report',
      targetId: id,
      orgId: row.ownerOrgId,
      details: { publishedAt: publishedAt.toISOString() },
    });
    return { ...row, publishedAt };
  }

  async unpublish(actor: Actor, id: string): Promise<ReportRow> {
    const row = await this.writable(actor, id);
    if (!row.publishedAt) return row;
    await this.repo.update(id, { publishedAt: null });
    await this.audit.record(actor, {
      action: 'telescope_report.unpublish',
      targetType: 'telescope_report',
      targetId: id,
      orgId: row.ownerOrgId,
      details: { publishedAt: row.publishedAt.toISOString() },
    });
    return { ...row, publishedAt: null };
  }
}
