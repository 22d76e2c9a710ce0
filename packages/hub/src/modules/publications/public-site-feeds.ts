import { WORDS, type SiteLang } from './public-site-i18n.js';
import { markup } from './public-site-markup.js';
import type { PublicListing } from './public-site.repository.js';
import type { SiteUrls } from './public-site-urls.js';

/**
 * RSS 2.0 and Atom 1.0 feeds of one language. A feed lists only publications written in its language (a reader
 * who subscribed in English gets no Japanese titles); items carry the summary, and link to the page.
 */

export const RSS_TYPE = 'application/rss+xml; charset=utf-8';
export const ATOM_TYPE = 'application/atom+xml; charset=utf-8';

const title = (lang: SiteLang, item: PublicListing) => (lang === 'ja' ? item.titleJa : item.titleEn);
const summary = (lang: SiteLang, item: PublicListing) => (lang === 'ja' ? item.summaryJa : item.summaryEn);
/** When the feed last changed: its newest item (an empty feed: now). */
const newest = (items: PublicListing[]): Date =>
  items.length ? new Date(Math.max(...items.map((i) => i.updatedAt.getTime()))) : new Date();

function rssItem(urls: SiteUrls, lang: SiteLang, item: PublicListing) {
  const link = urls.abs(urls.article(lang, item.slug));
  return markup`<item>
<title>${title(lang, item)}</title>
<link>${link}</link>
<guid isPermaLink="true">${link}</guid>
<pubDate>${item.firstPublishedAt.toUTCString()}</pubDate>
<description>${summary(lang, item) || title(lang, item)}</description>
${item.tags.map((tag) => markup`<category>${tag}</category>`)}
</item>
`;
}

export function rssFeed(urls: SiteUrls, lang: SiteLang, items: PublicListing[]): string {
  const t = WORDS[lang];
  const self = urls.abs(urls.feed(lang, 'rss'));
  return markup`<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom">
<channel>
<title>${t.siteName}</title>
<link>${urls.abs(urls.index(lang))}</link>
<description>${t.siteDescription}</description>
<language>${lang}</language>
<lastBuildDate>${newest(items).toUTCString()}</lastBuildDate>
<atom:link href="${self}" rel="self" type="application/rss+xml"/>
${items.map((item) => rssItem(urls, lang, item))}</channel>
</rss>
`.value;
}

function atomEntry(urls: SiteUrls, lang: SiteLang, item: PublicListing) {
  const link = urls.abs(urls.article(lang, item.slug));
  return markup`<entry>
<id>${link}</id>
<title type="text">${title(lang, item)}</title>
<link rel="alternate" type="text/html" href="${link}"/>
<published>${item.firstPublishedAt.toISOString()}</published>
<updated>${item.updatedAt.toISOString()}</updated>
<summary type="text">${summary(lang, item) || title(lang, item)}</summary>
${item.tags.map((tag) => markup`<category term="${tag}"/>`)}
</entry>
`;
}

export function atomFeed(urls: SiteUrls, lang: SiteLang, items: PublicListing[]): string {
  const t = WORDS[lang];
  const self = urls.abs(urls.feed(lang, 'atom'));
  return markup`<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="${lang}">
<id>${self}</id>
<title>${t.siteName}</title>
<subtitle>${t.siteDescription}</subtitle>
<updated>${newest(items).toISOString()}</updated>
<link rel="self" type="application/atom+xml" href="${self}"/>
<link rel="alternate" type="text/html" hreflang="${lang}" href="${urls.abs(urls.index(lang))}"/>
<author><name>${t.siteName}</name></author>
${items.map((item) => atomEntry(urls, lang, item))}</feed>
`.value;
}
