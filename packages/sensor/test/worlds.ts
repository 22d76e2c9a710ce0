import { generateWorld, type GenOptions } from '../src/world/generate.js';
import type { World } from '../src/world/schema.js';

export const NOW = new Date('2025-06-10T03:00:00Z');

/** A generated world for tests; each call builds its own. */
export function testWorld(overrides: Partial<GenOptions> = {}): World {
  return generateWorld({
    sector: 'manufacturing',
    lang: 'ja',
    employees: 12,
    hosts: 8,
    seed: 11,
    now: NOW,
    ...overrides,
  });
}

/** The 1-based line and column of the n-th occurrence of `needle` in `text`. */
export function lineOf(text: string, needle: string, nth = 0): { line: number; column: number } {
  let at = -1;
  for (let i = 0; i <= nth; i++) {
    at = text.indexOf(needle, at + 1);
    if (at < 0) throw new Error(`"${needle}" not found`);
  }
  const before = text.slice(0, at);
  const line = before.split('\n').length;
  return { line, column: at - before.lastIndexOf('\n') };
}
