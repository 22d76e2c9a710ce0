import { createHash } from 'node:crypto';
import type { WorldRuntime } from '../contracts.js';
import { cut, type OriginlessEvent } from '../imap/connection.js';
import { decodeWords, isPlanted, parseHeaders, splitMessage, type MailStore, type MailUser } from '../mail-store.js';
import { directoryPage, documentsPage, errorPage, homePage, inboxPage, messagePage, signInPage } from './pages.js';
import type { PortalContent } from './portal-content.js';
import type { WebSessions } from './web-sessions.js';

/** The intranet's routes: each reads the request, asks the world (or the mail store) and renders one page. */

export interface Request {
  method: string;
  url: URL;
  form: URLSearchParams;
  user: MailUser | undefined;
  sessionId: string | undefined;
}

export interface Reply {
  status: number;
  body: string | Buffer;
  headers?: Record<string, string>;
}

export interface RouteDeps {
  runtime: WorldRuntime;
  store: MailStore;
  content: PortalContent;
  sessions: WebSessions;
  server: string;
  /** What `/` is: the portal on the web host, the webmail on the mail host (`https://mail.<domain>/`). */
  home: 'portal' | 'webmail';
  hostName: string;
  port: number;
  emit: (event: OriginlessEvent) => void;
}

const html = (status: number, body: string, headers: Record<string, string> = {}): Reply => ({
  status,
  body,
  headers: { 'Content-Type': 'text/html; charset=UTF-8', ...headers },
});
const redirect = (location: string, headers: Record<string, string> = {}): Reply => ({
  status: 302,
  body: '',
  headers: { Location: location, ...headers },
});

export function route(deps: RouteDeps, req: Request): Reply {
  const { content } = deps;
  const brand = content.brand;
  const path = req.url.pathname;
  const get = req.method === 'GET' || req.method === 'HEAD';
  if (path === '/robots.txt' && get)
    return { status: 200, body: 'User-agent: *\nDisallow: /\n', headers: { 'Content-Type': 'text/plain' } };
  if ((path === '/login' || path === '/webmail/login') && req.method === 'POST') return signIn(deps, req);
  if (path === '/' && get) {
    if (deps.home === 'webmail') return req.user ? redirect('/webmail/') : html(200, signInPage(brand, 'webmail'));
    return req.user ? redirect('/portal/') : html(200, signInPage(brand, 'portal'));
  }
  if (path === '/logout' && get) {
    if (req.sessionId) deps.sessions.drop(req.sessionId);
    return redirect('/', { 'Set-Cookie': 'PHPSESSID=deleted; expires=Thu, 01 Jan 1970 00:00:00 GMT; path=/' });
  }
  if ((path === '/webmail' || path === '/webmail/') && get && !req.user) return html(200, signInPage(brand, 'webmail'));
  if (path.startsWith('/portal') && get && !req.user) return redirect('/');
  if (path.startsWith('/webmail/') && get && !req.user) return redirect('/webmail/');
  const user = req.user;
  if (user && get) {
    const me = user.employee.name[brand.lang];
    if (path === '/portal/' || path === '/portal') return html(200, homePage(brand, me, content.notices));
    if (path === '/portal/directory') {
      const q = cut(req.url.searchParams.get('q') ?? '', 200);
      const rows = q
        ? content.directory.filter((r) =>
            Object.values(r).some((v) => String(v).toLowerCase().includes(q.toLowerCase())),
          )
        : content.directory;
      return html(200, directoryPage(brand, me, rows, q));
    }
    if (path === '/portal/documents') return html(200, documentsPage(brand, me, content.documents));
    const doc = /^\/portal\/documents\/(\d{1,6})$/.exec(path);
    if (doc) return download(deps, Number(doc[1]));
    if (path === '/webmail/') return folder(deps, user, me, req.url.searchParams.get('folder') ?? 'INBOX');
    if (path === '/webmail/message')
      return message(deps, user, me, req.url.searchParams.get('folder') ?? 'INBOX', req.url.searchParams.get('uid'));
  }
  if (!get && req.method !== 'POST') return html(405, errorPage(deps.server, 405, deps.hostName, deps.port));
  return html(404, errorPage(deps.server, 404, deps.hostName, deps.port));
}

function signIn(deps: RouteDeps, req: Request): Reply {
  const area = req.url.pathname === '/login' ? 'portal' : 'webmail';
  const username = cut(req.form.get('username') ?? req.form.get('user') ?? req.form.get('_user') ?? '', 256);
  const password = cut(req.form.get('password') ?? req.form.get('pass') ?? req.form.get('_pass') ?? '', 256);
  const user = deps.store.authenticate(username, password);
  deps.emit({
    kind: 'auth',
    method: 'password',
    username,
    password,
    success: user !== undefined,
    ...(isPlanted(deps.runtime.world, username, password) ? { planted: true } : {}),
  });
  if (!user) return html(200, signInPage(deps.content.brand, area, username));
  const sid = deps.sessions.open(user);
  return redirect(area === 'portal' ? '/portal/' : '/webmail/', {
    'Set-Cookie': `PHPSESSID=${sid}; path=/; HttpOnly`,
  });
}

function download(deps: RouteDeps, id: number): Reply {
  const doc = deps.content.documents.find((d) => d.id === id);
  if (!doc) return html(404, errorPage(deps.server, 404, deps.hostName, deps.port));
  const body = Buffer.from(doc.read(), 'utf8');
  deps.emit({
    kind: 'file',
    action: 'read',
    path: cut(`${doc.host.hostname}:${doc.path}`, 4_000),
    sha256: createHash('sha256').update(body).digest('hex'),
    size: body.length,
  });
  const type = doc.title.endsWith('.csv') ? 'text/csv' : 'text/plain';
  return {
    status: 200,
    body,
    headers: {
      'Content-Type': `${type}; charset=UTF-8`,
      'Content-Disposition': `attachment; filename*=UTF-8''${encodeURIComponent(doc.title)}`,
    },
  };
}

function folder(deps: RouteDeps, user: MailUser, me: string, name: string): Reply {
  const box = deps.store.mailbox(user, name);
  if (!box) return html(404, errorPage(deps.server, 404, deps.hostName, deps.port));
  const rows = [...box.messages].reverse().map((m) => {
    const h = parseHeaders(m.raw);
    return {
      uid: m.uid,
      from: decodeWords(h.get('from') ?? ''),
      subject: decodeWords(h.get('subject') ?? ''),
      date: m.internalDate.toISOString().slice(0, 16).replace('T', ' '),
      seen: m.flags.includes('\\Seen'),
    };
  });
  deps.emit({ kind: 'mail', action: 'listed', mailbox: box.name, count: rows.length });
  const folders = user.mailboxes.map((b) => b.name);
  return html(200, inboxPage(deps.content.brand, me, box.name, folders, rows));
}

function message(deps: RouteDeps, user: MailUser, me: string, name: string, uid: string | null): Reply {
  const box = deps.store.mailbox(user, name);
  const found = box?.messages.find((m) => String(m.uid) === uid);
  if (!box || !found) return html(404, errorPage(deps.server, 404, deps.hostName, deps.port));
  const h = parseHeaders(found.raw);
  deps.emit({
    kind: 'mail',
    action: 'read',
    mailbox: box.name,
    messageId: found.id,
    subject: cut(found.subject),
    from: cut(found.from),
  });
  const head = {
    from: decodeWords(h.get('from') ?? ''),
    to: decodeWords(h.get('to') ?? ''),
    subject: decodeWords(h.get('subject') ?? ''),
    date: h.get('date') ?? '',
  };
  return html(200, messagePage(deps.content.brand, me, box.name, head, splitMessage(found.raw).body.toString('utf8')));
}
