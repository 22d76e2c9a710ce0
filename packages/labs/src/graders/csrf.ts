import type { FunctionCheckDefinition as CheckDefinition } from './checks.js';
import { functionChecks, gradeResult, outcome } from './checks.js';
import { randomBytes } from 'node:crypto';
import type { GradeCheck, GradeResult, LocalizedText, SendToLab } from './grader-types.js';
import { objectivesMet } from './objectives-met.js';
import { CSRF_EXPLOIT_SET, type Encoding, type ForgedRequest } from './csrf-exploit-set.js';
import {
  BENEFICIARY,
  SHOP_ORIGIN,
  VICTIM,
  csrfLabClient,
  type AccountView,
  type CsrfLabClient,
  type Fields,
  type ShopForm,
} from './csrf-lab-pages.js';

/** The CSRF lab's attack objectives, as in packages/labs/apps/csrf/lab.json. */
const ATTACK_OBJECTIVES = ['csrf-transfer', 'csrf-email'] as const;
export type CsrfAttackObjective = (typeof ATTACK_OBJECTIVES)[number];

/**
 * Which attack objectives the lab's events (the parsed lines of events.jsonl) show as met.
 * @example csrfObjectivesMet([{ type: 'exploit', objective: 'csrf-email' }]) // → { 'csrf-transfer': false, 'csrf-email': true }
 */
export function csrfObjectivesMet(events: readonly unknown[]): Record<CsrfAttackObjective, boolean> {
  return objectivesMet(ATTACK_OBJECTIVES, events);
}

/** The body of a form in one of the encodings a browser form can send. */
export function encodeForm(fields: Fields, encoding: Encoding): { contentType: string; body: string } {
  switch (encoding) {
    case 'urlencoded':
      return { contentType: 'application/x-www-form-urlencoded', body: new URLSearchParams(fields).toString() };
    case 'text/plain':
      return { contentType: 'text/plain', body: fields.map(([name, value]) => `${name}=${value}\r\n`).join('') };
    case 'multipart': {
      const boundary = `----WebKitFormBoundary${randomBytes(8).toString('hex')}`;
      const parts = fields.map(
        ([name, value]) => `--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`,
      );
      return { contentType: `multipart/form-data; boundary=${boundary}`, body: `${parts.join('')}--${boundary}--\r\n` };
    }
  }
}

interface ProbeSessions {
  victim: string;
  beneficiary: string;
}

/** A value of the same length that is certainly not `value`. */
function otherValue(value: string): string {
  const made = randomBytes(Math.max(24, value.length)).toString('base64url').slice(0, Math.max(1, value.length));
  return made === value ? `${made}x` : made;
}

/** The token fields the forged request carries. Fetched fresh each time, as a leaked token would be. */
async function tokenFields(lab: CsrfLabClient, sessions: ProbeSessions, req: ForgedRequest): Promise<Fields> {
  switch (req.token) {
    case 'none':
      return [];
    case 'victim':
      return lab.hiddenFields(sessions.victim, req.form);
    case 'other-session':
      return lab.hiddenFields(sessions.beneficiary, req.form);
    case 'wrong':
    case 'empty': {
      const real = await lab.hiddenFields(sessions.victim, req.form);
      const fake = (value: string) => (req.token === 'empty' ? '' : otherValue(value));
      return real.length > 0
        ? real.map(([name, value]) => [name, fake(value)])
        : [['csrf_token', fake('x'.repeat(43))]];
    }
  }
}

function payloadFor(form: ShopForm, n: number): Fields {
  return form === 'transfer'
    ? [
        ['to', BENEFICIARY.user],
        ['amount', '1'],
      ]
    : [['email', `csrf-probe-${n}@attacker.example`]];
}

function describe(req: ForgedRequest): string {
  const headers = Object.entries(req.headers).map(([name, value]) => `${name}: ${value}`);
  const token = req.token === 'none' ? 'no token' : `${req.token} token${req.tokenIn === 'query' ? ' in the URL' : ''}`;
  const shape = req.method === 'GET' ? 'GET ?_method=POST' : `POST ${req.encoding ?? 'urlencoded'}`;
  return `${shape} /${req.form}, ${token}, ${headers.length > 0 ? headers.join(', ') : 'no browser headers'}`;
}

function changeBetween(before: AccountView, after: AccountView): string | undefined {
  if (after.points === undefined || after.email === undefined)
    return `the victim's account page did not load (status ${after.status})`;
  if (after.points !== before.points) return `the victim's balance went ${before.points} → ${after.points}`;
  if (after.email !== before.email) return `the victim's e-mail changed to ${after.email}`;
  return undefined;
}

interface ProbeContext {
  lab: CsrfLabClient;
  sessions: ProbeSessions;
  /** The victim's account as last read; each probe compares against it and moves it on. */
  state: AccountView;
  sent: number;
}

/** Sends one forged request with the victim's cookie; a string says what changed, undefined means nothing did. */
async function forge(req: ForgedRequest, ctx: ProbeContext): Promise<{ failure?: string; status: number }> {
  const { lab, sessions } = ctx;
  ctx.sent += 1;
  const tokens = await tokenFields(lab, sessions, req);
  const payload = payloadFor(req.form, ctx.sent);
  let path = `/${req.form}?lang=en`;
  let body: string | undefined;
  const headers = { ...req.headers };
  if (req.method === 'GET') {
    path += `&${new URLSearchParams([['_method', 'POST'], ...payload, ...tokens]).toString()}`;
  } else {
    if (req.tokenIn === 'query' && tokens.length > 0) path += `&${new URLSearchParams(tokens).toString()}`;
    const encoded = encodeForm(
      req.tokenIn === 'query' ? payload : [...tokens, ...payload],
      req.encoding ?? 'urlencoded',
    );
    headers['content-type'] = encoded.contentType;
    body = encoded.body;
  }
  const view = await lab.submit({
    method: req.method,
    path,
    session: sessions.victim,
    headers,
    ...(body !== undefined ? { body } : {}),
  });
  const after = await lab.account(sessions.victim);
  const changed = changeBetween(ctx.state, after);
  ctx.state = after;
  return changed
    ? { failure: `${describe(req)} → ${view.status}: ${changed}`, status: view.status }
    : { status: view.status };
}

async function runExploitSet(lab: CsrfLabClient): Promise<GradeCheck[]> {
  const victim = await outcome(() => lab.signIn(VICTIM.user, VICTIM.password));
  const beneficiary = await outcome(() => lab.signIn(BENEFICIARY.user, BENEFICIARY.password));
  const ready =
    typeof victim === 'object' && victim.session && typeof beneficiary === 'object' && beneficiary.session
      ? { victim: victim.session, beneficiary: beneficiary.session }
      : undefined;
  const state = ready ? await outcome(() => lab.account(ready.victim)) : undefined;
  const ctx = ready && typeof state === 'object' ? { lab, sessions: ready, state, sent: 0 } : undefined;
  const checks: GradeCheck[] = [];
  for (const definition of CSRF_EXPLOIT_SET) {
    let failure: string | undefined = ctx
      ? undefined
      : 'could not sign in to the shop as the victim and the beneficiary';
    const statuses: number[] = [];
    for (const req of ctx ? definition.requests : []) {
      const result = await outcome(() => forge(req, ctx!));
      failure = typeof result === 'string' ? result : result.failure;
      if (failure) break;
      if (typeof result === 'object') statuses.push(result.status);
    }
    checks.push({
      id: definition.id,
      kind: 'exploit',
      title: definition.title,
      passed: failure === undefined,
      detail: failure
        ? `${failure} — ${definition.why}`
        : `${statuses.length} forged requests (answered ${[...new Set(statuses)].join(', ')}): nothing changed`,
    });
  }
  return checks;
}

const SAME_ORIGIN = (form: ShopForm) => ({
  origin: SHOP_ORIGIN,
  referer: `${SHOP_ORIGIN}/${form}`,
  'sec-fetch-site': 'same-origin',
  'sec-fetch-mode': 'navigate',
  'sec-fetch-dest': 'document',
});

type FunctionCheckDefinition = CheckDefinition<CsrfLabClient>;

async function signedIn(lab: CsrfLabClient, account: { user: string; password: string }): Promise<string> {
  const { status, session } = await lab.signIn(account.user, account.password);
  if (!session) throw new Error(`signing in as ${account.user} failed (status ${status})`);
  return session;
}

/** Submits the shop's own form as its page renders it (the hidden fields included) and says what it came to. */
async function submitOwnForm(lab: CsrfLabClient, session: string, form: ShopForm, fields: Fields, sameOrigin: boolean) {
  const hidden = await lab.hiddenFields(session, form);
  const { contentType, body } = encodeForm([...hidden, ...fields], 'urlencoded');
  const headers = { ...(sameOrigin ? SAME_ORIGIN(form) : {}), 'content-type': contentType };
  return lab.submit({ method: 'POST', path: `/${form}?lang=en`, session, headers, body });
}

function transferCheck(id: string, title: LocalizedText, sameOrigin: boolean, amount: number): FunctionCheckDefinition {
  return {
    id,
    title,
    run: async (lab) => {
      const [victim, beneficiary] = [await signedIn(lab, VICTIM), await signedIn(lab, BENEFICIARY)];
      const [from, to] = [await lab.account(victim), await lab.account(beneficiary)];
      const fields: Fields = [
        ['to', BENEFICIARY.user],
        ['amount', String(amount)],
      ];
      const view = await submitOwnForm(lab, victim, 'transfer', fields, sameOrigin);
      const [fromAfter, toAfter] = [await lab.account(victim), await lab.account(beneficiary)];
      if (view.result !== 'ok') return `the transfer was answered ${view.status} (${view.result})`;
      if (fromAfter.points !== (from.points ?? 0) - amount || toAfter.points !== (to.points ?? 0) + amount) {
        return `balances went ${from.points} → ${fromAfter.points} and ${to.points} → ${toAfter.points}`;
      }
      return undefined;
    },
  };
}

function emailCheck(id: string, title: LocalizedText, sameOrigin: boolean, email: string): FunctionCheckDefinition {
  return {
    id,
    title,
    run: async (lab) => {
      const session = await signedIn(lab, VICTIM);
      const view = await submitOwnForm(lab, session, 'settings', [['email', email]], sameOrigin);
      const after = await lab.account(session);
      if (view.result !== 'ok') return `the change was answered ${view.status} (${view.result})`;
      return after.email === email ? undefined : `the e-mail is ${after.email}, not ${email}`;
    },
  };
}

const INVALID_AMOUNTS = ['abc', '0', '-5', '1.5', '100001', '', '99999'];

const FUNCTION_CHECKS: FunctionCheckDefinition[] = [
  {
    id: 'sign-in',
    title: { en: 'Signing in with the right password works', ja: '正しいパスワードでサインインできる' },
    run: async (lab) => {
      const account = await lab.account(await signedIn(lab, VICTIM));
      return account.points === undefined
        ? `the account page did not show a balance (status ${account.status})`
        : undefined;
    },
  },
  {
    id: 'sign-in-wrong-password',
    title: { en: 'Signing in with a wrong password fails', ja: '誤ったパスワードではサインインできない' },
    run: async (lab) => {
      const { status, session } = await lab.signIn(VICTIM.user, 'wrong-password');
      return session === undefined && status === 401
        ? undefined
        : `status ${status}, session ${session ? 'given' : 'none'}`;
    },
  },
  transferCheck(
    'transfer-same-origin',
    {
      en: "Sending points with the shop's own form from the shop's page works",
      ja: 'ショップのページからショップのフォームでポイントを送れる',
    },
    true,
    10,
  ),
  transferCheck(
    'transfer-through-view',
    {
      en: 'Sending points works without Origin or Sec-Fetch headers (as the cynex view forwards requests)',
      ja: 'Origin や Sec-Fetch ヘッダーがなくても（cynex のビュー経由と同じ）ポイントを送れる',
    },
    false,
    7,
  ),
  emailCheck(
    'email-same-origin',
    {
      en: "Changing the e-mail with the shop's own form works",
      ja: 'ショップのフォームで通知先メールアドレスを変更できる',
    },
    true,
    'taro.tanaka@minato-shoji.example',
  ),
  emailCheck(
    'email-through-view',
    {
      en: 'Changing the e-mail works without Origin or Sec-Fetch headers (as the cynex view forwards requests)',
      ja: 'Origin や Sec-Fetch ヘッダーがなくても（cynex のビュー経由と同じ）メールアドレスを変更できる',
    },
    false,
    'tanaka.points@minato-shoji.example',
  ),
  {
    id: 'transfer-invalid-amount',
    title: {
      en: 'An invalid amount (abc, 0, -5, 1.5, 100001, empty, more than the balance) gives a clear error and moves nothing',
      ja: '不正なポイント数（abc、0、-5、1.5、100001、空欄、残高超過）では分かりやすいエラーになり、何も移動しない',
    },
    run: async (lab) => {
      const session = await signedIn(lab, VICTIM);
      for (const amount of INVALID_AMOUNTS) {
        const before = await lab.account(session);
        const fields: Fields = [
          ['to', BENEFICIARY.user],
          ['amount', amount],
        ];
        const view = await submitOwnForm(lab, session, 'transfer', fields, true);
        const after = await lab.account(session);
        if (view.status !== 400 || view.result !== 'error') {
          return `amount ${JSON.stringify(amount)} was answered ${view.status} (${view.result}), not 400 with an error message`;
        }
        if (after.points !== before.points)
          return `amount ${JSON.stringify(amount)} moved points: ${before.points} → ${after.points}`;
      }
      return undefined;
    },
  },
];

/**
 * Grades the learner's defence of the CSRF lab: forges the hidden set of requests with a signed-in victim's cookie
 * (reading back the balance and e-mail after each), then checks that the shop still works for its own forms.
 * @example const result = await gradeCsrfDefence(runner.request);
 */
export async function gradeCsrfDefence(send: SendToLab): Promise<GradeResult> {
  const lab = csrfLabClient(send);
  const checks = await runExploitSet(lab);
  checks.push(...(await functionChecks(FUNCTION_CHECKS, lab)));
  return gradeResult(checks);
}
