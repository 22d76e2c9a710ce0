import { formatDate, otherLang, WORDS, type SiteLang } from './public-site-i18n.js';
import { markup, trusted, type Markup } from './public-site-markup.js';
import type { PublicArticle, PublicListing, PublishedTelescopeReport } from './public-site.repository.js';
import type { SiteUrls } from './public-site-urls.js';

/** What every page of the public site has around its content. */
export interface PageFrame {
  lang: SiteLang;
  title: string;
  description: string;
  /** This page's path (canonical URL = public base URL + path) and its path in the other language, if any. */
  path: string;
  otherPath: string | undefined;
  og?: { type: 'article' | 'website' };
  main: Markup;
}

function head(urls: SiteUrls, frame: PageFrame): Markup {
  const { lang } = frame;
  const t = WORDS[lang];
  const other = otherLang(lang);
  const canonical = urls.abs(frame.path);
  const alternates = frame.otherPath
    ? markup`<link rel="alternate" hreflang="${lang}" href="${canonical}">
<link rel="alternate" hreflang="${other}" href="${urls.abs(frame.otherPath)}">
<link rel="alternate" hreflang="x-default" href="${urls.abs(lang === 'ja' ? frame.path : frame.otherPath)}">`
    : '';
  const og = frame.og
    ? markup`<meta property="og:site_name" content="${t.siteName}">
<meta property="og:title" content="${frame.title}">
<meta property="og:description" content="${frame.description}">
<meta property="og:type" content="${frame.og.type}">
<meta property="og:url" content="${canonical}">
<meta property="og:locale" content="${t.ogLocale}">
${frame.otherPath ? markup`<meta property="og:locale:alternate" content="${WORDS[other].ogLocale}">` : ''}`
    : '';
  return markup`<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${frame.title === t.siteName ? t.siteName : `${frame.title} | ${t.siteName}`}</title>
<meta name="description" content="${frame.description}">
<link rel="stylesheet" href="${urls.stylesheet()}">
<link rel="canonical" href="${canonical}">
${alternates}
<link rel="alternate" type="application/rss+xml" title="${t.siteName} (RSS)" href="${urls.abs(urls.feed(lang, 'rss'))}">
<link rel="alternate" type="application/atom+xml" title="${t.siteName} (Atom)" href="${urls.abs(urls.feed(lang, 'atom'))}">
${og}`;
}

/** The full HTML document: landmarks, skip link, language switch, canonical and hreflang links, OpenGraph. */
export function layout(urls: SiteUrls, frame: PageFrame): string {
  const { lang } = frame;
  const t = WORDS[lang];
  const other = otherLang(lang);
  return markup`<!doctype html>
<html lang="${lang}">
<head>
${head(urls, frame)}
</head>
<body>
<a class="skip" href="#main">${t.skip}</a>
<header class="site"><div class="wrap">
<a class="brand" href="${urls.index(lang)}">${t.siteName}</a>
<nav aria-label="${t.navLabel}"><ul>
<li><a href="${urls.index(lang)}">${t.home}</a></li>
<li><a href="${urls.advisories(lang)}">${t.advisories}</a></li>
<li><a href="${urls.feed(lang, 'rss')}" type="application/rss+xml">RSS</a></li>
<li><a href="${urls.feed(lang, 'atom')}" type="application/atom+xml">Atom</a></li>
<li><a href="${frame.otherPath ?? urls.index(other)}" hreflang="${other}" lang="${other}">${t.switchTo}</a></li>
</ul></nav>
</div></header>
<main id="main" tabindex="-1"><div class="wrap">
${frame.main}
</div></main>
<footer class="site"><div class="wrap">
<p>${t.footer}</p>
<nav aria-label="${t.feeds}"><p><a href="${urls.feed(lang, 'rss')}">RSS 2.0</a> · <a href="${urls.feed(lang, 'atom')}">Atom 1.0</a></p></nav>
</div></footer>
</body>
</html>
`.value;
}

/** Previous / next links and "page n of m", when there is more than one page. */
export function pagination(lang: SiteLang, page: number, pages: number, link: (page: number) => string): Markup | '' {
  const t = WORDS[lang];
  if (pages <= 1) return '';
  return markup`<nav class="pages" aria-label="${t.pagination}">
<span>${page > 1 ? markup`<a href="${link(page - 1)}" rel="prev">${t.previous}</a>` : ''}</span>
<span class="muted">${t.pageOf(page, pages)}</span>
<span>${page < pages ? markup`<a href="${link(page + 1)}" rel="next">${t.next}</a>` : ''}</span>
</nav>`;
}

const pick = (lang: SiteLang, ja: string, en: string) => (lang === 'ja' ? ja || en : en || ja);

function tagList(urls: SiteUrls, lang: SiteLang, tags: string[]): Markup | '' {
  if (tags.length === 0) return '';
  const items = tags.map((tag) => markup`<li><a href="${urls.index(lang, { tag })}" rel="tag">${tag}</a></li>`);
  return markup`<ul class="tags" aria-label="${WORDS[lang].tags}">${items}</ul>`;
}

function dates(lang: SiteLang, item: PublicListing): Markup {
  const t = WORDS[lang];
  const first = item.firstPublishedAt;
  const updated = item.version > 1 && item.updatedAt.getTime() !== first.getTime();
  const update = updated
    ? markup` · ${t.updated} <time datetime="${item.updatedAt.toISOString()}">${formatDate(lang, item.updatedAt)}</time>`
    : '';
  return markup`${t.published} <time datetime="${first.toISOString()}">${formatDate(lang, first)}</time>${update} · ${t.version(item.version)}`;
}

function listingItem(urls: SiteUrls, lang: SiteLang, item: PublicListing): Markup {
  const t = WORDS[lang];
  const has = lang === 'ja' ? item.hasJa : item.hasEn;
  const contentLang = has ? lang : otherLang(lang);
  const summary = pick(lang, item.summaryJa, item.summaryEn);
  return markup`<li>
<p class="kind">${t.kind[item.kind] ?? item.kind}${has ? '' : ` · ${t.onlyIn(contentLang)}`}</p>
<h3 lang="${contentLang}"><a href="${urls.article(lang, item.slug)}">${pick(lang, item.titleJa, item.titleEn)}</a></h3>
<p class="meta">${dates(lang, item)}</p>
${summary ? markup`<p lang="${contentLang}">${summary}</p>` : ''}
${tagList(urls, lang, item.tags)}
</li>`;
}

export interface IndexView {
  lang: SiteLang;
  q: string | undefined;
  tag: string | undefined;
  page: number;
  pages: number;
  items: PublicListing[];
  telescope: PublishedTelescopeReport[];
  advisories: { trackingId: string; title: string; cves: string[]; publishedAt: Date }[];
}

function telescopeSection(urls: SiteUrls, lang: SiteLang, reports: PublishedTelescopeReport[]): Markup {
  const t = WORDS[lang];
  const items = reports.map(
    (r) => markup`<li>
<p class="kind">${r.kind === 'annual' ? t.annual : t.quarterly}</p>
<h3><a href="${urls.telescopeReport(lang, r.id, 'html')}">${pick(lang, r.titleJa, r.titleEn)}</a></h3>
<p class="meta">${t.published} <time datetime="${r.publishedAt.toISOString()}">${formatDate(lang, r.publishedAt)}</time> · <a href="${urls.telescopeReport(lang, r.id, 'pdf')}">PDF</a></p>
</li>`,
  );
  return markup`<section aria-labelledby="telescope-heading">
<h2 id="telescope-heading">${t.telescopeReports}</h2>
<ul class="items">${items}</ul>
</section>`;
}

function advisoriesSection(urls: SiteUrls, view: IndexView): Markup {
  const t = WORDS[view.lang];
  const items = view.advisories.map(
    (a) => markup`<li>
<h3><a href="${urls.advisory(view.lang, a.trackingId)}">${a.title}</a></h3>
<p class="meta">${a.trackingId}${a.cves.length ? ` · ${a.cves.join(', ')}` : ''} · <time datetime="${a.publishedAt.toISOString()}">${formatDate(view.lang, a.publishedAt)}</time></p>
</li>`,
  );
  return markup`<section aria-labelledby="advisories-heading">
<h2 id="advisories-heading">${t.latestAdvisories}</h2>
<ul class="items">${items}</ul>
<p><a href="${urls.advisories(view.lang)}">${t.allAdvisories}</a></p>
</section>`;
}

/** The index: search, the publications (paginated), and on its first unfiltered page the reports and advisories. */
export function indexPage(urls: SiteUrls, view: IndexView): string {
  const { lang } = view;
  const t = WORDS[lang];
  const filtered = Boolean(view.q || view.tag);
  const heading = view.tag ? t.tagFilter(view.tag) : view.q ? t.searchResult(view.q) : t.publications;
  const pageLink = (page: number) => urls.index(lang, { q: view.q, tag: view.tag, page });
  const items = view.items.length
    ? markup`<ul class="items">${view.items.map((item) => listingItem(urls, lang, item))}</ul>`
    : markup`<p>${filtered ? t.noResults : t.noneYet}</p>`;
  const main = markup`<h1>${filtered ? heading : t.siteName}</h1>
<form class="search" role="search" method="get" action="${urls.index(lang)}">
<label class="muted" for="q">${t.searchLabel}</label>
<input type="search" id="q" name="q" maxlength="200" value="${view.q ?? ''}">
${view.tag ? markup`<input type="hidden" name="tag" value="${view.tag}">` : ''}
<button type="submit">${t.searchButton}</button>
</form>
${filtered ? markup`<p><a href="${urls.index(lang)}">${t.clearFilter}</a></p>` : ''}
<section aria-labelledby="publications-heading">
<h2 id="publications-heading">${filtered ? t.publications : heading}</h2>
${items}
${pagination(lang, view.page, view.pages, pageLink)}
</section>
${view.telescope.length ? telescopeSection(urls, lang, view.telescope) : ''}
${view.advisories.length ? advisoriesSection(urls, view) : ''}`;
  const front = !filtered && view.page === 1;
  return layout(urls, {
    lang,
    title: filtered ? heading : t.siteName,
    description: t.siteDescription,
    path: front ? urls.index(lang) : pageLink(view.page),
    otherPath: front ? urls.index(otherLang(lang)) : undefined,
    og: { type: 'website' },
    main,
  });
}

/**
 * The body's headings one level down (h1 → h2 … h5 → h6), so that the page's title stays its only h1 and the outline
 * stays in order. The body is the renderer's own HTML (Markdown without raw HTML), so its tags are plain.
 */
export function belowTitle(bodyHtml: string): string {
  return bodyHtml.replace(
    /<(\/?)h([1-5])(?=[\s>])/g,
    (_tag, close: string, level: string) => `<${close}h${Number(level) + 1}`,
  );
}

/** A publication in one language; when that language is missing, the other one with a notice. */
export function articlePage(urls: SiteUrls, lang: SiteLang, article: PublicArticle): string {
  const t = WORDS[lang];
  const other = otherLang(lang);
  const body = lang === 'ja' ? article.htmlJa : article.htmlEn;
  const missing = body === '';
  const contentLang = missing ? other : lang;
  const otherExists = lang === 'ja' ? article.hasEn : article.hasJa;
  const title = pick(lang, article.titleJa, article.titleEn);
  const summary = pick(lang, article.summaryJa, article.summaryEn);
  const otherLink = otherExists
    ? markup`<a href="${urls.article(other, article.slug)}" hreflang="${other}" lang="${other}">${t.readIn}</a>`
    : '';
  const main = markup`<article lang="${contentLang}">
<header>
<p class="kind" lang="${lang}">${t.kind[article.kind] ?? article.kind}</p>
<h1>${title}</h1>
${summary ? markup`<p class="summary">${summary}</p>` : ''}
<p class="meta" lang="${lang}">${dates(lang, article)}</p>
${tagList(urls, lang, article.tags)}
${missing ? markup`<p class="notice" role="note" lang="${lang}">${t.translationMissing}</p>` : ''}
</header>
<div class="body">
${trusted(belowTitle(missing ? (lang === 'ja' ? article.htmlEn : article.htmlJa) : body))}
</div>
<footer class="actions" lang="${lang}">
<a href="${urls.pdf(lang, article.slug)}" type="application/pdf">${t.downloadPdf}</a>
${otherLink}
</footer>
</article>`;
  return layout(urls, {
    lang,
    title,
    description: summary || title,
    path: urls.article(lang, article.slug),
    otherPath: urls.article(other, article.slug),
    og: { type: 'article' },
    main,
  });
}

/** The 404 (and 400) page: in the visitor's language, with a way back. */
export function errorPage(urls: SiteUrls, lang: SiteLang, status: 404 | 400, problems: string[] = []): string {
  const t = WORDS[lang];
  const title = status === 404 ? t.notFoundTitle : t.badRequestTitle;
  return layout(urls, {
    lang,
    title,
    description: title,
    path: urls.index(lang),
    otherPath: undefined,
    main: markup`<h1>${title}</h1>
${status === 404 ? markup`<p>${t.notFoundText}</p>` : ''}
${problems.length ? markup`<ul>${problems.map((p) => markup`<li>${p}</li>`)}</ul>` : ''}
<p><a href="${urls.index(lang)}">${t.backToIndex}</a></p>`,
  });
}
