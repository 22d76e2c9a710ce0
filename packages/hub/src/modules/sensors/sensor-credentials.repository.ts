import { and, asc, eq, inArray, isNull } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { isUniqueViolation } from '../../platform/db-errors.js';
import { users } from '../auth/auth.table.js';
import { sensorCredentials } from './sensor-credentials.table.js';

export type SensorCredentialRow = typeof sensorCredentials.$inferSelect;

/** Every query of the sensor credentials. */
export class SensorCredentialsRepository {
  constructor(private readonly db: Db) {}

  /** The new row, or undefined when the sensor id already has an active credential. */
  async insert(values: typeof sensorCredentials.$inferInsert): Promise<SensorCredentialRow | undefined> {
    try {
      return (await this.db.insert(sensorCredentials).values(values).returning())[0]!;
    } catch (error) {
      if (isUniqueViolation(error)) return undefined;
      throw error;
    }
  }

  async bySecretHash(secretHash: string): Promise<SensorCredentialRow | undefined> {
    return (await this.db.select().from(sensorCredentials).where(eq(sensorCredentials.secretHash, secretHash)))[0];
  }

  async touch(id: string, ip: string): Promise<void> {
    await this.db
      .update(sensorCredentials)
      .set({ lastUsedAt: new Date(), lastUsedIp: ip })
      .where(eq(sensorCredentials.id, id));
  }

  /** Every credential, active and revoked, oldest first, with the e-mail addresses of who registered and revoked it. */
  async list() {
    const rows = await this.db
      .select()
      .from(sensorCredentials)
      .orderBy(asc(sensorCredentials.sensorId), asc(sensorCredentials.createdAt));
    const ids = [...new Set(rows.flatMap((r) => [r.createdBy, r.revokedBy]).filter((id): id is string => !!id))];
    const people =
      ids.length === 0
        ? []
        : await this.db.select({ id: users.id, email: users.email }).from(users).where(inArray(users.id, ids));
    const emails = new Map(people.map((p) => [p.id, p.email]));
    return rows.map((row) => ({
      row,
      createdByEmail: row.createdBy ? (emails.get(row.createdBy) ?? null) : null,
      revokedByEmail: row.revokedBy ? (emails.get(row.revokedBy) ?? null) : null,
    }));
  }

  /** The revoked row, or undefined when there is no such active credential. */
  async revoke(id: string, revokedBy: string | null): Promise<SensorCredentialRow | undefined> {
    const rows = await this.db
      .update(sensorCredentials)
      .set({ revokedAt: new Date(), revokedBy })
      .where(and(eq(sensorCredentials.id, id), isNull(sensorCredentials.revokedAt)))
      .returning();
    return rows[0];
  }
}
