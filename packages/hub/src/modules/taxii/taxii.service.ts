import { AppError } from '../../errors.js';
import type { Actor, UserActor } from '../../platform/actor.js';
import { decodeCursor, encodeCursor } from './taxii-cursor.js';
import type { CollectionDef, TaxiiRoots } from './taxii-roots.js';
import type { TaxiiRepository, TaxiiRow, VersionFilter } from './taxii.repository.js';
import { DEFAULT_LIMIT, MAX_LIMIT, STIX_MEDIA_TYPE, TAXII_MEDIA_TYPE, type ObjectsQuery } from './taxii.schema.js';

/** The largest request body the API root takes (an add-objects envelope); larger ones get 413. */
export const MAX_CONTENT_LENGTH = 64 * 1024 * 1024;

/** One page of versions and where the next page starts. */
export interface TaxiiPage {
  more: boolean;
  next: string | undefined;
  rows: TaxiiRow[];
}

const split = (value: string | undefined) => value?.split(',');

/** TAXII 2.1 read side: discovery, the API roots, their collections and their objects. */
export class TaxiiService {
  constructor(
    private readonly repo: TaxiiRepository,
    private readonly roots: TaxiiRoots,
  ) {}

  /** Discovery: the community root (the default) and the roots of the caller's organisations. */
  async discovery(actor: UserActor, prefix: string) {
    const roots = (await this.roots.listed(actor)).map((root) => `${prefix}/${root.name}/`);
    return {
      title: 'cynex TAXII',
      description: 'STIX 2.1 threat intelligence shared through the cynex hub.',
      default: roots[0],
      api_roots: roots,
    };
  }

  async apiRoot(actor: UserActor, rootName: string) {
    const { org } = await this.roots.root(actor, rootName);
    return {
      title: org ? `cynex ${org.nameEn}` : 'cynex community',
      description: org
        ? `The API root of ${org.nameEn}: its objects by sharing scope.`
        : 'The cynex community API root: collections by sharing scope.',
      versions: [TAXII_MEDIA_TYPE],
      max_content_length: MAX_CONTENT_LENGTH,
    };
  }

  async collections(actor: UserActor, rootName: string) {
    return { collections: (await this.roots.collections(actor, rootName)).map(describe) };
  }

  async collection(actor: UserActor, rootName: string, id: string) {
    return describe(await this.roots.collection(actor, rootName, id));
  }

  /** Object versions of a collection, filtered as TAXII's match[…] and added_after ask. */
  async objects(
    actor: UserActor,
    rootName: string,
    collectionId: string,
    query: ObjectsQuery,
    objectId?: string,
  ): Promise<TaxiiPage> {
    const filter: VersionFilter = {
      ...(await this.roots.collection(actor, rootName, collectionId)).filter,
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
    rootName: string,
    collectionId: string,
    objectId: string,
    query: Pick<ObjectsQuery, 'added_after' | 'limit' | 'next' | 'match[spec_version]'>,
  ): Promise<TaxiiPage> {
    return this.objects(actor, rootName, collectionId, { ...query, 'match[version]': 'all' }, objectId);
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
}

function describe(collection: CollectionDef) {
  return {
    id: collection.id,
    title: collection.title,
    description: collection.description,
    can_read: true,
    can_write: collection.write !== undefined,
    media_types: [STIX_MEDIA_TYPE],
  };
}
