import { parseFragment, serializeOuter, type DefaultTreeAdapterMap } from 'parse5';
import PDFDocument from 'pdfkit';
import SVGtoPDF from 'svg-to-pdfkit';
import { font } from '../telescope-reports/render-pdf.js';

/**
 * A publication as an A4 PDF: its frozen body HTML turned into simple PDF text (headings, paragraphs, lists,
 * tables, quotes, code) with the inline SVG charts drawn by svg-to-pdfkit, in Noto Sans JP like the telescope's
 * reports. The HTML is the renderer's own bounded output; the walk is bounded too (nodes, tables rows, figures).
 */

type Node = DefaultTreeAdapterMap['childNode'];
type Element = DefaultTreeAdapterMap['element'];
type Doc = PDFKit.PDFDocument;

const MARGIN = { top: 60, bottom: 60, left: 56, right: 56 };
const INK = '#1d2430';
const MUTED = '#5a6474';
const RULE = '#c8d0dc';
const HEADING_SIZE: Record<string, number> = { h1: 18, h2: 15, h3: 13, h4: 11.5, h5: 11, h6: 10.5 };
const LIMITS = { nodes: 20_000, tableRows: 300, tableColumns: 12, figures: 60 };

export interface PdfArticle {
  lang: 'ja' | 'en';
  title: string;
  summary: string;
  /** A line under the title: date, version, tags. */
  meta: string;
  /** The canonical URL, printed so that a paper copy leads back to the page. */
  url: string;
  notice: string | undefined;
  bodyHtml: string;
}

const isElement = (node: Node): node is Element => 'tagName' in node;
const attr = (el: Element, name: string) => el.attrs.find((a) => a.name === name)?.value;

class PdfWriter {
  private budget = LIMITS.nodes;
  private figures = 0;
  private readonly width: number;

  constructor(private readonly doc: Doc) {
    this.width = doc.page.width - MARGIN.left - MARGIN.right;
  }

  private get bottom(): number {
    return this.doc.page.height - MARGIN.bottom;
  }

  private ensure(height: number): void {
    if (this.doc.y + height > this.bottom) this.doc.addPage();
  }

  /** The text of a node: whitespace collapsed (kept in `pre`), `<br>` a line break, SVG left out. */
  text(node: Node, pre = false): string {
    if (--this.budget < 0) return '';
    if (node.nodeName === '#text') {
      const value = (node as DefaultTreeAdapterMap['textNode']).value;
      return pre ? value : value.replace(/\s+/g, ' ');
    }
    if (!isElement(node)) return '';
    if (node.tagName === 'br') return '\n';
    if (node.tagName === 'svg' || node.tagName === 'script' || node.tagName === 'style') return '';
    if (node.tagName === 'img') return attr(node, 'alt') ?? '';
    return node.childNodes.map((c) => this.text(c, pre || node.tagName === 'pre')).join('');
  }

  paragraph(text: string, options: { size?: number; bold?: boolean; indent?: number; colour?: string } = {}): void {
    const value = text.trim();
    if (!value) return;
    const width = this.width - (options.indent ?? 0);
    this.doc.font(options.bold ? 'bold' : 'body').fontSize(options.size ?? 10.5);
    this.ensure(Math.min(this.doc.heightOfString(value, { width }), 60));
    this.doc
      .fillColor(options.colour ?? INK)
      .text(value, MARGIN.left + (options.indent ?? 0), this.doc.y, { width, lineGap: 3 });
    this.doc.x = MARGIN.left;
    this.doc.y += 6;
  }

  private heading(el: Element): void {
    const size = HEADING_SIZE[el.tagName] ?? 11;
    this.ensure(size * 4);
    this.doc.y += size * 0.6;
    this.paragraph(this.text(el), { size, bold: true });
  }

  private list(el: Element, depth: number): void {
    let n = 0;
    for (const item of el.childNodes) {
      if (!isElement(item) || item.tagName !== 'li') continue;
      n += 1;
      const marker = el.tagName === 'ol' ? `${n}.` : '•';
      const nested = item.childNodes.filter((c) => isElement(c) && (c.tagName === 'ul' || c.tagName === 'ol'));
      const own = item.childNodes.filter((c) => !nested.includes(c));
      this.paragraph(`${marker} ${own.map((c) => this.text(c)).join('')}`, { indent: 14 * depth + 8 });
      for (const sub of nested) this.list(sub as Element, depth + 1);
    }
  }

  private table(el: Element): void {
    const rows: { cells: string[]; head: boolean }[] = [];
    const collect = (node: Element) => {
      for (const child of node.childNodes) {
        if (!isElement(child) || rows.length >= LIMITS.tableRows) continue;
        if (child.tagName === 'tr') {
          const cells = child.childNodes.filter(isElement).filter((c) => c.tagName === 'td' || c.tagName === 'th');
          rows.push({
            cells: cells.slice(0, LIMITS.tableColumns).map((c) => this.text(c).trim()),
            head: node.tagName === 'thead' || cells.every((c) => c.tagName === 'th'),
          });
        } else if (['thead', 'tbody', 'tfoot'].includes(child.tagName)) collect(child);
      }
    };
    collect(el);
    const columns = Math.max(1, ...rows.map((r) => r.cells.length));
    const cellWidth = this.width / columns;
    for (const row of rows) {
      this.doc.font(row.head ? 'bold' : 'body').fontSize(9);
      const height =
        Math.max(...row.cells.map((c) => this.doc.heightOfString(c || ' ', { width: cellWidth - 8 })), 10) + 8;
      this.ensure(height);
      const top = this.doc.y;
      row.cells.forEach((cell, i) => {
        const x = MARGIN.left + i * cellWidth;
        this.doc.lineWidth(0.5).strokeColor(RULE).rect(x, top, cellWidth, height).stroke();
        this.doc.fillColor(INK).text(cell, x + 4, top + 4, { width: cellWidth - 8 });
      });
      this.doc.x = MARGIN.left;
      this.doc.y = top + height;
    }
    this.doc.y += 8;
  }

  private svg(el: Element): void {
    if (++this.figures > LIMITS.figures) return;
    const viewBox = (attr(el, 'viewBox') ?? '').split(/[\s,]+/).map(Number);
    const w = Number.parseFloat(attr(el, 'width') ?? '') || viewBox[2] || 600;
    const h = Number.parseFloat(attr(el, 'height') ?? '') || viewBox[3] || 300;
    const width = Math.min(this.width, w);
    const height = Math.min((width * h) / w, this.bottom - MARGIN.top - 40);
    this.ensure(height + 10);
    const top = this.doc.y;
    try {
      SVGtoPDF(this.doc, serializeOuter(el), MARGIN.left + (this.width - width) / 2, top, {
        width,
        height,
        preserveAspectRatio: 'xMidYMid meet',
        fontCallback: (_family, bold) => (bold ? 'bold' : 'body'),
      });
    } catch {
      // A chart svg-to-pdfkit cannot draw leaves its caption; the page has the chart.
    }
    this.doc.x = MARGIN.left;
    this.doc.y = top + height + 4;
  }

  private figure(el: Element): void {
    const find = (node: Element): Element | undefined => {
      for (const c of node.childNodes) {
        if (!isElement(c)) continue;
        if (c.tagName === 'svg') return c;
        const inner = find(c);
        if (inner) return inner;
      }
      return undefined;
    };
    const svg = find(el);
    if (svg) this.svg(svg);
    const caption = el.childNodes.find((c): c is Element => isElement(c) && c.tagName === 'figcaption');
    const label = caption ? this.text(caption) : svg ? '' : this.text(el);
    if (label) this.paragraph(label, { size: 9, colour: MUTED });
  }

  /** How a block-level element is written, or undefined for inline content. */
  private writerFor(el: Element, depth: number): (() => void) | undefined {
    const tag = el.tagName;
    if (/^h[1-6]$/.test(tag)) return () => this.heading(el);
    switch (tag) {
      case 'p':
        return () => this.paragraph(this.text(el));
      case 'ul':
      case 'ol':
        return () => this.list(el, 0);
      case 'table':
        return () => this.table(el);
      case 'figure':
        return () => this.figure(el);
      case 'svg':
        return () => this.svg(el);
      case 'pre':
        return () => this.paragraph(this.text(el, true), { size: 9, indent: 8 });
      case 'blockquote':
        return () => this.paragraph(this.text(el), { indent: 16, colour: MUTED });
      case 'hr':
        return () => {
          this.doc.y += 8;
        };
      case 'div':
      case 'section':
      case 'article':
      case 'header':
      case 'footer':
      case 'aside':
      case 'details':
      case 'main':
        return () => this.blocks(el, depth + 1);
      default:
        return undefined;
    }
  }

  /** Writes the block-level children of a node. */
  blocks(node: { childNodes: Node[] }, depth = 0): void {
    let inline = '';
    const flush = () => {
      this.paragraph(inline);
      inline = '';
    };
    for (const child of node.childNodes) {
      if (this.budget < 0 || depth > 40) return;
      if (!isElement(child)) {
        inline += this.text(child);
        continue;
      }
      const write = this.writerFor(child, depth);
      if (write) {
        flush();
        write();
      } else inline += this.text(child);
    }
    flush();
  }
}

/** The PDF bytes of one language version of a publication. */
export async function renderArticlePdf(article: PdfArticle): Promise<Buffer> {
  const doc = new PDFDocument({
    size: 'A4',
    margins: MARGIN,
    bufferPages: true,
    lang: article.lang === 'ja' ? 'ja-JP' : 'en-GB',
    displayTitle: true,
    info: { Title: article.title, Author: 'cynex', Subject: article.summary.slice(0, 500) },
  });
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  doc.registerFont('body', font('body'));
  doc.registerFont('bold', font('bold'));
  const writer = new PdfWriter(doc);
  writer.paragraph(article.title, { size: 20, bold: true });
  writer.paragraph(article.meta, { size: 9, colour: MUTED });
  writer.paragraph(article.url, { size: 8.5, colour: MUTED });
  if (article.summary) writer.paragraph(article.summary, { size: 11.5 });
  if (article.notice) writer.paragraph(article.notice, { size: 9.5, colour: '#8a5a00' });
  doc.y += 6;
  writer.blocks(parseFragment(article.bodyHtml));
  const pages = doc.bufferedPageRange();
  for (let i = 0; i < pages.count; i += 1) {
    doc.switchToPage(pages.start + i);
    const bottomMargin = doc.page.margins.bottom;
    doc.page.margins.bottom = 0;
    doc
      .font('body')
      .fontSize(8)
      .fillColor(MUTED)
      .text(`${i + 1} / ${pages.count}`, MARGIN.left, doc.page.height - 40, {
        width: doc.page.width - MARGIN.left - MARGIN.right,
        align: 'center',
        lineBreak: false,
      });
    doc.page.margins.bottom = bottomMargin;
  }
  doc.end();
  return done;
}
