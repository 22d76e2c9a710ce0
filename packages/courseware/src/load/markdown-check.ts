/**
 * Finds raw HTML in CommonMark text, which the platform does not render: tags, comments, processing instructions,
 * declarations and CDATA outside code blocks and code spans. Autolinks (`<https://…>`, `<a@b.jp>`) are not HTML.
 * A scanner after the CommonMark spec's "raw HTML" grammar rather than a full parser: indented code is recognised
 * after a blank line only, and code spans within one line, which errs towards not reporting.
 */
export interface MarkdownFinding {
  /** 1-based, within the Markdown text given */
  line: number;
  column: number;
  text: string;
}

const ATTRIBUTE = String.raw`\s+[A-Za-z_:][A-Za-z0-9_.:-]*(?:\s*=\s*(?:[^\s"'=<>\x60]+|'[^']*'|"[^"]*"))?`;
const RAW_HTML = new RegExp(
  String.raw`<[A-Za-z][A-Za-z0-9-]*(?:${ATTRIBUTE})*\s*\/?>|<\/[A-Za-z][A-Za-z0-9-]*\s*>|<!--|<\?|<![A-Za-z]|<!\[CDATA\[`,
  'g',
);
const IMAGE = /!\[[^\]]*\]\(\s*<?([^)\s>]*)>?(?:\s+["'(][^)]*)?\)/g;

interface TextLine {
  line: number;
  /** the line with code spans and escaped characters blanked out, so columns still match */
  text: string;
}

/** The lines of `markdown` that are not code, with inline code blanked. */
function proseLines(markdown: string): TextLine[] {
  const out: TextLine[] = [];
  let fence: { char: string; length: number } | undefined;
  let previousBlank = true;
  let inIndentedCode = false;
  markdown.split(/\r?\n/).forEach((raw, i) => {
    const line = raw.replace(/\t/g, '    ');
    const blank = line.trim() === '';
    if (fence) {
      const close = /^ {0,3}(`{3,}|~{3,})\s*$/.exec(line);
      if (close?.[1] && close[1][0] === fence.char && close[1].length >= fence.length) fence = undefined;
      previousBlank = blank;
      return;
    }
    const open = /^ {0,3}(`{3,}|~{3,})/.exec(line);
    if (open?.[1]) {
      fence = { char: open[1][0] ?? '`', length: open[1].length };
      previousBlank = false;
      inIndentedCode = false;
      return;
    }
    if (!blank && /^ {4}/.test(line) && (previousBlank || inIndentedCode)) {
      inIndentedCode = true;
      previousBlank = false;
      return;
    }
    if (!blank) inIndentedCode = false;
    previousBlank = blank;
    out.push({ line: i + 1, text: blankInlineCode(raw) });
  });
  return out;
}

function blankInlineCode(line: string): string {
  const spaces = (s: string) => ' '.repeat(s.length);
  let text = line.replace(/\\[\\`<>![\]()]/g, spaces);
  text = text.replace(/(`+)([\s\S]*?[^`])\1(?!`)/g, spaces);
  return text;
}

/** Each raw HTML construct, at its line and column. */
export function findRawHtml(markdown: string): MarkdownFinding[] {
  const found: MarkdownFinding[] = [];
  for (const { line, text } of proseLines(markdown)) {
    for (const match of text.matchAll(RAW_HTML)) {
      found.push({ line, column: match.index + 1, text: match[0].slice(0, 40) });
    }
  }
  return found;
}

/** Each inline image `![alt](target)`, with its target. */
export function findImages(markdown: string): MarkdownFinding[] {
  const found: MarkdownFinding[] = [];
  for (const { line, text } of proseLines(markdown)) {
    for (const match of text.matchAll(IMAGE)) found.push({ line, column: match.index + 1, text: match[1] ?? '' });
  }
  return found;
}
