import { listExercises } from '@cynex/labs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { formatContentError, loadContentTree, readLabIds } from '../src/index.js';

const CONTENT_DIR = fileURLToPath(new URL('../content', import.meta.url));
const LABS_APPS_DIR = fileURLToPath(new URL('../../labs/apps', import.meta.url));

describe('the content shipped in packages/courseware/content', () => {
  it('validates without errors against the NICE catalogue and the real lab and exercise ids', async () => {
    const tree = await loadContentTree(CONTENT_DIR, {
      labIds: await readLabIds(LABS_APPS_DIR),
      exerciseIds: (await listExercises()).map((e) => e.id),
    });
    expect(tree.errors.map(formatContentError)).toEqual([]);
    expect(tree.modules.length).toBeGreaterThan(0);
  });
});
