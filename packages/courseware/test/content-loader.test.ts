import { describe, expect, it } from 'vitest';
import { formatContentError, loadContentTree, loadModule, type ContentError } from '../src/index.js';
import {
  FIXTURE_EXERCISE_IDS,
  FIXTURE_LAB_IDS,
  PNG_BYTES,
  fixtureTree,
  lineOf,
  writeFixture,
  type FixtureFiles,
} from './fixtures/content-fixture.js';

const M = 'modules/net-intro';
const known = { labIds: FIXTURE_LAB_IDS, exerciseIds: FIXTURE_EXERCISE_IDS };

async function loadChanged(change: (files: FixtureFiles) => void) {
  const files = fixtureTree();
  change(files);
  return { files, result: await loadContentTree(await writeFixture(files), known) };
}

function replaceIn(files: FixtureFiles, file: string, from: string, to: string): void {
  const text = files[file];
  if (typeof text !== 'string' || !text.includes(from)) throw new Error(`${from} not in ${file}`);
  files[file] = text.replace(from, to);
}

const only = (errors: ContentError[], code: ContentError['code']) => errors.filter((e) => e.code === code);

describe(loadContentTree.name, () => {
  it('loads the valid fixture: the module with its pages in order, the assessments and the course', async () => {
    const { result } = await loadChanged(() => {});
    expect(result.errors.map(formatContentError)).toEqual([]);
    const [module] = result.modules;
    expect(module?.id).toBe('net-intro');
    expect(module?.pages.map((p) => p.id)).toEqual(['01-layers', '02-capture']);
    expect(module?.pages[1]?.acquired).toEqual(['K0221_3', 'K0058_3', 'S0046_3']);
    expect(module?.pages[0]?.variants.ja?.title).toBe('階層モデル');
    expect(module?.pages[0]?.variants.en?.instructor.goal).toBe('Explain what each layer does');
    expect(module?.pages[0]?.variants.en?.body).not.toContain('instructor');
    expect(module?.quiz.map((q) => q.kind)).toEqual(['single', 'multi', 'short', 'numeric', 'flag']);
    expect(result.assessments.map((a) => a.id).sort()).toEqual(['net-post', 'net-pre']);
    expect(result.courses.map((c) => c.id)).toEqual(['net-course']);
  });

  it('reports an unknown NICE id with the page file and line, and leaves the module out', async () => {
    const page = `${M}/pages/01-layers.ja.md`;
    const { files, result } = await loadChanged((f) => {
      replaceIn(f, page, 'K0001_2', 'K9999_2');
      replaceIn(f, `${M}/pages/01-layers.en.md`, 'K0001_2', 'K9999_2');
    });
    const [error] = only(result.errors, 'UNKNOWN_KSA');
    expect(error && formatContentError(error)).toBe(
      `${page}:${String(lineOf(files[page], 'acquired'))}:12: unknown NICE id K9999 in "acquired"`,
    );
    expect(result.modules).toEqual([]);
  });

  it('reports a KSA level outside 1–6 in module.yaml prerequisites', async () => {
    const file = `${M}/module.yaml`;
    const { files, result } = await loadChanged((f) => replaceIn(f, file, 'K0060_1', 'K0060_7'));
    expect(only(result.errors, 'BAD_KSA_LEVEL')).toEqual([
      expect.objectContaining({
        file,
        line: lineOf(files[file], 'prerequisites'),
        message: expect.stringContaining('K0060_7'),
      }),
    ]);
  });

  it('reports an unknown work role', async () => {
    const file = `${M}/module.yaml`;
    const { files, result } = await loadChanged((f) =>
      replaceIn(f, file, 'workRoles: [PR-CDA-001]', 'workRoles: [PR-XYZ-999]'),
    );
    expect(only(result.errors, 'UNKNOWN_WORK_ROLE')).toEqual([
      expect.objectContaining({
        file,
        line: lineOf(files[file], 'workRoles'),
        message: 'unknown NICE work role PR-XYZ-999',
      }),
    ]);
  });

  it('reports a listed page missing in one language at its line in module.yaml', async () => {
    const file = `${M}/module.yaml`;
    const { files, result } = await loadChanged((f) => delete f[`${M}/pages/02-capture.en.md`]);
    expect(only(result.errors, 'PAGE_MISSING')).toEqual([
      expect.objectContaining({
        file,
        line: lineOf(files[file], 'pages:'),
        message: expect.stringContaining('02-capture has no en file'),
      }),
    ]);
  });

  it('reports a page file that module.yaml does not list', async () => {
    const { result } = await loadChanged((f) => (f[`${M}/pages/03-extra.en.md`] = '---\n---\n'));
    expect(only(result.errors, 'PAGE_NOT_LISTED')).toEqual([
      expect.objectContaining({ file: `${M}/pages/03-extra.en.md`, message: expect.stringContaining('not listed') }),
    ]);
  });

  it('reports acquired lists that differ between the languages of a page', async () => {
    const page = `${M}/pages/02-capture.en.md`;
    const { result } = await loadChanged((f) =>
      replaceIn(f, page, '[K0221_3, K0058_3, S0046_3]', '[K0221_3, K0058_3]'),
    );
    expect(only(result.errors, 'ACQUIRED_MISMATCH')).toEqual([
      expect.objectContaining({ file: page, line: 3, message: expect.stringContaining('lacks S0046_3') }),
    ]);
  });

  it('reports a missing instructor part at the instructor block', async () => {
    const page = `${M}/pages/01-layers.ja.md`;
    const { files, result } = await loadChanged((f) =>
      replaceIn(f, page, '  flow: 各層の役割を説明できる (flow)\n', ''),
    );
    expect(only(result.errors, 'INSTRUCTOR_MISSING')).toEqual([
      expect.objectContaining({ file: page, line: lineOf(files[page], 'goal:'), message: 'missing "instructor.flow"' }),
    ]);
  });

  it('reports a quiz answer that is not among the options', async () => {
    const file = `${M}/quiz.yaml`;
    const { files, result } = await loadChanged((f) => replaceIn(f, file, 'answer: a\n', 'answer: z\n'));
    expect(only(result.errors, 'ANSWER_NOT_OPTION')).toEqual([
      expect.objectContaining({ file, line: lineOf(files[file], 'answer: z'), column: 13 }),
    ]);
  });

  it('reports duplicate ids: quiz items, options and pages', async () => {
    const quiz = `${M}/quiz.yaml`;
    const meta = `${M}/module.yaml`;
    const { files, result } = await loadChanged((f) => {
      replaceIn(f, quiz, '- id: q2', '- id: q1');
      replaceIn(f, quiz, '{ id: c, text: { ja: ACK', '{ id: a, text: { ja: ACK');
      replaceIn(f, meta, 'pages: [01-layers, 02-capture]', 'pages: [01-layers, 02-capture, 01-layers]');
    });
    const duplicates = only(result.errors, 'DUPLICATE_ID');
    expect(duplicates).toContainEqual(
      expect.objectContaining({ file: quiz, line: lineOf(files[quiz], '- id: q1\n    kind: multi') + 0 }),
    );
    expect(duplicates).toContainEqual(
      expect.objectContaining({ file: quiz, line: lineOf(files[quiz], '{ id: a, text: { ja: ACK') }),
    );
    expect(duplicates).toContainEqual(
      expect.objectContaining({
        file: meta,
        line: lineOf(files[meta], 'pages:'),
        message: expect.stringContaining('01-layers'),
      }),
    );
  });

  it('reports a course naming an unknown module or assessment', async () => {
    const file = 'courses/net-course.yaml';
    const { files, result } = await loadChanged((f) => {
      replaceIn(f, file, 'modules: [net-intro]', 'modules: [net-intro, no-such-module]');
      replaceIn(f, file, 'postAssessment: net-post', 'postAssessment: no-such-test');
    });
    expect(only(result.errors, 'UNKNOWN_MODULE')).toEqual([
      expect.objectContaining({
        file,
        line: lineOf(files[file], 'modules:'),
        message: 'unknown module no-such-module',
      }),
    ]);
    expect(only(result.errors, 'UNKNOWN_ASSESSMENT')).toEqual([
      expect.objectContaining({
        file,
        line: lineOf(files[file], 'postAssessment'),
        message: 'unknown assessment no-such-test',
      }),
    ]);
    expect(result.courses).toEqual([]);
  });

  it('reports a course whose module has errors, and a required lab no module has', async () => {
    const { result } = await loadChanged((f) => {
      replaceIn(f, `${M}/quiz.yaml`, 'answer: a\n', 'answer: z\n');
    });
    expect(only(result.errors, 'MODULE_INVALID')).toEqual([
      expect.objectContaining({ file: 'courses/net-course.yaml', line: 4 }),
    ]);
    const noLab = await loadChanged((f) => {
      replaceIn(f, `${M}/module.yaml`, 'lab: sqli\nexercise: pcap-synscan\n', '');
    });
    expect(only(noLab.result.errors, 'LAB_REQUIRED_WITHOUT_LAB')).toEqual([
      expect.objectContaining({ file: 'courses/net-course.yaml', line: 7 }),
    ]);
  });

  it('reports unknown lab and exercise ids against the lists passed in', async () => {
    const file = `${M}/module.yaml`;
    const { files, result } = await loadChanged((f) => {
      replaceIn(f, file, 'lab: sqli', 'lab: rce');
      replaceIn(f, file, 'exercise: pcap-synscan', 'exercise: dns-tunnel');
    });
    expect(only(result.errors, 'UNKNOWN_LAB')).toEqual([
      expect.objectContaining({ file, line: lineOf(files[file], 'lab: rce'), column: 6 }),
    ]);
    expect(only(result.errors, 'UNKNOWN_EXERCISE')).toEqual([
      expect.objectContaining({ file, line: lineOf(files[file], 'exercise:') }),
    ]);
  });

  it('refuses assets that are too large, of another type, or not what their name says', async () => {
    const big = new Uint8Array(1024 * 1024 + 1);
    big.set(PNG_BYTES);
    const { result } = await loadChanged((f) => {
      f[`${M}/assets/big.png`] = big;
      f[`${M}/assets/anim.gif`] = new Uint8Array([0x47, 0x49, 0x46, 0x38]);
      f[`${M}/assets/fake.png`] = new TextEncoder().encode('<html>');
      f[`${M}/assets/active.svg`] = '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>';
    });
    expect(only(result.errors, 'ASSET_TOO_LARGE')).toEqual([expect.objectContaining({ file: `${M}/assets/big.png` })]);
    expect(
      only(result.errors, 'ASSET_TYPE')
        .map((e) => e.file)
        .sort(),
    ).toEqual([`${M}/assets/active.svg`, `${M}/assets/anim.gif`, `${M}/assets/fake.png`]);
  });

  it('reports an image that is not a module asset or is missing', async () => {
    const page = `${M}/pages/02-capture.en.md`;
    const { files, result } = await loadChanged((f) => {
      replaceIn(f, page, 'A SYN scan', '![x](https://example.com/t.png) ![y](assets/none.png) A SYN scan');
    });
    const line = lineOf(files[page], '![x]');
    expect(only(result.errors, 'IMAGE_NOT_ASSET')).toEqual([expect.objectContaining({ file: page, line, column: 1 })]);
    expect(only(result.errors, 'ASSET_MISSING')).toEqual([expect.objectContaining({ file: page, line, column: 33 })]);
  });

  it('reports raw HTML in a page with its line and column, but not in code or autolinks', async () => {
    const page = `${M}/pages/02-capture.en.md`;
    const { files, result } = await loadChanged((f) => {
      replaceIn(f, page, 'never completes', 'never <b>completes</b>');
    });
    const line = lineOf(files[page], 'never <b>');
    expect(only(result.errors, 'RAW_HTML').map(formatContentError)).toEqual([
      `${page}:${String(line)}:46: raw HTML "<b>" is not rendered; write Markdown`,
      `${page}:${String(line)}:58: raw HTML "</b>" is not rendered; write Markdown`,
    ]);
  });

  it('reports files over 256 KiB, more than 200 pages, and text that is not UTF-8', async () => {
    const meta = `${M}/module.yaml`;
    const pages = Array.from({ length: 201 }, (_, i) => `${String(i % 100).padStart(2, '0')}-p${String(i)}`);
    const { result } = await loadChanged((f) => {
      f[`${M}/pages/01-layers.ja.md`] = `${String(f[`${M}/pages/01-layers.ja.md`])}\n${'あ'.repeat(90_000)}`;
      f[`${M}/pages/02-capture.en.md`] = new Uint8Array([0x2d, 0x2d, 0x2d, 0x0a, 0xff, 0xfe, 0x0a]);
    });
    expect(only(result.errors, 'FILE_TOO_LARGE')).toEqual([
      expect.objectContaining({ file: `${M}/pages/01-layers.ja.md` }),
    ]);
    expect(only(result.errors, 'NOT_UTF8')).toEqual([expect.objectContaining({ file: `${M}/pages/02-capture.en.md` })]);
    const many = await loadChanged((f) =>
      replaceIn(f, meta, 'pages: [01-layers, 02-capture]', `pages: [${pages.join(', ')}]`),
    );
    expect(only(many.result.errors, 'TOO_MANY_PAGES')).toEqual([expect.objectContaining({ file: meta, line: 15 })]);
  });

  it('reports YAML syntax errors, unknown fields and wrong values at their lines', async () => {
    const meta = `${M}/module.yaml`;
    const quiz = `${M}/quiz.yaml`;
    const { files, result } = await loadChanged((f) => {
      replaceIn(f, meta, 'difficulty: beginner', 'difficulty: expert\ncolour: blue');
      replaceIn(f, quiz, 'items:', 'items: [\n');
    });
    expect(only(result.errors, 'SCHEMA')).toEqual([
      expect.objectContaining({
        file: meta,
        line: lineOf(files[meta], 'difficulty'),
        message: expect.stringContaining('difficulty'),
      }),
      expect.objectContaining({ file: meta, line: lineOf(files[meta], 'colour'), message: 'unknown field "colour"' }),
    ]);
    expect(only(result.errors, 'YAML_SYNTAX')[0]).toEqual(
      expect.objectContaining({ file: quiz, line: expect.any(Number) }),
    );
  });

  it('reports a pre/post pair that measures different KSAs', async () => {
    const file = 'assessments/net-post.yaml';
    const { result } = await loadChanged((f) => replaceIn(f, file, 'ksa: [K0001_2]', 'ksa: [K0001_3]'));
    expect(
      only(result.errors, 'PAIRED_KSA_MISMATCH')
        .map((e) => e.file)
        .sort(),
    ).toEqual(['assessments/net-post.yaml', 'assessments/net-pre.yaml']);
    expect(result.assessments).toEqual([]);
    expect(only(result.errors, 'ASSESSMENT_INVALID')).toHaveLength(2);
  });
});

describe(loadModule.name, () => {
  it('loads one module folder and names its files from the folder', async () => {
    const files = fixtureTree();
    files[`${M}/pages/01-layers.en.md`] = String(files[`${M}/pages/01-layers.en.md`]).replace('K0001_2', 'K0001_9');
    const root = await writeFixture(files);
    const { module, errors } = await loadModule(`${root}/${M}`, known);
    expect(module).toBeUndefined();
    expect(errors).toContainEqual(
      expect.objectContaining({ code: 'BAD_KSA_LEVEL', file: 'net-intro/pages/01-layers.en.md', line: 3 }),
    );
  });

  it('checks lab ids only for form when no list is passed', async () => {
    const files = fixtureTree();
    files[`${M}/module.yaml`] = String(files[`${M}/module.yaml`]).replace('lab: sqli', 'lab: rce');
    const root = await writeFixture(files);
    const { module, errors } = await loadModule(`${root}/${M}`);
    expect(errors).toEqual([]);
    expect(module?.meta.lab).toBe('rce');
  });
});
