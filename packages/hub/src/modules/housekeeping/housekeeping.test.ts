import { Readable } from 'node:stream';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestHub, type TestHub } from '../../../test/harness.js';
import { rowsOf } from '../../db/rows.js';
import { BlobStore } from '../../platform/blob-store.js';
import { HousekeepingRepository } from './housekeeping.repository.js';
import { HousekeepingService } from './housekeeping.service.js';

/*
 * Hostile test finding 16: expired sessions, throttle rows and self-check rows were never purged (anonymous
 * callers could grow those tables) and blobs stayed on disk after their case was deleted.
 */
describe(HousekeepingService.name, () => {
  let hub: TestHub;
  beforeAll(async () => {
    hub = await startTestHub();
  });
  afterAll(async () => hub.dispose());

  const count = async (table: string) =>
    Number((await rowsOf<{ n: number }>(hub.database.db, sql.raw(`select count(*)::int as n from ${table}`)))[0]!.n);

  it('purges expired sessions and stale counters, keeps live ones', async () => {
    await hub.user('keeper@house.example');
    await hub.signIn('keeper@house.example');
    await hub.app.inject({ method: 'GET', url: '/api/v1/public/self-check', remoteAddress: '192.0.2.44' });
    await hub.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email: 'ghost@house.example', password: 'wrong wrong' },
      remoteAddress: '192.0.2.45',
    });
    const liveSessions = await count('sessions');
    const counters = await count('auth_throttle');
    expect(counters).toBeGreaterThan(0);
    await hub.database.db.execute(
      sql`insert into sessions (id_hash, user_id, csrf_token, expires_at)
          select 'expired-' || g, (select id from users limit 1), 'x', now() - interval '1 day' from generate_series(1, 5) g`,
    );
    await hub.database.db.execute(
      sql`insert into auth_throttle (key, failures, window_start)
          select 'selfcheck:10.0.0.' || g, 1, now() - interval '2 hours' from generate_series(1, 7) g`,
    );
    const report = await hub.services.housekeeping.run();
    expect(report.sessions).toBe(5);
    expect(report.throttle).toBe(7);
    expect(await count('sessions')).toBe(liveSessions);
    expect(await count('auth_throttle')).toBe(counters);
  });

  it('purges settled deliveries after they are kept a while, never pending ones', async () => {
    const org = await hub.org('delivered');
    const job = (key: string, status: string, daysAgo: number) =>
      sql`insert into delivery_jobs (org_id, channel, topic, idempotency_key, payload, status, max_attempts, updated_at)
          values (${org.id}, 'webhook', 'test', ${key}, '{}'::jsonb, ${status}, 1, now() - make_interval(days => ${daysAgo}))`;
    for (const [key, status, daysAgo] of [
      ['recent-delivered', 'delivered', 1],
      ['old-delivered', 'delivered', 40],
      ['dead-a-while', 'dead', 40],
      ['old-dead', 'dead', 100],
      ['old-pending', 'pending', 100],
    ] as const) {
      await hub.database.db.execute(job(key, status, daysAgo));
    }
    expect((await hub.services.housekeeping.run()).deliveries).toBe(2);
    const left = await rowsOf<{ key: string }>(
      hub.database.db,
      sql`select idempotency_key as key from delivery_jobs where org_id = ${org.id} order by 1`,
    );
    expect(left.map((r) => r.key)).toEqual(['dead-a-while', 'old-pending', 'recent-delivered']);
  });

  it("removes a deleted case's files from disk once nothing points at them, after a grace period", async () => {
    const org = await hub.org('house');
    await hub.user('ana@house.example', { memberships: [{ orgId: org.id, role: 'analyst' }] });
    const headers = await hub.signIn('ana@house.example');
    const made = await hub.app.inject({
      method: 'POST',
      url: '/api/v1/cases',
      headers,
      payload: { environmentCode: 'HK', startDate: '2024-06-01', malwareFamily: 'Cleanup' },
    });
    const boundary = '----house';
    const upload = await hub.app.inject({
      method: 'POST',
      url: `/api/v1/cases/${made.json().id}/files`,
      headers: { ...headers, 'content-type': `multipart/form-data; boundary=${boundary}` },
      payload:
        `--${boundary}\r\nContent-Disposition: form-data; name="kind"\r\n\r\nsample\r\n` +
        `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="s.bin"\r\n\r\nunique bytes 42\r\n--${boundary}--\r\n`,
    });
    const sha256 = upload.json().sha256 as string;
    const blobs = new BlobStore(`${hub.config.dataDir}/blobs`);
    const orphan = await blobs.put(Readable.from([Buffer.from('an orphan nothing points at')]));
    expect(orphan).toBeDefined();
    const listed = async () => {
      const out: string[] = [];
      for await (const b of blobs.list()) out.push(b.sha256);
      return out;
    };
    expect(await listed()).toContain(sha256);
    await hub.app.inject({ method: 'DELETE', url: `/api/v1/cases/${made.json().id}`, headers });

    const repo = new HousekeepingRepository(hub.database.db);
    const now = new HousekeepingService(repo, blobs);
    expect((await now.run()).blobs).toBe(0); // written moments ago: an upload could still be in flight
    const later = new HousekeepingService(repo, blobs, () => Date.now() + 2 * 3600_000);
    expect((await later.run()).blobs).toBe(2); // the deleted case's sample, and the blob nothing ever pointed at
    expect(await listed()).not.toContain(sha256);
  });
});
