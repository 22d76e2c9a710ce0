// The network diagnostics lab (ネットワーク診断). Started by the lab runner per the lab-app contract: node: built-ins
// only, listening on LAB_SOCKET or 127.0.0.1:LAB_PORT, the learner's handler.mjs imported from the instance
// directory, exploits recorded in <instanceDir>/events.jsonl. Commands are never really run: an emulated shell
// (lib/shell.mjs) over an in-memory machine "runs" them.
import { createHash, randomBytes } from 'node:crypto';
import { setTimeout as delay } from 'node:timers/promises';
import { pickLanguage, readForm, sendHtml } from '../_shared/lab-http.mjs';
import { loadLearnerModule, readLabConfig, serveLab } from '../_shared/lab-server.mjs';
import { createExploitLog } from './lib/exploit-log.mjs';
import { diagMachine } from './lib/machines.mjs';
import { diagnosePage, messagePage } from './lib/pages.mjs';
import { createScratchTerminals } from './lib/scratch-terminals.mjs';
import { SHELL_LIMITS, createShell } from './lib/shell.mjs';
import { TEXTS } from './lib/texts.mjs';

const MAX_HOST_CHARS = 500;
const MAX_TOOL_CHARS = 32;
const MAX_FORM_BYTES = 8 * 1024;
const MAX_SHOWN_CHARS = 100_000;
const DIAG_CWD = '/var/www/diag';

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
    const form = await readForm(req, MAX_FORM_BYTES);
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

async function main() {
  const config = readLabConfig(process.env);
  const secret = configSecret(config.flag);
  const diagShell = createShell(diagMachine({ secret }));
  const handler = await loadLearnerModule(config.instanceDir, 'handler.mjs', {
    stubs: ['diagnose'],
    required: ['diagnose'],
  });
  const exploits = createExploitLog({ instanceDir: config.instanceDir, secret });
  const scratch = createScratchTerminals();
  serveLab(createApp({ handler, diagShell, exploits, scratch, flag: config.flag }), config);
}

await main();
