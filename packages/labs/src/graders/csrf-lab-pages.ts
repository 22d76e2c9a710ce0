import type { LabResponse, SendToLab } from './grader-types.js';

/**
 * Reads the points shop lab's pages (packages/labs/apps/csrf/lib/pages.mjs) the way a user sees them: the balance
 * and notification e-mail, the hidden fields of a form, what a change came to, and the flag box. The learner edits
 * only handler.mjs, so these marks are stable.
 */

/** The shop's own address, as the lab gives it to handler.mjs (`request.shop.origin`). */
export const SHOP_ORIGIN = 'http://points.minato-shoji.example';
export const SESSION_COOKIE = 'shop_sid';

/** Demo accounts shown on the lab's sign-in page: the victim of the grader's probes and the one they benefit. */
export const VICTIM = { user: 't.tanaka', password: 'tanaka-points' } as const;
export const BENEFICIARY = { user: 'h.suzuki', password: 'suzuki-points' } as const;

export type ShopForm = 'transfer' | 'settings';
export type Fields = [string, string][];

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', '#39': "'" };

function unescapeHtml(text: string): string {
  return text.replace(/&(amp|lt|gt|quot|#39);/g, (_, name: string) => ENTITIES[name] ?? '');
}

export interface AccountView {
  status: number;
  points?: number;
  email?: string;
}

export type ChangeResult = 'ok' | 'error' | 'refused' | 'handler-error' | 'signed-out' | 'none';

export interface ChangeView {
  status: number;
  result: ChangeResult;
  code?: string;
  flag: boolean;
}

export function readAccount(res: LabResponse): AccountView {
  const points = /data-points="(\d{1,12})"/.exec(res.body)?.[1];
  const email = /data-email="([^"]*)"/.exec(res.body)?.[1];
  return {
    status: res.status,
    ...(points !== undefined ? { points: Number(points) } : {}),
    ...(email !== undefined ? { email: unescapeHtml(email) } : {}),
  };
}

/** The hidden inputs of the shop's transfer or settings form, as the lab renders them. */
export function readHiddenFields(res: LabResponse, form: ShopForm): Fields {
  const html = new RegExp(`<form[^>]*data-form="${form}"[^>]*>([\\s\\S]*?)</form>`).exec(res.body)?.[1] ?? '';
  return [...html.matchAll(/<input type="hidden" name="([^"]*)" value="([^"]*)">/g)].map((m) => [
    unescapeHtml(m[1] ?? ''),
    unescapeHtml(m[2] ?? ''),
  ]);
}

export function readChange(res: LabResponse): ChangeView {
  const match = /data-result="(ok|error|refused|handler-error|signed-out)"(?: data-code="([A-Z_]+)")?/.exec(res.body);
  return {
    status: res.status,
    result: (match?.[1] as ChangeResult | undefined) ?? 'none',
    ...(match?.[2] ? { code: match[2] } : {}),
    flag: res.body.includes('data-lab-flag'),
  };
}

function sessionFrom(res: LabResponse): string | undefined {
  const header = res.headers['set-cookie'];
  const text = Array.isArray(header) ? header.join('\n') : (header ?? '');
  return new RegExp(`${SESSION_COOKIE}=([^;,\\s]+)`).exec(text)?.[1];
}

export interface SubmitRequest {
  method: 'GET' | 'POST';
  path: string;
  session?: string;
  headers?: Record<string, string>;
  body?: string;
}

/** The shop's pages as calls; English pages so that details read the same for everyone. */
export function csrfLabClient(send: SendToLab) {
  const withSession = (session: string | undefined, headers: Record<string, string> = {}) =>
    session ? { ...headers, cookie: `${SESSION_COOKIE}=${session}` } : headers;
  return {
    /** Signs in; the session cookie's value when it worked. */
    async signIn(user: string, password: string): Promise<{ status: number; session?: string }> {
      const res = await send({
        method: 'POST',
        path: '/login?lang=en',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ username: user, password }).toString(),
      });
      const session = sessionFrom(res);
      return { status: res.status, ...(session ? { session } : {}) };
    },
    async account(session: string): Promise<AccountView> {
      return readAccount(await send({ method: 'GET', path: '/?lang=en', headers: withSession(session) }));
    },
    async hiddenFields(session: string, form: ShopForm): Promise<Fields> {
      return readHiddenFields(
        await send({ method: 'GET', path: `/${form}?lang=en`, headers: withSession(session) }),
        form,
      );
    },
    async submit(req: SubmitRequest): Promise<ChangeView> {
      const headers = withSession(req.session, req.headers);
      return readChange(
        await send({
          method: req.method,
          path: req.path,
          headers,
          ...(req.body !== undefined ? { body: req.body } : {}),
        }),
      );
    },
  };
}

export type CsrfLabClient = ReturnType<typeof csrfLabClient>;
