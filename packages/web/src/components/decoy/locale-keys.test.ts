import { describe, expect, it } from 'vitest';
import en from '../../locales/en.json';
import ja from '../../locales/ja.json';

function keys(value: unknown, prefix = ''): string[] {
  if (typeof value !== 'object' || value === null) return [prefix];
  return Object.entries(value).flatMap(([key, child]) => keys(child, prefix ? `${prefix}.${key}` : key));
}

describe('console locales', () => {
  it('have the same keys in Japanese and English (plural forms counted once: Japanese has none)', () => {
    const base = (tree: unknown) =>
      [...new Set(keys(tree).map((key) => key.replace(/_(zero|one|two|few|many|other)$/, '')))].sort();
    expect(base(ja)).toEqual(base(en));
  });

  it('translate every decoy key in both languages (no empty text)', () => {
    const empty = (tree: unknown) =>
      keys(tree).filter((key) => {
        const value = key.split('.').reduce<unknown>((node, part) => (node as Record<string, unknown>)[part], tree);
        return typeof value !== 'string' || value.trim() === '';
      });
    expect(empty((en as Record<string, unknown>).decoy)).toEqual([]);
    expect(empty((ja as Record<string, unknown>).decoy)).toEqual([]);
  });
});
