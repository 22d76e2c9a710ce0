import { useEffect, useState, type FormEvent } from 'react';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { ApiError, api, isAbort } from '../../api';
import { certificatePath, type Verification } from '../../components/certificates/certificates';
import { pickPartial } from '../../components/courseware/courseware';
import { LanguageSwitch } from '../../components/LanguageSwitch';
import { ErrorMessage, Loading } from '../../components/Status';
import { formatDate } from '../../format';
import { useAuth } from '../../hooks/useAuth';
import { useLang } from '../../hooks/useLang';

type State =
  | { kind: 'idle' }
  | { kind: 'loading' }
  | { kind: 'valid' | 'revoked'; result: Verification }
  | { kind: 'notFound' | 'malformed' | 'typo' | 'limited' }
  | { kind: 'failed'; error: ApiError };

/** What the hub's answer means for the visitor: a 400 tells a typo (check character) from a wrong shape. */
function stateOf(caught: unknown): State {
  const error = caught instanceof ApiError ? caught : new ApiError(0, 'CLIENT', String(caught));
  if (error.code === 'CERTIFICATE_NOT_FOUND') return { kind: 'notFound' };
  if (error.code === 'CERTIFICATE_CODE_INVALID') {
    return { kind: error.fields.some((f) => f.message === 'check') ? 'typo' : 'malformed' };
  }
  if (error.status === 429) return { kind: 'limited' };
  return { kind: 'failed', error };
}

function Result({ state }: { state: State }) {
  const { t, lang } = useLang();
  if (state.kind === 'idle') return null;
  if (state.kind === 'loading') return <Loading />;
  if (state.kind === 'failed') return <ErrorMessage error={state.error} />;
  if (state.kind !== 'valid' && state.kind !== 'revoked') {
    return (
      <div className="alert alert-warning" role="alert" data-testid="verify-result" data-state={state.kind}>
        <strong>{t('certificates.verify.notValid')}</strong> {t(`certificates.verify.${state.kind}`)}
      </div>
    );
  }
  const { result } = state;
  const valid = state.kind === 'valid';
  return (
    <div data-testid="verify-result" data-state={state.kind}>
      <div className={`alert alert-${valid ? 'success' : 'warning'}`} role="status">
        <strong>{valid ? t('certificates.verify.valid') : t('certificates.verify.revoked')}</strong>
      </div>
      <dl className="facts-list">
        <dt>{t('certificates.verify.learner')}</dt>
        <dd data-testid="verify-learner">{result.learnerName}</dd>
        <dt>{t('certificates.verify.course')}</dt>
        <dd data-testid="verify-course">{pickPartial(result.courseTitle, lang)}</dd>
        <dt>{t('certificates.verify.organisation')}</dt>
        <dd>{lang === 'ja' ? result.orgNameJa : result.orgName}</dd>
        <dt>{t('certificates.verify.cohort')}</dt>
        <dd>{result.cohortName}</dd>
        <dt>{t('certificates.verify.issuedAt')}</dt>
        <dd>{formatDate(result.issuedAt, lang)}</dd>
        <dt>{t('certificates.code')}</dt>
        <dd className="mono">{result.code}</dd>
        {result.revokedAt && (
          <>
            <dt>{t('certificates.verify.revokedAt')}</dt>
            <dd>{formatDate(result.revokedAt, lang)}</dd>
            <dt>{t('certificates.verify.reason')}</dt>
            <dd data-testid="verify-reason">{result.reason}</dd>
          </>
        )}
      </dl>
    </div>
  );
}

/** Public: anyone checks a certificate by its code (from the QR code, or typed from paper). No sign-in needed. */
export default function VerifyPage() {
  const { code = '' } = useParams();
  const { t } = useLang();
  const { me } = useAuth();
  const navigate = useNavigate();
  const [typed, setTyped] = useState(code);
  const [state, setState] = useState<State>({ kind: 'idle' });

  useEffect(() => {
    setTyped(code);
    if (!code) {
      setState({ kind: 'idle' });
      return;
    }
    const controller = new AbortController();
    setState({ kind: 'loading' });
    api
      .get<Verification>(certificatePath.api.verify(code), { signal: controller.signal, quiet401: true })
      .then((result) => setState({ kind: result.status, result }))
      .catch((caught: unknown) => {
        if (!isAbort(caught)) setState(stateOf(caught));
      });
    return () => controller.abort();
  }, [code]);

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    const next = typed.trim();
    if (next) void navigate(certificatePath.verify(next));
  };

  return (
    <div className="auth-screen selfcheck-screen">
      <div className="auth-top">
        <Link to={me ? '/' : '/signin'} className="brand selfcheck-brand">
          <span className="brand-mark" aria-hidden="true" />
          <span className="brand-name">cynex</span>
        </Link>
        <div className="selfcheck-top-tools">
          <LanguageSwitch />
        </div>
      </div>
      <main className="auth-card selfcheck-card">
        <h1 data-testid="verify-title">{t('certificates.verify.title')}</h1>
        <p className="muted">{t('certificates.verify.intro')}</p>
        <form className="form" onSubmit={onSubmit}>
          <label className="field">
            <span className="field-label">{t('certificates.code')}</span>
            <input
              className="mono"
              value={typed}
              maxLength={80}
              placeholder="CYNX-XXXXX-XXXXX-XXXXX-XXXXX-X"
              autoComplete="off"
              spellCheck={false}
              onChange={(event) => setTyped(event.target.value)}
              data-testid="verify-code"
            />
          </label>
          <div className="form-actions">
            <button type="submit" className="btn btn-primary" data-testid="verify-submit">
              {t('certificates.verify.submit')}
            </button>
          </div>
        </form>
        <Result state={state} />
      </main>
    </div>
  );
}
