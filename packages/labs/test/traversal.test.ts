import { createConnection } from 'node:net';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { gradeTraversalDefence, traversalObjectivesMet } from '../src/graders/traversal.js';
import { EXPECTED_DOCUMENTS, downloadProblem, traversalLabClient } from '../src/graders/traversal-lab-pages.js';
import { labProcesses, type RunningLab } from './lab-process.js';

const startLab = labProcesses('traversal');

/** A request with the query value exactly as written (no further encoding). */
async function get(lab: RunningLab, pathAndQuery: string): Promise<{ status: number; body: string }> {
  const res = await lab.send({ method: 'GET', path: pathAndQuery });
  return { status: res.status, body: res.body };
}

const objectives = async (lab: RunningLab) => traversalObjectivesMet(await lab.events());

const READ_CONFIG = '/download?file=../../private/config.ini';
const READ_USERS = '/download?file=../../private/users.csv';
const READ_SERVER = '/page?name=../../server.mjs';
const READ_HANDLER = '/download?file=../../handler.mjs';

describe('the path-traversal lab (document portal)', () => {
  it('answers in Japanese by default and in English on request, with no external resources', async () => {
    const lab = await startLab('correct');
    const ja = await get(lab, '/');
    expect(ja.status).toBe(200);
    expect(ja.body).toContain('社内文書ポータル');
    expect(ja.body).toContain('営業部 定例会議 議事録（2026年11月）');
    expect(ja.body).toContain('href="download?file=%E8%AD%B0%E4%BA%8B%E9%8C%B2-2026-11.txt"');
    const en = await lab.send({ method: 'GET', path: '/page?name=guide', headers: { 'accept-language': 'en-US' } });
    expect(en.body).toContain('Using the document portal');
    const jaGuide = await get(lab, '/page?name=guide&lang=ja');
    expect(jaGuide.body).toContain('社内文書ポータルの使い方');
    expect(ja.body + en.body).not.toMatch(/(src|href|action)="(https?:|\/)/);
  });

  it('at vulnerable, ../ in a download reads the private settings and accounts, shows the flag and records the event', async () => {
    const lab = await startLab('vulnerable');
    const config = await get(lab, READ_CONFIG);
    expect(config.status).toBe(200);
    expect(config.body).toContain(lab.flag);
    expect(config.body).toContain('db_password = ');
    const users = await get(lab, READ_USERS);
    expect(users.body).toContain(lab.flag);
    expect(users.body).toMatch(/admin,システム管理者,admin,[0-9a-f]{64},mspt_[0-9a-f]{32}/);
    const events = await lab.events();
    expect(events).toEqual([
      expect.objectContaining({ type: 'exploit', objective: 'traversal-read' }),
      expect.objectContaining({ type: 'exploit', objective: 'traversal-read' }),
    ]);
    expect(traversalObjectivesMet(events)).toEqual({ 'traversal-read': true, 'traversal-source': false });
  });

  it("at vulnerable, the page include serves server.mjs and the download serves handler.mjs (the portal's source)", async () => {
    const lab = await startLab('vulnerable');
    const server = await get(lab, READ_SERVER);
    expect(server.body).toContain(lab.flag);
    expect(server.body).toContain('app-source: minato-docs-portal');
    expect(server.body).toContain('async function loadHandler');
    const handler = await get(lab, READ_HANDLER);
    expect(handler.body).toContain(lab.flag);
    expect(handler.body).toContain('export function resolveDocument');
    expect((await lab.events()).map((e) => e.detail)).toEqual([
      `the page of "../../server.mjs" served the portal's source server.mjs`,
      `the download of "../../handler.mjs" served the portal's source handler.mjs`,
    ]);
    expect(await objectives(lab)).toEqual({ 'traversal-read': false, 'traversal-source': true });
  });

  it('the flag never shows for ordinary use, and reads the permission model denies are a plain 404', async () => {
    const lab = await startLab('vulnerable');
    const client = traversalLabClient(lab.send);
    for (const doc of EXPECTED_DOCUMENTS) expect(downloadProblem(await client.download(doc.file), doc)).toBeUndefined();
    for (const name of ['guide', 'notice']) expect((await client.page(name)).body).not.toContain(lab.flag);
    for (const outside of ['../../../../../../etc/passwd', '../../../../../../proc/self/environ']) {
      const denied = await get(lab, `/download?lang=en&file=${outside}`);
      expect(denied.status).toBe(404);
      expect(denied.body).toContain('was not found');
      expect(denied.body).not.toMatch(/ERR_ACCESS_DENIED|root:|\n\s+at /);
    }
    expect(await lab.events()).toEqual([]);
  });

  it('at naive, the filters stop the plain payloads, but ....//, ..%252f, guide/../ and the symlink get past them', async () => {
    const lab = await startLab('naive');
    for (const blocked of [READ_CONFIG, READ_SERVER, '/page?name=/etc/passwd']) {
      const res = await get(lab, blocked);
      expect(res.status).toBeGreaterThanOrEqual(400);
      expect(res.body).not.toContain(lab.flag);
    }
    expect(await lab.events()).toEqual([]);

    const nested = await get(lab, '/download?file=....//....//private/config.ini');
    expect(nested.body).toContain(lab.flag);
    expect(nested.body).toContain('db_password = ');
    const doubleEncoded = await get(lab, '/download?file=..%252f..%252fprivate%252fusers.csv');
    expect(doubleEncoded.body).toContain('password_sha256,api_token');
    expect(await objectives(lab)).toEqual({ 'traversal-read': true, 'traversal-source': false });

    const prefixed = await get(lab, '/page?name=guide/../../../server.mjs');
    expect(prefixed.body).toContain(lab.flag);
    const symlink = await get(lab, '/page?name=common/texts.mjs');
    expect(symlink.body).toContain(lab.flag);
    expect(symlink.body).toContain('export const TEXTS');
    expect((await lab.events()).at(-1)?.detail).toBe(
      `the page of "common/texts.mjs" served the portal's source ${path.join('lib', 'texts.mjs')}`,
    );
    expect(await objectives(lab)).toEqual({ 'traversal-read': true, 'traversal-source': true });
  });

  it('at correct, every payload is refused with 400 or 404, and the documents and pages still work', async () => {
    const lab = await startLab('correct');
    const payloads = [
      READ_CONFIG,
      READ_USERS,
      READ_SERVER,
      READ_HANDLER,
      '/download?file=....//....//private/config.ini',
      '/download?file=..%252f..%252fprivate%252fusers.csv',
      '/download?file=../../private/config.ini%00.pdf',
      `/download?file=${lab.dir}/private/config.ini`,
      '/page?name=guide/../../../server.mjs',
      '/page?name=common/texts.mjs',
    ];
    for (const payload of payloads) {
      const res = await get(lab, payload);
      expect([400, 404], payload).toContain(res.status);
      expect(res.body).not.toContain(lab.flag);
    }
    expect(await lab.events()).toEqual([]);
    const client = traversalLabClient(lab.send);
    for (const doc of EXPECTED_DOCUMENTS) expect(downloadProblem(await client.download(doc.file), doc)).toBeUndefined();
    expect((await client.page('notice', 'ja')).body).toContain('安全衛生ガイド 2026 年版を掲載しました');
  });

  it('answers bad input with 4xx and keeps running', async () => {
    const lab = await startLab('vulnerable');
    expect((await get(lab, `/download?file=${'a'.repeat(301)}`)).status).toBe(400);
    expect((await get(lab, `/page?name=${'../'.repeat(120)}`)).status).toBe(400);
    expect((await get(lab, '/download')).status).toBe(400);
    expect((await get(lab, '/download?file=%ff%fe%00')).status).toBe(400);
    expect((await get(lab, '/download?file=%zz%')).status).toBe(404);
    expect((await get(lab, '/no-such-page')).status).toBe(404);
    const big = await lab.send({ method: 'POST', path: '/download', body: 'x'.repeat(64 * 1024) });
    expect(big.status).toBe(413);
    const post = await lab.send({ method: 'POST', path: '/', body: 'a=1' });
    expect(post.status).toBe(405);
    const rawBytes = await new Promise<string>((resolve, reject) => {
      const socket = createConnection(lab.port, '127.0.0.1');
      let answer = '';
      socket.on('data', (chunk) => (answer += chunk.toString('latin1')));
      socket.on('end', () => resolve(answer));
      socket.on('error', reject);
      socket.end(
        Buffer.from('GET /download?file=\xff\xfe\x01../ HTTP/1.1\r\nHost: lab\r\nConnection: close\r\n\r\n', 'latin1'),
      );
    });
    expect(rawBytes).toMatch(/^HTTP\/1\.1 4\d\d /);
    expect((await get(lab, '/healthz')).body).toBe('ok');
    expect(await lab.events()).toEqual([]);
  });
});

describe('the lab with a learner edit that does not load', () => {
  it('still starts and shows why on every download and page', async () => {
    const lab = await startLab('correct', {
      'handler.mjs': 'export function resolveDocument(baseDir, name) {\n  return (\n',
    });
    const download = await get(lab, '/download?lang=en&file=price-list-2026.csv');
    expect(download.status).toBe(500);
    expect(download.body).toContain('handler.mjs did not load');
    expect((await get(lab, '/page?name=guide')).body).toContain('handler.mjs did not load');
    expect((await gradeTraversalDefence(lab.send)).passed).toBe(false);
  });
});

/** Fixes a learner might try, each one step short of the correct level. */
const NEAR_FIXES = {
  // Contained in the folder as a string, but the symbolic link common/ still points out of it.
  'no realpath': `import path from 'node:path';
function inside(base, name) {
  const target = path.resolve(base, name);
  if (!target.startsWith(base + path.sep)) throw Object.assign(new Error('bad name'), { status: 400 });
  return target;
}
export const resolveDocument = (baseDir, name) => inside(baseDir, name);
export const resolveTemplate = (baseDir, name, lang) => inside(path.join(baseDir, lang), path.extname(name) ? name : name + '.html');
`,
  // path.resolve instead of path.join, no check: an absolute name replaces the folder.
  'resolve without a check': `import path from 'node:path';
export const resolveDocument = (baseDir, name) => path.resolve(baseDir, name.replaceAll('..', ''));
export const resolveTemplate = (baseDir, name, lang) => path.resolve(baseDir, lang, name.replaceAll('..', '') + '.html');
`,
};

describe(gradeTraversalDefence.name, () => {
  it.each([
    ['vulnerable', ['dotdot-plain', 'dotdot-url-encoded', 'prefixed-and-deep', 'symlink']],
    ['naive', ['dotdot-nested', 'dotdot-double-encoded', 'prefixed-and-deep', 'symlink']],
    ['correct', []],
  ] as const)(
    'at %s the exploit checks that fail include %j, and every functional check passes',
    async (level, failing) => {
      const lab = await startLab(level);
      const started = performance.now();
      const result = await gradeTraversalDefence(lab.send, { instanceDir: lab.dir });
      const ms = Math.round(performance.now() - started);
      const failed = result.checks.filter((c) => !c.passed);
      const report =
        `grader at ${level} (${ms} ms): ${failed.length} of ${result.checks.length} checks failed\n  ` +
        failed.map((c) => `${c.id}: ${c.detail}`).join('\n  ');
      expect(result.passed, report).toBe(level === 'correct');
      expect(failed.map((c) => c.id)).toEqual(expect.arrayContaining([...failing]));
      if (level === 'correct') expect(failed).toEqual([]);
      expect(result.checks.filter((c) => c.kind === 'function' && !c.passed)).toEqual([]);
      expect(result.checks.filter((c) => c.kind === 'function')).toHaveLength(7);
    },
  );

  it.each([
    ['no realpath', ['symlink']],
    // An absolute name, written out or reached by a deep ../ or the relative path from docs to the app, is served.
    ['resolve without a check', ['prefixed-and-deep', 'absolute-paths']],
  ] as const)('a learner fix with %s fails exactly %j', async (fix, failing) => {
    const lab = await startLab('correct', { 'handler.mjs': NEAR_FIXES[fix] });
    const result = await gradeTraversalDefence(lab.send, { instanceDir: lab.dir });
    const failed = result.checks.filter((c) => !c.passed).map((c) => c.id);
    expect(result.passed).toBe(false);
    // This fix strips '..' and resolves: the cross-tree probe of `dotdot-plain` then becomes an absolute path, which
    // names the app's source only when the checkout and the temp dir share no first folder (/work vs /tmp); so
    // dotdot-plain may or may not fail as well, depending on where the repository was cloned.
    const mayAlsoFail: string[] = fix === 'resolve without a check' ? ['dotdot-plain'] : [];
    expect(failed.filter((id) => !mayAlsoFail.includes(id))).toEqual([...failing]);
    // The hub grades without knowing the instance's directory: the app's own absolute paths still catch this one.
    const blind = await gradeTraversalDefence(lab.send);
    expect(blind.passed).toBe(false);
  });
});
