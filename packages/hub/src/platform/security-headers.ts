import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';

const policy = (directives: Record<string, string>): string =>
  Object.entries(directives)
    .map(([name, value]) => `${name} ${value}`)
    .join('; ');

const STRICT = {
  'default-src': "'self'",
  'script-src': "'self'",
  'style-src': "'self'",
  'img-src': "'self' data: blob:",
  'connect-src': "'self'",
  'frame-ancestors': "'none'",
  'base-uri': "'none'",
  'form-action': "'self'",
  'object-src': "'none'",
};

/**
 * The console's policy. The Vite build has no inline script or `<style>`; React sets styles through the CSSOM,
 * which CSP does not govern, but ECharts' tooltips are HTML with `style` attributes, so those attributes (and
 * nothing else inline) are allowed. The asciinema player (decoy session replay) runs a WebAssembly terminal
 * emulator: `'wasm-unsafe-eval'` lets same-origin scripts compile WebAssembly, and still allows no `eval`.
 */
export const CONSOLE_CSP = policy({
  ...STRICT,
  'script-src': "'self' 'wasm-unsafe-eval'",
  'style-src-attr': "'unsafe-inline'",
});

/** Swagger UI (only under /api/docs) injects a `<style>` element, so its pages allow inline styles. */
export const DOCS_CSP = policy({ ...STRICT, 'style-src': "'self' 'unsafe-inline'" });

const DOCS_PATH = /^\/api\/docs(?:[/?#]|$)/;

const COMMON_HEADERS = {
  'x-frame-options': 'DENY',
  'x-content-type-options': 'nosniff',
  // The console's index.html says the same in a meta tag; same-origin keeps the referrer for its own API calls.
  'referrer-policy': 'same-origin',
};

/**
 * Security headers on every answer: API, console, static files, errors and 404s. A route that sets one of them
 * itself (a report's hash-based CSP, a download's sandbox) keeps its own.
 */
export const securityHeaders = fp(
  async (app: FastifyInstance) => {
    app.addHook('onSend', async (request, reply) => {
      const csp = DOCS_PATH.test(request.url) ? DOCS_CSP : CONSOLE_CSP;
      if (!reply.hasHeader('content-security-policy')) void reply.header('content-security-policy', csp);
      for (const [name, value] of Object.entries(COMMON_HEADERS)) {
        if (!reply.hasHeader(name)) void reply.header(name, value);
      }
    });
  },
  { name: 'security-headers' },
);
