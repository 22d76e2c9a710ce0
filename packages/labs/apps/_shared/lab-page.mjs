// The frame every lab page shares: escaping, the base style, the header bar with its navigation and language links,
// the flag box, the footer. What is on a page, and its texts, stay each app's own.

/** Text for HTML content or a quoted attribute. Every value from a request, a store or a file goes through it. */
export function esc(value) {
  return String(value ?? '').replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c],
  );
}

/** `href` with the page language added to its query. */
export function withLang(href, lang) {
  return `${href}${href.includes('?') ? '&' : '?'}lang=${lang}`;
}

/**
 * The base style of a lab page in the app's colours (`brand` for the header bar, `headerLink` for its links, `bg`
 * for the page); `width` is that of the main column. Each app appends its own rules.
 */
export function frameStyle({ brand, bg, headerLink, width = '60rem' }) {
  return `
  :root { color-scheme: light; --ink: #1f2933; --muted: #616e7c; --line: #d9e2ec; --brand: ${brand}; --bg: ${bg}; }
  * { box-sizing: border-box; }
  body { margin: 0; font: 15px/1.6 system-ui, "Hiragino Sans", "Noto Sans JP", "Yu Gothic", sans-serif;
         color: var(--ink); background: var(--bg); }
  header { background: var(--brand); color: #fff; padding: 0.8rem 1.5rem; display: flex; align-items: baseline;
           gap: 1.5rem; flex-wrap: wrap; }
  header strong { font-size: 1.05rem; }
  header nav { display: flex; gap: 1rem; flex: 1; }
  header a { color: ${headerLink}; text-decoration: none; }
  header a.active, header a:hover { color: #fff; text-decoration: underline; }
  .lang a { margin-left: 0.5rem; }
  main { max-width: ${width}; margin: 1.5rem auto; padding: 0 1.5rem; }
  h1 { font-size: 1.35rem; margin: 0 0 1rem; }
  .flag { margin: 0 0 1.25rem; padding: 0.9rem 1.1rem; border-radius: 6px; background: #fffbea; color: var(--ink);
          border: 2px solid #f0b429; }
  .flag code { font-size: 1.05rem; user-select: all; }
  footer { max-width: ${width}; margin: 2rem auto; padding: 0 1.5rem; color: var(--muted); font-size: 0.8rem; }
`;
}

/** The header's links, `[id, href, label]` each (`href` without the language), the `active` one marked. */
export function navLinks(lang, items, active) {
  return items
    .map(
      ([id, href, label]) => `<a href="${withLang(href, lang)}"${id === active ? ' class="active"' : ''}>${label}</a>`,
    )
    .join('');
}

/** The box that shows the instance's flag, once the lab was exploited (graders look for `data-lab-flag`). */
export function flagBox({ title, lead, flag }) {
  return `<section class="flag" data-lab-flag><strong>${title}</strong> ${lead} <code>${esc(flag)}</code></section>`;
}

const SAME_PAGE_LANG_LINKS = { ja: '?lang=ja', en: '?lang=en' };

/**
 * A whole page. `t` holds the app's `company`, `title` and `footer`; `nav` and `flag` (a `flagBox`, or '') are the
 * app's; `head` goes before the title, `afterNav` after the navigation; `langLinks` lead to the page in ja and en.
 */
export function framePage({
  lang,
  t,
  style,
  nav,
  heading,
  body,
  flag = '',
  head = '',
  afterNav = '',
  mainClass = '',
  langLinks = SAME_PAGE_LANG_LINKS,
}) {
  return `<!doctype html>
<html lang="${lang}">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
${head}<title>${esc(heading)} — ${t.company}</title><style>${style}</style></head>
<body>
<header><strong>${t.company} · ${t.title}</strong><nav>${nav}</nav>${afterNav}
<span class="lang"><a href="${esc(langLinks.ja)}">日本語</a><a href="${esc(langLinks.en)}">English</a></span></header>
<main${mainClass ? ` class="${mainClass}"` : ''}>${flag}<h1>${esc(heading)}</h1>
${body}
</main>
<footer>${t.footer}</footer>
</body>
</html>
`;
}
