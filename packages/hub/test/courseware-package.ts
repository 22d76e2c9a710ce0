import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { exportModuleZip, loadModule } from '@cynex/courseware';
import { zipSync } from 'fflate';

/** A small SVG drawing, a valid module asset. */
export const FIGURE_SVG =
  '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><rect width="10" height="10"/></svg>';

/**
 * The files of a one-page English module `id` with a quiz and an image, written the way a provider would. `ksa` is
 * the reference the page gives (an unknown NICE id makes the module invalid) and `secret` a phrase in its page.
 */
export function moduleFiles(id: string, options: { ksa?: string; secret?: string } = {}): Record<string, string> {
  const ksa = options.ksa ?? 'K0060_1';
  return {
    'module.yaml': [
      `id: ${id}`,
      'version: 1',
      `title: { en: 'Our SOC: ${id}' }`,
      "summary: { en: 'How our security operations centre works.' }",
      'difficulty: beginner',
      'durationMinutes: 30',
      'languages: [en]',
      'workRoles: [PR-CDA-001]',
      'topics: [soc]',
      'prerequisites: []',
      'pages: [01-welcome]',
      '',
    ].join('\n'),
    'pages/01-welcome.en.md': [
      '---',
      'title: Welcome',
      `acquired: [${ksa}]`,
      'instructor:',
      '  goal: Learners know how the SOC is organised.',
      '  flow: A short talk, then a look at the dashboard.',
      '  keyPoints:',
      '    - Keep it short.',
      '---',
      '# Welcome',
      '',
      `${options.secret ?? 'The handbook of our SOC.'}`,
      '',
      '![diagram](assets/fig.svg)',
      '',
    ].join('\n'),
    'quiz.yaml': [
      'items:',
      '  - id: q1',
      '    kind: single',
      `    ksa: [${ksa}]`,
      '    points: 1',
      "    prompt: { en: 'Who reads the alerts first?' }",
      '    options:',
      "      - { id: a, text: { en: 'The on-duty analyst' } }",
      "      - { id: b, text: { en: 'Nobody' } }",
      '    answer: a',
      '',
    ].join('\n'),
    'assets/fig.svg': FIGURE_SVG,
  };
}

/** A module written to a temporary folder, loaded and exported with the courseware zip helper. */
export async function moduleZip(id: string, options: { secret?: string } = {}): Promise<Buffer> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'cynex-package-'));
  try {
    const root = path.join(dir, id);
    for (const [name, text] of Object.entries(moduleFiles(id, options))) {
      await mkdir(path.dirname(path.join(root, name)), { recursive: true });
      await writeFile(path.join(root, name), text);
    }
    const { module, errors } = await loadModule(root);
    if (!module) throw new Error(`the test module is invalid: ${JSON.stringify(errors)}`);
    return Buffer.from(exportModuleZip(module));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

const assessment = (id: string, kind: 'pre' | 'post', partner: string) =>
  [
    `id: ${id}`,
    `title: { ja: '${kind} 診断', en: '${kind} assessment' }`,
    `kind: ${kind}`,
    `pairedWith: ${partner}`,
    'items:',
    '  - id: a1',
    '    kind: single',
    '    ksa: [K0060_1]',
    '    points: 1',
    "    prompt: { ja: '最初にアラートを読むのは誰ですか。', en: 'Who reads the alerts first?' }",
    '    options:',
    "      - { id: a, text: { ja: '当番のアナリスト', en: 'The on-duty analyst' } }",
    "      - { id: b, text: { ja: '誰も読まない', en: 'Nobody' } }",
    '    answer: a',
    '',
  ].join('\n');

/** A content tree: module `intro`, course `onboarding` with a pre- and a post-assessment, as a zip. */
export function coursePackageZip(options: { secret?: string } = {}): Buffer {
  const files: Record<string, Uint8Array> = {};
  const encoder = new TextEncoder();
  for (const [name, text] of Object.entries(moduleFiles('intro', options)))
    files[`onboarding/modules/intro/${name}`] = encoder.encode(text);
  files['onboarding/assessments/onboarding-pre.yaml'] = encoder.encode(
    assessment('onboarding-pre', 'pre', 'onboarding-post'),
  );
  files['onboarding/assessments/onboarding-post.yaml'] = encoder.encode(
    assessment('onboarding-post', 'post', 'onboarding-pre'),
  );
  files['onboarding/courses/onboarding.yaml'] = encoder.encode(
    [
      'id: onboarding',
      "title: { ja: '新人研修', en: 'Onboarding' }",
      "summary: { ja: '私たちの SOC の仕事を学びます。', en: 'Learn how our SOC works.' }",
      'modules: [intro]',
      'preAssessment: onboarding-pre',
      'postAssessment: onboarding-post',
      'completion: { pagesRead: all, quizzesPassed: 0.5 }',
      'workRoles: [PR-CDA-001]',
      '',
    ].join('\n'),
  );
  return Buffer.from(zipSync(files));
}

/** A one-module zip whose page gives `ksa` (for refusals), built without validating it. */
export function rawModuleZip(id: string, ksa: string): Buffer {
  const encoder = new TextEncoder();
  const files = Object.fromEntries(
    Object.entries(moduleFiles(id, { ksa })).map(([name, text]) => [`${id}/${name}`, encoder.encode(text)]),
  );
  return Buffer.from(zipSync(files));
}
