import { AppError } from '../../errors.js';
import type { Actor, UserActor } from '../../platform/actor.js';
import { canWriteFor, writableOrgs } from '../../platform/policy.js';
import type { AuditService } from '../audit/audit.service.js';
import type { IntelService } from '../intel/intel.service.js';
import { importQuerySchema } from '../intel/intel.schema.js';
import type { OwnVersion, TaxiiStatusRow, TaxiiWriteRepository } from './taxii-write.repository.js';
import { COLLECTIONS } from './taxii.schema.js';
import type { TaxiiStatusDetail } from './taxii.table.js';

/** The organisation a TAXII write is for: the one the caller writes intel for (the bundle import's own rule). */
export function taxiiWriterOrg(actor: Actor): string | undefined {
  const writable = writableOrgs(actor);
  return writable.length === 1 && canWriteFor(actor, writable[0]!) ? writable[0] : undefined;
}

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

/**
 * TAXII 2.1 write side: add objects to the organisation collection through the intel import (one validator, one
 * sharing rule), status resources, and deleting the caller's own objects.
 */
export class TaxiiWriteService {
  constructor(
    private readonly repo: TaxiiWriteRepository,
    private readonly intel: IntelService,
    private readonly audit: AuditService,
  ) {}

  /** Adds an envelope's objects to a collection and returns the (complete) status resource. */
  async addObjects(actor: UserActor, collectionId: string, objects: readonly unknown[]) {
    this.writableCollection(collectionId);
    if (objects.length === 0) throw new AppError('BAD_REQUEST', 'the envelope has no objects');
    const requestTimestamp = new Date();
    const failed = new Map<number, string>();
    // The bundle import's defaults: owned by the caller's organisation, organisation scope, at most TLP:AMBER.
    const summary = await this.intel.importObjects(actor, importQuerySchema.parse({}), objects, (index, problems) =>
      failed.set(index, describeProblems(problems)),
    );
    if (summary.status !== 'complete') throw new Error(summary.error ?? 'the import stopped');
    const successes: TaxiiStatusDetail[] = [];
    const failures: TaxiiStatusDetail[] = [];
    objects.forEach((value, index) => {
      const detail = detailOf(value, requestTimestamp.toISOString());
      const message = failed.get(index);
      if (message === undefined) successes.push(detail);
      else failures.push({ ...detail, message });
    });
    const ownerOrgId = taxiiWriterOrg(actor);
    if (!ownerOrgId) throw new AppError('FORBIDDEN', 'you may not write intelligence for your organisation');
    const row = await this.repo.insertStatus({
      ownerOrgId,
      importId: summary.id,
      createdBy: actor.userId || null,
      status: 'complete',
      requestTimestamp,
      totalCount: objects.length,
      successCount: successes.length,
      failureCount: failures.length,
      pendingCount: 0,
      successes,
      failures,
      pendings: [],
    });
    return present(row);
  }

  /** A status resource, to members of the organisation that sent the request; 404 to everyone else. */
  async status(actor: UserActor, id: string) {
    const row = await this.repo.status(
      id,
      actor.memberships.map((m) => m.orgId),
    );
    if (!row) throw new AppError('NOT_FOUND', 'no such status for you');
    return present(row);
  }

  /** Deletes versions of one of the caller organisation's own objects; others' copies stay, and stay unnamed. */
  async deleteObject(actor: UserActor, collectionId: string, stixId: string, versions: string[] | undefined) {
    this.writableCollection(collectionId);
    const orgId = taxiiWriterOrg(actor);
    if (!orgId) throw new AppError('FORBIDDEN', 'you may not write intelligence for your organisation');
    const chosen = chosenVersions(await this.repo.ownVersions(stixId, [orgId]), versions);
    if (chosen.length === 0) throw new AppError('NOT_FOUND', 'no such object in this collection for you');
    const deleted = await this.repo.deleteVersions(chosen.map((v) => v.rowId));
    await this.audit.record(actor, {
      action: 'intel.delete',
      targetType: 'stix_object',
      targetId: stixId,
      orgId,
      details: { versions: [...new Set(chosen.map((v) => v.version))], deleted, via: 'taxii' },
    });
  }

  private writableCollection(collectionId: string): void {
    if (collectionId === COLLECTIONS.myOrganisation) return;
    if (collectionId === COLLECTIONS.community) {
      throw new AppError('FORBIDDEN', 'the community collection is read-only: add objects to your organisation');
    }
    throw new AppError('NOT_FOUND', `no collection ${collectionId}`);
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
