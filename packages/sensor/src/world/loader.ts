import { readFile, stat } from 'node:fs/promises';
import { basename } from 'node:path';
import { isMap, isNode, isPair, isScalar, isSeq, LineCounter, parseDocument, type Node, type Document } from 'yaml';
import type { z } from 'zod';
import { consistencyIssues } from './consistency.js';
import { referenceIssues, type WorldIssue } from './references.js';
import { WorldShape, type World } from './schema.js';

/** Larger world files are refused before parsing: a 40-employee world is about 300 KiB. */
export const MAX_WORLD_BYTES = 20 * 1024 * 1024;
/** Aliases a world file may expand; a "billion laughs" document exceeds it at once. */
export const MAX_ALIAS_COUNT = 100;
/** Nesting deeper than this is not a world (the schema's deepest field is about 8 levels down). */
export const MAX_DEPTH = 32;

export type WorldErrorCode =
  'WORLD_TOO_LARGE' | 'WORLD_YAML_SYNTAX' | 'WORLD_ALIAS_LIMIT' | 'WORLD_TOO_DEEP' | 'WORLD_INVALID';

/** One problem in a world file, where it is and which field. */
export interface WorldError {
  code: WorldErrorCode;
  file: string;
  line: number;
  column: number;
  /** `hosts[3].services[0].port`; empty for the document as a whole. */
  path: string;
  message: string;
}

export type LoadResult = { ok: true; world: World } | { ok: false; errors: WorldError[] };

/** `world.yaml:42:7 hosts[3].services[0].port: expected a number from 1 to 65535` */
export function formatWorldError(e: WorldError): string {
  return `${e.file}:${e.line}:${e.column} ${e.path ? `${e.path}: ` : ''}${e.message}`;
}

export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else if (typeof key === 'string' && /^[A-Za-z_][A-Za-z0-9_]*$/.test(key)) out += out ? `.${key}` : key;
    else out += `[${JSON.stringify(String(key))}]`;
  }
  return out;
}

/**
 * Parses and validates a world document. Every problem is reported (syntax, structure, references, consistency),
 * each with its line, column and field path; nothing is thrown for bad input.
 *
 * @example
 * const result = loadWorld(text, 'world.yaml');
 * if (!result.ok) for (const e of result.errors) console.error(formatWorldError(e));
 */
export function loadWorld(text: string, file = 'world.yaml'): LoadResult {
  const at = (code: WorldErrorCode, message: string, line = 1, column = 1, path = ''): WorldError => ({
    code,
    file,
    line,
    column,
    path,
    message,
  });
  const bytes = Buffer.byteLength(text, 'utf8');
  if (bytes > MAX_WORLD_BYTES)
    return { ok: false, errors: [at('WORLD_TOO_LARGE', `file is ${bytes} bytes; the limit is ${MAX_WORLD_BYTES}`)] };

  const lineCounter = new LineCounter();
  let doc: Document.Parsed;
  try {
    doc = parseDocument(text, { lineCounter, uniqueKeys: true, prettyErrors: false, version: '1.2' });
  } catch (error) {
    // The composer recurses per nesting level; a pathological document exhausts the stack.
    if (error instanceof RangeError) return { ok: false, errors: [at('WORLD_TOO_DEEP', 'nested too deeply')] };
    throw error;
  }
  const position = (offset: number) => lineCounter.linePos(offset);
  const syntax = doc.errors.map((e) => {
    const { line, col } = position(e.pos[0]);
    const message = e.code === 'DUPLICATE_KEY' ? 'duplicate key' : e.message.split('\n')[0]!;
    return at('WORLD_YAML_SYNTAX', message, line, col, duplicateKeyPath(doc, e.pos[0]));
  });
  if (syntax.length > 0) return { ok: false, errors: syntax };

  const tooDeep = deepNode(doc.contents);
  if (tooDeep) {
    const { line, col } = position(tooDeep.range?.[0] ?? 0);
    return { ok: false, errors: [at('WORLD_TOO_DEEP', `nested more than ${MAX_DEPTH} levels`, line, col)] };
  }

  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch (error) {
    if (error instanceof ReferenceError || error instanceof RangeError)
      return {
        ok: false,
        errors: [at('WORLD_ALIAS_LIMIT', `too many aliases (limit ${MAX_ALIAS_COUNT}): ${error.message}`)],
      };
    throw error;
  }

  const locate = (path: readonly PropertyKey[], message: string): WorldError => {
    const node = nodeAt(doc, path);
    const { line, col } = position(node?.range?.[0] ?? 0);
    return at('WORLD_INVALID', message, line, col, formatPath(path));
  };
  const parsed = WorldShape.safeParse(data);
  if (!parsed.success) return { ok: false, errors: parsed.error.issues.flatMap((i) => zodIssue(i, data, locate)) };

  const issues: WorldIssue[] = referenceIssues(parsed.data);
  if (issues.length === 0) issues.push(...consistencyIssues(parsed.data));
  if (issues.length > 0) return { ok: false, errors: issues.map((i) => locate(i.path, i.message)) };
  return { ok: true, world: parsed.data };
}

/** Reads a world file, refusing one over {@link MAX_WORLD_BYTES} before reading it. */
export async function loadWorldFile(path: string): Promise<LoadResult> {
  const name = basename(path);
  const { size } = await stat(path);
  if (size > MAX_WORLD_BYTES) {
    const message = `file is ${size} bytes; the limit is ${MAX_WORLD_BYTES}`;
    return { ok: false, errors: [{ code: 'WORLD_TOO_LARGE', file: name, line: 1, column: 1, path: '', message }] };
  }
  return loadWorld(await readFile(path, 'utf8'), name);
}

function zodIssue(
  issue: z.core.$ZodIssue,
  data: unknown,
  locate: (path: readonly PropertyKey[], message: string) => WorldError,
): WorldError[] {
  if (issue.code === 'unrecognized_keys')
    return issue.keys.map((key) => locate([...issue.path, key], `unknown field "${key}"`));
  if (issue.code === 'invalid_type' && valueAt(data, issue.path) === undefined)
    return [locate(issue.path, `missing (${issue.message})`)];
  return [locate(issue.path, issue.message)];
}

function valueAt(data: unknown, path: readonly PropertyKey[]): unknown {
  let value = data;
  for (const key of path) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<PropertyKey, unknown>)[key];
  }
  return value;
}

/**
 * The YAML node for a path, or the deepest existing node on the way (a missing field points at its parent; an
 * unknown key at the key itself).
 */
function nodeAt(doc: Document.Parsed, path: readonly PropertyKey[]): Node | null {
  let node: unknown = doc.contents;
  let found: Node | null = isNode(node) ? node : null;
  for (const key of path) {
    if (isMap(node)) {
      const pair = node.items.find((p) => isScalar(p.key) && String(p.key.value) === String(key));
      if (!pair) break;
      node = pair.value ?? pair.key;
      // Point at the value, or at the key when the value is empty or the key itself is the problem.
      found = isNode(pair.value) && pair.value.range ? pair.value : isNode(pair.key) ? pair.key : found;
      if (!isNode(pair.value)) break;
    } else if (isSeq(node) && typeof key === 'number') {
      const item: unknown = node.items[key];
      if (!isNode(item)) break;
      node = item;
      found = item;
    } else break;
  }
  return found;
}

/** The path of the key at a duplicate-key error's offset, for the message. */
function duplicateKeyPath(doc: Document.Parsed, offset: number): string {
  const path: PropertyKey[] = [];
  const visit = (node: unknown): boolean => {
    if (isMap(node)) {
      for (const pair of node.items) {
        if (!isPair(pair)) continue;
        const key = isScalar(pair.key) ? String(pair.key.value) : '?';
        if (isNode(pair.key) && pair.key.range?.[0] === offset) {
          path.push(key);
          return true;
        }
        path.push(key);
        if (visit(pair.value)) return true;
        path.pop();
      }
    } else if (isSeq(node)) {
      for (let i = 0; i < node.items.length; i++) {
        path.push(i);
        if (visit(node.items[i])) return true;
        path.pop();
      }
    }
    return false;
  };
  return visit(doc.contents) ? formatPath(path) : '';
}

/** A node nested deeper than {@link MAX_DEPTH}, found without recursion. */
function deepNode(root: unknown): Node | null {
  const stack: { node: unknown; depth: number }[] = [{ node: root, depth: 0 }];
  while (stack.length > 0) {
    const { node, depth } = stack.pop()!;
    if (depth > MAX_DEPTH) return isNode(node) ? node : null;
    if (isMap(node)) for (const pair of node.items) stack.push({ node: pair.value, depth: depth + 1 });
    else if (isSeq(node)) for (const item of node.items) stack.push({ node: item, depth: depth + 1 });
  }
  return null;
}
