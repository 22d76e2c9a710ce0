// The staff directory lab (社員名簿). Started by the lab runner per the contract in briefs/labs-contract.md:
// node:http and sql.js only, listening on LAB_SOCKET or 127.0.0.1:LAB_PORT, the learner's handler.mjs imported from
// the instance directory, exploits recorded in <instanceDir>/events.jsonl.
import { createRequire } from 'node:module';
import { timingSafeEqual, createHash } from 'node:crypto';
import path from 'node:path';
import initSqlJs from 'sql.js';
import { pickLanguage, readForm, sendHtml } from '../_shared/lab-http.mjs';
import { loadLearnerModule, readLabConfig, serveLab } from '../_shared/lab-server.mjs';
import { buildDirectory } from './lib/directory-data.mjs';
import { createExploitLog } from './lib/exploit-log.mjs';
import { employeePage, loginPage, messagePage, searchPage } from './lib/pages.mjs';
import { TEXTS } from './lib/texts.mjs';

const MAX_PARAM_CHARS = 500;
const MAX_FORM_BYTES = 8 * 1024;
const MAX_ROWS_SHOWN = 200;

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
    const form = await readForm(req, MAX_FORM_BYTES);
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
      if (tooLong) return sendHtml(res, 400, messagePage({ lang, heading: t.title, message: t.badRequest }));
      if (url.pathname === '/' || url.pathname === '/search') return sendHtml(res, ...(await search(lang, url)));
      if (url.pathname === '/employee') return sendHtml(res, ...(await employee(lang, url)));
      if (url.pathname === '/login') return sendHtml(res, ...(await login(lang, req)));
      return sendHtml(res, 404, messagePage({ lang, heading: t.title, message: t.notFoundPage }));
    } catch (err) {
      const status = err?.status ?? 500;
      if (!res.headersSent) sendHtml(res, status, messagePage({ lang, heading: t.title, message: t.badRequest }));
    }
  };
}

async function main() {
  const config = readLabConfig(process.env);
  const db = await openDatabase();
  const secrets = buildDirectory(db, config.flag);
  const handler = await loadLearnerModule(config.instanceDir, 'handler.mjs', {
    stubs: ['searchStaff', 'employeeExists'],
  });
  const exploits = createExploitLog({ instanceDir: config.instanceDir, secrets });
  serveLab(createApp({ db, handler, exploits, secrets, flag: config.flag }), config);
}

await main();
