/**
 * A hub in a process of its own, for tests that kill it (`kill -9`) and start it again on the same database.
 * Configured by the environment like `cynex serve`; with SEED_WEBHOOK_URL it first makes an organisation with
 * an approved prefix (198.51.100.0/24) and that webhook, and a platform admin's API token for uploads. Prints
 * one JSON line ({ url, token? }) once it listens.
 */
import { configFromEnv } from '../src/config.js';
import { createHub, type RunningHub } from '../src/hub.js';
import { hashPassword } from '../src/modules/auth/auth.crypto.js';

const PASSWORD = 'correct horse battery staple';

async function seed(hub: RunningHub, webhookUrl: string): Promise<{ token: string; orgId: string }> {
  const { orgs, authRepo } = hub.services;
  const org = await orgs.ensure({
    slug: 'durable',
    nameEn: 'Durable Inc.',
    nameJa: 'デュラブル株式会社',
    sector: 'industry',
    programmes: ['A'],
  });
  const passwordHash = await hashPassword(PASSWORD);
  const admin = await authRepo.insertUser({
    email: 'root@durable.example',
    displayName: 'root',
    passwordHash,
    isPlatformAdmin: true,
  });
  await authRepo.upsertMembership(admin.id, org.id, 'org_admin');
  const login = await hub.app.inject({
    method: 'POST',
    url: '/api/v1/auth/login',
    payload: { email: 'root@durable.example', password: PASSWORD },
  });
  const headers = {
    cookie: login.cookies.map((c) => `${c.name}=${c.value}`).join('; '),
    'x-csrf-token': login.json<{ csrfToken: string }>().csrfToken,
  };
  const call = async (method: 'POST' | 'PUT', url: string, payload: object) => {
    const response = await hub.app.inject({ method, url, headers, payload });
    if (response.statusCode >= 300) throw new Error(`${method} ${url}: ${response.statusCode} ${response.body}`);
    return response.json<Record<string, string>>();
  };
  const prefix = await call('POST', `/api/v1/orgs/${org.id}/prefixes`, { cidr: '198.51.100.0/24' });
  await call('PUT', `/api/v1/orgs/${org.id}/alert-settings`, { emails: [], webhookUrl });
  if (prefix.status !== 'approved') await call('POST', `/api/v1/prefixes/${prefix.id}/approve`, {});
  const { token } = await call('POST', '/api/v1/tokens', { name: 'sensor', scopes: ['read', 'write'] });
  return { token: token!, orgId: org.id };
}

const hub = await createHub(configFromEnv(process.env, { logLevel: 'silent', port: 0 }));
const seeded = process.env.SEED_WEBHOOK_URL ? await seed(hub, process.env.SEED_WEBHOOK_URL) : {};
const { url } = await hub.listen();
process.stdout.write(`${JSON.stringify({ url, ...seeded })}\n`);
process.on('SIGTERM', () => void hub.close().then(() => process.exit(0)));
