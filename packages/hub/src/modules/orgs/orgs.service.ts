import type { Programme, Role, Sector } from '@cynex/core';
import { AppError } from '../../errors.js';
import { requireUser, type Actor } from '../../platform/actor.js';
import { canManageOrg } from '../../platform/policy.js';
import type { AuditService } from '../audit/audit.service.js';
import type { OrgsRepository } from './orgs.repository.js';

export interface OrgInput {
  slug: string;
  nameEn: string;
  nameJa: string;
  sector: Sector;
  programmes: Programme[];
}

const lastAdmin = () =>
  new AppError('LAST_ADMIN', 'an organisation keeps at least one admin: make someone else an admin first');

/** Member organisations, their people and sharing groups. */
export class OrgsService {
  constructor(
    private readonly repo: OrgsRepository,
    private readonly audit: AuditService,
  ) {}

  /** The member directory: every signed-in member sees the organisations of the community. */
  async list(actor: Actor) {
    requireUser(actor);
    return this.repo.list();
  }

  async create(actor: Actor, input: OrgInput) {
    const user = requireUser(actor);
    if (!user.isPlatformAdmin) throw new AppError('FORBIDDEN', 'only platform admins add organisations');
    if (await this.repo.bySlug(input.slug))
      throw new AppError('SLUG_CONFLICT', `an organisation "${input.slug}" exists already`);
    const org = await this.repo.insert(input);
    await this.audit.record(actor, {
      action: 'org.create',
      targetType: 'organisation',
      targetId: org.id,
      orgId: org.id,
      details: { ...input },
    });
    return org;
  }

  /** Used by the demo loader and the CLI, which act as the platform itself. */
  async ensure(input: OrgInput) {
    return (await this.repo.bySlug(input.slug)) ?? this.repo.insert(input);
  }

  async update(actor: Actor, id: string, input: Partial<OrgInput>) {
    if (!canManageOrg(actor, id)) throw new AppError('ORG_NOT_FOUND', 'no such organisation, or not yours to change');
    if (input.slug) {
      const other = await this.repo.bySlug(input.slug);
      if (other && other.id !== id)
        throw new AppError('SLUG_CONFLICT', `an organisation "${input.slug}" exists already`);
    }
    const org = await this.repo.update(id, input);
    if (!org) throw new AppError('ORG_NOT_FOUND', 'no such organisation');
    await this.audit.record(actor, {
      action: 'org.update',
      targetType: 'organisation',
      targetId: id,
      orgId: id,
      details: { ...input },
    });
    return org;
  }

  async members(actor: Actor, orgId: string) {
    requireUser(actor);
    if (!canManageOrg(actor, orgId))
      throw new AppError('FORBIDDEN', 'only admins of this organisation see its members');
    return this.repo.members(orgId);
  }

  async setRole(actor: Actor, orgId: string, userId: string, role: Role) {
    requireUser(actor);
    if (!canManageOrg(actor, orgId)) throw new AppError('FORBIDDEN', 'only admins of this organisation change roles');
    if (role === 'platform_admin') throw new AppError('FORBIDDEN', 'platform admin is not an organisation role');
    const before = await this.repo.membership(orgId, userId);
    if (!before) throw new AppError('USER_NOT_FOUND', 'this person is not a member');
    if ((await this.repo.changeMembership(orgId, userId, role)) === 'last_admin') throw lastAdmin();
    await this.audit.record(actor, {
      action: 'membership.role_change',
      targetType: 'user',
      targetId: userId,
      orgId,
      details: { from: before.role, to: role },
    });
  }

  async removeMember(actor: Actor, orgId: string, userId: string) {
    requireUser(actor);
    if (!canManageOrg(actor, orgId)) throw new AppError('FORBIDDEN', 'only admins of this organisation remove people');
    if (!(await this.repo.membership(orgId, userId)))
      throw new AppError('USER_NOT_FOUND', 'this person is not a member');
    if ((await this.repo.changeMembership(orgId, userId, null)) === 'last_admin') throw lastAdmin();
    await this.audit.record(actor, { action: 'membership.remove', targetType: 'user', targetId: userId, orgId });
  }

  async users(actor: Actor) {
    if (!requireUser(actor).isPlatformAdmin) throw new AppError('FORBIDDEN', 'only platform admins list all users');
    return this.repo.users();
  }

  async groups(actor: Actor) {
    const user = requireUser(actor);
    return this.repo.groups(user.isPlatformAdmin ? 'all' : user.memberships.map((m) => m.orgId));
  }

  async createGroup(actor: Actor, input: { name: string; orgIds: string[]; ownerOrgId?: string | undefined }) {
    const user = requireUser(actor);
    const ownerOrgId =
      input.ownerOrgId ?? user.memberships.find((m) => canManageOrg(actor, m.orgId) || m.role === 'analyst')?.orgId;
    if (
      !ownerOrgId ||
      !(
        user.isPlatformAdmin ||
        user.memberships.some((m) => m.orgId === ownerOrgId && ['org_admin', 'analyst'].includes(m.role))
      )
    ) {
      throw new AppError('FORBIDDEN', 'only admins and analysts of an organisation make sharing groups');
    }
    await this.checkOrgs(input.orgIds);
    const orgIds = [...new Set([ownerOrgId, ...input.orgIds])];
    const id = await this.repo.saveGroup(undefined, { name: input.name, ownerOrgId }, orgIds);
    await this.audit.record(actor, {
      action: 'sharing_group.create',
      targetType: 'sharing_group',
      targetId: id,
      orgId: ownerOrgId,
      details: { name: input.name, orgIds },
    });
    return (await this.repo.groupById(id))!;
  }

  async updateGroup(actor: Actor, id: string, input: { name?: string | undefined; orgIds?: string[] | undefined }) {
    const group = await this.ownGroup(actor, id);
    if (input.orgIds) await this.checkOrgs(input.orgIds);
    const orgIds = input.orgIds ? [...new Set([group.ownerOrgId, ...input.orgIds])] : undefined;
    await this.repo.saveGroup(id, input.name ? { name: input.name } : {}, orgIds);
    await this.audit.record(actor, {
      action: 'sharing_group.update',
      targetType: 'sharing_group',
      targetId: id,
      orgId: group.ownerOrgId,
      details: { ...input },
    });
    return (await this.repo.groupById(id))!;
  }

  async deleteGroup(actor: Actor, id: string) {
    const group = await this.ownGroup(actor, id);
    await this.repo.deleteGroup(id);
    await this.audit.record(actor, {
      action: 'sharing_group.delete',
      targetType: 'sharing_group',
      targetId: id,
      orgId: group.ownerOrgId,
    });
  }

  private async ownGroup(actor: Actor, id: string) {
    const group = await this.repo.groupById(id);
    const user = requireUser(actor);
    const mayChange =
      group &&
      (user.isPlatformAdmin ||
        user.memberships.some((m) => m.orgId === group.ownerOrgId && ['org_admin', 'analyst'].includes(m.role)));
    if (!group || !mayChange) throw new AppError('GROUP_NOT_FOUND', 'no such sharing group, or not yours to change');
    return group;
  }

  private async checkOrgs(orgIds: string[]) {
    const existing = await this.repo.existingOrgIds(orgIds);
    const missing = orgIds.filter((id) => !existing.includes(id));
    if (missing.length > 0) {
      throw new AppError('VALIDATION_FAILED', 'unknown organisations', {
        fields: [{ path: 'orgIds', message: `unknown: ${missing.join(', ')}` }],
      });
    }
  }

  async orgById(id: string) {
    return this.repo.byId(id);
  }
}
