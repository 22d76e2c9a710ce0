import { safeHttpUrl, type AdvisoryView } from './public-site-csaf.js';
import { layout, pagination } from './public-site-html.js';
import { formatDate, otherLang, WORDS, type SiteLang } from './public-site-i18n.js';
import { markup, type Markup } from './public-site-markup.js';
import type { SiteUrls } from './public-site-urls.js';

export interface AdvisoryListItem {
  view: AdvisoryView;
  publishedAt: Date;
}

/** A CSAF date-time as a date in the page's language (the raw string when it is not a date). */
function when(lang: SiteLang, value: string): Markup | string {
  const date = new Date(value);
  return Number.isNaN(date.getTime())
    ? value
    : markup`<time datetime="${date.toISOString()}">${formatDate(lang, date)}</time>`;
}

const list = (items: string[]): Markup => markup`<ul>${items.map((i) => markup`<li>${i}</li>`)}</ul>`;

function listItem(urls: SiteUrls, lang: SiteLang, { view, publishedAt }: AdvisoryListItem): Markup {
  const score = view.scores[0];
  return markup`<li>
<h2 lang="${view.lang}"><a href="${urls.advisory(lang, view.trackingId)}">${view.title}</a></h2>
<p class="meta">${view.trackingId}${view.cves.length ? ` · ${view.cves.join(', ')}` : ''}${
    score ? ` · CVSS ${score.version} ${score.score ?? ''}` : ''
  } · <time datetime="${publishedAt.toISOString()}">${formatDate(lang, publishedAt)}</time></p>
</li>`;
}

/** All published advisories, newest first. */
export function advisoriesPage(
  urls: SiteUrls,
  lang: SiteLang,
  items: AdvisoryListItem[],
  page: number,
  pages: number,
): string {
  const t = WORDS[lang];
  const main = markup`<h1>${t.advisories}</h1>
${
  items.length
    ? markup`<ul class="items">${items.map((item) => listItem(urls, lang, item))}</ul>`
    : markup`<p>${t.noneYet}</p>`
}
${pagination(lang, page, pages, (n) => urls.advisories(lang, n))}`;
  return layout(urls, {
    lang,
    title: t.advisories,
    description: t.advisories,
    path: urls.advisories(lang, page),
    otherPath: urls.advisories(otherLang(lang), page),
    og: { type: 'website' },
    main,
  });
}

const section = (id: string, heading: string, content: Markup | string) =>
  markup`<section aria-labelledby="${id}"><h2 id="${id}">${heading}</h2>${content}</section>`;

function facts(lang: SiteLang, view: AdvisoryView): Markup {
  const t = WORDS[lang];
  const updated = view.currentRelease && view.currentRelease !== view.initialRelease;
  return markup`<dl class="facts">
<dt>${t.advisoryId}</dt><dd>${view.trackingId}</dd>
${view.version ? markup`<dt>${t.revision}</dt><dd>${view.version}</dd>` : ''}
${view.initialRelease ? markup`<dt>${t.published}</dt><dd>${when(lang, view.initialRelease)}</dd>` : ''}
${updated ? markup`<dt>${t.updated}</dt><dd>${when(lang, view.currentRelease)}</dd>` : ''}
${view.cves.length ? markup`<dt>${t.cve}</dt><dd>${view.cves.join(', ')}</dd>` : ''}
${view.cwe ? markup`<dt>${t.cwe}</dt><dd>${view.cwe.id}${view.cwe.name ? `: ${view.cwe.name}` : ''}</dd>` : ''}
</dl>`;
}

function scores(lang: SiteLang, view: AdvisoryView): Markup | '' {
  const t = WORDS[lang];
  if (!view.scores.length) return '';
  const head = markup`<tr><th scope="col">${t.cvss}</th><th scope="col">${t.score}</th><th scope="col">${t.severity}</th><th scope="col">${t.vector}</th></tr>`;
  const rows = view.scores.map(
    (s) =>
      markup`<tr><th scope="row">CVSS ${s.version}</th><td>${s.score ?? ''}</td><td>${s.severity}</td><td class="vector">${s.vector}</td></tr>`,
  );
  return section('cvss', t.cvss, markup`<table><thead>${head}</thead><tbody>${rows}</tbody></table>`);
}

function remediations(lang: SiteLang, view: AdvisoryView): Markup | '' {
  if (!view.remediations.length) return '';
  const items = view.remediations.map((r) => {
    const href = safeHttpUrl(r.url);
    const link = href ? markup` (<a href="${href}" rel="noopener noreferrer">${href}</a>)` : r.url ? ` (${r.url})` : '';
    return markup`<li>${r.details}${link}</li>`;
  });
  return section('remediation', WORDS[lang].remediation, markup`<ul>${items}</ul>`);
}

function history(lang: SiteLang, view: AdvisoryView): Markup | '' {
  const t = WORDS[lang];
  if (!view.revisions.length) return '';
  const head = markup`<tr><th scope="col">${t.revision}</th><th scope="col">${t.date}</th><th scope="col">${t.change}</th></tr>`;
  const rows = view.revisions.map(
    (r) => markup`<tr><td>${r.number}</td><td>${when(lang, r.date)}</td><td>${r.summary}</td></tr>`,
  );
  return section('history', t.revisionHistory, markup`<table><thead>${head}</thead><tbody>${rows}</tbody></table>`);
}

/** One advisory: the page chrome in the visitor's language, the CSAF text in the document's own language. */
export function advisoryPage(urls: SiteUrls, lang: SiteLang, view: AdvisoryView): string {
  const t = WORDS[lang];
  const main = markup`<article>
<header>
<p class="kind">${t.advisories}</p>
<h1 lang="${view.lang}">${view.title}</h1>
${view.lang !== lang ? markup`<p class="notice" role="note">${t.contentLanguage(view.lang)}</p>` : ''}
${facts(lang, view)}
</header>
<div lang="${view.lang}">
${view.summary ? section('summary', t.summary, markup`<p>${view.summary}</p>`) : ''}
${scores(lang, view)}
${view.affected.length ? section('affected', t.affected, list(view.affected)) : ''}
${view.fixed.length ? section('fixed', t.fixed, list(view.fixed)) : ''}
${remediations(lang, view)}
${view.acknowledgments.length ? section('acknowledgments', t.acknowledgments, list(view.acknowledgments)) : ''}
</div>
${history(lang, view)}
<footer class="actions">
<a href="${urls.csaf(view.trackingId)}" type="application/json">${t.csafJson}</a>
<a href="${urls.advisories(lang)}">${t.allAdvisories}</a>
</footer>
</article>`;
  return layout(urls, {
    lang,
    title: view.title,
    description: view.summary.slice(0, 300) || view.title,
    path: urls.advisory(lang, view.trackingId),
    otherPath: urls.advisory(otherLang(lang), view.trackingId),
    og: { type: 'article' },
    main,
  });
}
