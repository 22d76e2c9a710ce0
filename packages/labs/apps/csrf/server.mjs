// The intranet points shop lab (社内ポイントショップ). Started by the lab runner per the lab-app contract: node:http
// only, listening on LAB_SOCKET or 127.0.0.1:LAB_PORT, the learner's handler.mjs imported from the instance directory,
// exploits recorded in <instanceDir>/events.jsonl. The victim, 総務部 佐藤さん, is a browser emulated in-process
// (lib/emulated-browser.mjs): the lab never reaches the network.
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pickLanguage, readBody, sendHtml } from '../_shared/lab-http.mjs';
import { loadLearnerModule, readLabConfig, serveLab } from '../_shared/lab-server.mjs';
import { createExploitLog } from './lib/exploit-log.mjs';
import { messagePage } from './lib/pages.mjs';
import { createShopApp } from './lib/shop-app.mjs';
import { SHOP_ORIGIN, createSessions, createShop } from './lib/shop-data.mjs';
import { TEXTS } from './lib/texts.mjs';

const MAX_PARAM_CHARS = 500;
const MAX_URL_CHARS = 4_096;
const MAX_FORM_BYTES = 16 * 1024;
/** The attacker page's HTML (64 KB of text) urlencoded can take up to three times that. */
const MAX_ATTACKER_FORM_BYTES = 256 * 1024;

const STARTER_PAGE = `<!doctype html>
<html>
<head><meta charset="utf-8"><title>社内イベントのお知らせ</title></head>
<body>
  <h1>社内イベントのお知らせ</h1>
  <!-- 佐藤さんのブラウザに送らせたいリクエストをここに書く / Write what Ms Sato's browser should send here -->
</body>
</html>
`;

/** The attacker's web space: one page, kept in the instance directory. */
function attackerSpaceIn(instanceDir) {
  const file = path.join(instanceDir, 'attacker-page.html');
  return {
    read() {
      try {
        return readFileSync(file, 'utf8');
      } catch {
        return STARTER_PAGE;
      }
    },
    write: (html) => writeFileSync(file, html),
  };
}

/** Header values as single strings, as the shop and the learner's checkRequest read them. */
function flatHeaders(raw) {
  const headers = {};
  for (const [name, value] of Object.entries(raw)) {
    if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return headers;
}

const ERROR_TEXT = { 400: 'badRequest', 404: 'notFoundPage', 413: 'tooLarge', 415: 'unsupportedType' };

function listener(app) {
  return async (req, res) => {
    const rawUrl = req.url ?? '/';
    // Resolved on the shop's own origin whatever Host says; a path starting // stays a path.
    const url = new URL(`${SHOP_ORIGIN}${rawUrl.startsWith('/') ? '' : '/'}${rawUrl}`);
    const lang = pickLanguage(url, req.headers['accept-language']);
    const fail = (status) =>
      sendHtml(res, status, messagePage({ lang, message: TEXTS[lang][ERROR_TEXT[status] ?? 'badRequest'] }));
    try {
      if (url.pathname === '/healthz') {
        res.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
        return;
      }
      const tooLong =
        rawUrl.length > MAX_URL_CHARS || [...url.searchParams.values()].some((v) => v.length > MAX_PARAM_CHARS);
      if (tooLong) return fail(400);
      if (!['GET', 'HEAD', 'POST'].includes(req.method)) return fail(400);
      const limit = url.pathname === '/attacker' ? MAX_ATTACKER_FORM_BYTES : MAX_FORM_BYTES;
      const body = req.method === 'POST' ? await readBody(req, limit) : Buffer.alloc(0);
      // HEAD goes through as HEAD: it shows pages like GET but never counts as a ?_method=POST change.
      const answer = await app.dispatch({ method: req.method, url, headers: flatHeaders(req.headers), body });
      return sendHtml(res, answer.status, answer.html, { headers: answer.headers });
    } catch (err) {
      if (!res.headersSent) fail(err?.status ?? 500);
    }
  };
}

async function main() {
  const config = readLabConfig(process.env);
  const handler = await loadLearnerModule(config.instanceDir, 'handler.mjs', {
    stubs: ['checkRequest', 'formFields', 'sessionCookie'],
  });
  const app = createShopApp({
    shop: createShop(),
    sessions: createSessions(),
    handler,
    exploits: createExploitLog({ instanceDir: config.instanceDir }),
    flag: config.flag,
    attackerSpace: attackerSpaceIn(config.instanceDir),
  });
  serveLab(listener(app), config);
}

await main();
