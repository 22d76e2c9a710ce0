// app-source: minato-docs-portal (cynex traversal lab)
// The document portal lab (社内文書ポータル). Started by the lab runner per the lab-app contract: node: built-ins only,
// listening on LAB_SOCKET or 127.0.0.1:LAB_PORT, the learner's handler.mjs imported from the instance directory,
// exploits recorded in <instanceDir>/events.jsonl. The handler only chooses a path; reading, the leak check and the
// response are here, out of the learner's reach.
import { createHash } from 'node:crypto';
import { constants, promises as fs } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { httpError, pickLanguage, readBody, sendHtml } from '../_shared/lab-http.mjs';
import { loadLearnerModule, readLabConfig, serveLab } from '../_shared/lab-server.mjs';
import { DOCUMENTS, contentTypeOf } from './lib/documents.mjs';
import { createLeakWatch } from './lib/leak-watch.mjs';
import { documentsPage, leakPage, messagePage, templatePage } from './lib/pages.mjs';
import { buildPortalFiles } from './lib/portal-files.mjs';
import { TEXTS } from './lib/texts.mjs';

const APP_DIR = path.dirname(fileURLToPath(import.meta.url));
const TEMPLATES_DIR = path.join(APP_DIR, 'templates');
const MAX_NAME_CHARS = 300;
const MAX_BODY_BYTES = 8 * 1024;
/** Every document is a few KB; a bigger file is not something the portal serves. */
const MAX_FILE_BYTES = 1024 * 1024;
/** Errors that mean "no such file here", from the handler's own checks (realpath) or from reading. */
const NOT_FOUND_CODES = new Set(['ENOENT', 'ENOTDIR', 'EISDIR', 'ELOOP', 'ENAMETOOLONG', 'ERR_ACCESS_DENIED']);
const BAD_NAME_CODES = new Set(['ERR_INVALID_ARG_VALUE', 'ERR_INVALID_ARG_TYPE']);
const PAGE_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src 'self'";

const sendPage = (res, status, html) => sendHtml(res, status, html, { csp: PAGE_CSP });

/** 400 for a bad name, 404 for a missing or unreadable file, 500 for anything else (a bug in the handler). */
function statusOf(err) {
  if (err?.status === 400 || err?.status === 404) return err.status;
  if (NOT_FOUND_CODES.has(err?.code)) return 404;
  if (BAD_NAME_CODES.has(err?.code) || err instanceof URIError) return 400;
  return 500;
}

/** Reads a regular file of at most MAX_FILE_BYTES; a directory, a device or a bigger file is "not found". */
async function readSmallFile(file) {
  if (typeof file !== 'string') throw new TypeError('the handler must return a path (a string)');
  const handle = await fs.open(file, constants.O_RDONLY | constants.O_NONBLOCK);
  try {
    const info = await handle.stat();
    if (!info.isFile() || info.size > MAX_FILE_BYTES) throw httpError(404);
    return await handle.readFile();
  } finally {
    await handle.close();
  }
}

function sendFile(res, name, bytes) {
  res.writeHead(200, {
    'content-type': contentTypeOf(name),
    'content-length': bytes.length,
    'content-disposition': `inline; filename*=UTF-8''${encodeURIComponent(path.basename(name))}`,
    etag: `"sha256-${createHash('sha256').update(bytes).digest('hex')}"`,
    'content-security-policy': "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; sandbox",
    'x-content-type-options': 'nosniff',
    'cache-control': 'no-store',
  });
  res.end(bytes);
}

function createApp({ handler, leaks, documents, docsDir, flag }) {
  const message = (lang, status, text, detail) => [status, messagePage({ lang, message: text, detail })];

  /** The handler's choice, read; or the status and message to show instead. */
  async function fetchFile(lang, resolve, name, notFound) {
    const t = TEXTS[lang];
    try {
      const file = await resolve();
      return { file, bytes: await readSmallFile(file) };
    } catch (err) {
      const status = statusOf(err);
      if (status === 400) return { page: message(lang, 400, t.badName) };
      if (status === 404) return { page: message(lang, 404, notFound(name)) };
      return { page: message(lang, 500, t.loadError, String(err?.message ?? err)) };
    }
  }

  async function download(lang, url, res) {
    const t = TEXTS[lang];
    const name = url.searchParams.get('file');
    if (!name) return sendPage(res, ...message(lang, 400, t.missingFile));
    const got = await fetchFile(lang, () => handler.resolveDocument(docsDir, name), name, t.docNotFound);
    if (got.page) return sendPage(res, ...got.page);
    const leak = leaks.inspect({ via: 'download', name, file: got.file, bytes: got.bytes });
    if (leak) return sendPage(res, 200, leakPage({ lang, name, text: got.bytes.toString('utf8'), flag }));
    return sendFile(res, name, got.bytes);
  }

  async function page(lang, url, res) {
    const t = TEXTS[lang];
    const name = url.searchParams.get('name') || 'guide';
    const got = await fetchFile(lang, () => handler.resolveTemplate(TEMPLATES_DIR, name, lang), name, t.pageNotFound);
    if (got.page) return sendPage(res, ...got.page);
    const text = got.bytes.toString('utf8');
    const leak = leaks.inspect({ via: 'page', name, file: got.file, bytes: got.bytes });
    if (leak) return sendPage(res, 200, leakPage({ lang, name, text, flag }));
    return sendPage(res, 200, templatePage({ lang, name, html: text }));
  }

  return async (req, res) => {
    let lang = 'ja';
    try {
      const url = new URL(req.url ?? '/', 'http://lab.invalid');
      lang = pickLanguage(url, req.headers['accept-language']);
      const t = TEXTS[lang];
      if (req.method !== 'GET' && req.method !== 'HEAD') {
        // Requests carry no body here: one is read and dropped (413 past the limit, so the client still gets an answer).
        await readBody(req, MAX_BODY_BYTES);
        return sendPage(res, ...message(lang, 405, t.methodNotAllowed));
      }
      if (url.pathname === '/healthz') return void res.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
      const tooLong = ['file', 'name'].some((k) => (url.searchParams.get(k) ?? '').length > MAX_NAME_CHARS);
      if (tooLong) return sendPage(res, ...message(lang, 400, t.tooLong));
      if (url.pathname === '/') return sendPage(res, 200, documentsPage({ lang, documents }));
      if (url.pathname === '/download') return await download(lang, url, res);
      if (url.pathname === '/page') return await page(lang, url, res);
      return sendPage(res, ...message(lang, 404, t.notFoundPage));
    } catch (err) {
      const status = err?.status ?? 500;
      const text = status === 413 ? TEXTS[lang].tooLarge : TEXTS[lang].badRequest;
      if (!res.headersSent) sendPage(res, ...message(lang, status, text));
      else res.destroy();
    }
  };
}

/** The learner's code; an edit that does not load still lets the portal start, and every page shows why. */
async function loadHandler(instanceDir) {
  return loadLearnerModule(instanceDir, 'handler.mjs', { stubs: ['resolveDocument', 'resolveTemplate'] });
}

async function main() {
  const config = readLabConfig(process.env);
  const portal = buildPortalFiles(config.instanceDir, config.flag);
  const documents = DOCUMENTS.map((doc) => ({ ...doc, size: doc.bytes().length }));
  const handler = await loadHandler(config.instanceDir);
  const leaks = createLeakWatch({ instanceDir: config.instanceDir, appDir: APP_DIR, secrets: portal.values });
  serveLab(createApp({ handler, leaks, documents, docsDir: portal.docsDir, flag: config.flag }), config);
}

await main();
