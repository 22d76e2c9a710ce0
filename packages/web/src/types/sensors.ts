/** What a sensor credential uploads: darknet batches (`telescope`) or decoy sightings (`decoy`). */
export type SensorPurpose = 'telescope' | 'decoy';

/** A sensor credential as platform admins list it (never the secret). */
export interface SensorCredential {
  id: string;
  sensorId: string;
  name: string;
  description: string;
  purposes: SensorPurpose[];
  prefix: string;
  createdBy: string | null;
  createdByEmail: string | null;
  createdAt: string;
  lastUsedAt: string | null;
  lastUsedIp: string | null;
  revokedAt: string | null;
  revokedBy: string | null;
  revokedByEmail: string | null;
}
