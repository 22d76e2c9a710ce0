import { AppError } from '../../errors.js';
import { requireUser, type Actor } from '../../platform/actor.js';
import type { AuditService } from '../audit/audit.service.js';
import type { RateLimitRepository } from '../telescope/rate-limit.repository.js';
import { newCertificateCode, parseCertificateCode } from './certificate-code.js';
import { renderCertificatePdf } from './certificate-pdf.js';
import type { CompletionEvaluator } from './completion.js';
import type { CertificateRow, CompletionRepository } from './completion.repository.js';
import type { IssueCertificateInput, RevokeCertificateInput } from './certificates.schema.js';
import { courseOf, openCohort, requireThat, teaches, type CohortView, type CourseContent } from './training-access.js';
import type { TrainingRepository } from './training.repository.js';

const present = (row: CertificateRow, verifyUrl: string) => ({
  id: row.id,
  code: row.code,
  cohortId: row.cohortId,
  userId: row.userId,
  learnerName: row.learnerName,
  orgName: row.orgName,
  courseId: row.courseId,
  courseTitle: row.courseTitle,
  cohortName: row.cohortName,
  issuedAt: row.issuedAt.toISOString(),
  revokedAt: row.revokedAt?.toISOString() ?? null,
  revokedReason: row.revokedReason,
  verifyUrl,
});

/**
 * Certificates of completion: issued by a cohort's instructors (or claimed by the learner) once the course's
 * completion rules are met, frozen as issued, revocable, and verifiable by anyone through their code.
 */
export class CertificatesService {
  constructor(
    private readonly repo: TrainingRepository,
    private readonly certificates: CompletionRepository,
    private readonly content: CourseContent,
    private readonly completion: CompletionEvaluator,
    private readonly audit: AuditService,
    private readonly limiter: RateLimitRepository,
    private readonly options: { publicBaseUrl: string; verifyLimit: { requests: number; windowSeconds: number } },
  ) {}

  /** Where anyone checks the code: the console's public page. */
  verifyUrl(code: string): string {
    return `${this.options.publicBaseUrl.replace(/\/+$/, '')}/verify/${encodeURIComponent(code)}`;
  }

  /**
   * Issues the learner's certificate when they meet every completion rule (else 409 COMPLETION_NOT_MET naming the
   * rules not met). A second request is 409 CERTIFICATE_ISSUED: the existing certificate is in the cohort's list.
   */
  async issue(actor: Actor, cohortId: string, input: IssueCertificateInput) {
    const view = await openCohort(this.repo, actor, cohortId);
    requireThat(
      teaches(view) || (view.memberRole === 'learner' && view.user.userId === input.userId),
      "certificates are issued by the cohort's instructors, or claimed by the learner",
    );
    const learner = (await this.repo.members(cohortId)).find((m) => m.userId === input.userId && m.role === 'learner');
    if (!learner) throw new AppError('NOT_FOUND', 'not a learner of the cohort');
    if (await this.certificates.certificateOf(cohortId, learner.userId)) {
      throw new AppError('CERTIFICATE_ISSUED', 'the learner already has a certificate for this cohort');
    }
    const completion = await this.completion.forLearner(view.cohort, learner.userId);
    if (!completion.complete) {
      const unmet = completion.rules.filter((r) => !r.met);
      throw new AppError('COMPLETION_NOT_MET', `not complete: ${unmet.map((r) => r.rule).join(', ')}`, {
        fields: unmet.map((r) => ({ path: r.rule, message: `${fmt(r.actual)} of ${fmt(r.required)} required` })),
      });
    }
    const course = await courseOf(this.content, view.cohort);
    const org = await this.certificates.orgNames(view.cohort.orgId);
    for (let attempt = 0; attempt < 3; attempt++) {
      const row = await this.certificates.insertCertificate({
        code: newCertificateCode(),
        cohortId,
        userId: learner.userId,
        learnerName: learner.displayName,
        orgName: org?.nameEn ?? '',
        courseId: course.id,
        courseTitle: { ja: course.title.ja ?? course.title.en ?? '', en: course.title.en ?? course.title.ja ?? '' },
        cohortName: view.cohort.name,
        details: { orgNameJa: org?.nameJa ?? '', completion: completion.rules },
        issuedBy: view.user.userId,
      });
      if (row === 'issued') throw new AppError('CERTIFICATE_ISSUED', 'the learner already has a certificate');
      if (row === 'code-taken') continue;
      await this.audit.record(view.user, {
        action: 'certificate.issued',
        targetType: 'certificate',
        targetId: row.id,
        orgId: view.cohort.orgId,
        details: { cohortId, userId: row.userId, code: row.code },
      });
      return present(row, this.verifyUrl(row.code));
    }
    throw new AppError('BUSY', 'no free certificate code was found; try again');
  }

  /** Those who teach the cohort see every certificate; a learner only their own. */
  async list(actor: Actor, cohortId: string) {
    const view = await openCohort(this.repo, actor, cohortId);
    const rows = await this.certificates.certificatesOf(cohortId, teaches(view) ? undefined : view.user.userId);
    return { items: rows.map((row) => present(row, this.verifyUrl(row.code))) };
  }

  /** The certificate and the caller's view of its cohort; 404 to anyone but its learner and those who teach it. */
  private async open(actor: Actor, certId: string): Promise<{ row: CertificateRow; view: CohortView }> {
    requireUser(actor);
    const notFound = new AppError('CERTIFICATE_NOT_FOUND', 'no such certificate');
    const row = await this.certificates.certificateById(certId);
    if (!row) throw notFound;
    const view = await openCohort(this.repo, actor, row.cohortId).catch((error: unknown) => {
      if (error instanceof AppError && error.code === 'COHORT_NOT_FOUND') return undefined;
      throw error;
    });
    if (!view || !(teaches(view) || view.user.userId === row.userId)) throw notFound;
    return { row, view };
  }

  async pdf(actor: Actor, certId: string, lang: 'ja' | 'en') {
    const { row } = await this.open(actor, certId);
    const bytes = await renderCertificatePdf(row, lang, this.verifyUrl(row.code));
    return { bytes, fileName: `certificate-${row.code.replace(/[^A-Z0-9-]/g, '')}-${lang}.pdf` };
  }

  async revoke(actor: Actor, certId: string, input: RevokeCertificateInput) {
    const { row, view } = await this.open(actor, certId);
    requireThat(teaches(view), "only the cohort's instructors and the organisation's admins revoke certificates");
    const revoked = await this.certificates.revoke(row.id, input.reason);
    if (!revoked) throw new AppError('CERTIFICATE_REVOKED', 'the certificate is revoked already');
    await this.audit.record(view.user, {
      action: 'certificate.revoked',
      targetType: 'certificate',
      targetId: row.id,
      orgId: view.cohort.orgId,
      details: { cohortId: row.cohortId, userId: row.userId, code: row.code, reason: input.reason },
    });
    return present(revoked, this.verifyUrl(revoked.code));
  }

  /**
   * What anyone may learn of a code, without signing in: a malformed code or one with a typo is 400, a well-formed
   * code never issued is 404. Requests are counted per client address, as the self-check does.
   */
  async verify(clientAddress: string, input: string) {
    const { count, resetSeconds } = await this.limiter.hit(
      `certverify:${clientAddress}`,
      this.options.verifyLimit.windowSeconds,
    );
    if (count > this.options.verifyLimit.requests) {
      throw new AppError('RATE_LIMITED', 'too many verifications from this address; try again later', {
        retryAfterSeconds: resetSeconds,
      });
    }
    const parsed = parseCertificateCode(input);
    if (!parsed.ok)
      throw new AppError('CERTIFICATE_CODE_INVALID', parsed.message, {
        fields: [{ path: 'code', message: parsed.problem }],
      });
    const row = await this.certificates.certificateByCode(parsed.code);
    if (!row) throw new AppError('CERTIFICATE_NOT_FOUND', 'no certificate has this code');
    return {
      code: row.code,
      status: row.revokedAt ? ('revoked' as const) : ('valid' as const),
      learnerName: row.learnerName,
      orgName: row.orgName,
      orgNameJa: typeof row.details.orgNameJa === 'string' ? row.details.orgNameJa : row.orgName,
      courseTitle: row.courseTitle,
      cohortName: row.cohortName,
      issuedAt: row.issuedAt.toISOString(),
      ...(row.revokedAt ? { revokedAt: row.revokedAt.toISOString(), reason: row.revokedReason ?? '' } : {}),
    };
  }
}

const fmt = (share: number) => `${Math.round(share * 100)}%`;
