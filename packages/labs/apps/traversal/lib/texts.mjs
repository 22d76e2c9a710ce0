// app-source: minato-docs-portal (cynex traversal lab)
/** Every sentence of the document portal in Japanese and English. */
export const TEXTS = {
  ja: {
    company: 'みなと商事 社内ポータル',
    title: '社内文書ポータル',
    navDocuments: '文書一覧',
    navGuide: 'ご利用案内',
    navNotice: 'お知らせ',
    documentsLead: '社内で共有されている文書です。ファイル名をクリックすると表示またはダウンロードできます。',
    columns: ['文書名', 'ファイル', '種類', '更新日'],
    kinds: { text: 'テキスト', csv: 'CSV', pdf: 'PDF', png: '画像（PNG）' },
    count: (n) => `${n} 件`,
    docNotFound: (name) => `文書「${name}」は見つかりません。ファイル名を確認するか、文書一覧から選んでください。`,
    pageNotFound: (name) => `ページ「${name}」は見つかりません。`,
    badName: 'ファイル名が正しくありません。',
    missingFile: 'ファイル名（file）を指定してください。',
    loadError: '文書の読み込み中にエラーが発生しました。',
    leakHeading: (name) => `送信されたファイル: ${name}`,
    leakLead: '次の内容が送信されました:',
    badRequest: 'リクエストが正しくありません。',
    tooLong: '入力が長すぎます。',
    tooLarge: 'リクエストの本文が大きすぎます。',
    methodNotAllowed: 'このページでは GET のみ利用できます。',
    notFoundPage: 'ページが見つかりません。',
    backToList: '文書一覧に戻る',
    flagTitle: '攻撃成功',
    flagLead: 'この環境のフラグです。提出してください:',
    footer: '社外秘 — 文書の社外持ち出しは情報セキュリティ規程により禁止されています。',
  },
  en: {
    company: 'Minato Shoji intranet',
    title: 'Document portal',
    navDocuments: 'Documents',
    navGuide: 'How to use',
    navNotice: 'Notices',
    documentsLead: 'Documents shared across the company. Click a file name to view or download it.',
    columns: ['Document', 'File', 'Type', 'Updated'],
    kinds: { text: 'Text', csv: 'CSV', pdf: 'PDF', png: 'Image (PNG)' },
    count: (n) => `${n} ${n === 1 ? 'document' : 'documents'}`,
    docNotFound: (name) => `The document “${name}” was not found. Check the file name or pick one from the list.`,
    pageNotFound: (name) => `The page “${name}” was not found.`,
    badName: 'That file name is not valid.',
    missingFile: 'Give a file name (file).',
    loadError: 'The document could not be loaded.',
    leakHeading: (name) => `File served: ${name}`,
    leakLead: 'This is what was sent:',
    badRequest: 'Bad request.',
    tooLong: 'The input is too long.',
    tooLarge: 'The request body is too large.',
    methodNotAllowed: 'Only GET is available here.',
    notFoundPage: 'Page not found.',
    backToList: 'Back to the documents',
    flagTitle: 'Exploit succeeded',
    flagLead: "This instance's flag — submit it:",
    footer: 'Confidential — the information security policy forbids taking documents outside the company.',
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
