import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import type { DecoyCaptureResult, DecoyEventBatch, DecoyRecordingBatch, DecoyUploadResult } from '@cynex/core';
import { AppError, type FieldProblem } from '../../errors.js';
import type { Actor } from '../../platform/actor.js';
import type { BlobStore } from '../../platform/blob-store.js';
import { assertSensorUpload } from '../telescope/sensor-upload.js';
import type { DecoyIngestRepository, SessionOwnership } from './decoy-ingest.repository.js';
import type { DecoyStatusBody } from './decoy.schema.js';

/** Told after commit which sessions changed (the analysis worker re-reads them); never fails an upload. */
export type SessionsChanged = (sessionIds: string[]) => void | Promise<void>;

export interface IngestLog {
  warn(details: object, message: string): void;
}

type World = Awaited<ReturnType<DecoyIngestRepository['worldsOf']>>[number];

/** What a session first seen now copies from its world: the borrower owns it while the world is lent. */
export function ownershipOf(world: World): SessionOwnership {
  if (!world.lentToOrgId) {
    return {
      ownerOrgId: world.ownerOrgId,
      scope: world.scope,
      marking: world.marking,
      sharingGroupId: world.sharingGroupId,
    };
  }
  // The lender's sharing group means nothing to the borrower: a group-scoped world lends organisation-scoped.
  const scope = world.scope === 'sharing_group' ? 'organisation' : world.scope;
  return { ownerOrgId: world.lentToOrgId, scope, marking: world.marking, sharingGroupId: null };
}

/** The country (ISO code) of a source address, or null when unknown or private. */
export type CountryOf = (address: string) => string | null;

/** Finds the country resolver when first needed (the geolocation tables load once, off the start-up path). */
export type CountryLookup = () => Promise<CountryOf>;

const NO_COUNTRY: CountryOf = () => null;

/**
 * The sensor-facing side: events, recordings, status and captured files from decoy sensors, each upload
 * idempotent, each refused unless it comes from the sensor it names (or, during the transition, a platform admin).
 */
export class DecoyIngestService {
  constructor(
    private readonly repo: DecoyIngestRepository,
    private readonly blobs: BlobStore,
    private readonly onSessionsChanged: SessionsChanged = () => undefined,
    private readonly log?: IngestLog,
    private readonly countries: CountryLookup = () => Promise.resolve(NO_COUNTRY),
  ) {}

  /** Events of worlds not assigned to the sensor are refused, naming the first event of each such world. */
  private async assignedWorlds(sensorId: string, named: { world: string; path: string }[]) {
    const ids = [...new Set(named.map((n) => n.world))];
    const worlds = ids.length === 0 ? [] : await this.repo.worldsOf(sensorId, ids);
    const known = new Map(worlds.map((w) => [w.id, w]));
    const problems: FieldProblem[] = [];
    const reported = new Set<string>();
    for (const { world, path } of named) {
      if (known.has(world) || reported.has(world)) continue;
      reported.add(world);
      problems.push({ path, message: `world ${world} is not assigned to sensor ${sensorId}` });
    }
    if (problems.length > 0) {
      throw new AppError('VALIDATION_FAILED', `the batch names worlds not assigned to sensor ${sensorId}`, {
        fields: problems,
      });
    }
    return known;
  }

  async ingestEvents(actor: Actor, batch: DecoyEventBatch): Promise<DecoyUploadResult> {
    assertSensorUpload(actor, 'decoy', batch.sensorId);
    if (batch.events.length === 0) return { accepted: 0, duplicates: 0 };
    const worlds = await this.assignedWorlds(
      batch.sensorId,
      batch.events.map((e, i) => ({ world: e.world, path: `events.${i}.world` })),
    );
    const ownership = new Map([...worlds].map(([id, w]) => [id, ownershipOf(w)]));
    const countryOf = await this.countries();
    const countries = new Map<string, string | null>();
    for (const { src } of batch.events) if (!countries.has(src.ip)) countries.set(src.ip, countryOf(src.ip));
    const { inserted, sessionIds } = await this.repo.ingestEvents(
      batch.sensorId,
      batch.events,
      ownership,
      Object.fromEntries(countries),
    );
    if (sessionIds.length > 0) this.notify(sessionIds);
    return { accepted: inserted, duplicates: batch.events.length - inserted };
  }

  /** The hook runs after commit; its failure is logged, never the upload's. */
  private notify(sessionIds: string[]): void {
    try {
      Promise.resolve(this.onSessionsChanged(sessionIds)).catch((error: unknown) =>
        this.log?.warn({ err: String(error) }, 'decoy: the sessions-changed hook failed'),
      );
    } catch (error) {
      this.log?.warn({ err: String(error) }, 'decoy: the sessions-changed hook failed');
    }
  }

  async ingestRecordings(actor: Actor, batch: DecoyRecordingBatch): Promise<DecoyUploadResult> {
    assertSensorUpload(actor, 'decoy', batch.sensorId);
    if (batch.chunks.length === 0) return { accepted: 0, duplicates: 0 };
    await this.assignedWorlds(
      batch.sensorId,
      batch.chunks.map((c, i) => ({ world: c.world, path: `chunks.${i}.world` })),
    );
    const accepted = await this.repo.insertChunks(
      batch.sensorId,
      batch.chunks.map((c) => ({
        world: c.world,
        session: c.session,
        seq: c.seq,
        header: c.header ?? null,
        lines: c.lines,
        final: c.final,
      })),
    );
    return { accepted, duplicates: batch.chunks.length - accepted };
  }

  async recordStatus(actor: Actor, sensorId: string, status: DecoyStatusBody): Promise<void> {
    assertSensorUpload(actor, 'decoy', sensorId);
    if (status.sensorId !== sensorId) {
      throw new AppError('VALIDATION_FAILED', 'the status names another sensor', {
        fields: [{ path: 'sensorId', message: `expected ${sensorId}` }],
      });
    }
    await this.repo.upsertStatus({
      sensorId,
      version: status.version,
      spooled: status.spooled,
      dropped: status.dropped ?? 0,
      rejected: status.rejected ?? 0,
      worlds: status.worlds,
    });
  }

  /** Stores a captured file under its SHA-256 after checking the bytes hash to it; nothing ever runs it. */
  async storeCapture(actor: Actor, sha256: string, bytes: Buffer): Promise<DecoyCaptureResult> {
    assertSensorUpload(actor, 'decoy');
    const actual = createHash('sha256').update(bytes).digest('hex');
    if (actual !== sha256) {
      throw new AppError('VALIDATION_FAILED', 'the bytes do not hash to the SHA-256 in the URL', {
        fields: [{ path: 'sha256', message: `the body hashes to ${actual}` }],
      });
    }
    const blob = await this.blobs.put(Readable.from([bytes]));
    if (!blob || blob.sha256 !== sha256) throw new AppError('INTERNAL', 'the capture could not be stored');
    const created = await this.repo.insertCapture({ sha256, size: bytes.length, blobKey: sha256 });
    return { sha256, size: bytes.length, created };
  }
}
