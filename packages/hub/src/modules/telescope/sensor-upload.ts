import { AppError } from '../../errors.js';
import type { Actor, SensorPurpose } from '../../platform/actor.js';
import { sensorUploadRefusal } from '../../platform/policy.js';

const WHAT: Record<SensorPurpose, string> = { telescope: 'darknet batches', decoy: 'decoy sightings' };

/**
 * Refuses an upload the policy does not allow, with a message the sensor's operator can act on: 401 without
 * credentials, 403 for a credential of another sensor or purpose and for users who are not platform admins.
 */
export function assertSensorUpload(actor: Actor, purpose: SensorPurpose, sensorId?: string): void {
  const refusal = sensorUploadRefusal(actor, purpose, sensorId);
  switch (refusal) {
    case undefined:
      return;
    case 'unauthenticated':
      throw new AppError('UNAUTHENTICATED', `send the sensor's credential (cnxs_…) to upload ${WHAT[purpose]}`);
    case 'not_platform_admin':
      throw new AppError(
        'FORBIDDEN',
        `only sensors (with their credential) and platform admins upload ${WHAT[purpose]}`,
      );
    case 'wrong_purpose':
      throw new AppError('FORBIDDEN', `this sensor credential is not registered to upload ${WHAT[purpose]}`);
    case 'wrong_sensor':
      throw new AppError(
        'FORBIDDEN',
        `this sensor credential uploads for sensor ${actor.kind === 'sensor' ? actor.sensorId : '?'} only, not for ${sensorId}`,
      );
  }
}
