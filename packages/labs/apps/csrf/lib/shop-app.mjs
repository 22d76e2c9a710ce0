import { pickLanguage } from '../../_shared/lab-http.mjs';
import { createAdminBrowser, ATTACKER_ORIGIN } from './emulated-browser.mjs';
import { cookieAttributesOf, hiddenFieldsOf, verdictOf } from './learner-handler.mjs';
import {
  attackerPage,
  homePage,
  loginPage,
  messagePage,
  outcomePage,
  reportPage,
  settingsPage,
  transferPage,
} from './pages.mjs';
import { cookieValue, parseFormBody } from './request-body.mjs';
import {
  ADMIN,
  COLLEAGUE,
  DEMO_PASSWORDS,
  LEARNER,
  SHOP_HOST,
  SHOP_ORIGIN,
  ShopError,
  parseAmount,
  parseEmail,
} from './shop-data.mjs';
import { TEXTS } from './texts.mjs';

/**
 * The points shop's pages and changes, as one `dispatch(request)` that both the HTTP listener and the admin's
 * emulated browser call. A request is `{ method, url (a URL on the shop's origin), headers, body, fromAdminBrowser? }`;
 * the answer is `{ status, html, headers?, outcome? }`, `outcome` being one line for the emulated browser's log.
 */

export const SESSION_COOKIE = 'shop_sid';
const ATTACKER_URL = `${ATTACKER_ORIGIN}/`;
const MAX_URL_CHARS = 500;
const MAX_MESSAGE_CHARS = 2_000;
const MAX_HTML_CHARS = 65_536;
/**
 * The learner's browser sees the lab through the cynex view, a sandbox in which every request counts as cross-site:
 * a Lax or Strict cookie would never come back with the shop's own POST forms there. So the learner's copy is always
 * SameSite=None; the admin's (emulated) browser keeps exactly what handler.mjs's sessionCookie() says.
 */
const VIEW_COOKIE_ATTRIBUTES = 'Path=/; HttpOnly; SameSite=None; Secure';

const page = (status, html, extra = {}) => ({ status, html, ...extra });

/** Whether a request asks for a change: a POST, or a GET whose `_method=POST` the shop honours for old links. */
function asksForChange(req) {
  return (
    req.method === 'POST' || (req.method === 'GET' && req.url.searchParams.get('_method')?.toUpperCase() === 'POST')
  );
}

function formOf(req) {
  return req.method === 'POST'
    ? parseFormBody(req.headers['content-type'], req.body)
    : new URLSearchParams(req.url.search);
}

/** What checkRequest sees: copies, so that the learner's code cannot change the request the shop goes on with. */
function requestForHandler(req) {
  return {
    method: req.method,
    url: new URL(req.url.href),
    headers: { ...req.headers },
    shop: Object.freeze({ origin: SHOP_ORIGIN, host: SHOP_HOST }),
  };
}

function describeRequest(req) {
  const origin = req.headers.origin ?? 'no Origin';
  const site = req.headers['sec-fetch-site'] ?? 'no Sec-Fetch-Site';
  return `${req.method} ${req.url.pathname} (${origin}, ${site}, Referer ${req.headers.referer ?? 'none'})`;
}

export function createShopApp({ shop, sessions, handler, exploits, flag, attackerSpace }) {
  const adminSession = sessions.create(ADMIN);
  const demo = [
    [LEARNER, DEMO_PASSWORDS[LEARNER], true],
    [COLLEAGUE, DEMO_PASSWORDS[COLLEAGUE], false],
  ];

  async function formPage(ctx, kind, outcome) {
    const { lang, session, member } = ctx;
    const fields = await hiddenFieldsOf(handler, session);
    if (kind === 'settings') return settingsPage({ lang, member, fields, outcome });
    return transferPage({ lang, member, colleagues: shop.colleaguesOf(member.user), fields, outcome });
  }

  /** The admin's session changed: that is a forged request the handler let through. */
  function recordExploit(req, objective, what) {
    exploits.record(objective, `Ms Sato's browser sent ${describeRequest(req)}; checkRequest accepted it and ${what}`);
  }

  function perform(ctx, kind, form) {
    const { req, lang, session } = ctx;
    const t = TEXTS[lang];
    if (kind === 'transfer') {
      const amount = parseAmount(form.get('amount'));
      const recipient = shop.transfer(session.user, String(form.get('to') ?? ''), amount);
      if (session.user === ADMIN && recipient.user === LEARNER) {
        recordExploit(req, 'csrf-transfer', `${amount} pt moved from ${ADMIN} to ${LEARNER}`);
      }
      return {
        ok: t.transferDone(amount.toLocaleString('en-US'), recipient.name[lang]),
        log: `${amount} pt sent to ${recipient.user}`,
      };
    }
    const email = parseEmail(form.get('email'));
    const before = shop.setEmail(session.user, email);
    if (session.user === ADMIN && email !== before) {
      recordExploit(req, 'csrf-email', `her notification e-mail changed from ${before} to ${email}`);
    }
    return { ok: t.emailDone(email), log: `notification e-mail set to ${email}` };
  }

  async function change(ctx, kind) {
    const { req, lang, session } = ctx;
    if (!session) {
      const outcome = { signedOut: true };
      return page(401, outcomePage({ lang, heading: TEXTS[lang].navLogin, outcome }), { outcome: 'not signed in' });
    }
    const form = formOf(req);
    const verdict = await verdictOf(handler, requestForHandler(req), session, form);
    if (verdict.error) {
      const html = await formPage(ctx, kind, { handlerError: verdict.error });
      return page(500, html, { outcome: `handler.mjs failed: ${verdict.error}` });
    }
    if (!verdict.allow) {
      const html = await formPage(ctx, kind, { refused: verdict.reason });
      return page(403, html, { outcome: `refused by checkRequest: ${verdict.reason}` });
    }
    try {
      const done = perform(ctx, kind, form);
      return page(200, await formPage(ctx, kind, { ok: done.ok }), { outcome: `accepted: ${done.log}` });
    } catch (err) {
      if (!(err instanceof ShopError)) throw err;
      return page(400, await formPage(ctx, kind, { error: err.code }), {
        outcome: `the shop refused the input: ${err.code}`,
      });
    }
  }

  function login(ctx) {
    const { req, lang } = ctx;
    if (req.method !== 'POST') return page(200, loginPage({ lang, demo }));
    const form = formOf(req);
    const username = String(form.get('username') ?? '').slice(0, 100);
    const member = shop.signIn(username, form.get('password') ?? '');
    if (!member || member.user === ADMIN) return page(401, loginPage({ lang, username, failed: true, demo }));
    const session = sessions.create(member.user);
    const html = homePage({ lang, member, history: shop.historyOf(member.user), members: shop.member });
    return page(200, html, { headers: { 'set-cookie': `${SESSION_COOKIE}=${session.id}; ${VIEW_COOKIE_ATTRIBUTES}` } });
  }

  const browser = createAdminBrowser({
    dispatch,
    cookie: () => ({ name: SESSION_COOKIE, value: adminSession.id, attributes: cookieAttributesOf(handler) }),
    attackerPage: attackerSpace.read,
  });

  async function report(ctx) {
    const { req, lang, member } = ctx;
    const shown = { lang, member, attackerUrl: ATTACKER_URL, shopUrl: `${SHOP_ORIGIN}/` };
    if (req.method !== 'POST') return page(200, reportPage(shown));
    const form = formOf(req);
    const url = String(form.get('url') ?? '').trim();
    const message = String(form.get('message') ?? '');
    if (url.length > MAX_URL_CHARS || message.length > MAX_MESSAGE_CHARS) {
      return page(400, messagePage({ lang, message: TEXTS[lang].badRequest }));
    }
    // A report filed by the admin's own browser is not read again: no visit inside a visit.
    if (req.fromAdminBrowser) return page(200, reportPage({ ...shown, url, message }), { outcome: 'report filed' });
    const before = exploits.count();
    const log = await browser.visit(url);
    const exploited = exploits.count() > before;
    return page(200, reportPage({ ...shown, url, message, log, flag: exploited ? flag : undefined }));
  }

  function attacker(ctx) {
    const { req, lang, member } = ctx;
    const shown = { lang, member, attackerUrl: ATTACKER_URL };
    if (req.method !== 'POST') return page(200, attackerPage({ ...shown, html: attackerSpace.read() }));
    const html = String(formOf(req).get('html') ?? '');
    if (html.length > MAX_HTML_CHARS) return page(400, messagePage({ lang, message: TEXTS[lang].tooLarge }));
    attackerSpace.write(html);
    return page(200, attackerPage({ ...shown, html, saved: true }));
  }

  async function dispatch(req) {
    const lang = pickLanguage(req.url, req.headers['accept-language']);
    const session = sessions.get(cookieValue(req.headers.cookie, SESSION_COOKIE));
    const ctx = { req, lang, session, member: session && shop.member(session.user) };
    const signedOut = () =>
      page(401, outcomePage({ lang, heading: TEXTS[lang].navLogin, outcome: { signedOut: true } }));
    switch (req.url.pathname) {
      case '/':
        if (!ctx.member) return page(200, loginPage({ lang, demo }));
        return page(
          200,
          homePage({ lang, member: ctx.member, history: shop.historyOf(ctx.member.user), members: shop.member }),
        );
      case '/login':
        return login(ctx);
      case '/transfer':
      case '/settings': {
        const kind = req.url.pathname.slice(1);
        if (asksForChange(req)) return change(ctx, kind);
        return ctx.member ? page(200, await formPage(ctx, kind)) : signedOut();
      }
      case '/report':
        return ctx.member ? report(ctx) : signedOut();
      case '/attacker':
        // The attacker's site is not part of the shop: the admin's browser cannot reach it through the shop.
        if (!req.fromAdminBrowser) return attacker(ctx);
        break;
      default:
        break;
    }
    return page(404, messagePage({ lang, message: TEXTS[lang].notFoundPage }));
  }

  return { dispatch };
}
