import type { BlobStore } from '../../platform/blob-store.js';
import type { HousekeepingRepository } from './housekeeping.repository.js';

export interface HousekeepingReport {
  sessions: number;
  throttle: number;
  links: number;
  deliveries: number;
  blobs: number;
}

/** Throttle counters are kept this long after their window started (longest window: 15 minutes). */
const THROTTLE_KEEP_SECONDS = 3600;
/** Used or expired one-time links stay listed (invitations) this long. */
const LINK_KEEP_DAYS = 30;
/** A file nothing points at is kept this long after it was written, so an upload in flight is never lost. */
const BLOB_GRACE_MS = 3600_000;
const BLOB_BATCH = 500;
/** Delivered alert e-mail and webhooks stay listed for the organisation's admins this long; dead ones longer. */
const DELIVERED_KEEP_DAYS = 30;
const DEAD_KEEP_DAYS = 90;

/**
 * Deletes what nobody can use any more: expired sessions, stale sign-in and self-check counters (anonymous callers
 * can grow those tables), old one-time links, settled deliveries, and stored files no record points at (a deleted case's samples).
 * Safe to run in several hub processes at once: every step is an idempotent delete.
 */
export class HousekeepingService {
  constructor(
    private readonly repo: HousekeepingRepository,
    private readonly blobs: BlobStore,
    private readonly now: () => number = Date.now,
  ) {}

  async run(): Promise<HousekeepingReport> {
    return {
      sessions: await this.repo.purgeSessions(),
      throttle: await this.repo.purgeThrottle(THROTTLE_KEEP_SECONDS),
      links: await this.repo.purgeLinks(LINK_KEEP_DAYS),
      deliveries: await this.repo.purgeDeliveries(DELIVERED_KEEP_DAYS, DEAD_KEEP_DAYS),
      blobs: await this.collectBlobs(),
    };
  }

  private async collectBlobs(): Promise<number> {
    let removed = 0;
    let batch: string[] = [];
    const sweep = async () => {
      const referenced = await this.repo.referencedBlobs(batch);
      for (const sha256 of batch) {
        if (referenced.has(sha256)) continue;
        await this.blobs.remove(sha256);
        removed += 1;
      }
      batch = [];
    };
    for await (const blob of this.blobs.list()) {
      if (this.now() - blob.modifiedAt.getTime() < BLOB_GRACE_MS) continue;
      batch.push(blob.sha256);
      if (batch.length >= BLOB_BATCH) await sweep();
    }
    if (batch.length > 0) await sweep();
    return removed;
  }
}
