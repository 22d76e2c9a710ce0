import type { Actor } from '../../platform/actor.js';

export interface WarnLog {
  warn(details: object, message: string): void;
}

/**
 * Platform-admin API tokens still upload for sensors during the transition to sensor credentials. Each such token
 * is named in the operator's log once per process, so that the operator finds the sensors still to move over
 * without the log filling with one line per batch.
 */
export class LegacyUploadWarnings {
  private readonly warned = new Set<string>();

  constructor(private readonly log: WarnLog) {}

  /** Logs the deprecation once when a platform-admin API token uploads; sensors and browser sessions pass quietly. */
  note(actor: Actor, route: string): void {
    if (actor.kind !== 'user' || actor.tokenId === undefined || this.warned.has(actor.tokenId)) return;
    this.warned.add(actor.tokenId);
    this.log.warn(
      { tokenId: actor.tokenId, user: actor.email, route, deprecation: 'platform-admin-token-upload' },
      'a platform admin API token uploaded sensor data: deprecated, register a sensor credential (cynex sensors register) and send it instead',
    );
  }
}
