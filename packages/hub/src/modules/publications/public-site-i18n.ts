/** The public site's own words (page chrome) in Japanese and English; the content comes in its own language. */

export const SITE_LANGS = ['ja', 'en'] as const;
export type SiteLang = (typeof SITE_LANGS)[number];

export const isSiteLang = (value: string): value is SiteLang => (SITE_LANGS as readonly string[]).includes(value);
export const otherLang = (lang: SiteLang): SiteLang => (lang === 'ja' ? 'en' : 'ja');

const ja = {
  siteName: 'CYNEX 公開情報',
  siteDescription: 'CYNEX の観測レポート、ブログ、脆弱性アドバイザリ',
  skip: '本文へ移動',
  navLabel: 'サイト内',
  home: 'レポートとブログ',
  advisories: '脆弱性アドバイザリ',
  feeds: 'フィード',
  languageName: '日本語',
  switchTo: 'English',
  publications: 'レポートとブログ',
  telescopeReports: 'ダークネット観測レポート',
  latestAdvisories: '最新の脆弱性アドバイザリ',
  allAdvisories: 'すべてのアドバイザリ',
  searchLabel: 'キーワード',
  searchButton: '検索',
  tagFilter: (tag: string) => `タグ「${tag}」の記事`,
  searchResult: (q: string) => `「${q}」の検索結果`,
  clearFilter: '絞り込みを解除',
  noResults: '該当する記事はありません。',
  noneYet: 'まだ公開されたものはありません。',
  pageOf: (page: number, pages: number) => `${pages} ページ中 ${page} ページ目`,
  pagination: 'ページ送り',
  previous: '前のページ',
  next: '次のページ',
  kind: { report: 'レポート', blog: 'ブログ' } as Record<string, string>,
  published: '公開',
  updated: '更新',
  version: (n: number) => `第 ${n} 版`,
  tags: 'タグ',
  onlyIn: (lang: SiteLang): string => (lang === 'en' ? '英語のみ' : '日本語のみ'),
  translationMissing: 'この記事の日本語版はまだありません。英語版を表示しています。',
  readIn: 'English version',
  downloadPdf: 'PDF をダウンロード',
  quarterly: '四半期レポート',
  annual: '年次レポート',
  readReport: 'HTML で読む',
  advisoryId: 'アドバイザリ ID',
  cve: 'CVE',
  cwe: 'CWE',
  cvss: 'CVSS',
  score: 'スコア',
  vector: 'ベクトル',
  severity: '深刻度',
  summary: '概要',
  affected: '影響を受ける製品',
  fixed: '修正済みの製品',
  remediation: '対策',
  acknowledgments: '謝辞',
  revisionHistory: '改訂履歴',
  revision: '版',
  date: '日付',
  change: '内容',
  csafJson: 'CSAF 2.0 (JSON)',
  contentLanguage: (lang: string) =>
    `このアドバイザリの本文は${lang === 'en' ? '英語' : lang === 'ja' ? '日本語' : lang}で書かれています。`,
  notFoundTitle: 'ページが見つかりません',
  notFoundText: 'お探しのページは存在しないか、公開が終了しました。',
  badRequestTitle: '要求を処理できません',
  backToIndex: '公開情報の一覧へ戻る',
  footer: 'CYNEX — サイバーセキュリティ研究・人材育成プラットフォーム',
  ogLocale: 'ja_JP',
} as const;

type Words = { [K in keyof typeof ja]: (typeof ja)[K] extends string ? string : (typeof ja)[K] };

const en: Words = {
  siteName: 'CYNEX publications',
  siteDescription: 'Observation reports, blog posts and vulnerability advisories from CYNEX',
  skip: 'Skip to content',
  navLabel: 'Site',
  home: 'Reports and blog',
  advisories: 'Vulnerability advisories',
  feeds: 'Feeds',
  languageName: 'English',
  switchTo: '日本語',
  publications: 'Reports and blog',
  telescopeReports: 'Darknet observation reports',
  latestAdvisories: 'Latest vulnerability advisories',
  allAdvisories: 'All advisories',
  searchLabel: 'Keywords',
  searchButton: 'Search',
  tagFilter: (tag: string) => `Tagged “${tag}”`,
  searchResult: (q: string) => `Results for “${q}”`,
  clearFilter: 'Clear the filter',
  noResults: 'Nothing matches.',
  noneYet: 'Nothing has been published yet.',
  pageOf: (page: number, pages: number) => `Page ${page} of ${pages}`,
  pagination: 'Pages',
  previous: 'Previous page',
  next: 'Next page',
  kind: { report: 'Report', blog: 'Blog' },
  published: 'Published',
  updated: 'Updated',
  version: (n: number) => `Version ${n}`,
  tags: 'Tags',
  onlyIn: (lang: SiteLang) => (lang === 'en' ? 'English only' : 'Japanese only'),
  translationMissing: 'This article has no English version yet; the Japanese version is shown.',
  readIn: '日本語版',
  downloadPdf: 'Download PDF',
  quarterly: 'Quarterly report',
  annual: 'Annual report',
  readReport: 'Read as HTML',
  advisoryId: 'Advisory ID',
  cve: 'CVE',
  cwe: 'CWE',
  cvss: 'CVSS',
  score: 'Score',
  vector: 'Vector',
  severity: 'Severity',
  summary: 'Summary',
  affected: 'Affected products',
  fixed: 'Fixed products',
  remediation: 'Remediation',
  acknowledgments: 'Acknowledgments',
  revisionHistory: 'Revision history',
  revision: 'Version',
  date: 'Date',
  change: 'Change',
  csafJson: 'CSAF 2.0 (JSON)',
  contentLanguage: (lang: string) =>
    `The text of this advisory is in ${lang === 'ja' ? 'Japanese' : lang === 'en' ? 'English' : lang}.`,
  notFoundTitle: 'Page not found',
  notFoundText: 'The page does not exist or is no longer published.',
  badRequestTitle: 'The request cannot be handled',
  backToIndex: 'Back to the publications',
  footer: 'CYNEX — a platform for cybersecurity research and training',
  ogLocale: 'en_US',
};

export const WORDS: Record<SiteLang, Words> = { ja, en };

const DATE_FORMATS: Record<SiteLang, Intl.DateTimeFormat> = {
  ja: new Intl.DateTimeFormat('ja-JP', { year: 'numeric', month: 'long', day: 'numeric', timeZone: 'UTC' }),
  en: new Intl.DateTimeFormat('en-GB', { year: 'numeric', month: 'long', day: 'numeric', timeZone: 'UTC' }),
};
/** A date as readers of the language write it (UTC, like the feeds). */
export const formatDate = (lang: SiteLang, date: Date): string => DATE_FORMATS[lang].format(date);

/**
 * The language a visitor prefers from Accept-Language (q-values respected); Japanese when neither is named,
 * the platform's first language.
 */
export function preferredLang(acceptLanguage: string | undefined): SiteLang {
  let best: { lang: SiteLang; q: number } | undefined;
  for (const part of (acceptLanguage ?? '').slice(0, 500).split(',')) {
    const [tag = '', ...params] = part.trim().toLowerCase().split(';');
    const primary = tag.split('-')[0] ?? '';
    if (!isSiteLang(primary)) continue;
    const qParam = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    const q = qParam ? Number(qParam.slice(2)) : 1;
    if (Number.isFinite(q) && q > 0 && (!best || q > best.q)) best = { lang: primary, q };
  }
  return best?.lang ?? 'ja';
}
