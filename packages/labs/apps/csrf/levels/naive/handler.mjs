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
import { randomBytes } from 'node:crypto';

export function sessionCookie() {
  return 'HttpOnly';
}

export function formFields(session) {
  session.csrfToken ??= randomBytes(16).toString('hex');
  return { csrf_token: session.csrfToken };
}

export function checkRequest(request, session, form) {
  // 他のサイトから来たリクエストを拒否する / Refuse requests that come from another site.
  const referer = request.headers.referer;
  if (referer && !referer.includes(request.shop.host)) {
    return { allow: false, reason: `the Referer is another site: ${referer}` };
  }
  // トークンが送られてきたら照合する / When a token is sent, it must match.
  const token = form.get('csrf_token');
  if (token !== null && token !== session.csrfToken) {
    return { allow: false, reason: 'wrong CSRF token' };
  }
  return { allow: true };
}
