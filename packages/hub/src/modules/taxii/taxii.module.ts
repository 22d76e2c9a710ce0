import type { FastifyInstance } from 'fastify';
import type { Db } from '../../db/client.js';
import type { AuditService } from '../audit/audit.service.js';
import type { IntelService } from '../intel/intel.service.js';
import { TaxiiRootsRepository } from './taxii-roots.repository.js';
import { TaxiiRoots } from './taxii-roots.js';
import { TaxiiWriteRepository } from './taxii-write.repository.js';
import { TaxiiWriteService } from './taxii-write.service.js';
import { TaxiiRepository } from './taxii.repository.js';
import { taxiiRoutes, type TokenVerifier } from './taxii.routes.js';
import { TaxiiService } from './taxii.service.js';

/** How often statuses left pending by a stopped hub are looked for. */
const EXPIRY_INTERVAL_MS = 60_000;

/**
 * The TAXII 2.1 server over the STIX store: builds its services and registers its routes. Statuses left pending
 * by a hub that stopped mid-import are closed by a periodic pass (any instance may run it); on close, background
 * imports finish before the database goes.
 */
export async function taxiiModule(
  app: FastifyInstance,
  deps: { db: Db; tokens: TokenVerifier; intel: IntelService; audit: AuditService; pendingThreshold?: number },
): Promise<TaxiiWriteService> {
  const roots = new TaxiiRoots(new TaxiiRootsRepository(deps.db));
  const write = new TaxiiWriteService(
    new TaxiiWriteRepository(deps.db),
    roots,
    deps.intel,
    deps.audit,
    (error, message) => app.log.warn({ err: error }, message),
    deps.pendingThreshold,
  );
  await taxiiRoutes(app, new TaxiiService(new TaxiiRepository(deps.db), roots), write, deps.tokens);
  const expire = () =>
    write.expireStale().then(
      (closed) => closed > 0 && app.log.info({ closed }, 'interrupted TAXII imports closed'),
      (error: unknown) => app.log.warn({ err: error }, 'closing interrupted TAXII imports failed'),
    );
  const timer = setInterval(() => void expire(), EXPIRY_INTERVAL_MS).unref();
  app.addHook('onReady', async () => {
    await expire();
  });
  app.addHook('onClose', async () => {
    clearInterval(timer);
    await write.drain();
  });
  return write;
}
