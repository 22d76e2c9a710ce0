import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestHub, type TestHub } from '../../../test/harness.js';
import { metricsBearerMatches } from './http-metrics.js';
import { startMetricsServer } from './metrics-server.js';
import { systemRoutes } from './system.routes.js';

const TOKEN = 'metrics-token-0123456789abcdef';

describe(metricsBearerMatches.name, () => {
  it('accepts exactly the configured bearer token', () => {
    expect(metricsBearerMatches(`Bearer ${TOKEN}`, TOKEN)).toBe(true);
    expect(metricsBearerMatches(`bearer ${TOKEN}`, TOKEN)).toBe(true);
    expect(metricsBearerMatches(`Bearer ${TOKEN}x`, TOKEN)).toBe(false);
    expect(metricsBearerMatches(`Bearer ${TOKEN.slice(0, -1)}`, TOKEN)).toBe(false);
    expect(metricsBearerMatches(TOKEN, TOKEN)).toBe(false);
    expect(metricsBearerMatches('Bearer ', TOKEN)).toBe(false);
    expect(metricsBearerMatches(undefined, TOKEN)).toBe(false);
  });
});

describe(systemRoutes.name, () => {
  describe('with no metrics token', () => {
    let hub: TestHub;
    beforeAll(async () => {
      hub = await startTestHub();
    });
    afterAll(async () => hub.dispose());

    it('answers /metrics on the main port with 404', async () => {
      const response = await hub.app.inject({ method: 'GET', url: '/metrics' });
      expect(response.statusCode).toBe(404);
      expect(response.json().error.code).toBe('NOT_FOUND');
      // A bearer token here is taken for an API token, and refused as one.
      const guessed = await hub.app.inject({ method: 'GET', url: '/metrics', headers: { authorization: 'Bearer x' } });
      expect(guessed.statusCode).toBe(401);
      expect(guessed.body).not.toContain('cynex_http_requests_total');
    });

    it('still answers /healthz to anyone', async () => {
      const response = await hub.app.inject({ method: 'GET', url: '/healthz' });
      expect(response.json()).toEqual({ status: 'ok' });
    });
  });

  describe('with CYNEX_METRICS_TOKEN', () => {
    let hub: TestHub;
    beforeAll(async () => {
      hub = await startTestHub({ metricsToken: TOKEN });
    });
    afterAll(async () => hub.dispose());

    it('serves the metrics to a caller with the bearer token', async () => {
      await hub.app.inject({ method: 'GET', url: '/healthz' });
      const response = await hub.app.inject({
        method: 'GET',
        url: '/metrics',
        headers: { authorization: `Bearer ${TOKEN}` },
      });
      expect(response.statusCode).toBe(200);
      expect(response.headers['content-type']).toContain('text/plain');
      expect(response.body).toMatch(/cynex_http_requests_total\{method="GET",route="\/healthz",status="200"\} \d+/);
    });

    it('refuses a caller without it, with a wrong one, or with an API token, with 401', async () => {
      await hub.user('ops@metrics.example', { platformAdmin: true });
      const session = await hub.signIn('ops@metrics.example');
      const created = await hub.app.inject({
        method: 'POST',
        url: '/api/v1/tokens',
        headers: session,
        payload: { name: 'ops', scopes: ['read'] },
      });
      const apiToken = created.json<{ token: string }>().token;
      for (const headers of [
        {},
        { authorization: `Bearer ${TOKEN.slice(0, -1)}` },
        { authorization: `Bearer ${apiToken}` },
        { cookie: session.cookie },
      ]) {
        const response = await hub.app.inject({ method: 'GET', url: '/metrics', headers });
        expect(response.statusCode).toBe(401);
        expect(response.headers['www-authenticate']).toBe('Bearer realm="metrics"');
        expect(response.json().error.code).toBe('UNAUTHENTICATED');
        expect(response.body).not.toContain('cynex_');
      }
    });
  });
});

describe(startMetricsServer.name, () => {
  let hub: TestHub;
  let urls: { url: string; metricsUrl: string | undefined };

  beforeAll(async () => {
    hub = await startTestHub({ metricsListen: { host: '127.0.0.1', port: 0 } });
    urls = await hub.listen();
  });
  afterAll(async () => hub.dispose());

  it('serves the metrics on their own address and not on the main port', async () => {
    expect(urls.metricsUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/metrics$/);
    expect(urls.metricsUrl).not.toContain(new URL(urls.url).port);
    await fetch(`${urls.url}/healthz`);

    const scraped = await fetch(urls.metricsUrl!);
    expect(scraped.status).toBe(200);
    expect(await scraped.text()).toContain('cynex_http_requests_total{method="GET",route="/healthz",status="200"}');

    expect((await fetch(`${urls.url}/metrics`)).status).toBe(404);
  });

  it('answers nothing else there', async () => {
    const other = await fetch(urls.metricsUrl!.replace('/metrics', '/healthz'));
    expect(other.status).toBe(404);
    expect((await fetch(urls.metricsUrl!, { method: 'POST' })).status).toBe(405);
  });
});
