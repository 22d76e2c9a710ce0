import { esc, flagBox, framePage, frameStyle, navLinks } from '../../_shared/lab-page.mjs';
import { TEXTS } from './texts.mjs';

// HTML of the diagnostics page. Every value from a request or a command's output goes through `esc`.

const STYLE = `${frameStyle({ brand: '#2d6a4f', bg: '#f5f7fa', headerLink: '#d8f3dc' })}
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
`;

/** The page frame of the diagnostics page; `flag` is shown only when the request just exploited the lab. */
export function layout({ lang, heading, body, flag }) {
  const t = TEXTS[lang];
  const nav = navLinks(lang, [['diagnose', 'diagnose', t.navDiagnose]], 'diagnose');
  const flagShown = flag ? flagBox({ title: t.flagTitle, lead: t.flagLead, flag }) : '';
  return framePage({ lang, t, style: STYLE, nav, heading, body, flag: flagShown });
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
