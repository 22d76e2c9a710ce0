import { randomBytes } from 'node:crypto';
import { AppError } from '../../errors.js';
import type { Actor, UserActor } from '../../platform/actor.js';
import { EgressRefused, type EgressGuard } from '../../platform/egress.js';
import { canManageOrg } from '../../platform/policy.js';
import type { AuditService } from '../audit/audit.service.js';
import { parseCidr } from '../telescope/ip-address.js';
import type { AlertsRepository, PrefixRow, SettingsRow } from './alerts.repository.js';

export interface SettingsInput {
  emails: string[];
  webhookUrl: string | null;
  /** A new webhook secret (the old one stops verifying at once). */
  rotateWebhookSecret?: boolean | undefined;
}

const newSecret = () => `whsec_${randomBytes(24).toString('base64url')}`;

const presentPrefix = (p: PrefixRow) => ({
  id: p.id,
  orgId: p.orgId,
  cidr: p.cidr,
  note: p.note,
  status: p.status,
  approvedAt: p.approvedAt ? p.approvedAt.toISOString() : null,
  createdAt: p.createdAt.toISOString(),
});

const presentSettings = (orgId: string, s: SettingsRow | undefined) => ({
  orgId,
  emails: s?.emails ?? [],
  webhookUrl: s?.webhookUrl ?? null,
  /** Verifies x-cynex-signature; shown to the organisation's admins only. */
  webhookSecret: s?.webhookSecret ?? null,
  updatedAt: s ? s.updatedAt.toISOString() : null,
});

/**
 * What an organisation's admins configure for member alerts: the prefixes that are theirs and where alerts go.
 * Every change is audited.
 */
export class AlertSettingsService {
  constructor(
    private readonly repo: AlertsRepository,
    private readonly audit: AuditService,
    private readonly egress: Pick<EgressGuard, 'check'>,
  ) {}

  /** The org admins of the organisation and platform admins; 401, 403, or 404 for an organisation that is not there. */
  private async manager(actor: Actor, orgId: string): Promise<UserActor> {
    if (actor.kind !== 'user') throw new AppError('UNAUTHENTICATED', 'sign in first');
    if (!canManageOrg(actor, orgId)) {
      throw new AppError('FORBIDDEN', "only the organisation's admins manage its prefixes and alert settings");
    }
    if (!(await this.repo.orgExists(orgId))) throw new AppError('ORG_NOT_FOUND', 'no such organisation');
    return actor;
  }

  async prefixes(actor: Actor, orgId: string) {
    await this.manager(actor, orgId);
    return (await this.repo.prefixes(orgId)).map(presentPrefix);
  }

  async addPrefix(actor: Actor, orgId: string, input: { cidr: string; note?: string | undefined }) {
    const user = await this.manager(actor, orgId);
    const parsed = parseCidr(input.cidr);
    if (!parsed.ok) {
      throw new AppError('VALIDATION_FAILED', parsed.reason, { fields: [{ path: 'cidr', message: parsed.reason }] });
    }
    if ((await this.repo.overlappingElsewhere(orgId, parsed.text)).length > 0) {
      // Whose prefix it is stays unsaid; that another organisation holds the addresses is what the admin needs.
      throw new AppError('PREFIX_CONFLICT', `${parsed.text} overlaps a prefix another organisation registered`, {
        fields: [{ path: 'cidr', message: 'overlaps a prefix of another organisation' }],
      });
    }
    const approvedNow = user.isPlatformAdmin;
    const row = await this.repo.insertPrefix({
      orgId,
      cidr: parsed.text,
      note: input.note ?? '',
      createdBy: user.userId,
      ...(approvedNow ? { status: 'approved' as const, approvedBy: user.userId, approvedAt: new Date() } : {}),
    });
    if (!row) throw new AppError('PREFIX_CONFLICT', `${parsed.text} is registered for this organisation already`);
    await this.audit.record(user, {
      action: 'alerts.prefix_add',
      targetType: 'prefix',
      targetId: row.id,
      orgId,
      details: { cidr: row.cidr, note: row.note, status: row.status },
    });
    return presentPrefix(row);
  }

  /** Platform admins review the prefixes organisations registered: pending ones first of all. */
  async reviewList(actor: Actor, status: 'pending' | 'approved' | undefined) {
    this.platformAdmin(actor);
    const rows = await this.repo.prefixesByStatus(status);
    return rows.map((r) => ({
      ...presentPrefix(r),
      orgSlug: r.orgSlug,
      orgNameEn: r.orgNameEn,
      orgNameJa: r.orgNameJa,
    }));
  }

  /** A platform admin approves a prefix: from then on its organisation's addresses raise alerts. */
  async approvePrefix(actor: Actor, prefixId: string) {
    const admin = this.platformAdmin(actor);
    const { row, conflict } = await this.repo.approvePrefix(prefixId, admin.userId);
    if (conflict) {
      throw new AppError('PREFIX_CONFLICT', `overlaps ${conflict.cidr}, approved for another organisation`);
    }
    if (!row) throw new AppError('PREFIX_NOT_FOUND', 'no such prefix waiting for approval');
    await this.audit.record(admin, {
      action: 'alerts.prefix_approve',
      targetType: 'prefix',
      targetId: row.id,
      orgId: row.orgId,
      details: { cidr: row.cidr },
    });
    return presentPrefix(row);
  }

  /** A platform admin refuses a prefix: it is removed, and the refusal is audited with the reason. */
  async rejectPrefix(actor: Actor, prefixId: string, reason: string | undefined): Promise<void> {
    const admin = this.platformAdmin(actor);
    const row = await this.repo.deletePrefixById(prefixId);
    if (!row) throw new AppError('PREFIX_NOT_FOUND', 'no such prefix');
    await this.audit.record(admin, {
      action: 'alerts.prefix_reject',
      targetType: 'prefix',
      targetId: row.id,
      orgId: row.orgId,
      details: { cidr: row.cidr, status: row.status, ...(reason ? { reason } : {}) },
    });
  }

  private platformAdmin(actor: Actor): UserActor {
    if (actor.kind !== 'user') throw new AppError('UNAUTHENTICATED', 'sign in first');
    if (!actor.isPlatformAdmin) throw new AppError('FORBIDDEN', 'only platform admins review prefixes');
    return actor;
  }

  async removePrefix(actor: Actor, orgId: string, prefixId: string): Promise<void> {
    const user = await this.manager(actor, orgId);
    const row = await this.repo.deletePrefix(orgId, prefixId);
    if (!row) throw new AppError('PREFIX_NOT_FOUND', 'no such prefix in this organisation');
    await this.audit.record(user, {
      action: 'alerts.prefix_remove',
      targetType: 'prefix',
      targetId: row.id,
      orgId,
      details: { cidr: row.cidr },
    });
  }

  async settings(actor: Actor, orgId: string) {
    await this.manager(actor, orgId);
    return presentSettings(orgId, await this.repo.settings(orgId));
  }

  async saveSettings(actor: Actor, orgId: string, input: SettingsInput) {
    const user = await this.manager(actor, orgId);
    if (input.webhookUrl !== null) await this.checkWebhook(input.webhookUrl);
    const before = await this.repo.settings(orgId);
    const emails = [...new Set(input.emails.map((e) => e.trim().toLowerCase()))];
    const keepSecret = input.webhookUrl !== null && before?.webhookSecret && !input.rotateWebhookSecret;
    const webhookSecret = input.webhookUrl === null ? null : keepSecret ? before.webhookSecret : newSecret();
    const saved = await this.repo.saveSettings({
      orgId,
      emails,
      webhookUrl: input.webhookUrl,
      webhookSecret,
      updatedBy: user.userId,
    });
    await this.audit.record(user, {
      action: 'alerts.settings_update',
      targetType: 'organisation',
      targetId: orgId,
      orgId,
      details: {
        emails,
        webhookUrl: input.webhookUrl,
        previous: { emails: before?.emails ?? [], webhookUrl: before?.webhookUrl ?? null },
        webhookSecretChanged: webhookSecret !== (before?.webhookSecret ?? null),
      },
    });
    return presentSettings(orgId, saved);
  }

  /**
   * Refuses a webhook the egress guard would refuse, naming the kind of address (loopback, private, …) and
   * nothing a connection would tell. Deliveries check again, since the name may resolve elsewhere by then.
   */
  private async checkWebhook(url: string): Promise<void> {
    try {
      await this.egress.check(url);
    } catch (error) {
      if (!(error instanceof EgressRefused)) throw error;
      throw new AppError('VALIDATION_FAILED', 'the webhook URL is refused by the egress policy', {
        fields: [{ path: 'webhookUrl', message: error.message }],
      });
    }
  }
}
