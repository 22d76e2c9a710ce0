import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestHub, type TestHub } from '../../test/harness.js';
import { CONSOLE_CSP, DOCS_CSP, securityHeaders } from './security-headers.js';

describe(securityHeaders.name, () => {
  let hub: TestHub;
  let webDir: string;

  beforeAll(async () => {
    webDir = await fs.mkdtemp(path.join(os.tmpdir(), 'cynex-web-'));
    await fs.writeFile(path.join(webDir, 'index.html'), '<!doctype html><title>cynex</title>');
    await fs.mkdir(path.join(webDir, 'assets'));
    await fs.writeFile(path.join(webDir, 'assets', 'app.js'), 'console.log(1)');
    hub = await startTestHub({ webDir });
  });
  afterAll(async () => {
    await hub.dispose();
    await fs.rm(webDir, { recursive: true, force: true });
  });

  const get = (url: string) => hub.app.inject({ method: 'GET', url });

  it.each([
    ['the console page', '/cases'],
    ['a one-time link page', '/accept/abcdefghijklmnop'],
    ['a console asset', '/assets/app.js'],
    ['an API answer', '/healthz'],
    ['an API error', '/api/v1/auth/me'],
    ['an unknown API route', '/api/v1/nothing'],
    ['a validation error', '/api/v1/cases?limit=0'],
  ])('sends the console policy and the framing, sniffing and referrer headers with %s', async (_what, url) => {
    const response = await get(url);
    expect(response.headers).toMatchObject({
      'content-security-policy': CONSOLE_CSP,
      'x-frame-options': 'DENY',
      'x-content-type-options': 'nosniff',
      'referrer-policy': 'same-origin',
    });
  });

  it('allows only the same origin for scripts (and their WebAssembly) and connections, no framing and no inline script or <style>', () => {
    const directives = Object.fromEntries(
      CONSOLE_CSP.split('; ').map((directive) => [
        directive.split(' ')[0],
        directive.slice(directive.indexOf(' ') + 1),
      ]),
    );
    expect(directives).toMatchObject({
      'default-src': "'self'",
      'script-src': "'self' 'wasm-unsafe-eval'",
      'style-src': "'self'",
      'connect-src': "'self'",
      'frame-ancestors': "'none'",
      'base-uri': "'none'",
      'object-src': "'none'",
    });
  });

  it('relaxes the style policy for Swagger UI only', async () => {
    for (const url of ['/api/docs', '/api/docs/', '/api/docs/static/swagger-ui.css']) {
      const response = await get(url);
      expect(response.statusCode, url).toBeLessThan(400);
      expect(response.headers['content-security-policy'], url).toBe(DOCS_CSP);
      expect(response.headers['x-frame-options']).toBe('DENY');
    }
    expect(DOCS_CSP).toContain("style-src 'self' 'unsafe-inline'");
    expect((await get('/api/docsx')).headers['content-security-policy']).toBe(CONSOLE_CSP);
  });
});
