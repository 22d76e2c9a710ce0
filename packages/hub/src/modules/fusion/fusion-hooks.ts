import type { Db } from '../../db/client.js';
import { IntelRepository, type StixObjectInsert } from '../intel/intel.repository.js';
import type { FusionIndexer } from './fusion.indexer.js';

/**
 * The STIX store's repository, indexing every group of objects it stores (bundle imports and TAXII adds both write
 * through `insertObjects`): the fusion index follows without the intel module knowing about it.
 */
export class IndexingIntelRepository extends IntelRepository {
  constructor(
    db: Db,
    private readonly fusion: FusionIndexer,
  ) {
    super(db);
  }

  override async insertObjects(importId: string, rows: StixObjectInsert[]): Promise<number> {
    const stored = await super.insertObjects(importId, rows);
    const imported = rows.filter((r) => typeof r.object.x_cynex_source !== 'string');
    await this.fusion.refreshQuietly(
      'stix',
      imported.map((r) => `${r.ownerOrgId}/${r.stixId}`),
    );
    return stored;
  }
}

/** Derived sets' kinds whose records have fusion rows of their own. */
const OWN_ROWS: Record<string, string | undefined> = { case: 'case', decoy: 'decoy_session' };

/** What follows a change of records that derived intelligence is made from: their own rows and their derived set's. */
export async function indexDerivedSources(fusion: FusionIndexer, kind: string, ids: readonly string[]): Promise<void> {
  const own = OWN_ROWS[kind];
  if (own) await fusion.refreshQuietly(own, ids);
  await fusion.refreshQuietly(
    'stix',
    ids.map((id) => `${kind}:${id}`),
  );
}
