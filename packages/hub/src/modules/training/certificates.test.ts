import { execFile } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { SHIPPED_CONTENT_DIR, loadContentTree, type ContentTree, type QuizItem } from '@cynex/courseware';
import { and, eq } from 'drizzle-orm';
import jsQRModule from 'jsqr';
import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { completeWebSecurity } from '../../../test/certificate-fixtures.js';
import { startTestHub, type TestHub } from '../../../test/harness.js';
import { auditLog } from '../audit/audit.table.js';
import { users } from '../auth/auth.table.js';
import { parseCertificateCode } from './certificate-code.js';
import { CertificatesService } from './certificates.service.js';

const run = promisify(execFile);
// (jsqr is CommonJS with a `default` beside itself: both are the decoder)
const jsQR = jsQRModule.default;
const P = '/api/v1';
type Headers = Record<string, string>;
const LEARNER_NAME = '山田 花子';

function rightAnswer(item: QuizItem): unknown {
  return item.kind === 'short' ? item.answer[0] : item.answer;
}

/** The text of a PDF, and the QR code on its first page decoded from a 150 dpi rendering. */
async function readPdf(bytes: Buffer): Promise<{ text: string; qr: string | undefined }> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'cynex-cert-'));
  try {
    const file = path.join(dir, 'c.pdf');
    await fs.writeFile(file, bytes);
    const { stdout: text } = await run('pdftotext', ['-layout', file, '-']);
    await run('pdftoppm', ['-png', '-r', '150', '-f', '1', '-l', '1', '-singlefile', file, path.join(dir, 'page')]);
    const png = PNG.sync.read(await fs.readFile(path.join(dir, 'page.png')));
    const qr = jsQR(new Uint8ClampedArray(png.data), png.width, png.height);
    return { text, qr: qr?.data };
  } finally {
    await fs.rm(dir, { recursive: true, force: true });
  }
}

/** The same code with one data character changed (its check character no longer matches). */
function altered(code: string): string {
  const i = 7;
  return code.slice(0, i) + (code[i] === '7' ? '8' : '7') + code.slice(i + 1);
}

/** A well-formed code with a correct check character that was never issued. */
function forged(): string {
  for (let n = 0; ; n++) {
    const candidate = `CYNX-ZZZZZ-ZZZZZ-ZZZZZ-${String(n).padStart(5, '0')}-`;
    for (const check of '0123456789ABCDEFGHJKMNPQRSTVWXYZ*~$=U') {
      const parsed = parseCertificateCode(candidate + check);
      if (parsed.ok) return parsed.code;
    }
  }
}

describe(CertificatesService.name, { timeout: 180_000 }, () => {
  let hub: TestHub;
  let tree: ContentTree;
  let orgA: string;
  const h = {} as Record<'instructorA' | 'learner1' | 'learner2' | 'instructorB', Headers>;
  const ids = {} as Record<'instructorA' | 'learner1' | 'learner2', string>;
  const call = (headers: Headers, method: 'GET' | 'POST', url: string, payload?: object) =>
    hub.app.inject({ method, url, headers, ...(payload ? { payload } : {}) });
  const day = 86_400_000;
  const schedule = () => ({
    startsAt: new Date(Date.now() - day).toISOString(),
    endsAt: new Date(Date.now() + 30 * day).toISOString(),
  });

  async function cohortWithLearners(name: string): Promise<string> {
    const made = await call(h.instructorA, 'POST', `${P}/orgs/${orgA}/cohorts`, {
      courseId: 'web-security',
      name,
      ...schedule(),
    });
    expect(made.statusCode, made.body).toBe(201);
    const id = made.json<{ id: string }>().id;
    for (const userId of [ids.learner1, ids.learner2]) {
      const added = await call(h.instructorA, 'POST', `${P}/cohorts/${id}/members`, { userId, role: 'learner' });
      expect(added.statusCode, added.body).toBe(201);
    }
    return id;
  }

  const complete = (cohortId: string, headers: Headers, userId: string) =>
    completeWebSecurity(hub, cohortId, { headers, userId, orgId: orgA });

  beforeAll(async () => {
    hub = await startTestHub({ publicUrl: 'https://cynex.example.jp' });
    tree = await loadContentTree(SHIPPED_CONTENT_DIR);
    orgA = (await hub.org('cert-a')).id;
    const orgB = (await hub.org('cert-b')).id;
    const inA = (role: 'instructor' | 'learner') => ({ memberships: [{ orgId: orgA, role }] });
    ids.instructorA = await hub.user('teach@cert-a.example', inA('instructor'));
    ids.learner1 = await hub.user('one@cert-a.example', inA('learner'));
    ids.learner2 = await hub.user('two@cert-a.example', inA('learner'));
    await hub.user('teach@cert-b.example', { memberships: [{ orgId: orgB, role: 'instructor' }] });
    await hub.database.db.update(users).set({ displayName: LEARNER_NAME }).where(eq(users.id, ids.learner1));
    h.instructorA = await hub.signIn('teach@cert-a.example');
    h.learner1 = await hub.signIn('one@cert-a.example');
    h.learner2 = await hub.signIn('two@cert-a.example');
    h.instructorB = await hub.signIn('teach@cert-b.example');
  }, 60_000);
  afterAll(async () => {
    await hub?.dispose();
  });

  it('keeps the best score of a module quiz in the cohort and counts the attempts', async () => {
    const cohort = await cohortWithLearners('Quiz cohort');
    const module = tree.modules.find((m) => m.id === 'sqli-defence')!;
    const right = Object.fromEntries(module.quiz.map((item) => [item.id, rightAnswer(item)]));
    const max = module.quiz.reduce((sum, i) => sum + i.points, 0);
    const url = `${P}/cohorts/${cohort}/quizzes/sqli-defence?lang=en`;

    const first = await call(h.learner1, 'POST', url, { answers: right });
    expect(first.statusCode, first.body).toBe(200);
    expect(first.json()).toMatchObject({ score: max, max, best: { score: max, max, attempts: 1 } });
    expect(first.json().results).toHaveLength(module.quiz.length);
    const worse = await call(h.learner1, 'POST', url, { answers: {} });
    expect(worse.json()).toMatchObject({ score: 0, best: { score: max, attempts: 2 } });

    expect((await call(h.instructorA, 'POST', url, { answers: right })).statusCode).toBe(403);
    const notInCourse = await call(h.learner1, 'POST', `${P}/cohorts/${cohort}/quizzes/linux-basics`, { answers: {} });
    expect(notInCourse.statusCode).toBe(400);
    const unknownItem = await call(h.learner1, 'POST', url, { answers: { 'no-such-item': 'a' } });
    expect(unknownItem.statusCode).toBe(400);
    const outsider = await call(h.instructorB, 'POST', url, { answers: right });
    expect(outsider.json().error.code).toBe('COHORT_NOT_FOUND');
  });

  it('issues a certificate only once the completion rules are met, as a PDF with a QR code, verifiable in public', async () => {
    const cohort = await cohortWithLearners('Autumn 2026');
    const C = `${P}/cohorts/${cohort}`;

    // Not complete: 409 naming every rule not met; the learner sees the same rules in their progress.
    const early = await call(h.instructorA, 'POST', `${C}/certificates`, { userId: ids.learner1 });
    expect(early.statusCode, early.body).toBe(409);
    expect(early.json().error.code).toBe('COMPLETION_NOT_MET');
    expect(early.json().error.fields.map((f: { path: string }) => f.path)).toEqual([
      'pagesRead',
      'quizzesPassed',
      'labs',
      'postAssessment',
    ]);
    const before = await call(h.learner1, 'GET', `${C}/progress`);
    expect(before.json().completion).toMatchObject({ complete: false });
    expect((await call(h.learner1, 'POST', `${C}/certificates`, { userId: ids.learner1 })).statusCode).toBe(409);

    await complete(cohort, h.learner1, ids.learner1);
    const after = await call(h.learner1, 'GET', `${C}/progress`);
    expect(after.json().completion.complete, after.body).toBe(true);
    expect(after.json().completion.rules.every((r: { met: boolean }) => r.met)).toBe(true);

    // Another learner claims nothing for learner 1; the instructor issues it, once.
    expect((await call(h.learner2, 'POST', `${C}/certificates`, { userId: ids.learner1 })).statusCode).toBe(403);
    const issued = await call(h.instructorA, 'POST', `${C}/certificates`, { userId: ids.learner1 });
    expect(issued.statusCode, issued.body).toBe(201);
    const cert = issued.json<{ id: string; code: string; learnerName: string }>();
    expect(cert.code).toMatch(/^CYNX(-[0-9A-HJKMNP-TV-Z]{5}){4}-[0-9A-HJKMNP-TV-Z*~$=U]$/);
    expect(cert.learnerName).toBe(LEARNER_NAME);
    const twice = await call(h.learner1, 'POST', `${C}/certificates`, { userId: ids.learner1 });
    expect(twice.json().error.code).toBe('CERTIFICATE_ISSUED');
    const [audit] = await hub.database.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, 'certificate.issued'), eq(auditLog.targetId, cert.id)));
    expect(audit?.orgId).toBe(orgA);

    // Lists: the instructor sees it, learner 2 sees only their own (none); the report has the completion column.
    const listed = (headers: Headers) => call(headers, 'GET', `${C}/certificates`).then((r) => r.json().items);
    expect((await listed(h.instructorA)).map((c: { id: string }) => c.id)).toEqual([cert.id]);
    expect(await listed(h.learner2)).toEqual([]);
    const report = await call(h.instructorA, 'GET', `${C}/report?format=json`);
    const row = (userId: string) => report.json().learners.find((l: { userId: string }) => l.userId === userId);
    expect(row(ids.learner1).completion.complete).toBe(true);
    expect(row(ids.learner2).completion.complete).toBe(false);
    const csv = (await call(h.instructorA, 'GET', `${C}/report?format=csv`)).body;
    expect(csv.split('\n')[0]).toContain('"complete","rulesNotMet"');
    expect(csv).toContain(`"${LEARNER_NAME}"`);

    // The PDF in both languages: name, course, code, and a QR code of the public verification URL.
    const verifyUrl = `https://cynex.example.jp/verify/${encodeURIComponent(cert.code)}`;
    const course = tree.courses.find((c) => c.id === 'web-security')!;
    for (const lang of ['ja', 'en'] as const) {
      const pdf = await call(h.learner1, 'GET', `${P}/certificates/${cert.id}/pdf?lang=${lang}`);
      expect(pdf.statusCode, pdf.body).toBe(200);
      expect(pdf.headers['content-type']).toBe('application/pdf');
      const { text, qr } = await readPdf(pdf.rawPayload);
      const flat = text.replace(/\s+/g, '');
      expect(flat).toContain(LEARNER_NAME.replace(/\s+/g, ''));
      expect(flat).toContain(course.title[lang]!.replace(/\s+/g, ''));
      expect(flat).toContain(cert.code);
      expect(text).toContain(lang === 'ja' ? '修了証' : 'Certificate of Completion');
      expect(flat).toContain(lang === 'ja' ? 'cert-a株式会社' : 'cert-aInc.');
      expect(qr).toBe(verifyUrl);
      expect(qr!.endsWith(encodeURIComponent(cert.code))).toBe(true);
    }
    const pdfFor = (headers: Headers) => call(headers, 'GET', `${P}/certificates/${cert.id}/pdf?lang=en`);
    expect((await pdfFor(h.instructorA)).statusCode).toBe(200);
    for (const stranger of [h.learner2, h.instructorB]) {
      const refused = await pdfFor(stranger);
      expect(refused.statusCode).toBe(404);
      expect(refused.json().error.code).toBe('CERTIFICATE_NOT_FOUND');
    }

    // Public verification, without signing in.
    const verify = (code: string) =>
      hub.app.inject({ method: 'GET', url: `${P}/public/certificates/${encodeURIComponent(code)}` });
    const valid = await verify(cert.code);
    expect(valid.statusCode, valid.body).toBe(200);
    expect(valid.json()).toMatchObject({
      status: 'valid',
      learnerName: LEARNER_NAME,
      orgName: 'cert-a Inc.',
      courseTitle: course.title,
      cohortName: 'Autumn 2026',
    });
    expect(valid.json().revokedAt).toBeUndefined();
    expect((await verify(cert.code.toLowerCase().replaceAll('-', ''))).json().status).toBe('valid');
    const typo = await verify(altered(cert.code));
    expect(typo.statusCode).toBe(400);
    expect(typo.json().error).toMatchObject({
      code: 'CERTIFICATE_CODE_INVALID',
      message: expect.stringContaining('check character'),
    });
    const neverIssued = await verify(forged());
    expect(neverIssued.statusCode).toBe(404);
    expect(neverIssued.json().error.code).toBe('CERTIFICATE_NOT_FOUND');
    const malformed = await verify('CYNX-12');
    expect(malformed.statusCode).toBe(400);
    expect(malformed.json().error.message).toContain('CYNX-XXXXX');

    // Revocation: not by the learner; by the instructor, with a reason the public page shows.
    const revoke = (headers: Headers) =>
      call(headers, 'POST', `${P}/certificates/${cert.id}/revoke`, { reason: 'issued to the wrong person' });
    expect((await revoke(h.learner1)).statusCode).toBe(403);
    expect((await revoke(h.instructorB)).statusCode).toBe(404);
    const revoked = await revoke(h.instructorA);
    expect(revoked.statusCode, revoked.body).toBe(200);
    expect((await revoke(h.instructorA)).json().error.code).toBe('CERTIFICATE_REVOKED');
    const afterRevoke = await verify(cert.code);
    expect(afterRevoke.json()).toMatchObject({ status: 'revoked', reason: 'issued to the wrong person' });
    expect(afterRevoke.json().revokedAt).toEqual(expect.any(String));
    const [revokedAudit] = await hub.database.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, 'certificate.revoked'), eq(auditLog.targetId, cert.id)));
    expect(revokedAudit?.details).toMatchObject({ reason: 'issued to the wrong person' });
  });

  it('lets a learner claim their own certificate once complete', async () => {
    const cohort = await cohortWithLearners('Claim cohort');
    await complete(cohort, h.learner2, ids.learner2);
    const claimed = await call(h.learner2, 'POST', `${P}/cohorts/${cohort}/certificates`, { userId: ids.learner2 });
    expect(claimed.statusCode, claimed.body).toBe(201);
    expect(claimed.json().learnerName).toBe('two');
  });
});
