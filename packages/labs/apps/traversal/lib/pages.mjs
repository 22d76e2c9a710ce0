// app-source: minato-docs-portal (cynex traversal lab)
import { esc, flagBox, framePage, frameStyle, navLinks, withLang } from '../../_shared/lab-page.mjs';
import { TEXTS } from './texts.mjs';

// HTML of the portal's pages. Every value from a request or a file goes through `esc`, templates excepted.

const STYLE = `${frameStyle({ brand: '#0b5394', bg: '#f5f7fa', headerLink: '#dbe9f6' })}
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
`;

/** The page frame of the portal; `flag` is shown only when the request just exploited the lab. */
export function layout({ lang, active, heading, body, flag }) {
  const t = TEXTS[lang];
  const nav = navLinks(
    lang,
    [
      ['documents', './', t.navDocuments],
      ['guide', 'page?name=guide', t.navGuide],
      ['notice', 'page?name=notice', t.navNotice],
    ],
    active,
  );
  const flagShown = flag ? flagBox({ title: t.flagTitle, lead: t.flagLead, flag }) : '';
  return framePage({ lang, t, style: STYLE, nav, heading, body, flag: flagShown });
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
  const body = `<p class="error" data-error>${esc(message)}</p>${more}<p><a href="${withLang('./', lang)}">${t.backToList}</a></p>`;
  return layout({ lang, active: '', heading: heading ?? t.title, body });
}
