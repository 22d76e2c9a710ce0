import type { FastifyInstance } from 'fastify';
import type { Db } from '../../db/client.js';
import { TaxiiRepository } from './taxii.repository.js';
import { taxiiRoutes, type TokenVerifier } from './taxii.routes.js';
import { TaxiiService } from './taxii.service.js';

/** The TAXII 2.1 server over the STIX store: builds its service and registers its routes. */
export async function taxiiModule(app: FastifyInstance, deps: { db: Db; tokens: TokenVerifier }): Promise<void> {
  await taxiiRoutes(app, new TaxiiService(new TaxiiRepository(deps.db)), deps.tokens);
}
