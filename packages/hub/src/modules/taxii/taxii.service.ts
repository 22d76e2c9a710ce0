import { AppError } from '../../errors.js';
import type { Actor, UserActor } from '../../platform/actor.js';
import { decodeCursor, encodeCursor } from './taxii-cursor.js';
import { taxiiWriterOrg } from './taxii-write.service.js';
import type { TaxiiRepository, TaxiiRow, VersionFilter } from './taxii.repository.js';
import {
  COLLECTIONS,
  DEFAULT_LIMIT,
  MAX_LIMIT,
  STIX_MEDIA_TYPE,
  TAXII_MEDIA_TYPE,
  type CollectionKind,
  type ObjectsQuery,
} from './taxii.schema.js';

/** The largest request body the API root takes (an add-objects envelope); larger ones get 413. */
export const MAX_CONTENT_LENGTH = 64 * 1024 * 1024;

const COLLECTION_INFO: Record<CollectionKind, { title: string; description: string }> = {
  community: {
    title: 'Community',
    description: 'STIX objects shared with the cynex community (community and public scope) that you may read.',
  },
  myOrganisation: {
    title: 'My organisation',
    description: 'STIX objects owned by your organisations, in every scope you may read.',
  },
};

/** One page of versions and where the next page starts. */
export interface TaxiiPage {
  more: boolean;
  next: string | undefined;
  rows: TaxiiRow[];
}

const split = (value: string | undefined) => value?.split(',');

/** TAXII 2.1 read side: discovery, the community API root, its collections and their objects. */
export class TaxiiService {
  constructor(private readonly repo: TaxiiRepository) {}

  discovery(apiRootUrl: string) {
    return {
      title: 'cynex TAXII',
      description: 'STIX 2.1 threat intelligence shared through the cynex hub.',
      default: apiRootUrl,
      api_roots: [apiRootUrl],
    };
  }

  apiRoot() {
    return {
      title: 'cynex community',
      description: 'The cynex community API root: collections by sharing scope.',
      versions: [TAXII_MEDIA_TYPE],
      max_content_length: MAX_CONTENT_LENGTH,
    };
  }

  collections(actor: UserActor) {
    return { collections: (Object.keys(COLLECTIONS) as CollectionKind[]).map((kind) => this.describe(actor, kind)) };
  }

  collection(actor: UserActor, id: string) {
    return this.describe(actor, this.kindOf(id));
  }

  /** Object versions of a collection, filtered as TAXII's match[…] and added_after ask. */
  async objects(actor: UserActor, collectionId: string, query: ObjectsQuery, objectId?: string): Promise<TaxiiPage> {
    const filter: VersionFilter = {
      ...this.scopeOf(actor, this.kindOf(collectionId)),
      ids: objectId ? [objectId] : split(query['match[id]']),
      types: split(query['match[type]']),
      specVersions: split(query['match[spec_version]']),
      versions: split(query['match[version]']) ?? ['last'],
      addedAfter: query.added_after,
    };
    const page = await this.page(actor, filter, query);
    if (objectId && page.rows.length === 0 && !query.next) {
      // The same answer whether the object does not exist or is not the reader's to see.
      throw new AppError('NOT_FOUND', 'no such object in this collection for you');
    }
    return page;
  }

  /** Every version of one object, oldest added first. */
  async versions(
    actor: UserActor,
    collectionId: string,
    objectId: string,
    query: Pick<ObjectsQuery, 'added_after' | 'limit' | 'next' | 'match[spec_version]'>,
  ): Promise<TaxiiPage> {
    return this.objects(actor, collectionId, { ...query, 'match[version]': 'all' }, objectId);
  }

  manifestEntry(row: TaxiiRow) {
    return { id: row.stixId, date_added: row.dateAdded, version: row.version, media_type: STIX_MEDIA_TYPE };
  }

  private async page(actor: Actor, filter: VersionFilter, query: Pick<ObjectsQuery, 'limit' | 'next'>) {
    const limit = Math.min(query.limit ?? DEFAULT_LIMIT, MAX_LIMIT);
    const after = query.next ? decodeCursor(query.next) : undefined;
    // One row more than asked tells whether there is more.
    const rows = await this.repo.page(actor, filter, after, limit + 1);
    const more = rows.length > limit;
    const shown = rows.slice(0, limit);
    const last = shown.at(-1);
    return { more, next: more && last ? encodeCursor(last) : undefined, rows: shown };
  }

  private scopeOf(actor: UserActor, kind: CollectionKind): Pick<VersionFilter, 'ownerOrgIds' | 'scopes'> {
    switch (kind) {
      case 'community':
        return { scopes: ['community', 'public'] };
      case 'myOrganisation':
        return { ownerOrgIds: actor.memberships.map((m) => m.orgId) };
    }
  }

  private kindOf(id: string): CollectionKind {
    const kind = (Object.keys(COLLECTIONS) as CollectionKind[]).find((k) => COLLECTIONS[k] === id);
    if (!kind) throw new AppError('NOT_FOUND', `no collection ${id}`);
    return kind;
  }

  private describe(actor: UserActor, kind: CollectionKind) {
    return {
      id: COLLECTIONS[kind],
      ...COLLECTION_INFO[kind],
      can_read: true,
      // Only the organisation collection takes objects, from those who may import a bundle for it.
      can_write: kind === 'myOrganisation' && taxiiWriterOrg(actor) !== undefined,
      media_types: [STIX_MEDIA_TYPE],
    };
  }
}
