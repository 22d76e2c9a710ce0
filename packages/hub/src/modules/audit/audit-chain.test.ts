import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestHub, testDatabaseRoles, type TestHub } from '../../../test/harness.js';
import { rowsOf } from '../../db/rows.js';
import { AuditService } from './audit.service.js';

const run = promisify(execFile);
const cli = fileURLToPath(new URL('../../../../cli/src/main.ts', import.meta.url));
const tsx = fileURLToPath(new URL('../../../../../node_modules/tsx/dist/cli.mjs', import.meta.url));

/** Runs SQL as the tables' owner: the superuser on PGlite, the owner role on PostgreSQL. */
async function asOwner(hub: TestHub, statements: string[]): Promise<void> {
  const ownerUrl =
    hub.config.databaseOwnerUrl ?? (hub.database.driver === 'postgres' ? hub.config.databaseUrl : undefined);
  if (!ownerUrl) {
    for (const statement of statements) await hub.database.db.execute(sql.raw(statement));
    return;
  }
  const client = new pg.Client({ connectionString: ownerUrl });
  await client.connect();
  try {
    for (const statement of statements) await client.query(statement);
  } finally {
    await client.end();
  }
}

/*
 * Hostile test finding 9 (medium): the app's own database role owned the audit log, so it could disable the
 * append-only trigger and delete the trace of an attack. Now entries are hash-chained and `cynex audit verify`
 * names the first broken link; on PostgreSQL the app role has INSERT and SELECT only (see the role test below).
 */
describe(AuditService.name, () => {
  let hub: TestHub;
  let audit: AuditService;

  beforeAll(async () => {
    hub = await startTestHub();
    audit = new AuditService(hub.database.db);
  });
  afterAll(async () => hub.dispose());

  const record = async (n: number, tag: string) => {
    for (let i = 0; i < n; i += 1) {
      await hub.services.audit.record(
        { kind: 'anonymous', ip: '192.0.2.1' },
        { action: `test.${tag}`, details: { i, text: 'ünïcödé | "quoted" 日本語' } },
      );
    }
  };

  it('chains every entry, also ones written in parallel, and verifies the chain', async () => {
    await record(5, 'serial');
    await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        hub.services.audit.record({ kind: 'anonymous', ip: '192.0.2.2' }, { action: 'test.parallel', details: { i } }),
      ),
    );
    const result = await audit.verify();
    expect(result.ok).toBe(true);
    expect(result.checked).toBeGreaterThanOrEqual(45);
    expect(result.head?.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(await audit.verify(result.head!)).toMatchObject({ ok: true });
  });

  it('names the first broken link when an entry is edited or deleted by the owner, and the CLI exits 1', async () => {
    await record(3, 'tamper');
    const before = await audit.verify();
    const [first, second] = await rowsOf<{ id: number; seq: string }>(
      hub.database.db,
      sql`select id, seq from audit_log where action = 'test.tamper' order by seq`,
    );
    await asOwner(hub, [
      'ALTER TABLE audit_log DISABLE TRIGGER audit_log_append_only',
      `UPDATE audit_log SET details = '{"i": 99}' WHERE id = ${first!.id}`,
      'ALTER TABLE audit_log ENABLE TRIGGER audit_log_append_only',
    ]);
    expect(await audit.verify()).toMatchObject({
      ok: false,
      broken: { seq: Number(first!.seq), id: Number(first!.id), reason: expect.stringContaining('edited') },
    });

    await asOwner(hub, [
      'ALTER TABLE audit_log DISABLE TRIGGER audit_log_append_only',
      `UPDATE audit_log SET details = '{"i": 0, "text": "ünïcödé | \\"quoted\\" 日本語"}' WHERE id = ${first!.id}`,
      `DELETE FROM audit_log WHERE id = ${second!.id}`,
      'ALTER TABLE audit_log ENABLE TRIGGER audit_log_append_only',
    ]);
    const afterDelete = await audit.verify();
    expect(afterDelete).toMatchObject({ ok: false, broken: { seq: Number(second!.seq) } });
    expect(afterDelete.broken!.reason).toMatch(/missing/);

    if (hub.database.driver === 'postgres') {
      const env = {
        ...process.env,
        DATABASE_URL: hub.config.databaseUrl!,
        DATABASE_OWNER_URL: hub.config.databaseOwnerUrl ?? '',
      };
      const failed = await run(process.execPath, [tsx, cli, 'audit', 'verify'], { env }).catch((e: unknown) => e);
      expect((failed as { code: number }).code).toBe(1);
      expect((failed as { stderr: string }).stderr).toContain(`BROKEN at entry ${second!.seq}`);
    }
    expect(before.ok).toBe(true);
  });

  it('detects entries removed from the end against an anchor printed earlier', async () => {
    const fresh = await startTestHub();
    try {
      const chain = new AuditService(fresh.database.db);
      for (let i = 0; i < 4; i += 1)
        await fresh.services.audit.record({ kind: 'anonymous', ip: 'x' }, { action: 'test.tail' });
      const anchor = (await chain.verify()).head!;
      await asOwner(fresh, [
        'ALTER TABLE audit_log DISABLE TRIGGER audit_log_append_only',
        `DELETE FROM audit_log WHERE seq = ${anchor.seq}`,
        'ALTER TABLE audit_log ENABLE TRIGGER audit_log_append_only',
      ]);
      expect((await chain.verify()).ok).toBe(true);
      const against = await chain.verify(anchor);
      expect(against.ok).toBe(false);
      expect(against.broken!.reason).toMatch(/removed/);
    } finally {
      await fresh.dispose();
    }
  });
});

describe('the app database role on PostgreSQL', () => {
  const roles = testDatabaseRoles();
  let hub: TestHub | undefined;
  beforeAll(async () => {
    if (roles) hub = await startTestHub();
  });
  afterAll(async () => hub?.dispose());

  it.runIf(Boolean(roles && process.env.TEST_DATABASE_URL))(
    'can add audit entries but can neither delete them, update them, truncate them nor lift the triggers',
    async () => {
      const client = new pg.Client({ connectionString: hub!.config.databaseUrl });
      await client.connect();
      try {
        const who = await client.query<{ u: string }>('select current_user as u');
        expect(who.rows[0]!.u).toBe(roles!.app);
        await hub!.services.audit.record({ kind: 'anonymous', ip: 'x' }, { action: 'test.role' });
        for (const statement of [
          'ALTER TABLE audit_log DISABLE TRIGGER audit_log_append_only',
          "DELETE FROM audit_log WHERE action = 'test.role'",
          "UPDATE audit_log SET action = 'x' WHERE action = 'test.role'",
          'TRUNCATE audit_log',
          'DROP TRIGGER audit_log_chain ON audit_log',
        ]) {
          await expect(client.query(statement), statement).rejects.toThrow(/permission denied|must be owner/);
        }
        const rows = await client.query("select count(*)::int as n from audit_log where action = 'test.role'");
        expect(rows.rows[0].n).toBe(1);
      } finally {
        await client.end();
      }
    },
  );
});
