/** Every sentence of the directory in Japanese and English. */
export const TEXTS = {
  ja: {
    company: 'みなと商事 社内ポータル',
    title: '社員名簿',
    navSearch: '氏名検索',
    navEmployee: '社員番号照会',
    navLogin: '管理者サインイン',
    searchLabel: '氏名（漢字・ローマ字、部分一致）',
    searchButton: '検索',
    searchHint: '空欄で検索すると全員を表示します。',
    columns: ['氏名', 'Name', '部署', '内線', 'メール'],
    resultsFor: (q) => `「${q}」の検索結果`,
    allStaff: '全社員',
    count: (n) => `${n} 件`,
    noResults: '該当する社員はいません。',
    searchError: '検索中にエラーが発生しました。',
    employeeLabel: '社員番号',
    employeeButton: '照会',
    employeeHint: '社員番号が登録されているかどうかを確認します（詳細は表示しません）。',
    exists: (id) => `社員番号 ${id} は登録されています。`,
    notFound: (id) => `社員番号 ${id} は見つかりません。`,
    lookupError: '照会中にエラーが発生しました。',
    loginLead: '名簿の管理者専用です。',
    username: 'ユーザー名',
    password: 'パスワード',
    loginButton: 'サインイン',
    loginOk: (user) => `${user} としてサインインしました。名簿の管理画面は現在メンテナンス中です。`,
    loginFailed: 'ユーザー名またはパスワードが違います。',
    badRequest: 'リクエストが正しくありません。',
    notFoundPage: 'ページが見つかりません。',
    flagTitle: '攻撃成功',
    flagLead: 'この環境のフラグです。提出してください:',
    footer: '社外秘 — 社員名簿の内容を社外に持ち出さないでください。',
  },
  en: {
    company: 'Minato Shoji intranet',
    title: 'Staff directory',
    navSearch: 'Name search',
    navEmployee: 'Employee lookup',
    navLogin: 'Admin sign-in',
    searchLabel: 'Name (Japanese or romaji, partial match)',
    searchButton: 'Search',
    searchHint: 'An empty search lists everyone.',
    columns: ['氏名', 'Name', 'Department', 'Ext.', 'Email'],
    resultsFor: (q) => `Results for “${q}”`,
    allStaff: 'All staff',
    count: (n) => `${n} ${n === 1 ? 'person' : 'people'}`,
    noResults: 'Nobody matches.',
    searchError: 'The search failed.',
    employeeLabel: 'Employee number',
    employeeButton: 'Look up',
    employeeHint: 'Checks whether an employee number is registered (no details are shown).',
    exists: (id) => `Employee number ${id} is registered.`,
    notFound: (id) => `Employee number ${id} was not found.`,
    lookupError: 'The lookup failed.',
    loginLead: 'For the directory administrators only.',
    username: 'User name',
    password: 'Password',
    loginButton: 'Sign in',
    loginOk: (user) => `Signed in as ${user}. The directory's admin pages are down for maintenance.`,
    loginFailed: 'Wrong user name or password.',
    badRequest: 'Bad request.',
    notFoundPage: 'Page not found.',
    flagTitle: 'Exploit succeeded',
    flagLead: "This instance's flag — submit it:",
    footer: 'Confidential — do not take the directory outside the company.',
  },
};

/** `?lang=ja|en`, else the first of ja/en in Accept-Language, else Japanese. */
export function pickLanguage(url, acceptLanguage) {
  const asked = url.searchParams.get('lang');
  if (asked === 'ja' || asked === 'en') return asked;
  for (const part of String(acceptLanguage ?? '').split(',')) {
    const tag = part.split(';')[0].trim().toLowerCase();
    if (tag.startsWith('ja')) return 'ja';
    if (tag.startsWith('en')) return 'en';
  }
  return 'ja';
}
