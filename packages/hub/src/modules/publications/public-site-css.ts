import { createHash } from 'node:crypto';

/**
 * The public site's one stylesheet, served from /p/assets/site.css (the hub's CSP allows no inline style). Pages
 * link it with its hash in the query, so it can be cached for a year.
 */
export const SITE_CSS = `
:root { --ink: #1d2430; --muted: #5a6474; --rule: #d8dee8; --accent: #1f5fa8; --paper: #ffffff; --tint: #f4f7fb; }
*, *::before, *::after { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; }
body {
  margin: 0; color: var(--ink); background: var(--paper);
  font-family: "Noto Sans JP", "Hiragino Kaku Gothic ProN", "Hiragino Sans", "Yu Gothic UI", "Yu Gothic", Meiryo,
    system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif;
  font-size: 1rem; line-height: 1.65; overflow-wrap: break-word;
}
html[lang="ja"] body { line-height: 1.8; letter-spacing: 0.02em; font-feature-settings: "palt" 0; }
a { color: var(--accent); }
a:focus-visible, button:focus-visible, input:focus-visible { outline: 3px solid #f0b400; outline-offset: 2px; }
.skip { position: absolute; left: -9999px; top: 0; background: var(--ink); color: #fff; padding: 8px 12px; z-index: 10; }
.skip:focus { left: 8px; top: 8px; }
.wrap { max-width: 44rem; margin: 0 auto; padding: 0 1rem; }
header.site { border-bottom: 1px solid var(--rule); background: var(--tint); }
header.site .wrap { display: flex; flex-wrap: wrap; align-items: center; gap: 0.5rem 1.25rem; padding-top: 0.75rem; padding-bottom: 0.75rem; }
.brand { font-weight: 700; color: var(--ink); text-decoration: none; font-size: 1.1rem; }
header.site ul { display: flex; flex-wrap: wrap; gap: 0.25rem 1rem; list-style: none; margin: 0; padding: 0; font-size: 0.95rem; }
main { display: block; padding: 1.5rem 0 2.5rem; }
h1 { font-size: 1.75rem; line-height: 1.35; margin: 0.25rem 0 0.75rem; }
h2 { font-size: 1.35rem; line-height: 1.4; margin: 2rem 0 0.75rem; padding-bottom: 0.25rem; border-bottom: 1px solid var(--rule); }
h3 { font-size: 1.1rem; line-height: 1.45; margin: 1.5rem 0 0.5rem; }
p, ul, ol, dl, table, figure, pre, blockquote { margin: 0 0 1rem; }
.muted, .meta { color: var(--muted); font-size: 0.9rem; }
.summary { font-size: 1.05rem; color: #30394a; }
.kind { display: inline-block; font-size: 0.8rem; color: var(--muted); text-transform: uppercase; letter-spacing: 0.05em; margin: 0; }
.tags { list-style: none; padding: 0; display: flex; flex-wrap: wrap; gap: 0.35rem; margin: 0.5rem 0 0; }
.tags a, .tag { display: inline-block; border: 1px solid var(--rule); border-radius: 999px; padding: 0 0.6rem; font-size: 0.85rem; text-decoration: none; }
.notice { border-left: 4px solid #c98a00; background: #fff8e6; padding: 0.6rem 0.9rem; }
.items { list-style: none; padding: 0; margin: 0; }
.items > li { border-bottom: 1px solid var(--rule); padding: 1rem 0; }
.items h3, .items h2 { margin: 0.1rem 0 0.35rem; font-size: 1.1rem; border: 0; padding: 0; }
form.search { display: flex; flex-wrap: wrap; gap: 0.5rem; margin: 0 0 1rem; }
form.search input[type="search"] { flex: 1 1 12em; min-width: 0; font: inherit; padding: 0.4rem 0.6rem; border: 1px solid #9aa4b4; border-radius: 4px; }
form.search button { font: inherit; padding: 0.4rem 1rem; border: 1px solid var(--accent); background: var(--accent); color: #fff; border-radius: 4px; cursor: pointer; }
nav.pages { display: flex; justify-content: space-between; gap: 1rem; margin-top: 1.5rem; }
.body img, .body svg { max-width: 100%; height: auto; }
.body figure { margin: 1.25rem 0; }
.body figure svg { display: block; margin: 0 auto; }
figcaption { color: var(--muted); font-size: 0.9rem; text-align: center; margin-top: 0.35rem; }
table { border-collapse: collapse; max-width: 100%; font-size: 0.95rem; }
.body table { display: block; overflow-x: auto; }
th, td { border: 1px solid var(--rule); padding: 0.35rem 0.6rem; text-align: left; vertical-align: top; }
th { background: var(--tint); }
pre { overflow-x: auto; background: var(--tint); padding: 0.75rem; border-radius: 4px; font-size: 0.9rem; line-height: 1.5; }
code { font-family: ui-monospace, "SFMono-Regular", Menlo, Consolas, monospace; font-size: 0.92em; }
blockquote { border-left: 4px solid var(--rule); margin-left: 0; padding-left: 1rem; color: #30394a; }
dl.facts { display: grid; grid-template-columns: minmax(7em, max-content) 1fr; gap: 0.35rem 1rem; }
dl.facts dt { font-weight: 700; }
dl.facts dd { margin: 0; min-width: 0; }
.vector { font-family: ui-monospace, Menlo, Consolas, monospace; font-size: 0.85rem; word-break: break-all; }
.actions { display: flex; flex-wrap: wrap; gap: 0.5rem 1.25rem; margin-top: 2rem; padding-top: 1rem; border-top: 1px solid var(--rule); }
footer.site { border-top: 1px solid var(--rule); color: var(--muted); font-size: 0.85rem; padding: 1rem 0 2rem; }
footer.site p { margin: 0.25rem 0; }
@media (max-width: 480px) { h1 { font-size: 1.45rem; } dl.facts { grid-template-columns: 1fr; } }
@media print {
  header.site, footer.site nav, .skip, .actions, form.search, nav.pages { display: none !important; }
  body { color: #000; background: #fff; font-size: 10.5pt; }
  a { color: #000; text-decoration: none; }
  .wrap { max-width: none; padding: 0; }
  main { padding: 0; }
  h2, h3 { break-after: avoid; page-break-after: avoid; }
  figure, table, pre, blockquote, tr { break-inside: avoid; page-break-inside: avoid; }
  .body table { display: table; overflow: visible; }
  .notice { background: none; border: 1px solid #000; }
}
`;

/** The stylesheet's content hash: the version pages put in its URL. */
export const SITE_CSS_VERSION = createHash('sha256').update(SITE_CSS).digest('hex').slice(0, 16);
