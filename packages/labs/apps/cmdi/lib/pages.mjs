import { TEXTS } from './texts.mjs';

/** HTML of the diagnostics page. Every value from a request or a command's output goes through `esc`. */
export function esc(value) {
  return String(value ?? '').replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c],
  );
}

const STYLE = `
  :root { color-scheme: light; --ink: #1f2933; --muted: #616e7c; --line: #d9e2ec; --brand: #2d6a4f; --bg: #f5f7fa; }
  * { box-sizing: border-box; }
  body { margin: 0; font: 15px/1.6 system-ui, "Hiragino Sans", "Noto Sans JP", "Yu Gothic", sans-serif;
         color: var(--ink); background: var(--bg); }
  header { background: var(--brand); color: #fff; padding: 0.8rem 1.5rem; display: flex; align-items: baseline;
           gap: 1.5rem; flex-wrap: wrap; }
  header strong { font-size: 1.05rem; }
  header nav { display: flex; gap: 1rem; flex: 1; }
  header a { color: #d8f3dc; text-decoration: none; }
  header a.active, header a:hover { color: #fff; text-decoration: underline; }
  .lang a { margin-left: 0.5rem; }
  main { max-width: 60rem; margin: 1.5rem auto; padding: 0 1.5rem; }
  h1 { font-size: 1.35rem; margin: 0 0 1rem; }
  h2 { font-size: 1.1rem; margin: 1.5rem 0 0.5rem; }
  form { background: #fff; border: 1px solid var(--line); border-radius: 6px; padding: 1rem 1.2rem;
         display: flex; gap: 0.75rem; align-items: end; flex-wrap: wrap; }
  label { display: flex; flex-direction: column; gap: 0.25rem; font-size: 0.85rem; color: var(--muted); }
  input, select { font: inherit; padding: 0.4rem 0.6rem; border: 1px solid #bcccdc; border-radius: 4px; }
  input { min-width: 18rem; }
  button { font: inherit; padding: 0.45rem 1.2rem; border: 0; border-radius: 4px; background: var(--brand);
           color: #fff; cursor: pointer; }
  .hint, .lead { color: var(--muted); font-size: 0.85rem; margin: 0.5rem 0 1.25rem; }
  pre.output { background: #102a43; color: #e6f6ff; padding: 0.9rem 1rem; border-radius: 6px; overflow-x: auto;
               white-space: pre-wrap; word-break: break-all; font-size: 0.85rem; }
  table { border-collapse: collapse; background: #fff; border: 1px solid var(--line); font-size: 0.9rem; }
  th, td { text-align: left; padding: 0.35rem 0.7rem; border-bottom: 1px solid var(--line); }
  th { background: #eef2f7; font-size: 0.8rem; color: var(--muted); }
  .error { padding: 0.7rem 1rem; border-radius: 6px; border: 1px solid #e12d39; color: #8a041a; background: #ffe3e3; }
  pre.detail { white-space: pre-wrap; font-size: 0.8rem; margin: 0.5rem 0 0; }
  .flag { margin: 0 0 1.25rem; padding: 0.9rem 1.1rem; border-radius: 6px; background: #fffbea;
          border: 2px solid #f0b429; }
  .flag code { font-size: 1.05rem; user-select: all; }
  footer { max-width: 60rem; margin: 2rem auto; padding: 0 1.5rem; color: var(--muted); font-size: 0.8rem; }
`;

/** The page frame; `flag` is shown only when the request just exploited the lab. */
export function layout({ lang, heading, body, flag }) {
  const t = TEXTS[lang];
  const flagBox = flag
    ? `<section class="flag" data-lab-flag><strong>${t.flagTitle}</strong> ${t.flagLead} <code>${esc(flag)}</code></section>`
    : '';
  return `<!doctype html>
<html lang="${lang}">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(heading)} — ${t.company}</title><style>${STYLE}</style></head>
<body>
<header><strong>${t.company} · ${t.title}</strong><nav><a href="diagnose?lang=${lang}" class="active">${t.navDiagnose}</a></nav>
<span class="lang"><a href="?lang=ja">日本語</a><a href="?lang=en">English</a></span></header>
<main>${flagBox}<h1>${esc(heading)}</h1>
${body}
</main>
<footer>${t.footer}</footer>
</body>
</html>
`;
}

function form(lang, tool, host) {
  const t = TEXTS[lang];
  const options = Object.entries(t.tools)
    .map(([value, label]) => `<option value="${value}"${value === tool ? ' selected' : ''}>${label}</option>`)
    .join('');
  const hosts = Object.entries(t.hostRoles)
    .map(([name, role]) => `<tr><td><code>${name}</code></td><td>${role}</td></tr>`)
    .join('');
  return `<p class="lead">${t.lead}</p>
<form method="get" action="diagnose"><input type="hidden" name="lang" value="${lang}">
<label>${t.hostLabel}<input name="host" value="${esc(host ?? '')}" maxlength="500" autofocus></label>
<label>${t.toolLabel}<select name="tool">${options}</select></label>
<button>${t.runButton}</button></form>
<p class="hint">${t.hint}</p>
<details><summary>${t.knownHosts}</summary>
<table><thead><tr><th>${t.hostsColumns[0]}</th><th>${t.hostsColumns[1]}</th></tr></thead><tbody>${hosts}</tbody></table>
</details>`;
}

/**
 * `outcome`: undefined (the first visit), `{ output }` (what the command printed), `{ rejected }` (the handler
 * refused the input, with its reason) or `{ error }` (the handler threw or did not load).
 */
export function diagnosePage({ lang, tool, host, outcome, flag }) {
  const t = TEXTS[lang];
  let result = '';
  if (outcome?.error) {
    result = `<div class="error" data-error="handler">${t.handlerError}<pre class="detail">${esc(outcome.error.message ?? outcome.error)}</pre></div>`;
  } else if (outcome?.rejected !== undefined) {
    result = `<p class="error" data-error="rejected">${t.rejected} ${esc(outcome.rejected)}</p>`;
  } else if (outcome) {
    const toolLabel = Object.hasOwn(t.tools, tool) ? tool : 'ping';
    result = `<h2>${esc(t.resultFor(toolLabel, host))}</h2>
<pre class="output" data-output>${esc(outcome.output === '' ? t.noOutput : outcome.output)}</pre>`;
  }
  return layout({ lang, heading: t.title, body: form(lang, tool, host) + result, flag });
}

/** A plain message page (400, 404, 413). */
export function messagePage({ lang, message }) {
  return layout({ lang, heading: TEXTS[lang].title, body: `<p class="error">${esc(message)}</p>` });
}
