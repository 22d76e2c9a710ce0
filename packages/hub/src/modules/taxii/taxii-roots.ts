import { uuidV5 } from '@cynex/core';
import { AppError } from '../../errors.js';
import type { UserActor } from '../../platform/actor.js';
import { canWriteFor, writableOrgs } from '../../platform/policy.js';
import type { GroupOfOrg, RootOrg, TaxiiRootsRepository } from './taxii-roots.repository.js';
import type { VersionFilter } from './taxii.repository.js';
import { COLLECTIONS, COMMUNITY_ROOT } from './taxii.schema.js';

type Scope = NonNullable<VersionFilter['scopes']>[number];

/** Where an add-objects request to a collection puts the objects: owner, scope and sharing group. */
export interface WriteTarget {
  ownerOrgId: string;
  scope: Scope;
  sharingGroupId?: string | undefined;
}

/** A collection: a fixed view of the one store (its condition is ANDed with the policy on every read). */
export interface CollectionDef {
  id: string;
  title: string;
  description: string;
  filter: Pick<VersionFilter, 'ownerOrgIds' | 'scopes' | 'sharingGroupIds'>;
  /** Where writes go, when the caller may write here. */
  write: WriteTarget | undefined;
}

/** An API root the caller may use: the community root, or one organisation's. */
export interface ApiRoot {
  name: string;
  org: RootOrg | undefined;
}

/** Namespace of the collection ids derived from organisation and sharing-group ids (stable across restarts). */
const COLLECTION_NAMESPACE = 'b0d3c9e2-5b63-4f0e-9d3c-6a1f1e8b7c41';
const collectionId = (name: string) => uuidV5(COLLECTION_NAMESPACE, name);

const memberOrgIds = (actor: UserActor) => actor.memberships.map((m) => m.orgId);

/**
 * The TAXII API roots and their collections. The community root (`/taxii2/api/`) has the community collection,
 * the caller's organisations' collection and one per sharing group the caller's organisations are in; each
 * organisation has a root (`/taxii2/<slug>/`) with its own objects by scope: organisation, each of its sharing
 * groups, community. A root of an organisation the caller is not in is "not found", as if it did not exist.
 */
export class TaxiiRoots {
  constructor(private readonly repo: TaxiiRootsRepository) {}

  /** The roots discovery lists: the community root, then the caller's organisations' (every one for platform admins). */
  async listed(actor: UserActor): Promise<ApiRoot[]> {
    const orgs = await this.repo.orgs(actor.isPlatformAdmin ? 'all' : memberOrgIds(actor));
    return [{ name: COMMUNITY_ROOT, org: undefined }, ...orgs.map((org) => ({ name: org.slug, org }))];
  }

  /** The root by its URL name, or 404 when it does not exist or is not the caller's. */
  async root(actor: UserActor, name: string): Promise<ApiRoot> {
    if (name === COMMUNITY_ROOT) return { name, org: undefined };
    const org = await this.repo.orgBySlug(name);
    if (!org || !(actor.isPlatformAdmin || memberOrgIds(actor).includes(org.id))) {
      throw new AppError('NOT_FOUND', `no API root ${name}`);
    }
    return { name, org };
  }

  async collections(actor: UserActor, rootName: string): Promise<CollectionDef[]> {
    const root = await this.root(actor, rootName);
    if (!root.org) return this.communityCollections(actor, await this.repo.groupsOf(memberOrgIds(actor)));
    return this.orgCollections(actor, root.org, await this.repo.groupsOf([root.org.id]));
  }

  async collection(actor: UserActor, rootName: string, id: string): Promise<CollectionDef> {
    const found = (await this.collections(actor, rootName)).find((c) => c.id === id);
    if (!found) throw new AppError('NOT_FOUND', `no collection ${id}`);
    return found;
  }

  private communityCollections(actor: UserActor, groups: GroupOfOrg[]): CollectionDef[] {
    const writer = legacyWriterOrg(actor);
    return [
      {
        id: COLLECTIONS.community,
        title: 'Community',
        description: 'STIX objects shared with the cynex community (community and public scope) that you may read.',
        filter: { scopes: ['community', 'public'] },
        write: undefined,
      },
      {
        id: COLLECTIONS.myOrganisation,
        title: 'My organisation',
        description: 'STIX objects owned by your organisations, in every scope you may read.',
        filter: { ownerOrgIds: memberOrgIds(actor) },
        write: writer ? { ownerOrgId: writer, scope: 'organisation' } : undefined,
      },
      ...groups.map((group) => ({
        id: collectionId(`community-group:${group.id}`),
        title: `Sharing group ${group.name}`,
        description: `STIX objects shared with the sharing group "${group.name}" that you may read.`,
        filter: { scopes: ['sharing_group' as const], sharingGroupIds: [group.id] },
        write: undefined,
      })),
    ];
  }

  private orgCollections(actor: UserActor, org: RootOrg, groups: GroupOfOrg[]): CollectionDef[] {
    const writes = canWriteFor(actor, org.id);
    const own = (scope: Scope, sharingGroupId?: string) =>
      writes ? { ownerOrgId: org.id, scope, sharingGroupId } : undefined;
    return [
      {
        id: collectionId(`org:${org.id}:organisation`),
        title: 'Organisation',
        description: `STIX objects of ${org.nameEn} kept inside the organisation.`,
        filter: { ownerOrgIds: [org.id], scopes: ['organisation'] },
        write: own('organisation'),
      },
      ...groups.map((group) => ({
        id: collectionId(`org:${org.id}:group:${group.id}`),
        title: `Sharing group ${group.name}`,
        description: `STIX objects of ${org.nameEn} shared with the sharing group "${group.name}".`,
        filter: { ownerOrgIds: [org.id], scopes: ['sharing_group' as const], sharingGroupIds: [group.id] },
        write: own('sharing_group', group.id),
      })),
      {
        id: collectionId(`org:${org.id}:community`),
        title: 'Community',
        description: `STIX objects of ${org.nameEn} shared with the cynex community (community and public scope).`,
        filter: { ownerOrgIds: [org.id], scopes: ['community', 'public'] },
        write: own('community'),
      },
    ];
  }
}

/**
 * The organisation the community root's "My organisation" collection writes for: the one organisation the caller
 * writes intel for (the bundle import's own rule); none when there are several or none.
 */
export function legacyWriterOrg(actor: UserActor): string | undefined {
  const writable = writableOrgs(actor);
  return writable.length === 1 && canWriteFor(actor, writable[0]!) ? writable[0] : undefined;
}
