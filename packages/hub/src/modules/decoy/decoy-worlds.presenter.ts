import type { World } from '@cynex/sensor';
import type { SensorStatusRow, WorldRow } from './decoy-worlds.repository.js';

/** A sensor that has not reported for this long no longer tells the state of its worlds. */
export const STATUS_STALE_MS = 5 * 60_000;

export type WorldState = 'starting' | 'running' | 'stopped' | 'failed' | 'unknown';

/** The state the world's sensor last reported, reconciled with what the hub asks of it. */
export function stateOf(
  row: WorldRow,
  status: SensorStatusRow | undefined,
  now: number,
): { state: WorldState; error: string | null; listening: { service: string; host: string; port: number }[] } {
  const reported = status?.worlds.find((w) => w.worldId === row.id);
  if (!status || now - status.reportedAt.getTime() > STATUS_STALE_MS || !reported) {
    return { state: row.desired === 'stopped' && status ? 'stopped' : 'unknown', error: null, listening: [] };
  }
  const current = reported.revision === row.revision && reported.resetGeneration === row.resetGeneration;
  let state: WorldState = reported.state;
  // The sensor has not yet picked up the latest edit, reset or start.
  if (!current && row.desired === 'running' && reported.state !== 'failed') state = 'starting';
  return { state, error: reported.error ?? null, listening: reported.listening };
}

/**
 * A world as users see it. Never the host keys: they go to the world's own sensor and nowhere else. The
 * definition holds the planted credentials, so it is added by the service for platform admins only.
 */
export function presentWorld(
  row: WorldRow,
  extra: {
    status: SensorStatusRow | undefined;
    sessions: { total: number; live: number; lastEventAt: Date | null } | undefined;
    lentToName: string | undefined;
    now: number;
  },
) {
  const { state, error, listening } = stateOf(row, extra.status, extra.now);
  return {
    id: row.id,
    name: { ja: row.nameJa, en: row.nameEn },
    domain: row.domain,
    sector: row.sector,
    lang: row.lang,
    kind: row.kind,
    environmentCode: row.environmentCode,
    sensorId: row.sensorId,
    /** The sensor's last report: its version and what it holds, dropped (limits, full disk) and had refused. */
    sensorReport: extra.status
      ? {
          version: extra.status.version,
          reportedAt: extra.status.reportedAt.toISOString(),
          spooled: extra.status.spooled,
          dropped: extra.status.dropped,
          rejected: extra.status.rejected,
        }
      : null,
    desired: row.desired,
    state,
    error,
    listening,
    revision: row.revision,
    resetGeneration: row.resetGeneration,
    fetchEnabled: row.fetchEnabled,
    bindings: row.bindings,
    lentTo: row.lentToOrgId ? { id: row.lentToOrgId, name: extra.lentToName ?? '' } : null,
    ownerOrgId: row.ownerOrgId,
    tlp: row.marking,
    scope: row.scope,
    sessions: { total: extra.sessions?.total ?? 0, live: extra.sessions?.live ?? 0 },
    lastEventAt: extra.sessions?.lastEventAt?.toISOString() ?? null,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}
export type WorldView = ReturnType<typeof presentWorld>;

/** What the detail page shows of the world's hosts and people. */
export function presentContents(world: World, forAdmin: boolean) {
  return {
    hosts: world.hosts.map((h) => ({
      hostname: h.hostname,
      role: h.role,
      os: h.os.family === 'linux' ? `${h.os.prettyName} (${h.os.kernel.release})` : `${h.os.edition} ${h.os.version}`,
      osFamily: h.os.family,
      services: h.services.map((s) => ({ name: s.name, port: s.port, protocol: s.protocol })),
      address: h.ip,
    })),
    employees: world.employees.length,
    plantedCredentials: forAdmin
      ? world.plantedCredentials.map((c) => ({
          id: c.id,
          step: c.step,
          username: c.username,
          password: c.password,
          foundIn: c.foundIn,
          opens: c.opens,
        }))
      : undefined,
  };
}
