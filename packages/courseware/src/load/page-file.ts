import type { ErrorSink } from '../content-error.js';
import type { Lang } from '../nice/nice-catalogue.js';
import { pageFrontMatterSchema, type PageFrontMatter } from '../schema/module.schema.js';
import type { ContentContext } from './content-checks.js';
import { checkKsaRefs } from './content-checks.js';
import { findImages, findRawHtml } from './markdown-check.js';
import { checkSchema, parseYamlFile, type YamlFile } from './yaml-file.js';

/** One language of a page: its front matter and the learner's Markdown. */
export interface PageVariant extends PageFrontMatter {
  lang: Lang;
  /** path relative to the module folder: pages/01-shell.ja.md */
  path: string;
  /** Learner text (CommonMark). The instructor notes are in `instructor`, never in here. */
  body: string;
}

export interface ParsedPage {
  variant: PageVariant;
  yaml: YamlFile;
  /** image targets, for the asset check */
  images: { target: string; line: number; column: number }[];
}

/** Parses and checks one page file; undefined when it has errors (which are in `sink`). */
export function parsePage(
  text: string,
  path: string,
  displayPath: string,
  lang: Lang,
  ctx: ContentContext,
  sink: ErrorSink,
): ParsedPage | undefined {
  const before = sink.count;
  const lines = text.split('\n');
  const close = lines.findIndex((l, i) => i > 0 && l.trimEnd() === '---');
  if (lines[0]?.trimEnd() !== '---' || close < 0) {
    sink.add('SCHEMA', displayPath, 'a page starts with front matter between two "---" lines', { line: 1, column: 1 });
    return undefined;
  }
  const yaml = parseYamlFile(displayPath, lines.slice(1, close).join('\n'), sink, 1);
  if (!yaml) return undefined;
  const front = checkSchema(yaml, pageFrontMatterSchema, sink, (p) =>
    p[0] === 'instructor' ? 'INSTRUCTOR_MISSING' : 'SCHEMA',
  );
  if (front) checkKsaRefs(yaml, ['acquired'], front.acquired, ctx, sink);

  const bodyOffset = close + 1;
  const body = lines.slice(bodyOffset).join('\n');
  for (const html of findRawHtml(body)) {
    sink.add('RAW_HTML', displayPath, `raw HTML ${JSON.stringify(html.text)} is not rendered; write Markdown`, {
      line: html.line + bodyOffset,
      column: html.column,
    });
  }
  const images = findImages(body).map((image) => ({
    target: image.text,
    line: image.line + bodyOffset,
    column: image.column,
  }));
  if (!front || sink.count > before) return undefined;
  return { variant: { ...front, lang, path, body }, yaml, images };
}
