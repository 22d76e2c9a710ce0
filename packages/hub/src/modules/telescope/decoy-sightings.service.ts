import type { DecoySighting, DecoySightingBatch } from '@cynex/core';
import { AppError, type FieldProblem } from '../../errors.js';
import type { Actor } from '../../platform/actor.js';
import { canonicalIp } from './ip-address.js';
import { assertSensorUpload } from './sensor-upload.js';
import type { HostDay } from './telescope-batch.js';
import type { DecoySightingInsert, TelescopeRepository } from './telescope.repository.js';

export interface DecoySightingCounts {
  /** Sightings stored (new or updated). */
  sightings: number;
  /** Distinct hosts among them. */
  hosts: number;
  /** Member alerts the batch matched (opened, extended or unchanged). */
  alerts: number;
}

/** A sighting as stored: the key namespaced by the sensor, the service and summary kept in its details. */
function toInsert(sensorId: string, s: DecoySighting, host: string): DecoySightingInsert {
  const firstSeen = new Date(s.firstSeen);
  return {
    key: `${sensorId}:${s.key}`,
    host,
    sensorId,
    environmentCode: s.environmentCode ?? '',
    kind: s.kind,
    port: s.port,
    firstSeen,
    lastSeen: s.lastSeen ? new Date(s.lastSeen) : firstSeen,
    count: s.count,
    details: { ...(s.service && { service: s.service }), ...(s.summary && { summary: s.summary }) },
  };
}

/**
 * Decoy sightings from the deception sensors: stored under each sensor's own keys (a retried upload updates
 * rather than adds), then the member alerts of their hosts are recomputed once per batch, so an organisation
 * hears once about a batch however many of its hosts it names.
 */
export class DecoySightingsService {
  constructor(
    private readonly repo: Pick<TelescopeRepository, 'upsertDecoySighting'>,
    /** Member alerts for the (host, UTC day of first sighting) pairs; returns how many alerts they matched. */
    private readonly onRecorded: (hostDays: HostDay[]) => Promise<number> = async () => 0,
  ) {}

  /**
   * As for darknet batches: a sensor with a decoy credential for its own sensor id (or, during the transition, a
   * platform admin); 401 for anonymous callers, 403 for the rest.
   */
  assertUploader(actor: Actor, sensorId?: string): void {
    assertSensorUpload(actor, 'decoy', sensorId);
  }

  async record(actor: Actor, batch: DecoySightingBatch): Promise<DecoySightingCounts> {
    this.assertUploader(actor, batch.sensorId);
    const hosts = batch.sightings.map((s) => canonicalIp(s.host));
    const bad: FieldProblem[] = hosts.flatMap((host, i) =>
      host ? [] : [{ path: `sightings.${i}.host`, message: 'an IPv4 or IPv6 address' }],
    );
    if (bad.length > 0) throw new AppError('VALIDATION_FAILED', 'a host is not an IP address', { fields: bad });
    const rows = batch.sightings.map((s, i) => toInsert(batch.sensorId, s, hosts[i]!));
    for (const row of rows) await this.repo.upsertDecoySighting(row);
    const pairs = new Map<string, HostDay>();
    for (const { host, firstSeen } of rows) {
      const day = firstSeen.toISOString().slice(0, 10);
      pairs.set(`${host} ${day}`, { host, day });
    }
    const alerts = await this.onRecorded([...pairs.values()]);
    return { sightings: rows.length, hosts: new Set(rows.map((r) => r.host)).size, alerts };
  }
}
