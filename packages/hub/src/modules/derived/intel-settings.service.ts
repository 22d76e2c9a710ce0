import { AppError } from '../../errors.js';
import { requireUser, type Actor } from '../../platform/actor.js';
import { canManageOrg } from '../../platform/policy.js';
import type { AuditService } from '../audit/audit.service.js';
import type { WorkerLog } from '../deliveries/delivery-worker.js';
import type { DerivedIntel } from './derived-intel.service.js';
import type { IntelSettingsRepository, IntelSettingsRow } from './intel-settings.repository.js';

export interface IntelSettings extends IntelSettingsRow {
  orgId: string;
}

/**
 * Whether the sightings derived from an organisation's records (cases, decoy sessions) name it or "a cynex
 * member". Its members read the choice; its admins (and platform admins) change it, audited. A change derives
 * every record the organisation owns again, after the response: about 270 decoy sessions a second (measured on
 * PostgreSQL and PGlite), so minutes for a large organisation, too long for a request. Should the hub stop
 * meanwhile, `DerivedIntel.reconcile` finds the records whose identity does not match the choice and finishes.
 */
export class IntelSettingsService {
  /** The re-derivations under way in this process, one after another. */
  private running: Promise<void> = Promise.resolve();

  constructor(
    private readonly repo: IntelSettingsRepository,
    private readonly audit: AuditService,
    private readonly derived: Pick<DerivedIntel, 'refreshOwner'>,
    private readonly log?: WorkerLog,
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

  /** Saves the choice; when it changed, the organisation's records are derived again in the background. */
  async update(actor: Actor, orgId: string, input: IntelSettingsRow): Promise<IntelSettings & { rederiving: boolean }> {
    requireUser(actor);
    if (!canManageOrg(actor, orgId)) {
      throw new AppError('FORBIDDEN', "only the organisation's admins change its intelligence settings");
    }
    const before = await this.repo.get(orgId);
    if (!before) throw new AppError('ORG_NOT_FOUND', 'no such organisation');
    const row = (await this.repo.set(orgId, input))!;
    const rederiving = before.anonymiseSightings !== row.anonymiseSightings;
    await this.audit.record(actor, {
      action: 'org.intel_settings_update',
      targetType: 'organisation',
      targetId: orgId,
      orgId,
      details: { anonymiseSightings: row.anonymiseSightings, before: before.anonymiseSightings },
    });
    if (rederiving) {
      this.running = this.running.then(async () => {
        try {
          await this.derived.refreshOwner(orgId);
        } catch (error) {
          this.log?.warn(
            { err: error, orgId },
            're-deriving after the sightings choice changed failed; reconcile will',
          );
        }
      });
    }
    return { orgId, ...row, rederiving };
  }

  /** Resolves when the re-derivations started so far have finished (tests, shutdown). */
  async settled(): Promise<void> {
    await this.running;
  }
}
