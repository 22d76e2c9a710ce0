// app-source: minato-docs-portal (cynex traversal lab)
/**
 * The documents of Minato Shoji's document portal (社内文書ポータル), written into `<instanceDir>/public/docs` at
 * each start. Their bytes are fixed: the grader knows each one's size and SHA-256
 * (packages/labs/src/graders/traversal-lab-pages.ts) and checks that every listed document still downloads intact.
 */

const MINUTES_JA = `営業部 定例会議 議事録
日時: 2026年11月10日（火）10:00〜11:00
場所: 本社 3F 第2会議室
出席: 田中（営業部長）、伊藤、松本、林（海外事業部）
記録: 伊藤

1. 10月の売上報告
   ・国内売上は前年同月比 104%。港区の新規取引先 2 社と契約。
   ・海外向けは為替の影響で 97%。12月に価格改定を検討する。

2. 年末商戦の準備
   ・価格表（price-list-2026.csv）を 11/20 までに更新する。担当: 松本
   ・展示会（12/3〜12/5、東京ビッグサイト）の人員配置を確定する。担当: 林

3. その他
   ・文書ポータルに安全衛生ガイド 2026 年版を掲載した。全員目を通すこと。

次回: 2026年11月24日（火）10:00
`;

const MINUTES_EN = `Sales department weekly meeting - minutes
Date: Tuesday 10 November 2026, 10:00-11:00
Place: Head office, 3F, meeting room 2
Present: Tanaka (head of sales), Ito, Matsumoto, Hayashi (international)
Minutes: Ito

1. October sales
   - Domestic sales at 104% of last year; two new customers in Minato-ku signed.
   - Overseas sales at 97% because of the exchange rate; a price revision for December is under review.

2. Year-end preparations
   - Update the price list (price-list-2026.csv) by 20 November. Owner: Matsumoto
   - Staff the trade fair (3-5 December, Tokyo Big Sight). Owner: Hayashi

3. Other business
   - The 2026 safety guide is now on the document portal. Everyone please read it.

Next meeting: Tuesday 24 November 2026, 10:00
`;

const PRICE_LIST = `品番,品名,Product,単位,単価（円）,改定日
MS-1001,コピー用紙 A4（500枚）,Copy paper A4 (500 sheets),箱,2980,2026-04-01
MS-1002,コピー用紙 A3（500枚）,Copy paper A3 (500 sheets),箱,4860,2026-04-01
MS-2010,ボールペン 黒 0.5mm,Ballpoint pen black 0.5 mm,ダース,1320,2026-01-15
MS-2011,ボールペン 赤 0.5mm,Ballpoint pen red 0.5 mm,ダース,1320,2026-01-15
MS-3100,クリアファイル A4（100枚）,Clear folders A4 (100),パック,1650,2026-07-01
MS-4200,段ボール箱 120サイズ,Cardboard box size 120,10枚,3300,2026-10-01
MS-5001,トナーカートリッジ MX-400,Toner cartridge MX-400,個,12800,2026-10-01
`;

/** A one-page PDF (PDF 1.4, Helvetica, ASCII text) whose cross-reference table points at the right byte offsets. */
function safetyGuidePdf() {
  const lines = [
    'Minato Shoji - Workplace Safety Guide 2026',
    '1. Keep fire exits and corridors clear at all times.',
    '2. Report every injury, however small, to General Affairs (ext. 2501).',
    '3. Evacuation drill: Friday 4 December 2026, 14:00.',
  ];
  const text = lines
    .map((line, i) => `BT /F1 ${i === 0 ? 16 : 11} Tf 56 ${780 - i * 28} Td (${line}) Tj ET`)
    .join('\n');
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>',
    `<< /Length ${text.length} >>\nstream\n${text}\nendstream`,
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
  ];
  let pdf = '%PDF-1.4\n';
  const offsets = [];
  objects.forEach((body, i) => {
    offsets.push(pdf.length);
    pdf += `${i + 1} 0 obj\n${body}\nendobj\n`;
  });
  const xref = pdf.length;
  pdf += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  pdf += offsets.map((offset) => `${String(offset).padStart(10, '0')} 00000 n \n`).join('');
  pdf += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(pdf, 'latin1');
}

/** The company logo, a 32×32 palette PNG (a sun over the harbour). */
const LOGO_PNG =
  'iVBORw0KGgoAAAANSUhEUgAAACAAAAAgCAMAAABEpIrGAAAACVBMVEX///8LU5TwtCku2Bp2AAAAUklEQVR42mNgJAAYiFDAgAfQTAETCOBRwMQEV4FVARMTQsWgVUDQF4TDgR5xgVMBJIXgVgBPRNgVICczJCEGKB89JcKFGKiRqgeDAsrjgkI3AABbnQJRgv4DcwAAAABJRU5ErkJggg==';

/**
 * The listed documents. `file` is the path under public/docs, exactly as the download link sends it; `kind` names
 * the type shown in the list.
 */
export const DOCUMENTS = [
  {
    file: '議事録-2026-11.txt',
    title: { ja: '営業部 定例会議 議事録（2026年11月）', en: 'Sales meeting minutes, November 2026 (Japanese)' },
    kind: 'text',
    updated: '2026-11-10',
    bytes: () => Buffer.from(MINUTES_JA, 'utf8'),
  },
  {
    file: 'minutes-2026-11-en.txt',
    title: { ja: '営業部 定例会議 議事録（英語版）', en: 'Sales meeting minutes, November 2026 (English)' },
    kind: 'text',
    updated: '2026-11-11',
    bytes: () => Buffer.from(MINUTES_EN, 'utf8'),
  },
  {
    file: 'price-list-2026.csv',
    title: { ja: '事務用品 価格表 2026', en: 'Office supplies price list 2026' },
    kind: 'csv',
    updated: '2026-10-01',
    bytes: () => Buffer.from(PRICE_LIST, 'utf8'),
  },
  {
    file: 'safety-guide-2026.pdf',
    title: { ja: '安全衛生ガイド 2026 年版', en: 'Workplace safety guide 2026' },
    kind: 'pdf',
    updated: '2026-09-15',
    bytes: safetyGuidePdf,
  },
  {
    file: 'images/minato-logo.png',
    title: { ja: '会社ロゴ（PNG）', en: 'Company logo (PNG)' },
    kind: 'png',
    updated: '2026-04-01',
    bytes: () => Buffer.from(LOGO_PNG, 'base64'),
  },
];

/** Content types by extension; anything else is served as bytes. */
const CONTENT_TYPES = {
  '.txt': 'text/plain; charset=utf-8',
  '.csv': 'text/csv; charset=utf-8',
  '.pdf': 'application/pdf',
  '.png': 'image/png',
  '.html': 'text/html; charset=utf-8',
  '.ini': 'text/plain; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.json': 'application/json',
};

export function contentTypeOf(file) {
  const dot = file.lastIndexOf('.');
  return (dot >= 0 && CONTENT_TYPES[file.slice(dot).toLowerCase()]) || 'application/octet-stream';
}
