import { SITE_CSS_VERSION } from './public-site-css.js';
import type { SiteLang } from './public-site-i18n.js';

/** The public site's addresses: relative ones for links inside pages, absolute ones for canonical URLs and feeds. */
export class SiteUrls {
  private readonly base: string;

  constructor(publicBaseUrl: string) {
    this.base = publicBaseUrl.replace(/\/+$/, '');
  }

  abs(path: string): string {
    return `${this.base}${path}`;
  }

  index(lang: SiteLang, params: { q?: string | undefined; tag?: string | undefined; page?: number } = {}): string {
    const search = new URLSearchParams();
    if (params.q) search.set('q', params.q);
    if (params.tag) search.set('tag', params.tag);
    if (params.page && params.page > 1) search.set('page', String(params.page));
    const query = search.toString();
    return `/p/${lang}/${query ? `?${query}` : ''}`;
  }

  article(lang: SiteLang, slug: string): string {
    return `/p/${lang}/${encodeURIComponent(slug)}`;
  }

  pdf(lang: SiteLang, slug: string): string {
    return `/p/${lang}/${encodeURIComponent(slug)}.pdf`;
  }

  feed(lang: SiteLang, kind: 'rss' | 'atom'): string {
    return `/p/${lang}/feed.${kind}`;
  }

  advisories(lang: SiteLang, page = 1): string {
    return `/p/${lang}/advisories/${page > 1 ? `?page=${page}` : ''}`;
  }

  advisory(lang: SiteLang, trackingId: string): string {
    return `/p/${lang}/advisories/${encodeURIComponent(trackingId)}`;
  }

  csaf(trackingId: string): string {
    return `/p/advisories/${encodeURIComponent(trackingId)}.json`;
  }

  /** The telescope's own rendering of a report (anonymous visitors may read public CLEAR reports). */
  telescopeReport(lang: SiteLang, id: string, format: 'html' | 'pdf'): string {
    return `/api/v1/telescope/reports/${encodeURIComponent(id)}/render?format=${format}&lang=${lang}`;
  }

  stylesheet(): string {
    return `/p/assets/site.css?v=${SITE_CSS_VERSION}`;
  }
}
