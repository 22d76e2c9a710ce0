import { AppError } from '../../errors.js';
import type { Actor, SensorActor, SensorPurpose, UserActor } from '../../platform/actor.js';
import { canManageSensors } from '../../platform/policy.js';
import type { AuditService } from '../audit/audit.service.js';
import { randomSecret, sha256Hex } from '../auth/auth.crypto.js';
import type { SensorCredentialRow, SensorCredentialsRepository } from './sensor-credentials.repository.js';

/** Sensor secrets have their own prefix, so that the hub (and a secret scanner) tells them from API tokens (`cnx_`). */
export const SENSOR_SECRET_PREFIX = 'cnxs_';

export interface SensorCredentialInput {
  sensorId: string;
  name: string;
  description?: string | undefined;
  purposes: SensorPurpose[];
}

const purposesOf = (row: SensorCredentialRow): SensorPurpose[] =>
  row.purposes.filter((p): p is SensorPurpose => p === 'telescope' || p === 'decoy');

/** A credential as listed: never the secret nor its hash. */
function present(row: SensorCredentialRow, createdByEmail: string | null = null, revokedByEmail: string | null = null) {
  const { secretHash: _hash, ...rest } = row;
  return { ...rest, purposes: purposesOf(row), createdByEmail, revokedByEmail };
}
export type SensorCredentialView = ReturnType<typeof present>;

function requireManager(actor: Actor): UserActor {
  if (actor.kind !== 'user') throw new AppError('UNAUTHENTICATED', 'sign in first');
  if (!canManageSensors(actor)) throw new AppError('FORBIDDEN', 'sensor credentials are for platform admins');
  return actor;
}

/**
 * Sensor credentials: a platform admin registers one per sensor (shown once, stored as SHA-256), the sensor sends
 * it as its bearer, and it uploads for that sensor id only. A sensor machine is exposed to attackers by design;
 * what it holds must not open anything else.
 */
export class SensorCredentialsService {
  constructor(
    private readonly repo: SensorCredentialsRepository,
    private readonly audit: AuditService,
  ) {}

  async list(actor: Actor): Promise<SensorCredentialView[]> {
    requireManager(actor);
    return (await this.repo.list()).map(({ row, createdByEmail, revokedByEmail }) =>
      present(row, createdByEmail, revokedByEmail),
    );
  }

  /** Registers a credential; the secret is in the answer and nowhere else. */
  async register(actor: Actor, input: SensorCredentialInput): Promise<{ secret: string; item: SensorCredentialView }> {
    const user = requireManager(actor);
    // As API tokens cannot make API tokens: a leaked admin token must not mint credentials for sensors.
    if (user.tokenScopes) throw new AppError('FORBIDDEN', 'API tokens cannot register sensor credentials');
    const secret = SENSOR_SECRET_PREFIX + randomSecret();
    const purposes = [...new Set(input.purposes)].sort();
    const row = await this.repo.insert({
      sensorId: input.sensorId,
      name: input.name,
      description: input.description ?? '',
      purposes,
      secretHash: sha256Hex(secret),
      prefix: secret.slice(0, 10),
      createdBy: user.userId === '' ? null : user.userId,
    });
    if (!row) {
      throw new AppError(
        'SENSOR_CREDENTIAL_CONFLICT',
        `sensor ${input.sensorId} has an active credential already; revoke it first`,
        { fields: [{ path: 'sensorId', message: 'has an active credential' }] },
      );
    }
    await this.audit.record(user, {
      action: 'sensor_credential.create',
      targetType: 'sensor_credential',
      targetId: row.id,
      details: { sensorId: row.sensorId, name: row.name, purposes },
    });
    return { secret, item: present(row, user.email) };
  }

  async revoke(actor: Actor, id: string): Promise<void> {
    const user = requireManager(actor);
    const row = await this.repo.revoke(id, user.userId === '' ? null : user.userId);
    if (!row) throw new AppError('SENSOR_CREDENTIAL_NOT_FOUND', 'no such active sensor credential');
    await this.audit.record(user, {
      action: 'sensor_credential.revoke',
      targetType: 'sensor_credential',
      targetId: row.id,
      details: { sensorId: row.sensorId, name: row.name },
    });
  }

  /**
   * The sensor behind a secret, or undefined when it is not a live credential. Looked up by the secret's SHA-256,
   * so no comparison of secrets happens at all, and nothing about the secret leaks through timing.
   */
  async verify(secret: string, ip: string): Promise<SensorActor | undefined> {
    if (!secret.startsWith(SENSOR_SECRET_PREFIX) || secret.length > 200) return undefined;
    const row = await this.repo.bySecretHash(sha256Hex(secret));
    if (!row || row.revokedAt) return undefined;
    return { kind: 'sensor', sensorId: row.sensorId, credentialId: row.id, purposes: purposesOf(row), ip };
  }

  /** Records when and from where a sensor last used its credential (on the routes that accept it). */
  async markUsed(actor: SensorActor): Promise<void> {
    await this.repo.touch(actor.credentialId, actor.ip);
  }
}
