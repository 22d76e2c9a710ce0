// app-source: minato-docs-portal (cynex traversal lab)
import { TEXTS } from './texts.mjs';

/** HTML of the portal's pages. Every value from a request or a file goes through `esc`, templates excepted. */
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
  h2 { font-size: 1.1rem; }
  .hint { color: var(--muted); font-size: 0.9rem; margin: 0 0 1rem; }
  table { width: 100%; border-collapse: collapse; background: #fff; border: 1px solid var(--line); }
  th, td { text-align: left; padding: 0.45rem 0.7rem; border-bottom: 1px solid var(--line); }
  th { background: #eef2f7; font-size: 0.85rem; color: var(--muted); }
  td.size { color: var(--muted); font-size: 0.85rem; white-space: nowrap; }
  article { background: #fff; border: 1px solid var(--line); border-radius: 6px; padding: 0.5rem 1.5rem 1rem; }
  .error { padding: 0.7rem 1rem; border-radius: 6px; border: 1px solid #e12d39; color: #8a041a; background: #ffe3e3; }
  pre.file { background: #fff; border: 1px solid var(--line); border-radius: 6px; padding: 0.8rem 1rem;
             white-space: pre-wrap; word-break: break-all; font-size: 0.85rem; max-height: 32rem; overflow: auto; }
  .flag { margin: 0 0 1.25rem; padding: 0.9rem 1.1rem; border-radius: 6px; background: #fffbea;
          border: 2px solid #f0b429; }
  .flag code { font-size: 1.05rem; user-select: all; }
  footer { max-width: 60rem; margin: 2rem auto; padding: 0 1.5rem; color: var(--muted); font-size: 0.8rem; }
`;

const link = (lang, href) => `${href}${href.includes('?') ? '&' : '?'}lang=${lang}`;

/** The page frame; `flag` is shown only when the request just exploited the lab. */
export function layout({ lang, active, heading, body, flag }) {
  const t = TEXTS[lang];
  const nav = [
    ['documents', './', t.navDocuments],
    ['guide', 'page?name=guide', t.navGuide],
    ['notice', 'page?name=notice', t.navNotice],
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

function sizeOf(bytes) {
  return bytes < 1024 ? `${bytes} B` : `${(bytes / 1024).toFixed(1)} KB`;
}

/** The list of documents; `documents` are DOCUMENTS entries with their `size` in bytes. */
export function documentsPage({ lang, documents }) {
  const t = TEXTS[lang];
  const head = t.columns.map((c) => `<th scope="col">${c}</th>`).join('');
  const rows = documents.map(
    (doc) =>
      `<tr data-doc="${esc(doc.file)}"><td>${esc(doc.title[lang])}</td>` +
      `<td><a href="download?file=${encodeURIComponent(doc.file)}">${esc(doc.file)}</a></td>` +
      `<td>${t.kinds[doc.kind]}</td><td class="size">${doc.updated} · ${sizeOf(doc.size)}</td></tr>`,
  );
  const body = `<p class="hint">${t.documentsLead} (${t.count(documents.length)})</p>
<table class="documents"><thead><tr>${head}</tr></thead><tbody>
${rows.join('\n')}
</tbody></table>`;
  return layout({ lang, active: 'documents', heading: t.navDocuments, body });
}

/** A page whose body is one of the portal's HTML templates, included as it is. */
export function templatePage({ lang, name, html }) {
  const t = TEXTS[lang];
  const heading = { guide: t.navGuide, notice: t.navNotice }[name] ?? name;
  return layout({ lang, active: name, heading, body: `<article data-template="${esc(name)}">${html}</article>` });
}

/** A file that should never have been served, shown as text under the flag box. */
export function leakPage({ lang, name, text, flag }) {
  const t = TEXTS[lang];
  const body = `<p class="hint">${t.leakLead}</p><pre class="file" data-leaked>${esc(text)}</pre>`;
  return layout({ lang, active: '', heading: t.leakHeading(name), body, flag });
}

/** A plain message page (400, 404, 405, 413, 500); `detail` is shown below the message when given. */
export function messagePage({ lang, heading, message, detail }) {
  const t = TEXTS[lang];
  const more = detail ? `<pre class="file">${esc(detail)}</pre>` : '';
  const body = `<p class="error" data-error>${esc(message)}</p>${more}<p><a href="${link(lang, './')}">${t.backToList}</a></p>`;
  return layout({ lang, active: '', heading: heading ?? t.title, body });
}
