import { createHash } from 'node:crypto';
import { TLP_COLOURS, type Block, type ReportView } from './report-view.js';

/** The report as one self-contained HTML page: inline SVG charts, one hashed stylesheet, no script, nothing fetched. */

const escape = (text: string) =>
  text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);

const tlpClass = (tlp: string) => `tlp-${tlp.toLowerCase().replace(/[^a-z]+/g, '-')}`;

const STYLE = `
:root { color-scheme: light; }
* { box-sizing: border-box; }
body { margin: 0; font-family: "Noto Sans JP", "Hiragino Sans", "Yu Gothic", Meiryo, system-ui, sans-serif;
  color: #1d2430; background: #f4f6f9; line-height: 1.7; }
main { max-width: 860px; margin: 0 auto; background: #fff; padding: 32px 48px 48px; }
.tlp { display: inline-block; background: #000; font-weight: 700; padding: 2px 10px; letter-spacing: 0.04em;
  font-family: ui-monospace, Menlo, Consolas, monospace; }
.banner { text-align: right; margin: 0 0 16px; }
.banner.bottom { margin: 32px 0 0; }
header.cover { border-bottom: 3px solid #1f5fa8; padding-bottom: 20px; margin-bottom: 24px; }
.report-name { color: #1f5fa8; font-weight: 700; margin: 0; }
h1 { font-size: 1.8rem; margin: 4px 0 4px; line-height: 1.3; }
.subtitle { color: #5a6474; margin: 0 0 16px; }
dl.cover-facts { display: grid; grid-template-columns: max-content 1fr; gap: 4px 16px; margin: 0; }
dl.cover-facts dt { color: #5a6474; }
dl.cover-facts dd { margin: 0; }
.note { color: #5a6474; font-size: 0.9rem; }
nav ol { columns: 2; margin: 0; padding-left: 1.2em; }
h2 { font-size: 1.3rem; border-left: 5px solid #1f5fa8; padding-left: 10px; margin: 36px 0 12px; }
.figures { display: grid; grid-template-columns: repeat(auto-fit, minmax(220px, 1fr)); gap: 12px; margin: 12px 0; }
.figure { border: 1px solid #d8dee8; border-radius: 6px; padding: 10px 14px; }
.figure .label { color: #5a6474; font-size: 0.85rem; }
.figure .value { font-size: 1.25rem; font-weight: 700; }
.figure .fnote { color: #5a6474; font-size: 0.8rem; }
table { border-collapse: collapse; width: 100%; margin: 12px 0; font-size: 0.92rem; }
th, td { border-bottom: 1px solid #d8dee8; padding: 5px 8px; text-align: left; vertical-align: top; }
th { background: #eef2f8; }
td.r, th.r { text-align: right; font-variant-numeric: tabular-nums; }
tr.total td { font-style: italic; color: #3a4454; }
figure { margin: 12px 0; }
figure svg { max-width: 100%; height: auto; display: block; }
figcaption { color: #5a6474; font-size: 0.85rem; text-align: center; }
.free { white-space: pre-wrap; border: 1px solid #d8dee8; border-radius: 6px; padding: 12px 16px; background: #fbfcfe; }
.free.empty { color: #8a93a3; }
${Object.entries(TLP_COLOURS)
  .map(([tlp, colour]) => `.${tlpClass(tlp)} { color: ${colour}; }`)
  .join('\n')}
@media print { body { background: #fff; } main { padding: 0; } h2 { break-after: avoid; } figure, table { break-inside: avoid; } }
`;
const STYLE_HASH = createHash('sha256').update(STYLE).digest('base64');

/** The Content-Security-Policy the page is served with: only its own stylesheet, nothing else at all. */
export const REPORT_HTML_CSP = [
  "default-src 'none'",
  `style-src 'sha256-${STYLE_HASH}'`,
  "img-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

function block(b: Block): string {
  switch (b.kind) {
    case 'paragraph':
      return `<p>${escape(b.text)}</p>`;
    case 'figures':
      return `<div class="figures">${b.items
        .map(
          (i) =>
            `<div class="figure"><div class="label">${escape(i.label)}</div><div class="value">${escape(i.value)}</div>${
              i.note ? `<div class="fnote">${escape(i.note)}</div>` : ''
            }</div>`,
        )
        .join('')}</div>`;
    case 'table': {
      const cls = (align: string) => (align === 'right' ? ' class="r"' : '');
      const head = b.columns.map((c) => `<th scope="col"${cls(c.align)}>${escape(c.label)}</th>`).join('');
      const rows = b.rows
        .map((row, i) => {
          const total = b.totalRow && i === b.rows.length - 1 ? ' class="total"' : '';
          const cells = row.map((cell, j) => `<td${cls(b.columns[j]?.align ?? 'left')}>${escape(cell)}</td>`).join('');
          return `<tr${total}>${cells}</tr>`;
        })
        .join('');
      return `<table><thead><tr>${head}</tr></thead><tbody>${rows}</tbody></table>`;
    }
    case 'chart':
      return `<figure role="img" aria-label="${escape(b.title)}">${b.svg}<figcaption>${escape(b.title)}</figcaption></figure>`;
    case 'freeText':
      return `<div class="free${b.empty ? ' empty' : ''}">${escape(b.text)}</div>`;
    case 'list':
      return `<ul>${b.items.map((i) => `<li>${escape(i)}</li>`).join('')}</ul>`;
    default: {
      const never: never = b;
      return String(never);
    }
  }
}

export function renderHtml(view: ReportView): string {
  const banner = (where: string) =>
    `<div class="banner ${where}"><span class="tlp ${tlpClass(view.marking)}">TLP:${escape(view.marking)}</span></div>`;
  return `<!doctype html>
<html lang="${view.lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>${escape(view.title)}</title>
<style>${STYLE}</style>
</head>
<body>
<main>
${banner('top')}
<header class="cover">
<p class="report-name">${escape(view.reportName)}</p>
<h1>${escape(view.title)}</h1>
<p class="subtitle">${escape(view.subtitle)}</p>
<dl class="cover-facts">${view.cover.map((c) => `<dt>${escape(c.label)}</dt><dd>${escape(c.value)}</dd>`).join('')}</dl>
<p class="note">${escape([view.basedOn, view.markingNote].join(view.lang === 'ja' ? '' : ' '))}</p>
</header>
<nav><h2>${escape(view.contentsLabel)}</h2><ol>${view.sections
    .map((s) => `<li><a href="#${s.id}">${escape(s.heading.replace(/^\d+\.\s*/, ''))}</a></li>`)
    .join('')}</ol></nav>
${view.sections
  .map((s) => `<section id="${s.id}">\n<h2>${escape(s.heading)}</h2>\n${s.blocks.map(block).join('\n')}\n</section>`)
  .join('\n')}
${banner('bottom')}
</main>
</body>
</html>
`;
}
