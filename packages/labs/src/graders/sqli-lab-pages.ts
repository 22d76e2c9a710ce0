import type { LabResponse, SendToLab } from './grader-types.js';

/**
 * Reads the staff directory lab's pages (packages/labs/apps/sqli/lib/pages.mjs) the way a user sees them: the
 * result rows, the lookup verdict, the sign-in outcome, an error box and the flag box. The learner edits only
 * handler.mjs, so these marks are stable.
 */

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', '#39': "'" };

function unescapeHtml(text: string): string {
  return text.replace(/&(amp|lt|gt|quot|#39);/g, (_, name: string) => ENTITIES[name] ?? '');
}

/** What a search showed. */
export interface SearchView {
  status: number;
  rows: string[][];
  error: boolean;
  flag: boolean;
}

/** What an employee lookup showed. */
export interface LookupView {
  status: number;
  verdict: 'exists' | 'not-found' | 'error' | 'none';
  flag: boolean;
}

export interface LoginView {
  status: number;
  outcome: 'ok' | 'failed' | 'none';
  flag: boolean;
}

const hasFlag = (body: string) => body.includes('data-lab-flag');

export function readSearch(res: LabResponse): SearchView {
  const rows = [...res.body.matchAll(/<tr data-row>(.*?)<\/tr>/gs)].map((row) =>
    [...(row[1] ?? '').matchAll(/<td>(.*?)<\/td>/gs)].map((cell) => unescapeHtml(cell[1] ?? '')),
  );
  return { status: res.status, rows, error: res.body.includes('data-error='), flag: hasFlag(res.body) };
}

export function readLookup(res: LabResponse): LookupView {
  const verdict = /data-result="(exists|not-found)"/.exec(res.body)?.[1] as LookupView['verdict'] | undefined;
  const error = res.status >= 500 || res.body.includes('data-error=');
  return { status: res.status, verdict: error ? 'error' : (verdict ?? 'none'), flag: hasFlag(res.body) };
}

export function readLogin(res: LabResponse): LoginView {
  const outcome = /data-login="(ok|failed)"/.exec(res.body)?.[1] as LoginView['outcome'] | undefined;
  return { status: res.status, outcome: outcome ?? 'none', flag: hasFlag(res.body) };
}

/** The lab's three pages as calls; English pages so that details read the same for everyone. */
export function sqliLabClient(send: SendToLab) {
  return {
    async search(q: string): Promise<SearchView> {
      return readSearch(await send({ method: 'GET', path: `/search?lang=en&q=${encodeURIComponent(q)}` }));
    },
    async lookup(id: string): Promise<LookupView> {
      return readLookup(await send({ method: 'GET', path: `/employee?lang=en&id=${encodeURIComponent(id)}` }));
    },
    async login(username: string, password: string): Promise<LoginView> {
      const body = new URLSearchParams({ username, password }).toString();
      const headers = { 'content-type': 'application/x-www-form-urlencoded' };
      return readLogin(await send({ method: 'POST', path: '/login?lang=en', headers, body }));
    },
  };
}

export type SqliLabClient = ReturnType<typeof sqliLabClient>;
