import fs from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import * as schema from './schema.js';

export type Schema = typeof schema;
/** The one database type services see, whichever driver is underneath. */
export type Db = PgDatabase<PgQueryResultHKT, Schema>;

export interface Database {
  db: Db;
  driver: 'pglite' | 'postgres';
  migrate(): Promise<void>;
  close(): Promise<void>;
}

const migrationsFolder = fileURLToPath(new URL('../../drizzle', import.meta.url));

/**
 * Opens the system of record: node-postgres when a postgres:// URL is given, otherwise embedded PGlite in
 * `<dataDir>/pglite` (or in memory for `memory://`).
 */
export async function openDatabase(options: {
  databaseUrl?: string | undefined;
  /**
   * PostgreSQL only: the role that owns the tables and runs migrations. With it, the hub itself connects as the
   * role of `databaseUrl`, which after each migration gets only row privileges (and only INSERT and SELECT on the
   * audit log): it can neither rewrite the audit log nor lift its triggers.
   */
  ownerUrl?: string | undefined;
  dataDir: string;
  onIdleError?: (error: Error) => void;
  /**
   * `memory://` only: a PGlite data directory (from `dumpDataDir`) to start from instead of running initdb, which
   * takes seconds. Tests start hundreds of hubs from one migrated template.
   */
  memoryTemplate?: Blob | undefined;
}): Promise<Database> {
  if (options.databaseUrl && /^postgres(ql)?:\/\//.test(options.databaseUrl)) {
    const { Pool } = await import('pg');
    const { drizzle } = await import('drizzle-orm/node-postgres');
    const { migrate } = await import('drizzle-orm/node-postgres/migrator');
    const pool = new Pool({ connectionString: options.databaseUrl, max: 10 });
    // An idle connection can die (server restart, failover, an admin's terminate): the pool drops it and opens
    // another on the next query; without a listener Node would treat the event as a crash.
    pool.on('error', (error) => options.onIdleError?.(error));
    const db = drizzle(pool, { schema });
    const { ownerUrl } = options;
    return {
      db: db as unknown as Db,
      driver: 'postgres',
      migrate: async () => {
        if (!ownerUrl) return migrate(db, { migrationsFolder });
        const owner = new Pool({ connectionString: ownerUrl, max: 1 });
        try {
          await migrate(drizzle(owner, { schema }), { migrationsFolder });
          await grantAppRole(owner, roleOf(options.databaseUrl!));
        } finally {
          await owner.end();
        }
      },
      close: () => pool.end(),
    };
  }
  const { PGlite } = await import('@electric-sql/pglite');
  const { drizzle } = await import('drizzle-orm/pglite');
  const { migrate } = await import('drizzle-orm/pglite/migrator');
  let client: InstanceType<typeof PGlite>;
  if (options.databaseUrl === 'memory://') {
    client = new PGlite(options.memoryTemplate ? { loadDataDir: options.memoryTemplate } : {});
  } else {
    const dir = path.join(options.dataDir, 'pglite');
    await fs.mkdir(dir, { recursive: true });
    client = new PGlite(dir);
  }
  const db = drizzle(client, { schema });
  return {
    db: db as unknown as Db,
    driver: 'pglite',
    migrate: () => migrate(db, { migrationsFolder }),
    close: () => client.close(),
  };
}

/** The user name of a postgres:// URL. */
export function roleOf(url: string): string {
  const user = decodeURIComponent(new URL(url).username);
  if (!user) throw new Error('the database URL names no user');
  return user;
}

/**
 * Gives the app's role what the hub needs on the owner's tables: reading and writing rows, sequences, and on the
 * audit log INSERT and SELECT only. Never ownership, TRUNCATE, TRIGGER or REFERENCES.
 */
async function grantAppRole(owner: { query(text: string): Promise<unknown> }, appRole: string): Promise<void> {
  const role = `"${appRole.replaceAll('"', '""')}"`;
  for (const statement of [
    `GRANT USAGE ON SCHEMA public TO ${role}`,
    `REVOKE ALL ON ALL TABLES IN SCHEMA public FROM ${role}`,
    `GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO ${role}`,
    `REVOKE UPDATE, DELETE ON audit_log FROM ${role}`,
    `GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO ${role}`,
  ]) {
    await owner.query(statement);
  }
}
