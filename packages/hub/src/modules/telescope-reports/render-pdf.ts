import fs from 'node:fs';
import { createRequire } from 'node:module';
import PDFDocument from 'pdfkit';
import SVGtoPDF from 'svg-to-pdfkit';
import { TLP_COLOURS, type Block, type ReportView } from './report-view.js';

/**
 * The report as an A4 PDF (pdfkit): a title page with the period and the marking, then the sections; every page
 * carries the TLP banner and its number. Noto Sans JP (SIL OFL 1.1, from @expo-google-fonts/noto-sans-jp) is
 * embedded as a subset for both languages, so Japanese text and chart labels print on any reader.
 */

const require = createRequire(import.meta.url);
const FONT_FILES = {
  body: '@expo-google-fonts/noto-sans-jp/400Regular/NotoSansJP_400Regular.ttf',
  bold: '@expo-google-fonts/noto-sans-jp/700Bold/NotoSansJP_700Bold.ttf',
} as const;
export type FontName = keyof typeof FONT_FILES;
const fontCache = new Map<FontName, Buffer>();
/** Noto Sans JP (regular or bold) as font bytes, read once; other PDFs of the hub embed the same fonts. */
export function font(name: FontName): Buffer {
  let data = fontCache.get(name);
  if (!data) {
    data = fs.readFileSync(require.resolve(FONT_FILES[name]));
    fontCache.set(name, data);
  }
  return data;
}

const BLUE = '#1f5fa8';
const INK = '#1d2430';
const MUTED = '#5a6474';
const RULE = '#d8dee8';
const HEAD_FILL = '#eef2f8';
const MARGIN = { top: 64, bottom: 64, left: 56, right: 56 };
const SIZE = { body: 10, small: 8.5, h1: 22, h2: 14 };

type Doc = PDFKit.PDFDocument;

class Layout {
  readonly width: number;

  constructor(private readonly doc: Doc) {
    this.width = doc.page.width - MARGIN.left - MARGIN.right;
  }

  get y(): number {
    return this.doc.y;
  }

  private get bottom(): number {
    return this.doc.page.height - MARGIN.bottom;
  }

  /** Starts a new page unless `height` still fits on this one. */
  ensure(height: number): void {
    if (this.doc.y + height > this.bottom) this.doc.addPage();
  }

  gap(points: number): void {
    this.doc.y += points;
  }

  /** A section heading, kept on one page with the start of what follows it. */
  heading(text: string, next?: Block): void {
    this.ensure(40 + this.estimate(next));
    this.gap(10);
    const y = this.doc.y;
    this.doc.font('bold').fontSize(SIZE.h2);
    const height = this.doc.heightOfString(text, { width: this.width - 12 });
    this.doc.rect(MARGIN.left, y + 1, 4, height - 2).fill(BLUE);
    this.doc.fillColor(INK).text(text, MARGIN.left + 12, y, { width: this.width - 12 });
    this.doc.x = MARGIN.left;
    this.gap(6);
  }

  /** Roughly how much of a block must follow its heading on the same page. */
  private estimate(b: Block | undefined): number {
    if (!b) return 0;
    switch (b.kind) {
      case 'chart':
        return (this.width * b.height) / b.width + 24;
      case 'figures':
        return 70;
      case 'table':
        return 60;
      case 'paragraph':
      case 'freeText':
      case 'list':
        return 40;
    }
  }

  paragraph(text: string, options: { size?: number; colour?: string } = {}): void {
    this.doc
      .font('body')
      .fontSize(options.size ?? SIZE.body)
      .fillColor(options.colour ?? INK);
    this.ensure(this.doc.heightOfString(text, { width: this.width, lineGap: 2 }) > 60 ? 40 : 24);
    this.doc.text(text, MARGIN.left, this.doc.y, { width: this.width, lineGap: 2 });
    this.gap(6);
  }

  figures(items: { label: string; value: string; note?: string | undefined }[]): void {
    const columns = 2;
    const gutter = 10;
    const boxWidth = (this.width - gutter * (columns - 1)) / columns;
    const inner = boxWidth - 20;
    const measure = (item: (typeof items)[number]) => {
      this.doc.font('body').fontSize(SIZE.small);
      let h = this.doc.heightOfString(item.label, { width: inner });
      this.doc.font('bold').fontSize(13);
      h += this.doc.heightOfString(item.value, { width: inner });
      if (item.note) {
        this.doc.font('body').fontSize(7.5);
        h += this.doc.heightOfString(item.note, { width: inner });
      }
      return h + 14;
    };
    for (let i = 0; i < items.length; i += columns) {
      const row = items.slice(i, i + columns);
      const height = Math.max(...row.map(measure));
      this.ensure(height + gutter);
      const top = this.doc.y;
      row.forEach((item, j) => {
        const x = MARGIN.left + j * (boxWidth + gutter);
        this.doc.roundedRect(x, top, boxWidth, height, 4).lineWidth(0.8).strokeColor(RULE).stroke();
        this.doc
          .font('body')
          .fontSize(SIZE.small)
          .fillColor(MUTED)
          .text(item.label, x + 10, top + 7, { width: inner });
        this.doc
          .font('bold')
          .fontSize(13)
          .fillColor(INK)
          .text(item.value, x + 10, this.doc.y, { width: inner });
        if (item.note) {
          this.doc
            .font('body')
            .fontSize(7.5)
            .fillColor(MUTED)
            .text(item.note, x + 10, this.doc.y, { width: inner });
        }
      });
      this.doc.x = MARGIN.left;
      this.doc.y = top + height + gutter;
    }
  }

  table(block: Extract<Block, { kind: 'table' }>): void {
    const { columns, rows } = block;
    const pad = 4;
    this.doc.font('body').fontSize(SIZE.small + 0.5);
    // Natural widths (longest cell, capped), scaled to the page.
    const natural = columns.map((c, j) =>
      Math.min(
        this.width * 0.6,
        Math.max(
          this.doc.widthOfString(c.label) + 2 * pad,
          ...rows.map((r) => this.doc.widthOfString(r[j] ?? '') + 2 * pad),
        ),
      ),
    );
    const total = natural.reduce((n, w) => n + w, 0);
    const widths = natural.map((w) => (w / total) * this.width);
    const rowHeight = (cells: string[], fontName: FontName) => {
      this.doc.font(fontName).fontSize(SIZE.small + 0.5);
      return (
        Math.max(...cells.map((cell, j) => this.doc.heightOfString(cell || ' ', { width: widths[j]! - 2 * pad }))) +
        2 * pad
      );
    };
    const drawRow = (cells: string[], options: { header?: boolean; total?: boolean }) => {
      const fontName: FontName = options.header ? 'bold' : 'body';
      const height = rowHeight(cells, fontName);
      const top = this.doc.y;
      if (options.header) this.doc.rect(MARGIN.left, top, this.width, height).fill(HEAD_FILL);
      let x = MARGIN.left;
      cells.forEach((cell, j) => {
        this.doc
          .font(fontName)
          .fontSize(SIZE.small + 0.5)
          .fillColor(options.total ? MUTED : INK)
          .text(cell, x + pad, top + pad, { width: widths[j]! - 2 * pad, align: columns[j]?.align ?? 'left' });
        x += widths[j]!;
      });
      this.doc
        .moveTo(MARGIN.left, top + height)
        .lineTo(MARGIN.left + this.width, top + height)
        .lineWidth(0.5)
        .strokeColor(RULE)
        .stroke();
      this.doc.x = MARGIN.left;
      this.doc.y = top + height;
    };
    const header = columns.map((c) => c.label);
    this.ensure(rowHeight(header, 'bold') + (rows[0] ? rowHeight(rows[0], 'body') : 0));
    drawRow(header, { header: true });
    rows.forEach((row, i) => {
      if (this.doc.y + rowHeight(row, 'body') > this.bottom) {
        this.doc.addPage();
        drawRow(header, { header: true });
      }
      drawRow(row, { total: block.totalRow === true && i === rows.length - 1 });
    });
    this.gap(10);
  }

  chart(block: Extract<Block, { kind: 'chart' }>): void {
    const width = this.width;
    const height = (width * block.height) / block.width;
    this.ensure(height + 24);
    const top = this.doc.y;
    SVGtoPDF(this.doc, block.svg, MARGIN.left, top, {
      width,
      height,
      preserveAspectRatio: 'xMidYMid meet',
      fontCallback: (_family, bold) => (bold ? 'bold' : 'body'),
    });
    this.doc.x = MARGIN.left;
    this.doc.y = top + height + 2;
    this.doc
      .font('body')
      .fontSize(SIZE.small)
      .fillColor(MUTED)
      .text(block.title, MARGIN.left, this.doc.y, { width, align: 'center' });
    this.gap(10);
  }

  freeText(text: string, empty: boolean): void {
    this.doc.font('body').fontSize(SIZE.body);
    const height = this.doc.heightOfString(text, { width: this.width - 24, lineGap: 2 }) + 20;
    const fits = this.doc.y + height <= this.bottom;
    if (!fits && height < this.bottom - MARGIN.top) this.doc.addPage();
    const top = this.doc.y;
    if (this.doc.y + height <= this.bottom) {
      this.doc.roundedRect(MARGIN.left, top, this.width, height, 4).fillAndStroke('#fbfcfe', RULE);
    }
    this.doc
      .fillColor(empty ? '#8a93a3' : INK)
      .font('body')
      .fontSize(SIZE.body)
      .text(text, MARGIN.left + 12, top + 10, { width: this.width - 24, lineGap: 2 });
    this.doc.x = MARGIN.left;
    this.doc.y = Math.max(this.doc.y, top + height) + 6;
  }

  list(items: string[]): void {
    for (const item of items) {
      this.doc.font('body').fontSize(SIZE.small + 0.5);
      this.ensure(this.doc.heightOfString(item, { width: this.width - 14 }) + 4);
      const top = this.doc.y;
      this.doc.fillColor(BLUE).text('•', MARGIN.left + 2, top);
      this.doc.fillColor(INK).text(item, MARGIN.left + 14, top, { width: this.width - 14, lineGap: 1.5 });
      this.doc.x = MARGIN.left;
      this.gap(3);
    }
    this.gap(4);
  }

  block(b: Block): void {
    switch (b.kind) {
      case 'paragraph':
        return this.paragraph(b.text);
      case 'figures':
        return this.figures(b.items);
      case 'table':
        return this.table(b);
      case 'chart':
        return this.chart(b);
      case 'freeText':
        return this.freeText(b.text, b.empty);
      case 'list':
        return this.list(b.items);
      default: {
        const never: never = b;
        throw new Error(`unknown block ${String(never)}`);
      }
    }
  }
}

/** The black TLP label with the marking in its colour. */
function tlpLabel(doc: Doc, view: ReportView, right: number, top: number, size: number): void {
  const text = `TLP:${view.marking}`;
  doc.font('bold').fontSize(size);
  const width = doc.widthOfString(text) + size * 1.2;
  const height = size * 1.9;
  doc.rect(right - width, top, width, height).fill('#000000');
  doc
    .fillColor(TLP_COLOURS[view.marking])
    .text(text, right - width, top + (height - size * 1.45) / 2, { width, align: 'center', lineBreak: false });
}

function coverPage(doc: Doc, layout: Layout, view: ReportView): void {
  const right = doc.page.width - MARGIN.right;
  tlpLabel(doc, view, right, 110, 16);
  doc.rect(MARGIN.left, 170, layout.width, 4).fill(BLUE);
  doc.font('bold').fontSize(13).fillColor(BLUE).text(view.reportName, MARGIN.left, 196, { width: layout.width });
  doc
    .font('bold')
    .fontSize(SIZE.h1)
    .fillColor(INK)
    .text(view.title, MARGIN.left, doc.y + 6, { width: layout.width, lineGap: 2 });
  doc
    .font('body')
    .fontSize(11)
    .fillColor(MUTED)
    .text(view.subtitle, MARGIN.left, doc.y + 6, { width: layout.width });
  doc.y += 28;
  const labelWidth = 120;
  for (const fact of view.cover) {
    const top = doc.y;
    doc.font('body').fontSize(10.5).fillColor(MUTED).text(fact.label, MARGIN.left, top, { width: labelWidth });
    doc
      .font('bold')
      .fontSize(10.5)
      .fillColor(INK)
      .text(fact.value, MARGIN.left + labelWidth, top, { width: layout.width - labelWidth });
    doc.y = Math.max(doc.y, top) + 6;
  }
  doc.y += 16;
  doc
    .font('body')
    .fontSize(SIZE.small)
    .fillColor(MUTED)
    .text([view.basedOn, view.markingNote].join(view.lang === 'ja' ? '' : ' '), MARGIN.left, doc.y, {
      width: layout.width,
    });
  doc.y += 28;
  doc.font('bold').fontSize(12).fillColor(INK).text(view.contentsLabel, MARGIN.left, doc.y);
  doc.y += 4;
  for (const section of view.sections) {
    doc
      .font('body')
      .fontSize(10.5)
      .fillColor(INK)
      .text(section.heading, MARGIN.left + 10, doc.y + 2, { width: layout.width - 10 });
  }
  doc.x = MARGIN.left;
}

/** Header (short title, TLP label) and footer (page number, TLP label) on every page. */
function decorate(doc: Doc, view: ReportView): void {
  const range = doc.bufferedPageRange();
  const right = doc.page.width - MARGIN.right;
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i);
    const bottomMargin = doc.page.margins.bottom;
    doc.page.margins.bottom = 0;
    tlpLabel(doc, view, right, 24, 9);
    if (i > range.start) {
      doc
        .font('body')
        .fontSize(7.5)
        .fillColor(MUTED)
        .text(view.title, MARGIN.left, 28, {
          width: doc.page.width - MARGIN.left - MARGIN.right - 90,
          lineBreak: false,
          ellipsis: true,
        });
    }
    const footerY = doc.page.height - 40;
    doc
      .moveTo(MARGIN.left, footerY - 6)
      .lineTo(right, footerY - 6)
      .lineWidth(0.5)
      .strokeColor(RULE)
      .stroke();
    doc
      .font('body')
      .fontSize(8)
      .fillColor(MUTED)
      .text(view.page(i - range.start + 1, range.count), MARGIN.left, footerY, {
        width: doc.page.width - MARGIN.left - MARGIN.right,
        align: 'center',
        lineBreak: false,
      });
    tlpLabel(doc, view, right, footerY - 3, 7.5);
    doc.page.margins.bottom = bottomMargin;
  }
}

export async function renderPdf(view: ReportView): Promise<Buffer> {
  const doc = new PDFDocument({
    size: 'A4',
    margins: MARGIN,
    bufferPages: true,
    lang: view.lang === 'ja' ? 'ja-JP' : 'en-GB',
    displayTitle: true,
    info: { Title: view.title, Author: 'cynex', Subject: view.reportName, Keywords: `TLP:${view.marking}` },
  });
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  doc.registerFont('body', font('body'));
  doc.registerFont('bold', font('bold'));
  const layout = new Layout(doc);
  coverPage(doc, layout, view);
  doc.addPage();
  for (const section of view.sections) {
    layout.heading(section.heading, section.blocks[0]);
    for (const b of section.blocks) layout.block(b);
    layout.gap(8);
  }
  decorate(doc, view);
  doc.end();
  return done;
}
