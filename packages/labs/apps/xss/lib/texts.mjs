/** Every sentence of the message board in Japanese and English. */
export const TEXTS = {
  ja: {
    company: 'みなと商事 社内ポータル',
    title: '社内掲示板',
    navBoard: '掲示板',
    navSearch: '投稿を検索',
    boardLead: '部署をまたいだお知らせや連絡にお使いください。投稿は全社員に公開されます。',
    posts: '投稿一覧',
    count: (n) => `${n} 件`,
    noPosts: 'まだ投稿はありません。',
    newPost: '新しく投稿する',
    nameLabel: 'お名前（部署名も可）',
    bodyLabel: '本文',
    postButton: '投稿する',
    postHint: (name, body) => `お名前は ${name} 文字まで、本文は ${body} 文字までです。`,
    searchLabel: 'キーワード（お名前・本文）',
    searchButton: '検索',
    searchHint: 'お名前と本文から部分一致で探します。',
    noResults: '該当する投稿はありません。',
    backToBoard: '掲示板に戻る',
    scriptRan: 'スクリプトが実行されました: ',
    proofCounted: 'この実行は、ページに埋め込まれた入力によるものとして記録されました。',
    proofNotCounted: (reason) => `この実行は記録されませんでした（${reason}）。`,
    postNotFound: '投稿が見つかりません。',
    renderError: '表示処理（render.mjs）でエラーが発生しました。',
    nameRequired: (max) => `お名前を 1〜${max} 文字で入力してください。`,
    bodyRequired: (max) => `本文を 1〜${max} 文字で入力してください。`,
    controlChars: '制御文字は投稿できません。',
    badRequest: 'リクエストが正しくありません。',
    tooLarge: '送信された内容が大きすぎます。',
    notFoundPage: 'ページが見つかりません。',
    flagTitle: (names) => `攻撃成功（${names.join('・')}）`,
    flagLead: 'あなたの入力に含まれるスクリプトが実行されました。この環境のフラグです。提出してください:',
    objectiveNames: { 'xss-reflected': '反射型 XSS', 'xss-stored': '格納型 XSS' },
    footer: '社外秘 — 掲示板の内容を社外に持ち出さないでください。',
  },
  en: {
    company: 'Minato Shoji intranet',
    title: 'Message board',
    navBoard: 'Board',
    navSearch: 'Search posts',
    boardLead: 'For notices and messages across departments. Every post is visible to all staff.',
    posts: 'Posts',
    count: (n) => `${n} ${n === 1 ? 'post' : 'posts'}`,
    noPosts: 'No posts yet.',
    newPost: 'Write a post',
    nameLabel: 'Your name (or department)',
    bodyLabel: 'Message',
    postButton: 'Post',
    postHint: (name, body) => `Names up to ${name} characters, messages up to ${body}.`,
    searchLabel: 'Keywords (name or message)',
    searchButton: 'Search',
    searchHint: 'Finds posts whose name or message contains the keywords.',
    noResults: 'No posts match.',
    backToBoard: 'Back to the board',
    scriptRan: 'A script ran: ',
    proofCounted: 'The lab recorded it as script brought in by input the page showed.',
    proofNotCounted: (reason) => `The lab did not count it (${reason}).`,
    postNotFound: 'That post was not found.',
    renderError: 'The display code (render.mjs) failed.',
    nameRequired: (max) => `Enter a name of 1 to ${max} characters.`,
    bodyRequired: (max) => `Enter a message of 1 to ${max} characters.`,
    controlChars: 'Control characters cannot be posted.',
    badRequest: 'Bad request.',
    tooLarge: 'What was sent is too large.',
    notFoundPage: 'Page not found.',
    flagTitle: (names) => `Exploit succeeded (${names.join(', ')})`,
    flagLead: "A script from your input ran. This instance's flag — submit it:",
    objectiveNames: { 'xss-reflected': 'reflected XSS', 'xss-stored': 'stored XSS' },
    footer: 'Confidential — do not take the board outside the company.',
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
