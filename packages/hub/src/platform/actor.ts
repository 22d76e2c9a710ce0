import { AppError } from '../errors.js';
import type { Role } from '@cynex/core';

export interface Membership {
  orgId: string;
  role: Role;
}

/** What a sensor credential uploads: darknet batches (`telescope`) or decoy sightings (`decoy`). */
export type SensorPurpose = 'telescope' | 'decoy';
export const SENSOR_PURPOSES: readonly SensorPurpose[] = ['telescope', 'decoy'];

/**
 * Who is asking: a signed-in user (by session or API token), a sensor (by its sensor credential), or an anonymous
 * visitor. A sensor is nobody's user: it uploads for its own sensor id and every other route refuses it.
 */
export type Actor =
  | { kind: 'anonymous'; ip: string }
  | { kind: 'sensor'; sensorId: string; credentialId: string; purposes: readonly SensorPurpose[]; ip: string }
  | {
      kind: 'user';
      userId: string;
      email: string;
      displayName: string;
      isPlatformAdmin: boolean;
      memberships: Membership[];
      /** API-token scopes; undefined for a browser session, which may do whatever the roles allow. */
      tokenScopes?: readonly ('read' | 'write')[];
      /** The API token's id, when the request came with one. */
      tokenId?: string;
      ip: string;
    };

export type UserActor = Extract<Actor, { kind: 'user' }>;
export type SensorActor = Extract<Actor, { kind: 'sensor' }>;

export const anonymous = (ip = 'unknown'): Actor => ({ kind: 'anonymous', ip });

export function actorLabel(actor: Actor): string {
  switch (actor.kind) {
    case 'user':
      return actor.email;
    case 'sensor':
      return `sensor:${actor.sensorId}@${actor.ip}`;
    case 'anonymous':
      return `anonymous@${actor.ip}`;
  }
}

/** The signed-in user behind a request, or UNAUTHENTICATED (401) for anonymous visitors. */
export function requireUser(actor: Actor): UserActor {
  if (actor.kind !== 'user') throw new AppError('UNAUTHENTICATED', 'sign in first');
  return actor;
}
