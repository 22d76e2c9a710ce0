import type { FastifyInstance } from 'fastify';
import type { KeyMaker } from '@cynex/sensor';
import type { Db } from '../../db/client.js';
import type { BlobStore } from '../../platform/blob-store.js';
import type { AuditService } from '../audit/audit.service.js';
import type { LegacyUploadWarnings } from '../telescope/legacy-upload-warnings.js';
import { DecoyIngestRepository } from './decoy-ingest.repository.js';
import {
  DecoyIngestService,
  type CountryLookup,
  type IngestLog,
  type SessionsChanged,
} from './decoy-ingest.service.js';
import { DECOY_CAPTURE_LIMIT_BYTES, decoySensorRoutes } from './decoy-sensor.routes.js';
import { DecoySessionsRepository } from './decoy-sessions.repository.js';
import { decoySessionsRoutes } from './decoy-sessions.routes.js';
import { DecoySessionsService } from './decoy-sessions.service.js';
import { DecoyWorldsRepository } from './decoy-worlds.repository.js';
import { decoyWorldsRoutes } from './decoy-worlds.routes.js';
import { DecoyWorldsService } from './decoy-worlds.service.js';

export interface DecoyServices {
  worlds: DecoyWorldsService;
  ingest: DecoyIngestService;
  sessions: DecoySessionsService;
}

/**
 * Wires the decoy module. `onSessionsChanged` is the analysis worker's nudge (sessions to re-read after an
 * upload committed); it never fails an upload.
 */
export function createDecoyServices(
  db: Db,
  deps: {
    audit: AuditService;
    blobs: BlobStore;
    onSessionsChanged?: SessionsChanged | undefined;
    log?: IngestLog | undefined;
    keyMaker?: KeyMaker | undefined;
    /** Source countries for sessions (default: the bundled ip-location-db data, loaded at the first upload). */
    countries?: CountryLookup | undefined;
  },
): DecoyServices {
  return {
    worlds: new DecoyWorldsService(new DecoyWorldsRepository(db), deps.audit, {
      ...(deps.keyMaker ? { keyMaker: deps.keyMaker } : {}),
    }),
    ingest: new DecoyIngestService(
      new DecoyIngestRepository(db),
      deps.blobs,
      deps.onSessionsChanged,
      deps.log,
      deps.countries ?? bundledCountries(deps.log),
    ),
    sessions: new DecoySessionsService(new DecoySessionsRepository(db), deps.blobs),
  };
}

/** Registers every decoy route; the sensor-facing ones in their own scope (for the octet-stream parser). */
export async function decoyRoutes(
  app: FastifyInstance,
  decoy: DecoyServices,
  options: { legacyUploads: LegacyUploadWarnings; captureLimitBytes?: number | undefined },
): Promise<void> {
  await app.register(async (scope) =>
    decoySensorRoutes(scope, {
      ingest: decoy.ingest,
      worlds: decoy.worlds,
      legacyUploads: options.legacyUploads,
      captureLimitBytes: options.captureLimitBytes ?? DECOY_CAPTURE_LIMIT_BYTES,
    }),
  );
  decoyWorldsRoutes(app, decoy.worlds);
  decoySessionsRoutes(app, decoy.sessions);
}

/**
 * Countries from the geolocation data the telescope uses (ip-location-db, CC0), loaded once at the first upload;
 * without the data every country is unknown and the hub says so once.
 */
function bundledCountries(log: IngestLog | undefined): CountryLookup {
  let loading: Promise<(address: string) => string | null> | undefined;
  return () =>
    (loading ??= import('@cynex/telescope').then(async ({ IpLocationGeo, countryOf }) => {
      try {
        const geo = await IpLocationGeo.load();
        return (address: string) => countryOf(geo, address);
      } catch (error) {
        log?.warn({ err: String(error) }, 'decoy: no geolocation data, session countries stay unknown');
        return () => null;
      }
    }));
}
