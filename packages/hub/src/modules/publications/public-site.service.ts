import { advisoriesPage, advisoryPage } from './public-site-advisory-html.js';
import { advisoryView } from './public-site-csaf.js';
import { atomFeed, rssFeed } from './public-site-feeds.js';
import { articlePage, errorPage, indexPage } from './public-site-html.js';
import { formatDate, otherLang, WORDS, type SiteLang } from './public-site-i18n.js';
import { renderArticlePdf } from './public-site-pdf.js';
import type { PublicArticle, PublicSiteRepository } from './public-site.repository.js';
import type { IndexQuery } from './public-site.schema.js';
import { SiteUrls } from './public-site-urls.js';

const PAGE_SIZE = 20;
const FEED_SIZE = 50;
const ADVISORY_PAGE_SIZE = 50;
const INDEX_REPORTS = 20;
const INDEX_ADVISORIES = 5;
/** Rendered PDFs kept (a version's PDF never changes; ~50–500 KB each). */
const PDF_CACHE_ENTRIES = 32;

/**
 * The public site: what anonymous visitors read (published, public, TLP:CLEAR publications; published telescope
 * reports; published advisories), as server-rendered pages, feeds, PDFs and the advisories' CSAF documents.
 * Anything else is "not found" (undefined here, a 404 page in the routes).
 */
export class PublicSiteService {
  readonly urls: SiteUrls;
  /**
   * PDFs by publication version and language, most recently used last. Only the rendering is kept: every request
   * still asks the database whether the publication is listed, so a withdrawn one is 404 at once. Concurrent
   * requests for the same PDF share one rendering.
   */
  private readonly pdfs = new Map<string, Promise<Buffer>>();

  constructor(
    private readonly repo: PublicSiteRepository,
    publicBaseUrl: string,
  ) {
    this.urls = new SiteUrls(publicBaseUrl);
  }

  async index(lang: SiteLang, query: IndexQuery): Promise<string> {
    const q = query.q || undefined;
    const tag = query.tag || undefined;
    const { items, total } = await this.repo.publications({
      lang,
      q,
      tag,
      limit: PAGE_SIZE,
      offset: (query.page - 1) * PAGE_SIZE,
    });
    // The reports and advisories belong to the front page, not to a search or a later page.
    const front = !q && !tag && query.page === 1;
    const [telescope, advisories] = front
      ? await Promise.all([this.repo.telescopeReports(INDEX_REPORTS), this.repo.advisories(INDEX_ADVISORIES, 0)])
      : [[], { items: [] }];
    return indexPage(this.urls, {
      lang,
      q,
      tag,
      page: query.page,
      pages: Math.max(1, Math.ceil(total / PAGE_SIZE)),
      items,
      telescope,
      advisories: advisories.items.map((a) => {
        const view = advisoryView(a.csaf, a.trackingId);
        return { trackingId: a.trackingId, title: view.title, cves: view.cves, publishedAt: a.publishedAt };
      }),
    });
  }

  async article(lang: SiteLang, slug: string): Promise<string | undefined> {
    const article = await this.repo.article(slug);
    return article && articlePage(this.urls, lang, article);
  }

  async pdf(lang: SiteLang, slug: string): Promise<{ bytes: Buffer; filename: string } | undefined> {
    const article = await this.repo.article(slug);
    if (!article) return undefined;
    const key = `${article.slug}|${article.version}|${article.updatedAt.toISOString()}|${lang}`;
    let rendering = this.pdfs.get(key);
    if (rendering) this.pdfs.delete(key);
    else {
      rendering = this.renderPdf(lang, article);
      rendering.catch(() => this.pdfs.delete(key));
    }
    this.pdfs.set(key, rendering);
    for (const oldest of this.pdfs.keys()) {
      if (this.pdfs.size <= PDF_CACHE_ENTRIES) break;
      this.pdfs.delete(oldest);
    }
    const bytes = await rendering;
    return { bytes, filename: `${article.slug.replace(/[^A-Za-z0-9._-]/g, '_')}-${lang}.pdf` };
  }

  private renderPdf(lang: SiteLang, article: PublicArticle): Promise<Buffer> {
    const t = WORDS[lang];
    const own = lang === 'ja' ? article.htmlJa : article.htmlEn;
    const pick = (ja: string, en: string) => (lang === 'ja' ? ja || en : en || ja);
    return renderArticlePdf({
      lang: own ? lang : otherLang(lang),
      title: pick(article.titleJa, article.titleEn),
      summary: pick(article.summaryJa, article.summaryEn),
      meta: [
        `${t.published} ${formatDate(lang, article.firstPublishedAt)}`,
        t.version(article.version),
        ...(article.tags.length ? [`${t.tags}: ${article.tags.join(', ')}`] : []),
      ].join(' · '),
      url: this.urls.abs(this.urls.article(lang, article.slug)),
      notice: own ? undefined : t.translationMissing,
      bodyHtml: own || (lang === 'ja' ? article.htmlEn : article.htmlJa),
    });
  }

  /** The feed of one language: its latest publications written in that language. */
  async feed(lang: SiteLang, kind: 'rss' | 'atom'): Promise<string> {
    const { items } = await this.repo.publications({ lang, onlyLang: true, limit: FEED_SIZE, offset: 0 });
    return kind === 'rss' ? rssFeed(this.urls, lang, items) : atomFeed(this.urls, lang, items);
  }

  async advisories(lang: SiteLang, page: number): Promise<string> {
    const { items, total } = await this.repo.advisories(ADVISORY_PAGE_SIZE, (page - 1) * ADVISORY_PAGE_SIZE);
    return advisoriesPage(
      this.urls,
      lang,
      items.map((a) => ({ view: advisoryView(a.csaf, a.trackingId), publishedAt: a.publishedAt })),
      page,
      Math.max(1, Math.ceil(total / ADVISORY_PAGE_SIZE)),
    );
  }

  async advisory(lang: SiteLang, trackingId: string): Promise<string | undefined> {
    const row = await this.repo.advisory(trackingId);
    return row && advisoryPage(this.urls, lang, advisoryView(row.csaf, row.trackingId));
  }

  /** The stored CSAF document of an advisory's latest published version. */
  async csaf(trackingId: string): Promise<Record<string, unknown> | undefined> {
    return (await this.repo.advisory(trackingId))?.csaf;
  }

  errorPage(lang: SiteLang, status: 404 | 400, problems: string[] = []): string {
    return errorPage(this.urls, lang, status, problems);
  }
}
