import PDFDocument from 'pdfkit';
import QRCode from 'qrcode';
import { font } from '../telescope-reports/render-pdf.js';
import type { CertificateRow } from './completion.repository.js';

type Lang = 'ja' | 'en';

const INK = '#1d2430';
const BLUE = '#1f5fa8';
const MUTED = '#5b6575';

const TEXT = {
  ja: {
    title: '修了証',
    certifies: '以下の者は、次の研修課程を修了したことを証します。',
    course: '課程',
    organisation: '組織',
    cohort: '研修コホート',
    date: '修了日',
    code: '検証コード',
    verify: 'この修了証の有効性は、QR コードまたは次の URL で確認できます。',
  },
  en: {
    title: 'Certificate of Completion',
    certifies: 'This certifies that the person named below has completed the course',
    course: 'Course',
    organisation: 'Organisation',
    cohort: 'Cohort',
    date: 'Date of completion',
    code: 'Verification code',
    verify: 'Check that this certificate is valid with the QR code or at:',
  },
} as const;

const dateIn = (date: Date, lang: Lang) =>
  new Intl.DateTimeFormat(lang === 'ja' ? 'ja-JP' : 'en-GB', {
    year: 'numeric',
    month: 'long',
    day: 'numeric',
    timeZone: 'Asia/Tokyo',
  }).format(date);

/** The QR code of the text, its modules drawn as filled squares (vector: crisp at any zoom and in print). */
function drawQr(doc: PDFKit.PDFDocument, text: string, x: number, y: number, size: number): void {
  const { modules } = QRCode.create(text, { errorCorrectionLevel: 'M' });
  const quiet = 4;
  const cell = size / (modules.size + 2 * quiet);
  doc.save().rect(x, y, size, size).fill('#ffffff');
  for (let row = 0; row < modules.size; row++) {
    for (let col = 0; col < modules.size; col++) {
      if (modules.get(row, col)) doc.rect(x + (col + quiet) * cell, y + (row + quiet) * cell, cell, cell);
    }
  }
  doc.fill('#000000').restore();
}

/**
 * The certificate as an A4 landscape PDF in Japanese or English: the learner, the course, the organisation and
 * cohort, the date, the verification code and a QR code of the public verification page. Noto Sans JP is embedded
 * (the telescope reports' fonts) so that Japanese names print on any reader.
 */
export async function renderCertificatePdf(row: CertificateRow, lang: Lang, verifyUrl: string): Promise<Buffer> {
  const t = TEXT[lang];
  const doc = new PDFDocument({
    size: 'A4',
    layout: 'landscape',
    margin: 0,
    lang: lang === 'ja' ? 'ja-JP' : 'en-GB',
    displayTitle: true,
    info: { Title: `${t.title}: ${row.learnerName}`, Author: 'cynex', Subject: row.courseTitle[lang] },
  });
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  doc.registerFont('body', font('body'));
  doc.registerFont('bold', font('bold'));
  const { width, height } = doc.page;
  const inner = { x: 60, width: width - 120 };
  const orgName = lang === 'ja' && typeof row.details.orgNameJa === 'string' ? row.details.orgNameJa : row.orgName;

  doc
    .lineWidth(3)
    .strokeColor(BLUE)
    .rect(24, 24, width - 48, height - 48)
    .stroke();
  doc
    .lineWidth(0.8)
    .rect(32, 32, width - 64, height - 64)
    .stroke();
  doc.font('bold').fontSize(30).fillColor(BLUE).text(t.title, inner.x, 70, { width: inner.width, align: 'center' });
  doc
    .font('body')
    .fontSize(12)
    .fillColor(MUTED)
    .text(t.certifies, inner.x, 125, { width: inner.width, align: 'center' });
  doc
    .font('bold')
    .fontSize(28)
    .fillColor(INK)
    .text(row.learnerName, inner.x, 155, { width: inner.width, align: 'center' });
  doc
    .font('bold')
    .fontSize(17)
    .fillColor(INK)
    .text(row.courseTitle[lang], inner.x + 40, 210, { width: inner.width - 80, align: 'center' });

  const facts: [string, string][] = [
    [t.organisation, orgName],
    [t.cohort, row.cohortName],
    [t.date, dateIn(row.issuedAt, lang)],
    [t.code, row.code],
  ];
  let top = 300;
  for (const [label, value] of facts) {
    doc
      .font('body')
      .fontSize(11)
      .fillColor(MUTED)
      .text(label, inner.x + 40, top, { width: 150 });
    doc
      .font('bold')
      .fontSize(12)
      .fillColor(INK)
      .text(value, inner.x + 200, top - 1, { width: 330 });
    top += 30;
  }
  const qrSize = 130;
  drawQr(doc, verifyUrl, width - 60 - qrSize - 20, 295, qrSize);
  doc
    .font('body')
    .fontSize(9)
    .fillColor(MUTED)
    .text(t.verify, inner.x + 40, height - 110, { width: inner.width - 80 })
    .text(verifyUrl, { width: inner.width - 80 });
  doc.end();
  return done;
}
