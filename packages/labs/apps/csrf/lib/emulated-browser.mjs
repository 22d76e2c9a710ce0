import { randomBytes } from 'node:crypto';
import { scanPage } from './html-scan.mjs';
import { SHOP_HOST, SHOP_ORIGIN } from './shop-data.mjs';

/**
 * 総務部 佐藤さん's browser — EMULATED inside the lab, not a real browser: no network, no JavaScript engine. It opens
 * the URL of a report; on the attacker's page it does what a browser would do on its own (images, frames, meta
 * refresh, `location = '…'`) and submits every form, as if she clicked each button she was asked to. Each request to
 * the shop goes in-process to the shop's own request handling, carrying what a browser would add to a cross-site
 * request: Origin, Referer (by referrer policy), Sec-Fetch-*, and the session cookie only where its SameSite allows.
 */

export const ATTACKER_ORIGIN = 'http://attacker.example';
const MAX_REQUESTS = 10;
const INBOX_URL = `${SHOP_ORIGIN}/admin/inbox`;
const USER_AGENT = 'Mozilla/5.0 (emulated browser of 総務部 佐藤; cynex csrf lab)';

/** The cookie's SameSite; none given counts as None, as in Firefox and Safari (Chrome would treat it as Lax). */
export function sameSiteOf(attributes) {
  const match = /(?:^|;)\s*samesite\s*=\s*(strict|lax|none)\s*(?=;|$)/i.exec(String(attributes ?? ''));
  return (match?.[1] ?? 'none').toLowerCase();
}

/** Why the cookie is not sent, or undefined when it is. */
function cookieWithheld(sameSite, { crossSite, topLevel, method }) {
  if (!crossSite || sameSite === 'none') return undefined;
  if (sameSite === 'lax' && topLevel && method === 'GET') return undefined;
  return `SameSite=${sameSite === 'lax' ? 'Lax' : 'Strict'} on a cross-site ${topLevel ? method : 'embedded'} request`;
}

/** The Referer a request from `pageUrl` to the shop (another site) carries under `policy`. */
function refererFor(policy, pageUrl) {
  switch (policy) {
    case 'no-referrer':
    case 'same-origin':
      return undefined;
    case 'unsafe-url':
    case 'no-referrer-when-downgrade':
      return pageUrl.href;
    default:
      // strict-origin-when-cross-origin (the default), origin, strict-origin, origin-when-cross-origin
      return `${pageUrl.origin}/`;
  }
}

function encodeForm(fields, enctype) {
  if (enctype === 'multipart/form-data') {
    const boundary = `----EmulatedFormBoundary${randomBytes(8).toString('hex')}`;
    const parts = fields.map(
      ([name, value]) =>
        `--${boundary}\r\nContent-Disposition: form-data; name="${name.replaceAll('"', '%22')}"\r\n\r\n${value}\r\n`,
    );
    return { contentType: `multipart/form-data; boundary=${boundary}`, body: `${parts.join('')}--${boundary}--\r\n` };
  }
  if (enctype === 'text/plain') {
    return { contentType: 'text/plain', body: fields.map(([name, value]) => `${name}=${value}\r\n`).join('') };
  }
  return { contentType: 'application/x-www-form-urlencoded', body: new URLSearchParams(fields).toString() };
}

/** One action of the page as the request a browser makes: URL, method, body and what kind of fetch it is. */
function requestFor(action, pageUrl, pagePolicy) {
  const resolve = (href) => new URL(href || pageUrl.href, pageUrl);
  switch (action.kind) {
    case 'image':
      return {
        url: resolve(action.url),
        method: 'GET',
        dest: 'image',
        mode: 'no-cors',
        topLevel: false,
        policy: action.referrerPolicy ?? pagePolicy,
        how: '<img>',
      };
    case 'iframe':
      return {
        url: resolve(action.url),
        method: 'GET',
        dest: 'iframe',
        mode: 'navigate',
        topLevel: false,
        policy: action.referrerPolicy ?? pagePolicy,
        how: '<iframe>',
      };
    case 'navigate':
      return {
        url: resolve(action.url),
        method: 'GET',
        dest: 'document',
        mode: 'navigate',
        topLevel: true,
        policy: pagePolicy,
        how: action.via,
      };
    case 'form': {
      const topLevel = ['', '_self', '_top', '_parent', '_blank'].includes(action.target.toLowerCase());
      const common = {
        dest: topLevel ? 'document' : 'iframe',
        mode: 'navigate',
        topLevel,
        policy: action.noReferrer ? 'no-referrer' : pagePolicy,
      };
      const url = resolve(action.action);
      if (action.method === 'GET') {
        url.search = new URLSearchParams(action.fields).toString();
        return { ...common, url, method: 'GET', how: '<form method=get>' };
      }
      return {
        ...common,
        url,
        method: 'POST',
        ...encodeForm(action.fields, action.enctype),
        how: `<form method=post${action.enctype ? ` enctype=${action.enctype}` : ''}>`,
      };
    }
    default:
      return undefined;
  }
}

/**
 * @param {object} options
 * @param {(req: {method: string, url: URL, headers: Record<string, string>, body: Buffer}) => Promise<{status: number, outcome?: string}>} options.dispatch the shop, in-process
 * @param {() => {name: string, value: string, attributes: string}} options.cookie the admin's session cookie
 * @param {() => string} options.attackerPage the HTML saved in the attacker's web space
 */
export function createAdminBrowser({ dispatch, cookie, attackerPage }) {
  async function toShop(request, { crossSite, referer, origin }) {
    const session = cookie();
    const withheld = cookieWithheld(sameSiteOf(session.attributes), { crossSite, ...request });
    const headers = {
      host: SHOP_HOST,
      'user-agent': USER_AGENT,
      accept: 'text/html',
      'accept-language': 'ja',
      'sec-fetch-site': crossSite ? 'cross-site' : 'same-origin',
      'sec-fetch-mode': request.mode,
      'sec-fetch-dest': request.dest,
    };
    if (referer) headers.referer = referer;
    if (origin) headers.origin = origin;
    if (request.contentType) headers['content-type'] = request.contentType;
    if (!withheld) headers.cookie = `${session.name}=${session.value}`;
    const body = Buffer.from(request.body ?? '');
    const res = await dispatch({ method: request.method, url: request.url, headers, body, fromAdminBrowser: true });
    const sent = [origin && `Origin: ${origin}`, `Referer: ${referer ?? '(none)'}`].filter(Boolean).join(', ');
    const cookieNote = withheld ? `session cookie not sent (${withheld})` : 'session cookie sent';
    return {
      toShop: true,
      request: `${request.method} ${request.url.href}`,
      status: res.status,
      detail: [request.how, sent, cookieNote, res.outcome].filter(Boolean).join(' · '),
    };
  }

  async function fromAttackerPage(pageUrl) {
    const html = attackerPage();
    const log = [
      { request: `GET ${pageUrl.href}`, status: 200, detail: `the attacker's page, ${Buffer.byteLength(html)} bytes` },
    ];
    const { referrerPolicy, actions } = scanPage(html);
    for (const action of actions) {
      if (log.length > MAX_REQUESTS) break;
      let request;
      try {
        request = requestFor(action, pageUrl, referrerPolicy ?? 'strict-origin-when-cross-origin');
      } catch {
        log.push({ request: `${action.kind} ${action.url ?? action.action}`, status: 0, detail: 'not a valid URL' });
        continue;
      }
      if (!request) continue;
      if (request.url.origin !== SHOP_ORIGIN) {
        log.push({
          request: `${request.method} ${request.url.href}`,
          status: 0,
          detail: `${request.how} · not sent: the emulated browser reaches only the shop`,
        });
        continue;
      }
      const referer = refererFor(request.policy, pageUrl);
      const origin =
        request.method === 'POST' ? (request.policy === 'no-referrer' ? 'null' : ATTACKER_ORIGIN) : undefined;
      log.push(await toShop(request, { crossSite: true, referer, origin }));
    }
    return log;
  }

  return {
    /** Opens a reported URL; returns one log line per request: what was sent, the status, and why. */
    async visit(reported) {
      let url;
      try {
        url = new URL(reported);
      } catch {
        return [{ request: `GET ${reported}`, status: 0, detail: 'not opened: not a URL' }];
      }
      if (url.protocol !== 'http:' && url.protocol !== 'https:') {
        return [{ request: `GET ${url.href}`, status: 0, detail: 'not opened: only http and https URLs' }];
      }
      if (url.origin === ATTACKER_ORIGIN) return fromAttackerPage(url);
      if (url.origin === SHOP_ORIGIN) {
        // A link in the report, clicked in the shop's own inbox: a same-origin navigation.
        const request = {
          url,
          method: 'GET',
          dest: 'document',
          mode: 'navigate',
          topLevel: true,
          how: 'link in the report',
        };
        return [await toShop(request, { crossSite: false, referer: INBOX_URL })];
      }
      return [
        {
          request: `GET ${url.href}`,
          status: 0,
          detail: `not opened: the lab has no network (only ${ATTACKER_ORIGIN}/ and ${SHOP_ORIGIN}/)`,
        },
      ];
    },
  };
}
