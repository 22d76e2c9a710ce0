// The staff directory lab (社員名簿). Started by the lab runner per the contract in briefs/labs-contract.md:
// node:http and sql.js only, listening on LAB_SOCKET or 127.0.0.1:LAB_PORT, the learner's handler.mjs imported from
// the instance directory, exploits recorded in <instanceDir>/events.jsonl.
import { createServer } from 'node:http';
import { createRequire } from 'node:module';
import { timingSafeEqual, createHash } from 'node:crypto';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import initSqlJs from 'sql.js';
import { buildDirectory } from './lib/directory-data.mjs';
import { createExploitLog } from './lib/exploit-log.mjs';
import { employeePage, loginPage, messagePage, searchPage } from './lib/pages.mjs';
import { TEXTS, pickLanguage } from './lib/texts.mjs';

const MAX_PARAM_CHARS = 500;
const MAX_FORM_BYTES = 8 * 1024;
const MAX_ROWS_SHOWN = 200;

function readConfig(env) {
  const instanceDir = env.LAB_DIR || process.cwd();
  const port = env.LAB_PORT ? Number(env.LAB_PORT) : undefined;
  if (!env.LAB_SOCKET && !(Number.isInteger(port) && port > 0 && port < 65536)) {
    throw new Error('set LAB_SOCKET or LAB_PORT');
  }
  return { socket: env.LAB_SOCKET, port, instanceDir, flag: env.LAB_FLAG ?? '', level: env.LAB_LEVEL ?? '' };
}

async function openDatabase() {
  const sqlJsDir = path.dirname(createRequire(import.meta.url).resolve('sql.js'));
  const SQL = await initSqlJs({ locateFile: (file) => path.join(sqlJsDir, file) });
  return new SQL.Database();
}

function sameSecret(given, expected) {
  // Hashing first gives equal lengths, so the comparison takes the same time whatever was typed.
  const digest = (s) => createHash('sha256').update(s).digest();
  return timingSafeEqual(digest(given), digest(expected));
}

function formTooLarge() {
  return Object.assign(new Error('form too large'), { status: 413 });
}

function readForm(req) {
  if (Number(req.headers['content-length'] ?? 0) > MAX_FORM_BYTES) return Promise.reject(formTooLarge());
  return new Promise((resolve, reject) => {
    const chunks = [];
    let size = 0;
    req.on('data', (chunk) => {
      size += chunk.length;
      // Past the limit the rest is read and dropped, so that the client still gets its 413.
      if (size <= MAX_FORM_BYTES) chunks.push(chunk);
    });
    req.on('end', () =>
      size > MAX_FORM_BYTES
        ? reject(formTooLarge())
        : resolve(new URLSearchParams(Buffer.concat(chunks).toString('utf8'))),
    );
    req.on('error', reject);
  });
}

function send(res, status, html) {
  res.writeHead(status, {
    'content-type': 'text/html; charset=utf-8',
    'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'",
    'x-content-type-options': 'nosniff',
    'cache-control': 'no-store',
  });
  res.end(html);
}

/** A learner's searchStaff may return rows as arrays (stmt.get) or objects (stmt.getAsObject). */
function asRows(result) {
  if (!Array.isArray(result)) throw new TypeError('searchStaff must return an array of rows');
  return result.map((row) => (Array.isArray(row) ? row : Object.values(row ?? {})));
}

function createApp({ db, handler, exploits, secrets, flag }) {
  async function search(lang, url) {
    const q = url.searchParams.get('q');
    if (q === null) return [200, searchPage({ lang })];
    let rows;
    try {
      rows = asRows(await handler.searchStaff(db, q)).slice(0, MAX_ROWS_SHOWN);
    } catch (error) {
      return [500, searchPage({ lang, q, outcome: { error } })];
    }
    const leaked = exploits.searchLeaks(rows);
    return [200, searchPage({ lang, q, outcome: { rows }, flag: leaked ? flag : undefined })];
  }

  async function employee(lang, url) {
    const id = url.searchParams.get('id');
    if (id === null || id === '') return [200, employeePage({ lang })];
    try {
      const exists = Boolean(await handler.employeeExists(db, id));
      return [200, employeePage({ lang, id, outcome: { exists } })];
    } catch (error) {
      return [500, employeePage({ lang, id, outcome: { error } })];
    }
  }

  async function login(lang, req) {
    if (req.method !== 'POST') return [200, loginPage({ lang })];
    const form = await readForm(req);
    const username = (form.get('username') ?? '').slice(0, 100);
    const password = (form.get('password') ?? '').slice(0, 200);
    // Sign-in is not the exercise: it is always a bound query, whatever the level.
    const stmt = db.prepare('SELECT password FROM accounts WHERE username = ?');
    const stored = stmt.get([username])[0];
    stmt.free();
    if (typeof stored !== 'string' || !sameSecret(password, stored)) {
      return [401, loginPage({ lang, username, outcome: { failed: true } })];
    }
    const exploited = username === 'admin' && sameSecret(password, secrets.passwords.get('admin'));
    if (exploited) exploits.adminSignedIn();
    return [200, loginPage({ lang, username, outcome: { user: username }, flag: exploited ? flag : undefined })];
  }

  return async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://lab.invalid');
    const lang = pickLanguage(url, req.headers['accept-language']);
    const t = TEXTS[lang];
    try {
      if (url.pathname === '/healthz') {
        res.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
        return;
      }
      const tooLong = ['q', 'id'].some((k) => (url.searchParams.get(k) ?? '').length > MAX_PARAM_CHARS);
      if (tooLong) return send(res, 400, messagePage({ lang, heading: t.title, message: t.badRequest }));
      if (url.pathname === '/' || url.pathname === '/search') return send(res, ...(await search(lang, url)));
      if (url.pathname === '/employee') return send(res, ...(await employee(lang, url)));
      if (url.pathname === '/login') return send(res, ...(await login(lang, req)));
      return send(res, 404, messagePage({ lang, heading: t.title, message: t.notFoundPage }));
    } catch (err) {
      const status = err?.status ?? 500;
      if (!res.headersSent) send(res, status, messagePage({ lang, heading: t.title, message: t.badRequest }));
    }
  };
}

/**
 * The learner's code. If their edit does not load (a syntax error), the directory still starts and every search and
 * lookup shows why, in the web view, instead of the instance failing to start.
 */
async function loadHandler(instanceDir) {
  try {
    return await import(pathToFileURL(path.join(instanceDir, 'handler.mjs')).href);
  } catch (err) {
    const broken = () => {
      throw new Error(`handler.mjs did not load: ${err?.message ?? err}`);
    };
    return { searchStaff: broken, employeeExists: broken };
  }
}

async function main() {
  const config = readConfig(process.env);
  const db = await openDatabase();
  const secrets = buildDirectory(db, config.flag);
  const handler = await loadHandler(config.instanceDir);
  const exploits = createExploitLog({ instanceDir: config.instanceDir, secrets });
  const server = createServer(createApp({ db, handler, exploits, secrets, flag: config.flag }));
  server.requestTimeout = 30_000;
  server.headersTimeout = 10_000;
  if (config.socket) server.listen(config.socket);
  else server.listen(config.port, '127.0.0.1');
  const stop = () => server.close(() => process.exit(0));
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

await main();
