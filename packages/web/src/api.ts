/** A small typed client for the hub's REST API (same origin, session cookie, CSRF header). */

export const API_BASE = '/api/v1';
const CSRF_COOKIE = 'cynex_csrf';

export interface FieldProblem {
  path: string;
  message: string;
}

export interface RowProblem {
  row: number;
  column: string;
  message: string;
}

/** A failed request: the hub's `{ error: { code, message, fields?, rows? } }`, or a network failure. */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly fields: FieldProblem[];
  readonly rows: RowProblem[];
  readonly retryAfterSeconds: number | undefined;

  constructor(
    status: number,
    code: string,
    message: string,
    extra: { fields?: FieldProblem[]; rows?: RowProblem[]; retryAfterSeconds?: number } = {},
  ) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.fields = extra.fields ?? [];
    this.rows = extra.rows ?? [];
    this.retryAfterSeconds = extra.retryAfterSeconds;
  }

  /** The message for one field path (exact, or the first nested one, e.g. "facts" for "facts.c2"). */
  fieldMessage(path: string): string | undefined {
    return (
      this.fields.find((field) => field.path === path)?.message ??
      this.fields.find((field) => field.path.startsWith(`${path}.`))?.message
    );
  }
}

let memoryCsrf: string | null = null;
let unauthenticatedListener: (() => void) | null = null;

export function readCookie(name: string): string | null {
  for (const part of document.cookie.split(';')) {
    const [key, ...rest] = part.trim().split('=');
    if (key === name) return decodeURIComponent(rest.join('='));
  }
  return null;
}

/** Whether the browser holds a session's CSRF cookie (a cheap hint that a session may exist). */
export function hasSessionHint(): boolean {
  return readCookie(CSRF_COOKIE) !== null;
}

export function setCsrfToken(token: string | null): void {
  memoryCsrf = token;
}

/** The session's CSRF token, for requests made outside `api` (an upload with progress). */
export function csrfToken(): string | null {
  return readCookie(CSRF_COOKIE) ?? memoryCsrf;
}

/** Called when a request of a signed-in session answers 401, so the app can return to sign-in. */
export function onUnauthenticated(listener: (() => void) | null): void {
  unauthenticatedListener = listener;
}

export type Query = Record<string, string | number | boolean | null | undefined>;

export function withQuery(path: string, query?: Query): string {
  if (!query) return path;
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined || value === null || value === '') continue;
    params.set(key, String(value));
  }
  const text = params.toString();
  return text ? `${path}?${text}` : path;
}

export function apiUrl(path: string, query?: Query): string {
  return withQuery(`${API_BASE}${path}`, query);
}

interface RequestOptions {
  query?: Query;
  body?: unknown;
  /** A raw body (CSV text, FormData) sent as is. */
  raw?: BodyInit;
  contentType?: string;
  signal?: AbortSignal;
  /** Do not report a 401 to the unauthenticated listener (sign-in, session probe). */
  quiet401?: boolean;
}

async function errorFrom(response: Response): Promise<ApiError> {
  let payload: unknown;
  try {
    payload = await response.json();
  } catch {
    payload = undefined;
  }
  const error = (payload as { error?: Partial<ApiError> & { code?: string; message?: string } } | undefined)?.error;
  const retry = Number(response.headers.get('retry-after'));
  return new ApiError(
    response.status,
    error?.code ?? `HTTP_${response.status}`,
    error?.message ?? response.statusText,
    {
      fields: Array.isArray(error?.fields) ? error.fields : [],
      rows: Array.isArray(error?.rows) ? error.rows : [],
      retryAfterSeconds: Number.isFinite(retry) && retry > 0 ? retry : undefined,
    },
  );
}

export async function request<T>(method: string, path: string, options: RequestOptions = {}): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  let body: BodyInit | undefined;
  if (options.raw !== undefined) {
    body = options.raw;
    if (options.contentType) headers['content-type'] = options.contentType;
  } else if (options.body !== undefined) {
    body = JSON.stringify(options.body);
    headers['content-type'] = 'application/json';
  }
  if (method !== 'GET' && method !== 'HEAD') {
    const token = csrfToken();
    if (token) headers['x-csrf-token'] = token;
  }
  let response: Response;
  try {
    response = await fetch(apiUrl(path, options.query), {
      method,
      headers,
      body,
      credentials: 'same-origin',
      signal: options.signal,
    });
  } catch (cause) {
    if (cause instanceof DOMException && cause.name === 'AbortError') throw cause;
    throw new ApiError(0, 'NETWORK', 'the hub could not be reached');
  }
  if (!response.ok) {
    const error = await errorFrom(response);
    if (response.status === 401 && !options.quiet401) unauthenticatedListener?.();
    throw error;
  }
  if (response.status === 204) return undefined as T;
  const type = response.headers.get('content-type') ?? '';
  if (!type.includes('json')) return (await response.text()) as T;
  return (await response.json()) as T;
}

export const api = {
  get: <T>(path: string, options?: Omit<RequestOptions, 'body' | 'raw'>) => request<T>('GET', path, options),
  post: <T>(path: string, body?: unknown, options?: RequestOptions) => request<T>('POST', path, { ...options, body }),
  patch: <T>(path: string, body: unknown, options?: RequestOptions) => request<T>('PATCH', path, { ...options, body }),
  put: <T>(path: string, body: unknown, options?: RequestOptions) => request<T>('PUT', path, { ...options, body }),
  del: <T = void>(path: string, options?: RequestOptions) => request<T>('DELETE', path, options),
  upload: <T>(path: string, form: FormData) => request<T>('POST', path, { raw: form }),
  postText: <T>(path: string, text: string, contentType: string) =>
    request<T>('POST', path, { raw: text, contentType }),
};

export function isAbort(error: unknown): boolean {
  return error instanceof DOMException && error.name === 'AbortError';
}
