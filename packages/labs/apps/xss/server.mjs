// The message board lab (社内掲示板). Started by the lab runner per the lab contract: node: built-ins only, listening
// on LAB_SOCKET or 127.0.0.1:LAB_PORT, the learner's render.mjs imported from the instance directory, exploits
// recorded in <instanceDir>/events.jsonl once lab-probe.js reports that injected script really ran in a browser.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { pickLanguage, readBody, readForm, sendHtml } from '../_shared/lab-http.mjs';
import { loadLearnerModule, readLabConfig, serveLab } from '../_shared/lab-server.mjs';
import { harmless, injectedScript } from './lib/active-markup.mjs';
import { MAX_BODY_CHARS, MAX_NAME_CHARS, createBoard, postView } from './lib/board-data.mjs';
import { boardPage, layout, messagePage, postPage, proofPage, safeRenderer, searchPage } from './lib/pages.mjs';
import { createProofLog } from './lib/proof-log.mjs';
import { TEXTS } from './lib/texts.mjs';

const APP_DIR = import.meta.dirname;
const MAX_QUERY_CHARS = 200;
const MAX_FORM_BYTES = 16 * 1024;
const MAX_PROOF_BYTES = 4 * 1024;
const POST_ID = /^[0-9]{1,9}$/;
// Tabs and newlines are text; other control characters are not, and a post may not hold them.
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;

/**
 * The lab's own pages allow inline script and handlers: running injected script is the exercise. Everything else is
 * shut (no other origins, no plugins, no <base>). The hub's lab view replaces this with its sandbox policy.
 */
const PAGE_CSP =
  "default-src 'none'; script-src 'self' 'unsafe-inline'; style-src 'unsafe-inline'; img-src 'self' data:; " +
  "connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

function sendJson(res, status, value) {
  res.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store' });
  res.end(JSON.stringify(value));
}

/** The current page in the other language: the same path and query, `lang` swapped. Relative, for the lab view. */
function languageLinks(url) {
  const links = {};
  for (const lang of ['ja', 'en']) {
    const params = new URLSearchParams(url.searchParams);
    params.set('lang', lang);
    links[lang] = `${url.pathname === '/' ? './' : url.pathname.slice(1)}?${params}`;
  }
  return links;
}

/** A proof from lab-probe.js: JSON sent as text/plain, or a form. */
function parseProof(text) {
  if (text.trimStart().startsWith('{')) {
    try {
      const value = JSON.parse(text);
      return typeof value === 'object' && value !== null ? value : {};
    } catch {
      return {};
    }
  }
  return Object.fromEntries(new URLSearchParams(text));
}

function validPost(form, t) {
  const name = (form.get('name') ?? '').trim();
  const body = (form.get('body') ?? '').replace(/\r\n?/g, '\n').trim();
  if (CONTROL.test(name) || CONTROL.test(body)) return { error: t.controlChars };
  const nameChars = [...name].length;
  const bodyChars = [...body].length;
  if (nameChars < 1 || nameChars > MAX_NAME_CHARS) return { error: t.nameRequired(MAX_NAME_CHARS) };
  if (bodyChars < 1 || bodyChars > MAX_BODY_CHARS) return { error: t.bodyRequired(MAX_BODY_CHARS) };
  return { name, body };
}

function createApp({ board, proofs, render, probeScript, flag }) {
  /**
   * Renders a page three times: as it is, with the search query made harmless, and with the posts made harmless.
   * What the first can run and the others cannot is script the query (reflected) or the posts (stored) brought in;
   * the render id remembers it for lab-probe.js's report.
   */
  function renderPage(res, { lang, url, page, build, q = '', posts = [] }) {
    const renderId = proofs.newRenderId();
    const langLinks = languageLinks(url);
    const met = proofs.met();
    const html = (data) => {
      const renderer = safeRenderer(render, lang);
      const parts = build({ lang, renderer, ...data });
      return { html: layout({ lang, renderId, met, flag, langLinks, ...parts }), errors: renderer.errors };
    };
    const actual = html({ q, posts });
    const withoutQuery = q ? html({ q: harmless(q), posts }).html : actual.html;
    const harmlessPosts = posts.map((post) => ({ ...post, name: harmless(post.name), body: harmless(post.body) }));
    const withoutPosts = posts.length > 0 ? html({ q, posts: harmlessPosts }).html : actual.html;
    proofs.remember(renderId, page, {
      reflected: injectedScript(actual.html, withoutQuery),
      stored: injectedScript(actual.html, withoutPosts),
    });
    sendHtml(res, actual.errors.length > 0 ? 500 : 200, actual.html, { csp: PAGE_CSP });
  }

  function message(res, status, lang, url, text) {
    const renderId = proofs.newRenderId();
    const parts = messagePage({ lang, message: text });
    const html = layout({ lang, renderId, met: proofs.met(), flag, langLinks: languageLinks(url), ...parts });
    sendHtml(res, status, html, { csp: PAGE_CSP });
  }

  async function createPost(req, res, lang, url) {
    const form = await readForm(req, MAX_FORM_BYTES);
    const post = validPost(form, TEXTS[lang]);
    // The language links of the error page lead to the board: the post form's URL answers only POST.
    if (post.error) return message(res, 400, lang, new URL('/', url), post.error);
    const { id } = board.add(post);
    res.writeHead(303, { location: `post?id=${id}&lang=${lang}`, 'content-type': 'text/plain; charset=utf-8' });
    res.end(`post ${id} created\n`);
  }

  /**
   * A report from lab-probe.js. In the page it is a form the probe submits (a top-level navigation, which carries the
   * hub view's cookie in every browser), answered with a page; sent by a script as JSON it is answered in JSON.
   */
  async function proof(req, res, lang, url) {
    const report = parseProof((await readBody(req, MAX_PROOF_BYTES)).toString('utf8'));
    const outcome = proofs.prove(report);
    if (!String(req.headers['content-type'] ?? '').startsWith('application/x-www-form-urlencoded')) {
      return sendJson(res, 200, outcome.counted ? { ...outcome, flag } : outcome);
    }
    const kind = String(report.kind ?? '').slice(0, 20);
    const text = String(report.message ?? '').slice(0, 100);
    const parts = proofPage({ lang, kind, message: text, outcome });
    const html = layout({
      lang,
      renderId: proofs.newRenderId(),
      met: proofs.met(),
      flag,
      langLinks: languageLinks(new URL('/', url)),
      ...parts,
    });
    sendHtml(res, 200, html, { csp: PAGE_CSP });
  }

  async function route(req, res, lang, url) {
    const t = TEXTS[lang];
    const views = (posts) => posts.map((post) => postView(post, lang));
    if (req.method === 'POST') {
      if (url.pathname === '/__xss') return proof(req, res, lang, url);
      if (url.pathname === '/post') return createPost(req, res, lang, url);
      return message(res, 405, lang, url, t.badRequest);
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') return message(res, 405, lang, url, t.badRequest);
    if (url.pathname === '/') {
      return renderPage(res, { lang, url, page: 'board', build: boardPage, posts: views(board.all()) });
    }
    if (url.pathname === '/search') {
      const q = url.searchParams.get('q');
      if (q !== null && q.length > MAX_QUERY_CHARS) return message(res, 400, lang, url, t.badRequest);
      const posts = q ? views(board.search(q)) : [];
      return renderPage(res, { lang, url, page: 'search', build: searchPage, q: q ?? '', posts });
    }
    if (url.pathname === '/post') {
      const id = url.searchParams.get('id') ?? '';
      if (!POST_ID.test(id)) return message(res, 400, lang, url, t.badRequest);
      const post = board.byId(Number(id));
      if (!post) return message(res, 404, lang, url, t.postNotFound);
      return renderPage(res, { lang, url, page: 'post', build: postPage, posts: views([post]) });
    }
    if (url.pathname === '/lab-probe.js') {
      res.writeHead(200, {
        'content-type': 'text/javascript; charset=utf-8',
        'x-content-type-options': 'nosniff',
        'cache-control': 'no-store',
      });
      return res.end(probeScript);
    }
    return message(res, 404, lang, url, t.notFoundPage);
  }

  return async (req, res) => {
    let url;
    try {
      url = new URL(req.url ?? '/', 'http://lab.invalid');
    } catch {
      url = new URL('http://lab.invalid/');
    }
    const lang = pickLanguage(url, req.headers['accept-language']);
    try {
      if (url.pathname === '/healthz') {
        res.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
        return;
      }
      await route(req, res, lang, url);
    } catch (err) {
      const status = err?.status ?? 500;
      const t = TEXTS[lang];
      if (!res.headersSent) message(res, status, lang, url, status === 413 ? t.tooLarge : t.badRequest);
      else res.destroy();
    }
  };
}

async function main() {
  const config = readLabConfig(process.env);
  const board = createBoard({ instanceDir: config.instanceDir });
  const proofs = createProofLog({ instanceDir: config.instanceDir });
  const render = await loadLearnerModule(config.instanceDir, 'render.mjs', {
    stubs: ['searchBox', 'searchHeading', 'postItem', 'postDetail'],
  });
  const probeScript = readFileSync(path.join(APP_DIR, 'static', 'lab-probe.js'));
  serveLab(createApp({ board, proofs, render, probeScript, flag: config.flag }), config);
}

await main();
