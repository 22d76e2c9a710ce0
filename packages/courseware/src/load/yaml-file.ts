import { isMap, isNode, isPair, isScalar, LineCounter, parseDocument, type Document } from 'yaml';
import type { z } from 'zod';
import type { ContentErrorCode, ErrorSink, Position } from '../content-error.js';

export type YamlPath = readonly PropertyKey[];

/** A parsed YAML text that can say where a value (or a missing key's parent) sits. */
export class YamlFile {
  constructor(
    readonly file: string,
    readonly value: unknown,
    private readonly doc: Document.Parsed,
    private readonly lines: LineCounter,
    /** Lines before the YAML in its file (front matter starts on line 2 of a page). */
    private readonly lineOffset: number,
  ) {}

  /** The position of the value at `path`, or of its nearest present ancestor. */
  locate(path: YamlPath): Position {
    const keys = path.filter((k): k is string | number => typeof k !== 'symbol');
    for (let n = keys.length; n >= 0; n--) {
      const node = n === 0 ? this.doc.contents : this.doc.getIn(keys.slice(0, n), true);
      if (isNode(node) && node.range) return this.position(node.range[0]);
    }
    return { line: this.lineOffset + 1, column: 1 };
  }

  /** The position of `key` in the mapping at `path` (for unknown or duplicate keys). */
  locateKey(path: YamlPath, key: string): Position {
    const keys = path.filter((k): k is string | number => typeof k !== 'symbol');
    const map = keys.length === 0 ? this.doc.contents : this.doc.getIn(keys, true);
    if (isMap(map)) {
      for (const pair of map.items) {
        if (isPair(pair) && isScalar(pair.key) && pair.key.value === key && pair.key.range)
          return this.position(pair.key.range[0]);
      }
    }
    return this.locate(path);
  }

  has(path: YamlPath): boolean {
    const keys = path.filter((k): k is string | number => typeof k !== 'symbol');
    return keys.length === 0 || this.doc.hasIn(keys);
  }

  private position(offset: number): Position {
    const { line, col } = this.lines.linePos(offset);
    return { line: line + this.lineOffset, column: col };
  }
}

/** Parses `text`; syntax errors go to `sink` with their line, and the result is undefined. */
export function parseYamlFile(file: string, text: string, sink: ErrorSink, lineOffset = 0): YamlFile | undefined {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length > 0) {
    for (const error of doc.errors) {
      const { line, col } = lines.linePos(error.pos[0]);
      const message = error.message.split('\n')[0] ?? error.code;
      sink.add('YAML_SYNTAX', file, `YAML: ${message}`, { line: line + lineOffset, column: col });
    }
    return undefined;
  }
  let value: unknown;
  try {
    // a small alias budget: "billion laughs" documents expand through aliases
    value = doc.toJS({ maxAliasCount: 100 });
  } catch (error) {
    sink.add('YAML_SYNTAX', file, `YAML: ${(error as Error).message}`, { line: lineOffset + 1 });
    return undefined;
  }
  return new YamlFile(file, value, doc, lines, lineOffset);
}

/** `items[2].ksa[0]` */
export function formatPath(path: YamlPath): string {
  let out = '';
  for (const key of path) {
    if (typeof key === 'number') out += `[${String(key)}]`;
    else out += out === '' ? String(key) : `.${String(key)}`;
  }
  return out === '' ? '(top level)' : out;
}

/**
 * Validates the YAML value against `schema`; each issue is reported at the line of the value it is about (a missing
 * key at its parent, an unknown key at the key). Returns the parsed value when there is no issue.
 */
export function checkSchema<S extends z.ZodType>(
  yaml: YamlFile,
  schema: S,
  sink: ErrorSink,
  codeFor: (path: YamlPath) => ContentErrorCode = () => 'SCHEMA',
): z.infer<S> | undefined {
  const result = schema.safeParse(yaml.value);
  if (result.success) return result.data;
  for (const issue of result.error.issues) {
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) {
        const path = [...issue.path, key];
        sink.add(codeFor(path), yaml.file, `unknown field "${formatPath(path)}"`, yaml.locateKey(issue.path, key));
      }
      continue;
    }
    const missing = !yaml.has(issue.path);
    const message = missing ? `missing "${formatPath(issue.path)}"` : `${formatPath(issue.path)}: ${issue.message}`;
    sink.add(codeFor(issue.path), yaml.file, message, yaml.locate(issue.path));
  }
  return undefined;
}
