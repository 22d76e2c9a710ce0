import { eq } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { organisations } from '../orgs/orgs.table.js';

export interface IntelSettingsRow {
  anonymiseSightings: boolean;
}

/** An organisation's choices about the intelligence derived from its records. */
export class IntelSettingsRepository {
  constructor(private readonly db: Db) {}

  async get(orgId: string): Promise<IntelSettingsRow | undefined> {
    const [row] = await this.db
      .select({ anonymiseSightings: organisations.anonymiseSightings })
      .from(organisations)
      .where(eq(organisations.id, orgId));
    return row;
  }

  async set(orgId: string, values: IntelSettingsRow): Promise<IntelSettingsRow | undefined> {
    const [row] = await this.db
      .update(organisations)
      .set(values)
      .where(eq(organisations.id, orgId))
      .returning({ anonymiseSightings: organisations.anonymiseSightings });
    return row;
  }
}
