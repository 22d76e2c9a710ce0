import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import type { Role } from '@cynex/core';
import { configFromEnv, type Config } from '../src/config.js';
import type { AppOptions } from '../src/app.js';
import { createHub, type RunningHub } from '../src/hub.js';
import { hashPassword } from '../src/modules/auth/auth.crypto.js';
import { pgliteTemplate } from './pglite-template.js';

/**
 * A hub for one test file: in-memory PGlite by default, or a fresh database on the PostgreSQL server named
 * by TEST_DATABASE_URL (CI runs the whole suite both ways).
 */
export interface TestHub extends RunningHub {
  config: Config;
  /** Makes an organisation. */
  org(slug: string, extra?: { sector?: 'industry' | 'academia' | 'government' }): Promise<{ id: string; slug: string }>;
  /** Makes a user with a password, optionally in organisations; returns its id. */
  user(
    email: string,
    options?: { platformAdmin?: boolean; memberships?: { orgId: string; role: Role }[]; password?: string },
  ): Promise<string>;
  /** Approves an organisation's prefix as a platform admin would (POST /api/v1/prefixes/:id/approve). */
  approvePrefix(prefixId: string): Promise<void>;
  /** Signs in through the API; returns headers to send (cookie and CSRF token). */
  signIn(email: string, password?: string): Promise<{ cookie: string; 'x-csrf-token': string }>;
  dispose(): Promise<void>;
}

/** The platform itself, acting as a platform admin in test set-up. */
const PLATFORM = {
  kind: 'user' as const,
  userId: '00000000-0000-4000-8000-000000000000',
  email: 'platform@test.invalid',
  displayName: 'test set-up',
  isPlatformAdmin: true,
  memberships: [],
  ip: 'test',
};

export const TEST_PASSWORD = 'correct horse battery staple';
let hashed: Promise<string> | undefined;

/**
 * The owner and app roles the PostgreSQL pass runs with (`TEST_DATABASE_ROLES=owner,app`, as `.ci/run` sets it):
 * each test database is owned by the first, migrated by it, and the hub connects as the second.
 */
export function testDatabaseRoles(): { owner: string; app: string } | undefined {
  const [owner, app] = (process.env.TEST_DATABASE_ROLES ?? '').split(',').map((r) => r.trim());
  return owner && app ? { owner, app } : undefined;
}

export async function freshPostgres(
  baseUrl: string,
): Promise<{ url: string; ownerUrl: string | undefined; drop: () => Promise<void> }> {
  const name = `cynex_t_${randomBytes(6).toString('hex')}`;
  const roles = testDatabaseRoles();
  const admin = new pg.Client({ connectionString: baseUrl });
  await admin.connect();
  await admin.query(`create database ${name}${roles ? ` owner "${roles.owner}"` : ''}`);
  await admin.end();
  const url = new URL(baseUrl);
  url.pathname = `/${name}`;
  const as = (role: string) => {
    const withRole = new URL(url);
    withRole.username = role;
    withRole.password = '';
    return withRole.toString();
  };
  return {
    url: roles ? as(roles.app) : url.toString(),
    ownerUrl: roles ? as(roles.owner) : undefined,
    drop: async () => {
      const client = new pg.Client({ connectionString: baseUrl });
      await client.connect();
      await client.query(`drop database if exists ${name} with (force)`);
      await client.end();
    },
  };
}

export async function startTestHub(overrides: Partial<Config> = {}, options: AppOptions = {}): Promise<TestHub> {
  const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'cynex-test-'));
  const pgBase = process.env.TEST_DATABASE_URL;
  const pgDb = pgBase ? await freshPostgres(pgBase) : undefined;
  const config = configFromEnv(
    {},
    {
      dataDir,
      logLevel: 'silent',
      databaseUrl: pgDb?.url ?? 'memory://',
      ...(pgDb?.ownerUrl ? { databaseOwnerUrl: pgDb.ownerUrl } : {}),
      port: 0,
    },
  );
  const memoryTemplate = pgDb ? undefined : await pgliteTemplate();
  const hub = await createHub(
    { ...config, ...overrides, databaseUrl: pgDb?.url ?? 'memory://' },
    { ...options, memoryTemplate },
  );
  const { authRepo, orgs } = hub.services;

  const testHub: TestHub = {
    ...hub,
    config,
    async org(slug, extra = {}) {
      const row = await orgs.ensure({
        slug,
        nameEn: `${slug} Inc.`,
        nameJa: `${slug} 株式会社`,
        sector: extra.sector ?? 'industry',
        programmes: ['A'],
      });
      return { id: row.id, slug: row.slug };
    },
    async user(email, options = {}) {
      const passwordHash = await (options.password
        ? hashPassword(options.password)
        : (hashed ??= hashPassword(TEST_PASSWORD)));
      const row = await authRepo.insertUser({
        email,
        displayName: email.split('@')[0]!,
        passwordHash,
        isPlatformAdmin: Boolean(options.platformAdmin),
      });
      for (const m of options.memberships ?? []) await authRepo.upsertMembership(row.id, m.orgId, m.role);
      return row.id;
    },
    async approvePrefix(prefixId) {
      await hub.services.alertSettings.approvePrefix(PLATFORM, prefixId);
    },
    async signIn(email, password = TEST_PASSWORD) {
      const response = await hub.app.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        payload: { email, password },
      });
      if (response.statusCode !== 200)
        throw new Error(`sign-in of ${email} failed: ${response.statusCode} ${response.body}`);
      const cookies = response.cookies.map((c) => `${c.name}=${c.value}`).join('; ');
      return { cookie: cookies, 'x-csrf-token': response.json<{ csrfToken: string }>().csrfToken };
    },
    async dispose() {
      await hub.close();
      await pgDb?.drop();
      await fs.rm(dataDir, { recursive: true, force: true });
    },
  };
  return testHub;
}
