import { readFileSync } from 'node:fs';
import { esc, flagBox, framePage, frameStyle, navLinks } from '../../_shared/lab-page.mjs';
import { MAX_BODY_CHARS, MAX_NAME_CHARS } from './board-data.mjs';
import { TEXTS } from './texts.mjs';

/**
 * The probe, inline and first in every page: it must be in place before anything injected runs, and a script the
 * page loads from the lab would be a cross-site request in the hub's sandboxed view, which browsers refuse without
 * third-party cookies.
 */
const PROBE_SCRIPT = readFileSync(new URL('../static/lab-probe.js', import.meta.url), 'utf8').replace(
  /<\/script/gi,
  '<\\/script',
);

/**
 * HTML of the message board's pages. The frame, the forms and the lists are the server's (every value it inserts
 * goes through `esc`); the parts that show what people typed come from the learner's render.mjs, through
 * `safeRenderer`, inside elements marked `data-slot` so that they can be found whatever the learner writes.
 */
const STYLE = `${frameStyle({ brand: '#2f6f4e', bg: '#f5f7f5', headerLink: '#d8efe2', width: '52rem' })}
  h2 { font-size: 1.1rem; margin: 1.5rem 0 0.6rem; }
  form { background: #fff; border: 1px solid var(--line); border-radius: 6px; padding: 1rem 1.2rem;
         display: flex; gap: 0.75rem; align-items: end; flex-wrap: wrap; }
  form.stack { flex-direction: column; align-items: stretch; }
  label { display: flex; flex-direction: column; gap: 0.25rem; font-size: 0.85rem; color: var(--muted); }
  input, textarea { font: inherit; padding: 0.4rem 0.6rem; border: 1px solid #bcccdc; border-radius: 4px;
                    min-width: 16rem; color: var(--ink); }
  button { font: inherit; padding: 0.45rem 1.2rem; border: 0; border-radius: 4px; background: var(--brand);
           color: #fff; cursor: pointer; align-self: start; }
  .hint, .lead, .count, .meta { color: var(--muted); font-size: 0.85rem; }
  ol.posts { list-style: none; margin: 0; padding: 0; display: grid; gap: 0.6rem; }
  ol.posts > li, section.post { background: #fff; border: 1px solid var(--line); border-radius: 6px;
                                padding: 0.7rem 1rem; }
  .meta { margin: 0 0 0.3rem; }
  .author { font-weight: 600; color: var(--ink); }
  .body { margin: 0; white-space: pre-wrap; overflow-wrap: anywhere; }
  .result { padding: 0.7rem 1rem; border-radius: 6px; background: #fff; border: 1px solid var(--line); }
  .error { padding: 0.7rem 1rem; border-radius: 6px; border: 1px solid #e12d39; color: #8a041a; background: #ffe3e3; }
  pre.detail { white-space: pre-wrap; font-size: 0.8rem; margin: 0.5rem 0 0; }
  .lab-probe-banner { margin: 0; padding: 0.7rem 1.5rem; background: #ffe3e3; color: #8a041a;
                      border-bottom: 2px solid #e12d39; font-weight: 600; }
`;

/**
 * The learner's render functions, made safe to call: a function that throws or is missing shows an error box in
 * its place, and `errors` collects what went wrong (the page is then answered with 500).
 */
export function safeRenderer(render, lang) {
  const errors = [];
  const call = (name, ...args) => {
    try {
      const html = render[name](...args);
      return typeof html === 'string' ? html : String(html ?? '');
    } catch (err) {
      errors.push(err);
      const detail = `<pre class="detail">${esc(`${name}: ${err?.message ?? err}`)}</pre>`;
      return `<div class="error" data-error="render">${TEXTS[lang].renderError}${detail}</div>`;
    }
  };
  return {
    errors,
    searchBox: (q) => call('searchBox', q),
    searchHeading: (q) => call('searchHeading', q, lang),
    postItem: (post) => call('postItem', post),
    postDetail: (post) => call('postDetail', post),
  };
}

/**
 * The page frame. `renderId` ties the page to what it showed (see proof-log.mjs); lab-probe.js is loaded first so
 * that it is in place before anything injected runs. `met` lists the attack objectives met so far: any page then
 * shows the flag.
 */
export function layout({ lang, active, heading, body, renderId, met, flag, langLinks }) {
  const t = TEXTS[lang];
  const nav = navLinks(
    lang,
    [
      ['board', './', t.navBoard],
      ['search', 'search', t.navSearch],
    ],
    active,
  );
  const flagShown =
    met.length > 0 && flag
      ? flagBox({ title: t.flagTitle(met.map((id) => t.objectiveNames[id])), lead: t.flagLead, flag })
      : '';
  const head = `<meta name="lab-render" content="${esc(renderId)}">\n<script>${PROBE_SCRIPT}</script>\n`;
  return framePage({ lang, t, style: STYLE, head, nav, heading, body, flag: flagShown, langLinks });
}

function searchForm(lang, renderer, q) {
  const t = TEXTS[lang];
  return `<form method="get" action="search" role="search"><input type="hidden" name="lang" value="${lang}">
<label for="q">${t.searchLabel}</label>${renderer.searchBox(q)}
<button>${t.searchButton}</button></form>`;
}

function postList(renderer, posts) {
  const items = posts.map((post) => `<li data-post="${post.id}">${renderer.postItem(post)}</li>`);
  return `<ol class="posts" data-slot="posts">\n${items.join('\n')}\n</ol>`;
}

/** The board: the posts, newest first, and the form to write one. */
export function boardPage({ lang, renderer, posts }) {
  const t = TEXTS[lang];
  const list = posts.length === 0 ? `<p class="result">${t.noPosts}</p>` : postList(renderer, posts);
  const body = `<p class="lead">${t.boardLead}</p>
${searchForm(lang, renderer, '')}
<h2>${t.posts} <span class="count">${t.count(posts.length)}</span></h2>
${list}
<h2 id="new-post">${t.newPost}</h2>
<form class="stack" method="post" action="post?lang=${lang}">
<label>${t.nameLabel}<input name="name" maxlength="${MAX_NAME_CHARS}" autocomplete="name" required></label>
<label>${t.bodyLabel}<textarea name="body" rows="5" maxlength="${MAX_BODY_CHARS}" required></textarea></label>
<p class="hint">${t.postHint(MAX_NAME_CHARS, MAX_BODY_CHARS)}</p>
<button>${t.postButton}</button></form>`;
  return { active: 'board', heading: t.title, body };
}

/** The search: `q` null on the first visit; `posts` the matches. */
export function searchPage({ lang, renderer, q, posts }) {
  const t = TEXTS[lang];
  let results = '';
  if (q) {
    const found =
      posts.length === 0 ? `<p class="result" data-results="0">${t.noResults}</p>` : postList(renderer, posts);
    results = `<div data-slot="search-heading">${renderer.searchHeading(q)}</div>
<p class="count" data-results="${posts.length}">${t.count(posts.length)}</p>
${found}`;
  }
  const body = `${searchForm(lang, renderer, q ?? '')}<p class="hint">${t.searchHint}</p>\n${results}`;
  return { active: 'search', heading: t.navSearch, body };
}

/** One post on its own page: `posts` holds just that post. */
export function postPage({ lang, renderer, posts: [post] }) {
  const t = TEXTS[lang];
  const body = `<section class="post" data-slot="post" data-post="${post.id}">${renderer.postDetail(post)}</section>
<p><a href="./?lang=${lang}">${t.backToBoard}</a></p>`;
  return { active: 'board', heading: t.title, body };
}

/** A plain message page (400, 404, 413). */
/** The page a script's report leads to: what ran, whether the lab counted it (the flag box shows when it did). */
export function proofPage({ lang, kind, message, outcome }) {
  const t = TEXTS[lang];
  const verdict = outcome.counted ? t.proofCounted : t.proofNotCounted(outcome.reason ?? '');
  const body = `<div class="lab-probe-banner" role="alert" data-lab-probe>${esc(t.scriptRan)}${esc(kind)}(${esc(
    JSON.stringify(message),
  )})</div>
<p data-proof-counted="${outcome.counted ? 'true' : 'false'}">${esc(verdict)}</p>
<p><a href="./?lang=${lang}">${t.backToBoard}</a></p>`;
  return { active: '', heading: t.title, body };
}

export function messagePage({ lang, message }) {
  const t = TEXTS[lang];
  const body = `<p class="error">${esc(message)}</p>\n<p><a href="./?lang=${lang}">${t.backToBoard}</a></p>`;
  return { active: '', heading: t.title, body };
}
