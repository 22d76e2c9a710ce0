import { TEXTS } from './texts.mjs';

/** HTML of the directory's pages. Every value from a request or the database goes through `esc`. */
export function esc(value) {
  return String(value ?? '').replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c],
  );
}

const STYLE = `
  :root { color-scheme: light; --ink: #1f2933; --muted: #616e7c; --line: #d9e2ec; --brand: #0b5394; --bg: #f5f7fa; }
  * { box-sizing: border-box; }
  body { margin: 0; font: 15px/1.6 system-ui, "Hiragino Sans", "Noto Sans JP", "Yu Gothic", sans-serif;
         color: var(--ink); background: var(--bg); }
  header { background: var(--brand); color: #fff; padding: 0.8rem 1.5rem; display: flex; align-items: baseline;
           gap: 1.5rem; flex-wrap: wrap; }
  header strong { font-size: 1.05rem; }
  header nav { display: flex; gap: 1rem; flex: 1; }
  header a { color: #dbe9f6; text-decoration: none; }
  header a.active, header a:hover { color: #fff; text-decoration: underline; }
  .lang a { margin-left: 0.5rem; }
  main { max-width: 60rem; margin: 1.5rem auto; padding: 0 1.5rem; }
  h1 { font-size: 1.35rem; margin: 0 0 1rem; }
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
  .flag { margin: 0 0 1.25rem; padding: 0.9rem 1.1rem; border-radius: 6px; background: #fffbea;
          border: 2px solid #f0b429; }
  .flag code { font-size: 1.05rem; user-select: all; }
  footer { max-width: 60rem; margin: 2rem auto; padding: 0 1.5rem; color: var(--muted); font-size: 0.8rem; }
`;

function link(lang, href) {
  return `${href}${href.includes('?') ? '&' : '?'}lang=${lang}`;
}

/** The page frame; `flag` is shown only when the request just exploited the lab. */
export function layout({ lang, active, heading, body, flag }) {
  const t = TEXTS[lang];
  const nav = [
    ['search', 'search', t.navSearch],
    ['employee', 'employee', t.navEmployee],
    ['login', 'login', t.navLogin],
  ]
    .map(([id, href, label]) => `<a href="${link(lang, href)}"${id === active ? ' class="active"' : ''}>${label}</a>`)
    .join('');
  const flagBox = flag
    ? `<section class="flag" data-lab-flag><strong>${t.flagTitle}</strong> ${t.flagLead} <code>${esc(flag)}</code></section>`
    : '';
  return `<!doctype html>
<html lang="${lang}">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(heading)} — ${t.company}</title><style>${STYLE}</style></head>
<body>
<header><strong>${t.company} · ${t.title}</strong><nav>${nav}</nav>
<span class="lang"><a href="?lang=ja">日本語</a><a href="?lang=en">English</a></span></header>
<main>${flagBox}<h1>${esc(heading)}</h1>
${body}
</main>
<footer>${t.footer}</footer>
</body>
</html>
`;
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
