import { esc, flagBox, framePage, frameStyle, navLinks } from '../../_shared/lab-page.mjs';
import { TEXTS } from './texts.mjs';

// HTML of the directory's pages. Every value from a request or the database goes through `esc`.

const STYLE = `${frameStyle({ brand: '#0b5394', bg: '#f5f7fa', headerLink: '#dbe9f6' })}
  form { background: #fff; border: 1px solid var(--line); border-radius: 6px; padding: 1rem 1.2rem;
         display: flex; gap: 0.75rem; align-items: end; flex-wrap: wrap; }
  form.stack { flex-direction: column; align-items: stretch; max-width: 22rem; }
  label { display: flex; flex-direction: column; gap: 0.25rem; font-size: 0.85rem; color: var(--muted); }
  input { font: inherit; padding: 0.4rem 0.6rem; border: 1px solid #bcccdc; border-radius: 4px; min-width: 16rem; }
  button { font: inherit; padding: 0.45rem 1.2rem; border: 0; border-radius: 4px; background: var(--brand);
           color: #fff; cursor: pointer; }
  .hint { color: var(--muted); font-size: 0.85rem; margin: 0.5rem 0 1.25rem; }
  table { width: 100%; border-collapse: collapse; background: #fff; border: 1px solid var(--line); }
  th, td { text-align: left; padding: 0.45rem 0.7rem; border-bottom: 1px solid var(--line); }
  th { background: #eef2f7; font-size: 0.85rem; color: var(--muted); }
  .count { color: var(--muted); font-size: 0.85rem; }
  .result, .error, .ok { padding: 0.7rem 1rem; border-radius: 6px; background: #fff; border: 1px solid var(--line); }
  .error { border-color: #e12d39; color: #8a041a; background: #ffe3e3; }
  .ok { border-color: #3ebd93; background: #effcf6; }
  pre.detail { white-space: pre-wrap; font-size: 0.8rem; margin: 0.5rem 0 0; }
`;

/** The page frame of the directory; `flag` is shown only when the request just exploited the lab. */
export function layout({ lang, active, heading, body, flag }) {
  const t = TEXTS[lang];
  const nav = navLinks(
    lang,
    [
      ['search', 'search', t.navSearch],
      ['employee', 'employee', t.navEmployee],
      ['login', 'login', t.navLogin],
    ],
    active,
  );
  const flagShown = flag ? flagBox({ title: t.flagTitle, lead: t.flagLead, flag }) : '';
  return framePage({ lang, t, style: STYLE, nav, heading, body, flag: flagShown });
}

function errorBox(kind, message, err) {
  const detail = err ? `<pre class="detail">${esc(err.message ?? err)}</pre>` : '';
  return `<div class="error" data-error="${kind}">${message}${detail}</div>`;
}

/** `outcome`: undefined (the first visit), `{ rows }` or `{ error }`. */
export function searchPage({ lang, q, outcome, flag }) {
  const t = TEXTS[lang];
  const form = `<form method="get" action="search"><input type="hidden" name="lang" value="${lang}">
<label>${t.searchLabel}<input name="q" value="${esc(q ?? '')}" maxlength="500" autofocus></label>
<button>${t.searchButton}</button></form><p class="hint">${t.searchHint}</p>`;
  let results = '';
  if (outcome?.error) {
    results = errorBox('search', t.searchError, outcome.error);
  } else if (outcome) {
    const heading = q ? t.resultsFor(esc(q)) : t.allStaff;
    const head = t.columns.map((c) => `<th>${c}</th>`).join('');
    const rows = outcome.rows.map((row) => `<tr data-row>${row.map((cell) => `<td>${esc(cell)}</td>`).join('')}</tr>`);
    results =
      outcome.rows.length === 0
        ? `<h2>${heading}</h2><p class="result" data-rows="0">${t.noResults}</p>`
        : `<h2>${heading} <span class="count">${t.count(outcome.rows.length)}</span></h2>
<table class="results" data-rows="${outcome.rows.length}"><thead><tr>${head}</tr></thead><tbody>
${rows.join('\n')}
</tbody></table>`;
  }
  return layout({ lang, active: 'search', heading: t.navSearch, body: form + results, flag });
}

/** `outcome`: undefined, `{ exists }` or `{ error }`. */
export function employeePage({ lang, id, outcome }) {
  const t = TEXTS[lang];
  const form = `<form method="get" action="employee"><input type="hidden" name="lang" value="${lang}">
<label>${t.employeeLabel}<input name="id" value="${esc(id ?? '')}" maxlength="500"></label>
<button>${t.employeeButton}</button></form><p class="hint">${t.employeeHint}</p>`;
  let result = '';
  if (outcome?.error) result = errorBox('lookup', t.lookupError, outcome.error);
  else if (outcome?.exists) result = `<p class="result" data-result="exists">${t.exists(esc(id))}</p>`;
  else if (outcome) result = `<p class="result" data-result="not-found">${t.notFound(esc(id))}</p>`;
  return layout({ lang, active: 'employee', heading: t.navEmployee, body: form + result });
}

/** `outcome`: undefined, `{ user }` (signed in) or `{ failed: true }`. */
export function loginPage({ lang, username, outcome, flag }) {
  const t = TEXTS[lang];
  let message = '';
  if (outcome?.user) message = `<p class="ok" data-login="ok">${t.loginOk(esc(outcome.user))}</p>`;
  else if (outcome?.failed) message = `<p class="error" data-login="failed">${t.loginFailed}</p>`;
  const form = `<p class="hint">${t.loginLead}</p>${message}
<form class="stack" method="post" action="login?lang=${lang}">
<label>${t.username}<input name="username" value="${esc(username ?? '')}" autocomplete="username" required></label>
<label>${t.password}<input name="password" type="password" autocomplete="current-password" required></label>
<button>${t.loginButton}</button></form>`;
  return layout({ lang, active: 'login', heading: t.navLogin, body: form, flag });
}

/** A plain message page (400, 404, 413). */
export function messagePage({ lang, heading, message }) {
  return layout({ lang, active: '', heading, body: `<p class="error">${esc(message)}</p>` });
}
