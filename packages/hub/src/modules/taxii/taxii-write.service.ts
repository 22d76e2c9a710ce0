import { AppError } from '../../errors.js';
import type { UserActor } from '../../platform/actor.js';
import { canWriteFor } from '../../platform/policy.js';
import type { AuditService } from '../audit/audit.service.js';
import type { ImportSummary, IntelService } from '../intel/intel.service.js';
import { importQuerySchema } from '../intel/intel.schema.js';
import { type CollectionDef, type TaxiiRoots, type WriteTarget } from './taxii-roots.js';
import type { OwnVersion, TaxiiStatusRow, TaxiiWriteRepository } from './taxii-write.repository.js';
import { COLLECTIONS } from './taxii.schema.js';
import type { TaxiiStatusDetail } from './taxii.table.js';

const text = (value: unknown) => (typeof value === 'string' ? value : undefined);

/** What a status resource names an object by: its id and version (modified, else created, else the request time). */
function detailOf(value: unknown, fallbackVersion: string): TaxiiStatusDetail {
  const object = value && typeof value === 'object' ? (value as Record<string, unknown>) : {};
  return {
    id: text(object.id) ?? '',
    version: text(object.modified) ?? text(object.created) ?? fallbackVersion,
  };
}

const describeProblems = (problems: { path: string; message: string }[]) =>
  problems.map((p) => (p.path ? `${p.path}: ${p.message}` : p.message)).join('; ');

/** Which of an object's own versions a DELETE's match[version] names (all of them when it names nothing). */
function chosenVersions(own: OwnVersion[], wanted: string[] | undefined): OwnVersion[] {
  if (!wanted || wanted.includes('all')) return own;
  const sorted = [...new Set(own.map((v) => v.version))].sort();
  const keep = new Set<string>();
  for (const item of wanted) {
    if (item === 'last' && sorted.length > 0) keep.add(sorted.at(-1)!);
    else if (item === 'first' && sorted.length > 0) keep.add(sorted[0]!);
    else {
      const at = Date.parse(item);
      for (const version of sorted) if (version && Date.parse(version) === at) keep.add(version);
    }
  }
  return own.filter((v) => keep.has(v.version));
}

/** Envelopes with more objects than this are answered at once with a pending status and imported in the background. */
export const PENDING_THRESHOLD = 500;
/** A status still pending this long after its request was interrupted (its hub stopped): no envelope takes so long. */
export const STALE_PENDING_MS = 10 * 60_000;
export const INTERRUPTED = 'import interrupted; send again';

/**
 * TAXII 2.1 write side: add objects to a collection through the intel import (one validator, one sharing rule),
 * status resources (pending while a large envelope is imported in the background, then complete), and deleting
 * an organisation's own objects.
 */
export class TaxiiWriteService {
  private readonly running = new Set<Promise<void>>();

  constructor(
    private readonly repo: TaxiiWriteRepository,
    private readonly roots: TaxiiRoots,
    private readonly intel: IntelService,
    private readonly audit: AuditService,
    private readonly log: (error: unknown, message: string) => void = () => undefined,
    private readonly pendingThreshold = PENDING_THRESHOLD,
  ) {}

  /**
   * Adds an envelope's objects to a collection, with the collection's owner, scope and sharing group. Returns the
   * status resource: complete for a small envelope, pending for a large one (poll it until it is complete).
   */
  async addObjects(actor: UserActor, rootName: string, collectionId: string, objects: readonly unknown[]) {
    const target = await this.writeTarget(actor, rootName, collectionId);
    if (objects.length === 0) throw new AppError('BAD_REQUEST', 'the envelope has no objects');
    const requestTimestamp = new Date();
    const details = objects.map((value) => detailOf(value, requestTimestamp.toISOString()));
    const row = await this.repo.insertStatus({
      ownerOrgId: target.ownerOrgId,
      createdBy: actor.userId || null,
      status: 'pending',
      requestTimestamp,
      totalCount: objects.length,
      successCount: 0,
      failureCount: 0,
      pendingCount: objects.length,
      successes: [],
      failures: [],
      // Kept so that a status whose import was interrupted can name what is missing.
      pendings: details,
    });
    const run = this.runImport(actor, target, objects, details, row.id);
    if (objects.length <= this.pendingThreshold) {
      await run;
      return this.statusOf(actor, row.id);
    }
    // Answered now; the import goes on after the response, and the status follows it.
    const tracked = run
      .catch((error: unknown) => this.log(error, 'TAXII background import failed'))
      .finally(() => this.running.delete(tracked));
    this.running.add(tracked);
    return present(row);
  }

  /** Waits for background imports (the hub is closing). */
  async drain(): Promise<void> {
    await Promise.allSettled([...this.running]);
  }

  /**
   * Statuses left pending by a hub that stopped mid-import (any instance): complete, the objects not yet
   * imported as failures that say to send them again. Returns how many were closed.
   */
  async expireStale(now = new Date()): Promise<number> {
    const stale = await this.repo.stalePending(new Date(now.getTime() - STALE_PENDING_MS));
    for (const row of stale) {
      const missing = row.pendings
        .slice(row.totalCount - row.pendingCount)
        .map((d) => ({ ...d, message: INTERRUPTED }));
      await this.repo.finishStatus(row.id, {
        status: 'complete',
        failureCount: row.failureCount + row.pendingCount,
        pendingCount: 0,
        failures: [...row.failures, ...missing],
        pendings: [],
      });
    }
    return stale.length;
  }

  /** A status resource, to members of the organisation that sent the request; 404 to everyone else. */
  async status(actor: UserActor, rootName: string, id: string) {
    await this.roots.root(actor, rootName);
    return this.statusOf(actor, id);
  }

  private async statusOf(actor: UserActor, id: string) {
    const row = await this.repo.status(
      id,
      actor.memberships.map((m) => m.orgId),
    );
    if (!row) throw new AppError('NOT_FOUND', 'no such status for you');
    return present(row);
  }

  /**
   * Deletes versions of the writing organisation's own object in a collection; others' copies stay, and stay
   * unnamed. Objects derived from cases and decoys are refused: they are regenerated from their source.
   */
  async deleteObject(
    actor: UserActor,
    rootName: string,
    collectionId: string,
    stixId: string,
    versions: string[] | undefined,
  ) {
    const collection = await this.roots.collection(actor, rootName, collectionId);
    const target = this.targetOf(collection);
    const { scopes, sharingGroupIds } = collection.filter;
    const own = await this.repo.ownVersions(stixId, [target.ownerOrgId], scopes, sharingGroupIds);
    const chosen = chosenVersions(own, versions);
    if (chosen.length === 0) throw new AppError('NOT_FOUND', 'no such object in this collection for you');
    if (chosen.some((v) => v.derived)) {
      throw new AppError(
        'FORBIDDEN',
        'this object is derived from a case or decoy record and is regenerated whenever its source changes: ' +
          'change or delete the source record instead',
      );
    }
    const deleted = await this.repo.deleteVersions(chosen.map((v) => v.rowId));
    await this.audit.record(actor, {
      action: 'intel.delete',
      targetType: 'stix_object',
      targetId: stixId,
      orgId: target.ownerOrgId,
      details: { versions: [...new Set(chosen.map((v) => v.version))], deleted, via: 'taxii' },
    });
  }

  private async writeTarget(actor: UserActor, rootName: string, collectionId: string): Promise<WriteTarget> {
    const target = this.targetOf(await this.roots.collection(actor, rootName, collectionId));
    if (!canWriteFor(actor, target.ownerOrgId)) {
      throw new AppError('FORBIDDEN', 'you may not write intelligence for this organisation');
    }
    return target;
  }

  private targetOf(collection: CollectionDef): WriteTarget {
    if (collection.write) return collection.write;
    throw new AppError(
      'FORBIDDEN',
      collection.id === COLLECTIONS.community
        ? 'the community collection is read-only: add objects to your organisation'
        : 'this collection is read-only for you',
    );
  }

  /** Imports the objects and keeps the status resource up to date as groups of them are stored. */
  private async runImport(
    actor: UserActor,
    target: WriteTarget,
    objects: readonly unknown[],
    details: TaxiiStatusDetail[],
    statusId: string,
  ): Promise<void> {
    const failed = new Map<number, string>();
    let progress: Promise<unknown> = Promise.resolve();
    // At most TLP:AMBER (the bundle import's default); an object's own stricter marking is kept.
    const options = importQuerySchema.parse({
      ownerOrgId: target.ownerOrgId,
      scope: target.scope,
      sharingGroupId: target.sharingGroupId,
    });
    let summary: ImportSummary | undefined;
    let error: string | undefined;
    try {
      summary = await this.intel.importObjects(
        actor,
        options,
        objects,
        (index, problems) => failed.set(index, describeProblems(problems)),
        (now) => {
          const counts = {
            successCount: now.objects - now.invalid,
            failureCount: now.invalid,
            pendingCount: objects.length - now.objects,
          };
          progress = progress.then(() => this.repo.progress(statusId, counts));
        },
      );
      if (summary.status !== 'complete') error = summary.error ?? 'the import stopped';
    } catch (thrown) {
      error = thrown instanceof AppError ? thrown.message : 'the import stopped';
      if (!(thrown instanceof AppError)) this.log(thrown, 'TAXII import failed');
    }
    await progress.catch(() => undefined);
    const successes: TaxiiStatusDetail[] = [];
    const failures: TaxiiStatusDetail[] = [];
    details.forEach((detail, index) => {
      const message = failed.get(index) ?? (error && index >= (summary?.objects ?? 0) ? error : undefined);
      if (message === undefined) successes.push(detail);
      else failures.push({ ...detail, message });
    });
    await this.repo.finishStatus(statusId, {
      status: 'complete',
      importId: summary?.id ?? null,
      successCount: successes.length,
      failureCount: failures.length,
      pendingCount: 0,
      successes,
      failures,
      pendings: [],
    });
  }
}

function present(row: TaxiiStatusRow) {
  return {
    id: row.id,
    status: row.status,
    request_timestamp: row.requestTimestamp.toISOString(),
    total_count: row.totalCount,
    success_count: row.successCount,
    successes: row.successes,
    failure_count: row.failureCount,
    failures: row.failures,
    pending_count: row.pendingCount,
    pendings: row.pendings,
  };
}
