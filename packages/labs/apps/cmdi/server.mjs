// The network diagnostics lab (ネットワーク診断). Started by the lab runner per the lab-app contract: node: built-ins
// only, listening on LAB_SOCKET or 127.0.0.1:LAB_PORT, the learner's handler.mjs imported from the instance
// directory, exploits recorded in <instanceDir>/events.jsonl. Commands are never really run: an emulated shell
// (lib/shell.mjs) over an in-memory machine "runs" them.
import { createServer } from 'node:http';
import { createHash, randomBytes } from 'node:crypto';
import path from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { pathToFileURL } from 'node:url';
import { createExploitLog } from './lib/exploit-log.mjs';
import { diagMachine } from './lib/machines.mjs';
import { diagnosePage, messagePage } from './lib/pages.mjs';
import { createScratchTerminals } from './lib/scratch-terminals.mjs';
import { SHELL_LIMITS, createShell } from './lib/shell.mjs';
import { TEXTS, pickLanguage } from './lib/texts.mjs';

const MAX_HOST_CHARS = 500;
const MAX_TOOL_CHARS = 32;
const MAX_FORM_BYTES = 8 * 1024;
const MAX_SHOWN_CHARS = 100_000;
const DIAG_CWD = '/var/www/diag';

function readConfig(env) {
  const instanceDir = env.LAB_DIR || process.cwd();
  const port = env.LAB_PORT ? Number(env.LAB_PORT) : undefined;
  if (!env.LAB_SOCKET && !(Number.isInteger(port) && port > 0 && port < 65536)) {
    throw new Error('set LAB_SOCKET or LAB_PORT');
  }
  return { socket: env.LAB_SOCKET, port, instanceDir, flag: env.LAB_FLAG ?? '', level: env.LAB_LEVEL ?? '' };
}

const SECRET_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZabcdefghjkmnpqrstuvwxyz23456789';

/**
 * The database password in diag01's /opt/minato/config.ini, derived from the instance's flag so that every instance
 * has its own; the grader's `labConfigSecret` derives it the same way. Random without a flag (a bare local run).
 */
function configSecret(flag) {
  const bytes = flag ? createHash('sha256').update(`cynex-lab-cmdi\0config\0${flag}`).digest() : randomBytes(32);
  let secret = 'Mn-';
  for (let i = 0; i < 16; i += 1) secret += SECRET_ALPHABET[bytes[i] % SECRET_ALPHABET.length];
  return secret;
}

function httpError(status) {
  return Object.assign(new Error(`http ${status}`), { status });
}

function readForm(req) {
  if (Number(req.headers['content-length'] ?? 0) > MAX_FORM_BYTES) return Promise.reject(httpError(413));
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
        ? reject(httpError(413))
        : resolve(new URLSearchParams(Buffer.concat(chunks).toString('utf8'))),
    );
    req.on('error', reject);
  });
}

function sendHtml(res, status, html) {
  res.writeHead(status, {
    'content-type': 'text/html; charset=utf-8',
    'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'",
    'x-content-type-options': 'nosniff',
    'cache-control': 'no-store',
  });
  res.end(html);
}

function sendJson(res, status, value) {
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'x-content-type-options': 'nosniff',
    'cache-control': 'no-store',
  });
  res.end(JSON.stringify(value));
}

/** What a learner's diagnose() returned, as the page shows it: `{ output }` or `{ rejected }`. */
function asOutcome(result) {
  if (typeof result === 'string') return { output: result };
  if (result && typeof result.rejected === 'string') return { rejected: result.rejected };
  if (result && typeof result.output === 'string') return { output: result.output };
  if (result && (typeof result.stdout === 'string' || typeof result.stderr === 'string')) {
    return { output: `${result.stdout ?? ''}${result.stderr ?? ''}` };
  }
  throw new TypeError('diagnose must return the result of shell.run / shell.exec, a string, or { rejected: reason }');
}

/** `sleep N` in the emulated shell delays the answer by up to 5 s, so time-based blind probes see it. */
const waitOut = (seconds) => delay(Math.min(seconds, SHELL_LIMITS.sleepSecondsPerRun) * 1000);

function createApp({ handler, diagShell, exploits, scratch, flag }) {
  async function diagnose(lang, url) {
    const host = url.searchParams.get('host');
    const tool = url.searchParams.get('tool') ?? 'ping';
    if (host === null) return [200, diagnosePage({ lang, tool })];
    const session = diagShell.session(DIAG_CWD);
    let outcome;
    try {
      outcome = asOutcome(await handler.diagnose(session, tool, host));
    } catch (error) {
      outcome = { error };
    }
    if (outcome.output !== undefined) outcome.output = outcome.output.slice(0, MAX_SHOWN_CHARS);
    const met = exploits.judge({ tool, executed: session.executed, shown: outcome.output ?? '' });
    await waitOut(session.sleptSeconds);
    const status = outcome.error ? 500 : outcome.rejected !== undefined ? 400 : 200;
    return [status, diagnosePage({ lang, tool, host, outcome, flag: met.length > 0 ? flag : undefined })];
  }

  /** The learner's scratch terminal: `line` runs on their own learner-pc; `complete` asks for tab completion. */
  async function terminal(req, res, url) {
    if (req.method !== 'POST') return sendJson(res, 405, { error: 'POST a form with sid and line' });
    const form = await readForm(req);
    const sid = form.get('sid') ?? url.searchParams.get('sid');
    if (!scratch.isValidId(sid)) return sendJson(res, 400, { error: 'sid must be 1-64 letters, digits, _ or -' });
    const session = scratch.get(sid);
    const toComplete = form.get('complete');
    if (toComplete !== null) {
      if (toComplete.length > SHELL_LIMITS.lineChars) return sendJson(res, 400, { error: 'line too long' });
      return sendJson(res, 200, session.complete(toComplete));
    }
    const line = form.get('line') ?? '';
    if (line.length > SHELL_LIMITS.lineChars) return sendJson(res, 400, { error: 'line too long' });
    const result = line.trim() === '' ? { output: '', exitCode: session.status, sleepSeconds: 0 } : session.run(line);
    await waitOut(result.sleepSeconds);
    return sendJson(res, 200, {
      output: result.output,
      exitCode: result.exitCode,
      cwd: session.cwd,
      prompt: session.prompt(),
    });
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
      if (url.pathname === '/__shell') return await terminal(req, res, url);
      const tooLong =
        (url.searchParams.get('host') ?? '').length > MAX_HOST_CHARS ||
        (url.searchParams.get('tool') ?? '').length > MAX_TOOL_CHARS;
      if (tooLong) return sendHtml(res, 400, messagePage({ lang, message: t.badRequest }));
      if (url.pathname === '/' || url.pathname === '/diagnose') return sendHtml(res, ...(await diagnose(lang, url)));
      return sendHtml(res, 404, messagePage({ lang, message: t.notFoundPage }));
    } catch (err) {
      const status = err?.status ?? 500;
      if (res.headersSent) return;
      if (url.pathname === '/__shell')
        sendJson(res, status, { error: status === 413 ? 'form too large' : 'bad request' });
      else sendHtml(res, status, messagePage({ lang, message: status === 413 ? t.tooLarge : t.badRequest }));
    }
  };
}

/**
 * The learner's code. If their edit does not load (a syntax error), the page still starts and every check shows
 * why, in the web view, instead of the instance failing to start.
 */
async function loadHandler(instanceDir) {
  try {
    const handler = await import(pathToFileURL(path.join(instanceDir, 'handler.mjs')).href);
    if (typeof handler.diagnose !== 'function') throw new Error('handler.mjs must export a function diagnose');
    return handler;
  } catch (err) {
    return {
      diagnose: () => {
        throw new Error(`handler.mjs did not load: ${err?.message ?? err}`);
      },
    };
  }
}

async function main() {
  const config = readConfig(process.env);
  const secret = configSecret(config.flag);
  const diagShell = createShell(diagMachine({ secret }));
  const handler = await loadHandler(config.instanceDir);
  const exploits = createExploitLog({ instanceDir: config.instanceDir, secret });
  const scratch = createScratchTerminals();
  const server = createServer(createApp({ handler, diagShell, exploits, scratch, flag: config.flag }));
  server.requestTimeout = 30_000;
  server.headersTimeout = 10_000;
  if (config.socket) server.listen(config.socket);
  else server.listen(config.port, '127.0.0.1');
  const stop = () => server.close(() => process.exit(0));
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

await main();
