import { Fragment, useState, type FormEvent } from 'react';
import { Link } from 'react-router-dom';
import { api, apiUrl } from '../../api';
import { formatDate } from '../../format';
import { useAction, useApi, type ApiState } from '../../hooks/useApi';
import { useAuth } from '../../hooks/useAuth';
import { useLang } from '../../hooks/useLang';
import type { CohortDetail, CohortProgress } from '../cohorts/cohortTypes';
import { shareText } from '../cohorts/cohorts';
import { pickPartial, trainingPath } from '../courseware/courseware';
import { ErrorMessage, Notice } from '../Status';
import { certificatePath, type Certificate, type Completion } from './certificates';

/** The completion rules as a checklist: ✓ for a rule met, ✗ with how far the learner got for one not met. */
export function CompletionChecklist({ completion }: { completion: Completion }) {
  const { t, lang } = useLang();
  return (
    <ul className="completion-rules" data-testid="completion-rules">
      {completion.rules.map((r) => (
        <li key={r.rule} data-testid={`completion-rule-${r.rule}`} data-met={String(r.met)}>
          <span aria-hidden="true">{r.met ? '✓' : '✗'}</span> {t(`certificates.rules.${r.rule}`)}{' '}
          <span className="muted small">
            {t('certificates.ruleProgress', {
              actual: shareText(r.actual, lang),
              required: shareText(r.required, lang),
            })}
          </span>
        </li>
      ))}
    </ul>
  );
}

/** One certificate: its code, date, state and the PDF in both languages. */
function CertificateFacts({ certificate }: { certificate: Certificate }) {
  const { t, lang } = useLang();
  return (
    <div data-testid="certificate" data-state={certificate.revokedAt ? 'revoked' : 'valid'}>
      {certificate.revokedAt && (
        <Notice kind="warning">{t('certificates.revoked', { reason: certificate.revokedReason ?? '' })}</Notice>
      )}
      <dl className="facts-list">
        <dt>{t('certificates.code')}</dt>
        <dd className="mono" data-testid="certificate-code">
          {certificate.code}
        </dd>
        <dt>{t('certificates.issuedAt')}</dt>
        <dd>{formatDate(certificate.issuedAt, lang)}</dd>
      </dl>
      <p className="form-actions">
        {(['ja', 'en'] as const).map((pdfLang) => (
          <a
            key={pdfLang}
            className="btn"
            href={apiUrl(certificatePath.api.pdf(certificate.id), { lang: pdfLang })}
            data-testid={`certificate-pdf-${pdfLang}`}
          >
            {t(`certificates.pdf.${pdfLang}`)}
          </a>
        ))}
        <Link to={certificatePath.verify(certificate.code)}>{t('certificates.verifyLink')}</Link>
      </p>
    </div>
  );
}

/** The learner's side: the checklist, "get my certificate" once complete, then the certificate itself. */
function LearnerCertificate({ cohortId, userId, progress, modules }: LearnerProps) {
  const { t, lang } = useLang();
  const list = useApi<{ items: Certificate[] }>(certificatePath.api.ofCohort(cohortId));
  const claim = useAction(() => api.post<Certificate>(certificatePath.api.ofCohort(cohortId), { userId }));
  const completion = progress.data?.completion ?? null;
  const mine = list.data?.items[0];
  return (
    <>
      <ErrorMessage error={list.error} onRetry={list.reload} />
      {mine ? (
        <CertificateFacts certificate={mine} />
      ) : (
        completion && (
          <>
            <p>{completion.complete ? t('certificates.complete') : t('certificates.notYet')}</p>
            <CompletionChecklist completion={completion} />
            {completion.rules.some((r) => r.rule === 'quizzesPassed' && !r.met) && (
              <p className="small">
                {t('certificates.takeQuizzes')}{' '}
                {modules.map((m, i) => (
                  <span key={m.id}>
                    {i > 0 && ' · '}
                    <Link to={`${trainingPath.module(m.id)}?cohort=${encodeURIComponent(cohortId)}`}>
                      {pickPartial(m.title, lang)}
                    </Link>
                  </span>
                ))}
              </p>
            )}
            <ErrorMessage error={claim.error} />
            <button
              type="button"
              className="btn btn-primary"
              disabled={!completion.complete || claim.pending}
              onClick={() => void claim.run().then((made) => made && list.reload())}
              data-testid="certificate-claim"
            >
              {t('certificates.claim')}
            </button>
          </>
        )
      )}
    </>
  );
}

interface LearnerProps {
  cohortId: string;
  userId: string;
  progress: ApiState<CohortProgress>;
  modules: CohortDetail['course']['modules'];
}

/** Those who teach: every learner with their certificate, "issue" and "revoke". */
function CohortCertificates({ cohort }: { cohort: CohortDetail }) {
  const { t, lang } = useLang();
  const list = useApi<{ items: Certificate[] }>(certificatePath.api.ofCohort(cohort.id));
  const issue = useAction((userId: string) =>
    api.post<Certificate>(certificatePath.api.ofCohort(cohort.id), { userId }),
  );
  const revoke = useAction((id: string, reason: string) =>
    api.post<Certificate>(certificatePath.api.revoke(id), { reason }),
  );
  const learners = cohort.members.filter((m) => m.role === 'learner');
  const onIssue = async (userId: string) => {
    if (await issue.run(userId)) list.reload();
  };
  /** The certificate whose revocation is being written, and why. */
  const [revoking, setRevoking] = useState<{ id: string; reason: string } | null>(null);
  const onRevoke = async (event: FormEvent) => {
    event.preventDefault();
    const reason = revoking?.reason.trim();
    if (!revoking || !reason) return;
    if (await revoke.run(revoking.id, reason)) {
      setRevoking(null);
      list.reload();
    }
  };
  const notMet = issue.error?.code === 'COMPLETION_NOT_MET' ? issue.error.fields : [];
  return (
    <>
      <ErrorMessage error={list.error} onRetry={list.reload} />
      {notMet.length > 0 ? (
        <Notice kind="warning">
          {t('certificates.staff.notComplete')}{' '}
          {notMet.map((f) => `${t(`certificates.rules.${f.path}`)} (${f.message})`).join(', ')}
        </Notice>
      ) : (
        <ErrorMessage error={issue.error ?? revoke.error} />
      )}
      <table className="table table-compact" data-testid="cohort-certificates">
        <thead>
          <tr>
            <th>{t('certificates.staff.learner')}</th>
            <th>{t('certificates.code')}</th>
            <th>{t('certificates.staff.status')}</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {learners.map((learner) => {
            const cert = list.data?.items.find((c) => c.userId === learner.userId);
            return (
              <Fragment key={learner.userId}>
                <tr data-testid={`cohort-certificate-${learner.userId}`}>
                  <td>{learner.displayName}</td>
                  <td className="mono">{cert?.code ?? '—'}</td>
                  <td>
                    {!cert
                      ? t('certificates.staff.none')
                      : cert.revokedAt
                        ? t('certificates.staff.revokedOn', { when: formatDate(cert.revokedAt, lang) })
                        : t('certificates.staff.validSince', { when: formatDate(cert.issuedAt, lang) })}
                  </td>
                  <td>
                    {!cert && (
                      <button
                        type="button"
                        className="btn btn-small"
                        disabled={issue.pending}
                        onClick={() => void onIssue(learner.userId)}
                      >
                        {t('certificates.staff.issue')}
                      </button>
                    )}
                    {cert && (
                      <a className="btn btn-small" href={apiUrl(certificatePath.api.pdf(cert.id), { lang })}>
                        PDF
                      </a>
                    )}{' '}
                    {cert && !cert.revokedAt && (
                      <button
                        type="button"
                        className="btn btn-small btn-danger"
                        disabled={revoke.pending || revoking?.id === cert.id}
                        onClick={() => setRevoking({ id: cert.id, reason: '' })}
                      >
                        {t('certificates.staff.revoke')}
                      </button>
                    )}
                  </td>
                </tr>
                {cert && revoking?.id === cert.id && (
                  <tr>
                    <td colSpan={4}>
                      <form
                        className="form-inline"
                        onSubmit={(event) => void onRevoke(event)}
                        data-testid="revoke-form"
                      >
                        <label>
                          {t('certificates.staff.reasonPrompt')}
                          <input
                            type="text"
                            required
                            maxLength={500}
                            autoFocus
                            value={revoking.reason}
                            onChange={(event) => setRevoking({ id: cert.id, reason: event.target.value })}
                            onKeyDown={(event) => {
                              if (event.key === 'Escape') setRevoking(null);
                            }}
                          />
                        </label>
                        <button type="submit" className="btn btn-small btn-danger" disabled={revoke.pending}>
                          {t('certificates.staff.revoke')}
                        </button>
                        <button type="button" className="btn btn-small" onClick={() => setRevoking(null)}>
                          {t('common.cancel')}
                        </button>
                      </form>
                    </td>
                  </tr>
                )}
              </Fragment>
            );
          })}
        </tbody>
      </table>
    </>
  );
}

/** The cohort page's certificate panel: the learner's own, or the whole cohort's for those who teach it. */
export function CertificatePanel({ cohort, progress }: { cohort: CohortDetail; progress: LearnerProps['progress'] }) {
  const { t } = useLang();
  const userId = useAuth().me?.id;
  const teaches = cohort.canManage || cohort.myRole === 'instructor';
  if (!teaches && cohort.myRole !== 'learner') return null;
  return (
    <section className="panel" aria-labelledby="certificate-title" data-testid="certificate-panel">
      <h2 id="certificate-title">{teaches ? t('certificates.staff.title') : t('certificates.title')}</h2>
      {teaches ? (
        <CohortCertificates cohort={cohort} />
      ) : (
        userId && (
          <LearnerCertificate
            cohortId={cohort.id}
            userId={userId}
            progress={progress}
            modules={cohort.course.modules}
          />
        )
      )}
    </section>
  );
}
