import { createHash } from 'node:crypto';
import type { SharingFields } from '@cynex/core';
import { formatContentError, importPackageZip, type ContentTree, type LoadOptions } from '@cynex/courseware';
import { AppError } from '../../errors.js';
import { requireUser, type Actor, type UserActor } from '../../platform/actor.js';
import type { AuditService } from '../audit/audit.service.js';
import type { CoursewarePackagesRepository, PackageRow } from './packages.repository.js';
import type { PackageImport, PackageUpdate } from './packages.schema.js';

/** The organisation roles that bring their own courseware: they import, share and delete its packages. */
const STAFF_ROLES = new Set(['org_admin', 'instructor']);
/** The most content errors one refusal lists (the first ones; the rest are counted). */
const MAX_LISTED_ERRORS = 200;
const SHARING_KEYS = ['scope', 'marking', 'sharingGroupId', 'recipientUserIds'] as const;

const isStaffOf = (user: UserActor, orgId: string): boolean =>
  user.isPlatformAdmin || user.memberships.some((m) => m.orgId === orgId && STAFF_ROLES.has(m.role));

const mayWrite = (user: UserActor) => !user.tokenScopes || user.tokenScopes.includes('write');

/** The API shape of a package (the creator stays internal, as for cases). */
export function presentPackage(row: PackageRow) {
  const { createdBy: _createdBy, ...rest } = row;
  return rest;
}

/**
 * Providers' courseware (CYROP): an organisation's admins and instructors import their own modules, courses and
 * assessments as a zip, validated like the shipped content, and share them by the hub's one rule. Ids inside a
 * package are qualified with the organisation's slug (`<slug>.<id>`), so packages never clash with the shipped
 * content or with other organisations' packages.
 */
export class CoursewarePackagesService {
  constructor(
    private readonly repo: CoursewarePackagesRepository,
    private readonly audit: AuditService,
    /** The hub's sharing check (scope against marking, the group and the recipients); throws SHARING_INVALID. */
    private readonly checkSharing: (ownerOrgId: string, fields: SharingFields) => Promise<void>,
    private readonly loadOptions: () => Promise<LoadOptions>,
  ) {}

  /** Refuses, before the body is read, anyone who may not import for the organisation. */
  assertMayImport(actor: Actor, orgId: string): void {
    const user = requireUser(actor);
    if (!mayWrite(user) || !isStaffOf(user, orgId))
      throw new AppError('FORBIDDEN', "only the organisation's admins and instructors import courseware");
  }

  async import(actor: Actor, orgId: string, input: PackageImport, archive: Buffer) {
    this.assertMayImport(actor, orgId);
    const slug = await this.repo.orgSlug(orgId);
    if (!slug) throw new AppError('ORG_NOT_FOUND', 'no such organisation');
    await this.checkSharing(orgId, input);
    const tree = importPackageZip(new Uint8Array(archive), {
      ...(await this.loadOptions()),
      archiveName: `${input.name}.zip`,
    });
    refuseInvalid(tree);
    const contents = {
      modules: tree.modules.map((m) => m.id),
      courses: tree.courses.map((c) => c.id),
      assessments: tree.assessments.map((a) => a.id),
    };
    await this.refuseClashes(slug, input.name, contents);
    const sha256 = createHash('sha256').update(archive).digest('hex');
    const { id, replaced } = await this.repo.upsert({
      ownerOrgId: orgId,
      name: input.name,
      archive,
      sha256,
      contents,
      scope: input.scope,
      marking: input.marking,
      sharingGroupId: input.sharingGroupId ?? null,
      recipientUserIds: input.recipientUserIds,
      createdBy: requireUser(actor).userId,
    });
    await this.audit.record(actor, {
      action: replaced ? 'courseware_package.replace' : 'courseware_package.import',
      targetType: 'courseware_package',
      targetId: id,
      orgId,
      details: { name: input.name, sha256, scope: input.scope, marking: input.marking, ...contents },
    });
    return { replaced, package: presentPackage(await this.get(actor, id)) };
  }

  /**
   * Ids are qualified with the owner's slug, so only the owner's other packages can hold the same ids; a package
   * imported again under its name replaces itself.
   */
  private async refuseClashes(slug: string, name: string, contents: Record<string, string[]>): Promise<void> {
    const others = (await this.repo.ofOrgSlug(slug)).filter((row) => row.name !== name);
    const clashes: string[] = [];
    for (const row of others) {
      for (const kind of ['modules', 'courses', 'assessments'] as const) {
        for (const id of contents[kind] ?? []) if (row.contents[kind].includes(id)) clashes.push(`${id} (${row.name})`);
      }
    }
    if (clashes.length > 0)
      throw new AppError('CONFLICT', `another package of the organisation already has ${clashes.join(', ')}`);
  }

  async list(actor: Actor) {
    requireUser(actor);
    return { items: (await this.repo.list(actor)).map(presentPackage) };
  }

  /** A package the actor may read, or NOT_FOUND, the same answer whether it exists or not. */
  async get(actor: Actor, id: string): Promise<PackageRow> {
    requireUser(actor);
    const row = await this.repo.get(actor, id);
    if (!row) throw new AppError('NOT_FOUND', 'no such courseware package');
    return row;
  }

  /** The archive as imported, for export; every download is audited. */
  async archive(actor: Actor, id: string): Promise<{ bytes: Buffer; filename: string }> {
    const row = await this.get(actor, id);
    const bytes = await this.repo.archive(id);
    if (!bytes) throw new AppError('NOT_FOUND', 'no such courseware package');
    await this.audit.record(actor, {
      action: 'courseware_package.download',
      targetType: 'courseware_package',
      targetId: id,
      orgId: row.ownerOrgId,
      details: { name: row.name, marking: row.marking },
    });
    return { bytes: Buffer.from(bytes), filename: `${row.ownerOrgSlug}-${row.name}.zip` };
  }

  private async owned(actor: Actor, id: string): Promise<PackageRow> {
    const user = requireUser(actor);
    const row = await this.get(actor, id);
    if (!mayWrite(user) || !isStaffOf(user, row.ownerOrgId))
      throw new AppError('FORBIDDEN', "only the owner organisation's admins and instructors change this package");
    return row;
  }

  async update(actor: Actor, id: string, changes: PackageUpdate) {
    const current = await this.owned(actor, id);
    const sharingChanged = SHARING_KEYS.some(
      (key) => changes[key] !== undefined && JSON.stringify(changes[key]) !== JSON.stringify(current[key]),
    );
    if (!sharingChanged) return presentPackage(current);
    await this.checkSharing(current.ownerOrgId, { ...current, ...changes });
    await this.repo.update(id, changes);
    await this.audit.record(actor, {
      action: 'courseware_package.sharing_change',
      targetType: 'courseware_package',
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
    // A change of sharing may hide the package from its own editor (TLP:RED without them): say so with a 404.
    const updated = await this.repo.get(actor, id);
    if (!updated) throw new AppError('NOT_FOUND', 'the package is no longer visible to you');
    return presentPackage(updated);
  }

  async remove(actor: Actor, id: string): Promise<void> {
    const current = await this.owned(actor, id);
    await this.repo.remove(id);
    await this.audit.record(actor, {
      action: 'courseware_package.delete',
      targetType: 'courseware_package',
      targetId: id,
      orgId: current.ownerOrgId,
      details: { name: current.name },
    });
  }
}

/** A package is taken whole or not at all: every error, with its file and line, in one 400. */
function refuseInvalid(tree: ContentTree): void {
  const { errors } = tree;
  if (errors.length > 0) {
    const listed = errors.slice(0, MAX_LISTED_ERRORS).map((error) => ({
      path: formatContentError({ ...error, message: '' }).replace(/: $/, ''),
      message: error.message,
    }));
    const more = errors.length > listed.length ? ` (the first ${String(listed.length)} are listed)` : '';
    throw new AppError('IMPORT_FAILED', `the package has ${String(errors.length)} errors${more}`, { fields: listed });
  }
  if (tree.modules.length + tree.courses.length + tree.assessments.length === 0)
    throw new AppError('IMPORT_FAILED', 'the package holds no module, course or assessment', {
      fields: [{ path: 'archive', message: 'empty package' }],
    });
}
