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

export function sessionCookie() {
  return 'HttpOnly';
}

export function formFields(session) {
  return {};
}

// ログイン済みなら本人の操作とみなす / A signed-in user's request is taken as their own.
export function checkRequest(request, session, form) {
  return { allow: true };
}
