import type { Db } from '../../db/client.js';
import type { WorkerLog } from '../deliveries/delivery-worker.js';
import { CaseFusionSource } from './case.fusion-source.js';
import { DecoySessionFusionSource } from './decoy.fusion-source.js';
import { FusionIndexer } from './fusion.indexer.js';
import { FusionRepository } from './fusion.repository.js';
import { FusionService } from './fusion.service.js';
import { StixFusionSource } from './stix.fusion-source.js';
import { TelescopeDosFusionSource, TelescopeSourceFusionSource } from './telescope.fusion-source.js';

/** The fusion index with every source it is made from, and the lookups over it. */
export function createFusion(db: Db, log?: WorkerLog, onIndexed?: () => void) {
  const repo = new FusionRepository(db);
  const indexer = new FusionIndexer(
    repo,
    [
      new CaseFusionSource(db),
      new StixFusionSource(db),
      new TelescopeSourceFusionSource(db),
      new TelescopeDosFusionSource(db),
      new DecoySessionFusionSource(db),
    ],
    log,
    onIndexed,
  );
  return { indexer, service: new FusionService(repo) };
}
