// ポイントショップの変更リクエストの確認 / How the points shop checks requests that change something.
// The shop calls these three functions; everything else (sign-in, balances, pages) is the shop's.
//   sessionCookie()                      → the session cookie's attributes, e.g. 'HttpOnly'
//   formFields(session)                  → hidden fields for the transfer and e-mail forms, { name: value }
//   checkRequest(request, session, form) → { allow: true } or { allow: false, reason: '…' }, before every change
// request: { method, url (a URL object), headers (lower-case names), shop: { origin, host } } — the shop's own
//          address is shop.origin ('http://points.minato-shoji.example'), whatever the Host header says
// session: the signed-in user's session object, { id, user }; you may keep your own values on it
// form:    the submitted fields (URLSearchParams): from the body of a POST, or from the URL of a GET that carries
//          ?_method=POST (the shop honours that for old one-tap links)
// Note: the cookie attributes apply to the admin's browser (emulated in the lab). Your own browser sees the lab
// through the cynex sandbox, where every request counts as cross-site, so its copy is always SameSite=None.
import { randomBytes, timingSafeEqual } from 'node:crypto';

// Lax: a browser sends the cookie on another site's links, never with another site's POST, image or frame.
export function sessionCookie() {
  return 'HttpOnly; SameSite=Lax';
}

// One unguessable token per session, kept on the server with the session and put in every form.
export function formFields(session) {
  session.csrfToken ??= randomBytes(32).toString('base64url');
  return { csrf_token: session.csrfToken };
}

// The token's length is public (43 characters), so only its content needs comparing in constant time.
function sameToken(given, expected) {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

const deny = (reason) => ({ allow: false, reason });

export function checkRequest(request, session, form) {
  // A change is a POST: links, images and ?_method=POST never change anything (and never carry the token).
  if (request.method !== 'POST') return deny('changes are accepted only as POST');
  // Browsers say where a request comes from; when they do, it must be this shop. (Without these headers — an old
  // browser, or the cynex view, which forwards neither — the token below still decides.)
  const site = request.headers['sec-fetch-site'];
  if (site !== undefined && site !== 'same-origin' && site !== 'none') return deny(`Sec-Fetch-Site: ${site}`);
  const origin = request.headers.origin;
  if (origin !== undefined && origin !== request.shop.origin) return deny(`Origin: ${origin}`);
  // The token from the form body only, required, and this session's.
  const token = form.get('csrf_token');
  if (typeof session.csrfToken !== 'string' || token === null || !sameToken(token, session.csrfToken)) {
    return deny('missing or wrong CSRF token');
  }
  return { allow: true };
}
