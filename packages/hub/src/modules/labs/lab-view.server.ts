import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { signLabViewToken, verifyLabViewToken, type LabViewClaims } from './lab-view-token.js';

/** One exchange with the lab behind the view (the runner's `request`). */
export interface LabViewRequest {
  method: string;
  path: string;
  headers: Record<string, string>;
  body?: Buffer;
}
export interface LabViewResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
}

/** What the view listener needs of the labs: the token key, the owner check and the lab's answer. */
export interface LabViewBackend {
  viewKey(): Promise<Buffer>;
  /** Whether the user may see the instance now: theirs, and running. */
  viewAllowed(claims: LabViewClaims): Promise<boolean>;
  forward(instanceId: string, request: LabViewRequest): Promise<LabViewResponse>;
}

const VIEW_PATH = /^\/i\/([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})(\/.*)?$/;
const VIEW_COOKIE = 'cynex_lab_view';
/**
 * The same claims for a form the sandboxed page posts. The page's origin is opaque, so to the browser every request
 * it starts is cross-site: a SameSite=Lax cookie goes with its links and GET forms (top-level navigations) but not
 * with a POST form (the sqli lab's sign-in). This one is SameSite=None, which browsers keep only when Secure (HTTPS,
 * or a loopback address), and is honoured only on requests other than GET and HEAD.
 */
const FORM_COOKIE = 'cynex_lab_form';
/** The lab's own cookies carry this prefix in the browser, so that they never collide with anything of the hub's. */
const LAB_COOKIE_PREFIX = 'lab_';
const MAX_BODY_BYTES = 1024 * 1024;
const COOKIE_TTL_SECONDS = 8 * 3600;
/** The page runs sandboxed (an opaque origin): it cannot read cookies, storage or anything of another origin. */
const VIEW_HEADERS = {
  'content-security-policy': "sandbox allow-forms allow-scripts; frame-ancestors 'none'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'cache-control': 'no-store',
};

function plain(
  res: http.ServerResponse,
  status: number,
  text: string,
  extra: Record<string, string | string[]> = {},
): void {
  res.writeHead(status, { ...VIEW_HEADERS, 'content-type': 'text/plain; charset=utf-8', ...extra }).end(`${text}\n`);
}

function cookiesOf(header: string | undefined): [string, string][] {
  return (header ?? '')
    .split(';')
    .map((part) => part.trim())
    .filter(Boolean)
    .map((part) => {
      const at = part.indexOf('=');
      return at < 0 ? [part, ''] : [part.slice(0, at), part.slice(at + 1)];
    });
}

/** A lab's Set-Cookie, renamed with the prefix and confined to its instance's path on the view origin. */
function scopeSetCookie(value: string, prefix: string): string {
  const [pair = '', ...attributes] = value.split(';').map((part) => part.trim());
  const kept = attributes.filter((a) => !/^(path|domain)\s*=/i.test(a));
  return [`${LAB_COOKIE_PREFIX}${pair}`, ...kept, `Path=${prefix}`].join('; ');
}

async function readBody(req: http.IncomingMessage): Promise<Buffer | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY_BYTES) return undefined;
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

/**
 * The labs' web views on a listener of their own (CYNEX_LABS_LISTEN): a lab page (and later an XSS lab's) never runs
 * in the hub's origin. A request is let in by a short-lived signed link (`/i/<instanceId>/?t=…`), which is exchanged
 * for a cookie confined to `/i/<instanceId>/`; the hub's own cookies are never passed to a lab.
 */
export class LabViewServer {
  private origin: Promise<string> | undefined;
  private server: http.Server | undefined;

  constructor(
    private readonly address: { host: string; port: number },
    private readonly backend: LabViewBackend,
    private readonly now: () => number = Date.now,
  ) {}

  /** Starts listening on first use; returns the origin (`http://127.0.0.1:8081`). */
  listen(): Promise<string> {
    this.origin ??= this.start().catch((error: unknown) => {
      this.origin = undefined;
      throw error;
    });
    return this.origin;
  }

  async close(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    this.origin = undefined;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  private async start(): Promise<string> {
    const server = http.createServer((req, res) => {
      this.handle(req, res).catch(() => {
        if (!res.headersSent) plain(res, 502, 'the lab did not answer');
        else res.destroy();
      });
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.address.port, this.address.host, () => {
        server.off('error', reject);
        resolve();
      });
    });
    this.server = server;
    const bound = server.address() as AddressInfo;
    return `http://${bound.family === 'IPv6' ? `[${bound.address}]` : bound.address}:${bound.port}`;
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://lab-view.invalid');
    const match = VIEW_PATH.exec(url.pathname);
    if (!match) return plain(res, 404, 'not found');
    const instanceId = match[1]!;
    const prefix = `/i/${instanceId}/`;
    if (match[2] === undefined) return plain(res, 308, 'moved', { location: `${prefix}${url.search}` });
    const key = await this.backend.viewKey();
    const link = url.searchParams.get('t');
    if (link !== null) {
      const claims = verifyLabViewToken(key, 'link', link, instanceId, this.now());
      if (!claims) return plain(res, 403, 'this lab link has expired or is not valid: open the lab again from the hub');
      if (!(await this.backend.viewAllowed(claims))) return plain(res, 404, 'no such lab instance');
      url.searchParams.delete('t');
      const cookie = signLabViewToken(key, 'cookie', claims, this.now() + COOKIE_TTL_SECONDS * 1000);
      return plain(res, 303, 'signed in to the lab', {
        location: `${url.pathname}${url.search}`,
        'set-cookie': [
          `${VIEW_COOKIE}=${cookie}; Path=${prefix}; Max-Age=${COOKIE_TTL_SECONDS}; HttpOnly; SameSite=Lax`,
          `${FORM_COOKIE}=${cookie}; Path=${prefix}; Max-Age=${COOKIE_TTL_SECONDS}; HttpOnly; Secure; SameSite=None`,
        ],
      });
    }
    const cookies = cookiesOf(req.headers.cookie);
    const unsafe = req.method !== 'GET' && req.method !== 'HEAD';
    const claims = cookies
      .filter(([name]) => name === VIEW_COOKIE || (unsafe && name === FORM_COOKIE))
      .map(([, value]) => verifyLabViewToken(key, 'cookie', value, instanceId, this.now()))
      .find((c) => c !== undefined);
    if (!claims) return plain(res, 403, 'open the lab from the hub first');
    if (!(await this.backend.viewAllowed(claims))) return plain(res, 404, 'no such lab instance');
    const body = await readBody(req);
    if (!body) return plain(res, 413, `a request to a lab is at most ${MAX_BODY_BYTES} bytes`);
    const labCookies = cookies
      .filter(([name]) => name.startsWith(LAB_COOKIE_PREFIX))
      .map(([name, value]) => `${name.slice(LAB_COOKIE_PREFIX.length)}=${value}`);
    const headers: Record<string, string> = {};
    for (const name of ['content-type', 'accept-language'] as const) {
      const value = req.headers[name];
      if (value) headers[name] = value;
    }
    if (labCookies.length > 0) headers.cookie = labCookies.join('; ');
    const answer = await this.backend.forward(instanceId, {
      method: req.method ?? 'GET',
      path: `${match[2]}${url.search}`,
      headers,
      ...(body.length > 0 ? { body } : {}),
    });
    const out: Record<string, string | string[]> = { ...VIEW_HEADERS };
    const type = answer.headers['content-type'];
    if (type) out['content-type'] = type;
    const location = answer.headers.location;
    // The lab's absolute paths live under the instance's prefix; other origins are not the lab's to send people to.
    if (location?.startsWith('/') && !location.startsWith('//')) out.location = `${prefix}${location.slice(1)}`;
    else if (location && !/^[a-z][a-z0-9+.-]*:|^\/\//i.test(location)) out.location = location;
    const setCookie = answer.headers['set-cookie'];
    if (setCookie) out['set-cookie'] = setCookie.map((value) => scopeSetCookie(value, prefix));
    res.writeHead(answer.status, out).end(answer.body);
  }
}
