// Request and response plumbing shared by the lab apps: bounded bodies, HTML answers with the lab's security headers,
// and the language a page is shown in.

/** The policy of a lab page that has forms and inline styles but no script, images or other origins. */
export const FORM_PAGE_CSP = "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'";

/** An error that the app's catch-all answers with `status` (413 for a body over its limit). */
export function httpError(status, message = `HTTP ${status}`) {
  return Object.assign(new Error(message), { status });
}

/**
 * The request body, at most `limit` bytes. Past the limit the rest is read and dropped, so that the client still
 * gets its 413 rather than a reset connection.
 */
export function readBody(req, limit) {
  if (Number(req.headers['content-length'] ?? 0) > limit) return Promise.reject(httpError(413, 'body too large'));
  return new Promise((resolve, reject) => {
    const chunks = [];
    let size = 0;
    req.on('data', (chunk) => {
      size += chunk.length;
      if (size <= limit) chunks.push(chunk);
    });
    req.on('end', () => (size > limit ? reject(httpError(413, 'body too large')) : resolve(Buffer.concat(chunks))));
    req.on('error', reject);
  });
}

/** An urlencoded form body of at most `limit` bytes. */
export async function readForm(req, limit) {
  return new URLSearchParams((await readBody(req, limit)).toString('utf8'));
}

/** An HTML page, never cached or sniffed, under `csp`; `headers` adds to or replaces these. */
export function sendHtml(res, status, html, { csp = FORM_PAGE_CSP, headers = {} } = {}) {
  res.writeHead(status, {
    'content-type': 'text/html; charset=utf-8',
    'content-security-policy': csp,
    'x-content-type-options': 'nosniff',
    'cache-control': 'no-store',
    ...headers,
  });
  res.end(html);
}

/** `?lang=ja|en`, else the first of ja/en in Accept-Language, else Japanese. */
export function pickLanguage(url, acceptLanguage) {
  const asked = url.searchParams.get('lang');
  if (asked === 'ja' || asked === 'en') return asked;
  for (const part of String(acceptLanguage ?? '').split(',')) {
    const tag = part.split(';')[0].trim().toLowerCase();
    if (tag.startsWith('ja')) return 'ja';
    if (tag.startsWith('en')) return 'en';
  }
  return 'ja';
}
