import { AppError } from '../../errors.js';
import { requireUser, type Actor } from '../../platform/actor.js';
import { canManageOrg } from '../../platform/policy.js';
import type { AuditService } from '../audit/audit.service.js';
import type { DerivedIntel } from './derived-intel.service.js';
import type { IntelSettingsRepository, IntelSettingsRow } from './intel-settings.repository.js';

export interface IntelSettings extends IntelSettingsRow {
  orgId: string;
}

/**
 * Whether the sightings derived from an organisation's records (cases, decoy sessions) name it or "a cynex
 * member". Its members read the choice; its admins (and platform admins) change it, audited, and every record
 * the organisation owns is derived again at once, so no object keeps naming it.
 */
export class IntelSettingsService {
  constructor(
    private readonly repo: IntelSettingsRepository,
    private readonly audit: AuditService,
    private readonly derived: Pick<DerivedIntel, 'refreshOwner'>,
  ) {}

  async get(actor: Actor, orgId: string): Promise<IntelSettings> {
    const user = requireUser(actor);
    if (!user.isPlatformAdmin && !user.memberships.some((m) => m.orgId === orgId)) {
      throw new AppError('FORBIDDEN', "only the organisation's members read its intelligence settings");
    }
    const row = await this.repo.get(orgId);
    if (!row) throw new AppError('ORG_NOT_FOUND', 'no such organisation');
    return { orgId, ...row };
  }

  async update(actor: Actor, orgId: string, input: IntelSettingsRow): Promise<IntelSettings & { rederived: number }> {
    requireUser(actor);
    if (!canManageOrg(actor, orgId)) {
      throw new AppError('FORBIDDEN', "only the organisation's admins change its intelligence settings");
    }
    const before = await this.repo.get(orgId);
    if (!before) throw new AppError('ORG_NOT_FOUND', 'no such organisation');
    const row = (await this.repo.set(orgId, input))!;
    const changed = before.anonymiseSightings !== row.anonymiseSightings;
    const rederived = changed ? await this.derived.refreshOwner(orgId) : 0;
    await this.audit.record(actor, {
      action: 'org.intel_settings_update',
      targetType: 'organisation',
      targetId: orgId,
      orgId,
      details: { anonymiseSightings: row.anonymiseSightings, before: before.anonymiseSightings, rederived },
    });
    return { orgId, ...row, rederived };
  }
}
