import type { FastifyInstance } from 'fastify';
import type { Db } from '../../db/client.js';
import type { AuditService } from '../audit/audit.service.js';
import type { IntelService } from '../intel/intel.service.js';
import { TaxiiWriteRepository } from './taxii-write.repository.js';
import { TaxiiWriteService } from './taxii-write.service.js';
import { TaxiiRepository } from './taxii.repository.js';
import { taxiiRoutes, type TokenVerifier } from './taxii.routes.js';
import { TaxiiService } from './taxii.service.js';

/** The TAXII 2.1 server over the STIX store: builds its services and registers its routes. */
export async function taxiiModule(
  app: FastifyInstance,
  deps: { db: Db; tokens: TokenVerifier; intel: IntelService; audit: AuditService },
): Promise<void> {
  const write = new TaxiiWriteService(new TaxiiWriteRepository(deps.db), deps.intel, deps.audit);
  await taxiiRoutes(app, new TaxiiService(new TaxiiRepository(deps.db)), write, deps.tokens);
}
