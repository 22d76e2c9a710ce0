/** Every sentence of the diagnostics page in Japanese and English. */
export const TEXTS = {
  ja: {
    company: 'みなと商事 社内ポータル',
    title: 'ネットワーク診断',
    navDiagnose: '診断の実行',
    lead: '社内ネットワークの機器に到達できるかを確認します。結果はサーバー diag01 から見たものです。',
    hostLabel: 'ホスト名または IP アドレス',
    toolLabel: 'ツール',
    tools: { ping: 'ping（疎通確認）', lookup: 'nslookup（名前解決）', traceroute: 'traceroute（経路確認）' },
    runButton: '実行',
    hint: '例: 127.0.0.1、fileserver.minato.local、::1',
    knownHosts: 'よく使う宛先',
    hostsColumns: ['ホスト名', '用途'],
    hostRoles: {
      'fileserver.minato.local': 'ファイルサーバー',
      'mail.minato.local': 'メールサーバー',
      'printer-3f.minato.local': '3 階 複合機',
      'gw.minato.local': 'デフォルト ゲートウェイ',
    },
    resultFor: (tool, host) => `${tool} ${host} の結果`,
    noOutput: '（出力なし）',
    rejected: '入力された値では実行できません。',
    handlerError: '診断の実行中にエラーが発生しました。',
    badRequest: 'リクエストが正しくありません。',
    tooLarge: 'リクエストが大きすぎます。',
    notFoundPage: 'ページが見つかりません。',
    flagTitle: '攻撃成功',
    flagLead: 'この環境のフラグです。提出してください:',
    footer: '情報システム部 — 障害の連絡は内線 2310 まで。',
  },
  en: {
    company: 'Minato Shoji intranet',
    title: 'Network diagnostics',
    navDiagnose: 'Run a check',
    lead: 'Checks whether a machine on the company network can be reached, as seen from the server diag01.',
    hostLabel: 'Host name or IP address',
    toolLabel: 'Tool',
    tools: { ping: 'ping (reachability)', lookup: 'nslookup (name lookup)', traceroute: 'traceroute (route)' },
    runButton: 'Run',
    hint: 'For example: 127.0.0.1, fileserver.minato.local, ::1',
    knownHosts: 'Common destinations',
    hostsColumns: ['Host name', 'What it is'],
    hostRoles: {
      'fileserver.minato.local': 'File server',
      'mail.minato.local': 'Mail server',
      'printer-3f.minato.local': 'Printer, 3rd floor',
      'gw.minato.local': 'Default gateway',
    },
    resultFor: (tool, host) => `Result of ${tool} ${host}`,
    noOutput: '(no output)',
    rejected: 'The diagnostics cannot run with this input.',
    handlerError: 'The check failed with an error.',
    badRequest: 'Bad request.',
    tooLarge: 'The request is too large.',
    notFoundPage: 'Page not found.',
    flagTitle: 'Exploit succeeded',
    flagLead: "This instance's flag — submit it:",
    footer: 'IT department — report outages on extension 2310.',
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
