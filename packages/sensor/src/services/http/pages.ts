import type { Brand, DirectoryRow, Notice, PortalDocument } from './portal-content.js';

/** The intranet's HTML. Every value goes through {@link esc}: nothing an attacker sends comes back unescaped. */

export function esc(value: string | number | undefined): string {
  return String(value ?? '').replace(
    /[&<>"'`]/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;', '`': '&#96;' })[c]!,
  );
}

const TEXT = {
  ja: {
    portal: 'ポータル',
    webmail: 'Webメール',
    signIn: 'ログイン',
    user: 'ユーザーID（メールアドレス）',
    password: 'パスワード',
    failed: 'ユーザーIDまたはパスワードが正しくありません。',
    notices: 'お知らせ',
    directory: '社員名簿',
    documents: '文書管理',
    signOut: 'ログアウト',
    name: '氏名',
    department: '部署',
    title: '役職',
    email: 'メール',
    phone: '電話',
    location: '拠点',
    updated: '更新日',
    file: 'ファイル名',
    from: '差出人',
    subject: '件名',
    date: '日時',
    folders: { INBOX: '受信トレイ', Sent: '送信済み', Drafts: '下書き' } as Record<string, string>,
    footer: '社外秘・関係者以外の利用を禁じます',
    search: '検索',
    empty: 'メッセージはありません',
  },
  en: {
    portal: 'Portal',
    webmail: 'Webmail',
    signIn: 'Sign in',
    user: 'User ID (e-mail address)',
    password: 'Password',
    failed: 'The user ID or password is incorrect.',
    notices: 'Notices',
    directory: 'Staff directory',
    documents: 'Documents',
    signOut: 'Sign out',
    name: 'Name',
    department: 'Department',
    title: 'Title',
    email: 'E-mail',
    phone: 'Phone',
    location: 'Office',
    updated: 'Updated',
    file: 'File',
    from: 'From',
    subject: 'Subject',
    date: 'Date',
    folders: { INBOX: 'Inbox', Sent: 'Sent', Drafts: 'Drafts' } as Record<string, string>,
    footer: 'Internal use only',
    search: 'Search',
    empty: 'No messages',
  },
};

const day = (iso: string) => iso.slice(0, 10).replaceAll('-', '/');

function layout(brand: Brand, title: string, body: string, signedIn?: string): string {
  const t = TEXT[brand.lang];
  const nav = signedIn
    ? `<nav><a href="/portal/">${t.notices}</a><a href="/portal/directory">${t.directory}</a><a href="/portal/documents">${t.documents}</a><a href="/webmail/">${t.webmail}</a><span class="user">${esc(signedIn)}</span><a href="/logout">${t.signOut}</a></nav>`
    : '';
  return `<!DOCTYPE html>
<html lang="${brand.lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(title)} | ${esc(brand.name)}</title>
<style>
body{margin:0;font-family:"Hiragino Kaku Gothic ProN","Meiryo",Arial,sans-serif;background:#f4f5f7;color:#222}
header{background:${brand.primary};color:#fff;padding:12px 24px;display:flex;align-items:center;gap:24px}
header .logo{font-weight:bold;font-size:20px;letter-spacing:1px}
nav a,nav span{color:#fff;margin-right:16px;text-decoration:none}
main{max-width:980px;margin:24px auto;background:#fff;padding:24px;border-radius:4px;box-shadow:0 1px 3px rgba(0,0,0,.15)}
table{border-collapse:collapse;width:100%}th,td{border-bottom:1px solid #ddd;padding:6px 8px;text-align:left}
th{background:#eef0f3}.error{color:#b00020}button{background:${brand.accent};color:#fff;border:0;padding:8px 24px}
form.signin{max-width:360px}form.signin input{width:100%;padding:6px;margin:4px 0 12px}
footer{text-align:center;color:#777;font-size:12px;margin:24px}pre{white-space:pre-wrap}
</style>
</head>
<body>
<header><span class="logo">${esc(brand.logo)}</span>${nav}</header>
<main>
${body}
</main>
<footer>&copy; ${esc(brand.name)} ${t.footer}</footer>
</body>
</html>
`;
}

export function signInPage(brand: Brand, area: 'portal' | 'webmail', failedUser?: string): string {
  const t = TEXT[brand.lang];
  const heading = area === 'portal' ? `${brand.name} ${t.portal}` : `${brand.name} ${t.webmail}`;
  const action = area === 'portal' ? '/login' : '/webmail/login';
  const error = failedUser === undefined ? '' : `<p class="error">${t.failed}</p>`;
  return layout(
    brand,
    area === 'portal' ? t.portal : t.webmail,
    `<h1>${esc(heading)}</h1>${error}
<form class="signin" method="post" action="${action}">
<label>${t.user}<input name="username" autocomplete="username" value="${esc(failedUser)}"></label>
<label>${t.password}<input name="password" type="password" autocomplete="current-password"></label>
<button type="submit">${t.signIn}</button>
</form>`,
  );
}

export function homePage(brand: Brand, user: string, notices: Notice[]): string {
  const t = TEXT[brand.lang];
  const rows = notices.map((n) => `<tr><td>${esc(day(n.date))}</td><td>${esc(n.title)}</td></tr>`).join('\n');
  return layout(brand, t.notices, `<h1>${t.notices}</h1>\n<table>\n${rows}\n</table>`, user);
}

export function directoryPage(brand: Brand, user: string, rows: DirectoryRow[], query: string): string {
  const t = TEXT[brand.lang];
  const body = rows
    .map(
      (r) =>
        `<tr><td>${esc(r.name)}${r.kana ? `<br><small>${esc(r.kana)}</small>` : ''}</td><td>${esc(r.department)}</td><td>${esc(r.title)}</td><td>${esc(r.email)}</td><td>${esc(r.phone)}</td><td>${esc(r.location)}</td></tr>`,
    )
    .join('\n');
  return layout(
    brand,
    t.directory,
    `<h1>${t.directory}</h1>
<form method="get" action="/portal/directory"><input name="q" value="${esc(query)}"><button>${t.search}</button></form>
<table>
<tr><th>${t.name}</th><th>${t.department}</th><th>${t.title}</th><th>${t.email}</th><th>${t.phone}</th><th>${t.location}</th></tr>
${body}
</table>`,
    user,
  );
}

export function documentsPage(brand: Brand, user: string, documents: PortalDocument[]): string {
  const t = TEXT[brand.lang];
  const rows = documents
    .map(
      (d) => `<tr><td><a href="/portal/documents/${d.id}">${esc(d.title)}</a></td><td>${esc(day(d.mtime))}</td></tr>`,
    )
    .join('\n');
  return layout(
    brand,
    t.documents,
    `<h1>${t.documents}</h1>\n<table>\n<tr><th>${t.file}</th><th>${t.updated}</th></tr>\n${rows}\n</table>`,
    user,
  );
}

export interface MailRow {
  uid: number;
  from: string;
  subject: string;
  date: string;
  seen: boolean;
}

export function inboxPage(brand: Brand, user: string, folder: string, folders: string[], rows: MailRow[]): string {
  const t = TEXT[brand.lang];
  const links = folders
    .map((f) => `<a href="/webmail/?folder=${encodeURIComponent(f)}">${esc(t.folders[f] ?? f)}</a>`)
    .join(' | ');
  const list = rows
    .map(
      (r) =>
        `<tr${r.seen ? '' : ' style="font-weight:bold"'}><td>${esc(r.from)}</td><td><a href="/webmail/message?folder=${encodeURIComponent(folder)}&amp;uid=${r.uid}">${esc(r.subject)}</a></td><td>${esc(r.date)}</td></tr>`,
    )
    .join('\n');
  return layout(
    brand,
    t.webmail,
    `<h1>${esc(t.folders[folder] ?? folder)}</h1>
<p>${links}</p>
<table>
<tr><th>${t.from}</th><th>${t.subject}</th><th>${t.date}</th></tr>
${list || `<tr><td colspan="3">${t.empty}</td></tr>`}
</table>`,
    user,
  );
}

export function messagePage(
  brand: Brand,
  user: string,
  folder: string,
  head: { from: string; to: string; subject: string; date: string },
  body: string,
): string {
  const t = TEXT[brand.lang];
  return layout(
    brand,
    head.subject,
    `<p><a href="/webmail/?folder=${encodeURIComponent(folder)}">&larr; ${esc(t.folders[folder] ?? folder)}</a></p>
<h1>${esc(head.subject)}</h1>
<table><tr><th>${t.from}</th><td>${esc(head.from)}</td></tr><tr><th>To</th><td>${esc(head.to)}</td></tr><tr><th>${t.date}</th><td>${esc(head.date)}</td></tr></table>
<pre>${esc(body)}</pre>`,
    user,
  );
}

/** The stock error pages of the server the host claims. */
export function errorPage(server: string, status: number, host: string, port: number): string {
  const reason = STATUS_TEXT[status] ?? 'Error';
  if (server.startsWith('nginx'))
    return `<html>\r\n<head><title>${status} ${reason}</title></head>\r\n<body>\r\n<center><h1>${status} ${reason}</h1></center>\r\n<hr><center>${esc(server)}</center>\r\n</body>\r\n</html>\r\n`;
  const detail =
    status === 404
      ? 'The requested URL was not found on this server.'
      : 'Your browser sent a request that this server could not understand.';
  return `<!DOCTYPE HTML PUBLIC "-//IETF//DTD HTML 2.0//EN">\n<html><head>\n<title>${status} ${reason}</title>\n</head><body>\n<h1>${reason}</h1>\n<p>${detail}</p>\n<hr>\n<address>${esc(server)} Server at ${esc(host)} Port ${port}</address>\n</body></html>\n`;
}

const STATUS_TEXT: Record<number, string> = {
  400: 'Bad Request',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Not Allowed',
  413: 'Request Entity Too Large',
};
