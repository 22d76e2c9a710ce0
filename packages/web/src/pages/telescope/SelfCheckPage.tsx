import { useCallback, useEffect, useState } from 'react';
import { Link } from 'react-router-dom';
import { ApiError, api, isAbort } from '../../api';
import { LanguageSwitch } from '../../components/LanguageSwitch';
import { ErrorMessage, Loading } from '../../components/Status';
import '../../components/telescope/telescope.css';
import { describePort, formatSeconds } from '../../components/telescope/telescopeFormat';
import { formatDateTime, formatNumber } from '../../format';
import { useAuth } from '../../hooks/useAuth';
import { useLang } from '../../hooks/useLang';
import type { SelfCheckDecoy, SelfCheckResult } from '../../types';

const JPCERT_URL = 'https://www.jpcert.or.jp/';

type State =
  | { kind: 'loading' }
  | { kind: 'done'; result: SelfCheckResult }
  | { kind: 'limited'; until: number | null }
  | { kind: 'failed'; error: ApiError };

/** The result's state for the page and its tests: seen, clear, or not checkable (a non-public address). */
function verdictOf(result: SelfCheckResult): 'seen' | 'clear' | 'uncheckable' {
  if (!result.checkable) return 'uncheckable';
  return result.seen ? 'seen' : 'clear';
}

function decoyCount(decoy: SelfCheckDecoy): number | undefined {
  return decoy.attacks ?? decoy.events ?? decoy.count;
}

function Ports({ ports }: { ports: string[] | undefined }) {
  if (!ports || ports.length === 0) return <span className="muted">—</span>;
  return (
    <span className="chips">
      {ports.slice(0, 30).map((port) => (
        <span key={port} className="chip mono">
          {describePort(port)}
        </span>
      ))}
    </span>
  );
}

function SeenDetails({ result }: { result: SelfCheckResult }) {
  const { t, lang } = useLang();
  const { darknet, decoy } = result;
  return (
    <div className="selfcheck-findings">
      {darknet && (
        <div className="selfcheck-finding" data-testid="selfcheck-darknet">
          <h3>{t('selfCheck.darknet.title')}</h3>
          <p>{t('selfCheck.darknet.summary', { packets: formatNumber(darknet.packets, lang) })}</p>
          <dl className="facts-list">
            <dt>{t('selfCheck.ports')}</dt>
            <dd>
              <Ports ports={darknet.ports} />
            </dd>
            <dt>{t('selfCheck.firstSeen')}</dt>
            <dd>{formatDateTime(darknet.firstSeen, lang)}</dd>
            <dt>{t('selfCheck.lastSeen')}</dt>
            <dd>{formatDateTime(darknet.lastSeen, lang)}</dd>
          </dl>
        </div>
      )}
      {decoy && (
        <div className="selfcheck-finding" data-testid="selfcheck-decoy">
          <h3>{t('selfCheck.decoy.title')}</h3>
          <p>
            {decoyCount(decoy) !== undefined
              ? t('selfCheck.decoy.summaryCount', { count: decoyCount(decoy) ?? 0 })
              : t('selfCheck.decoy.summary')}
          </p>
          <dl className="facts-list">
            {decoy.ports && decoy.ports.length > 0 && (
              <>
                <dt>{t('selfCheck.ports')}</dt>
                <dd>
                  <Ports ports={decoy.ports} />
                </dd>
              </>
            )}
            {decoy.kinds && decoy.kinds.length > 0 && (
              <>
                <dt>{t('selfCheck.decoy.kinds')}</dt>
                <dd>{decoy.kinds.join(', ')}</dd>
              </>
            )}
            {decoy.firstSeen && (
              <>
                <dt>{t('selfCheck.firstSeen')}</dt>
                <dd>{formatDateTime(decoy.firstSeen, lang)}</dd>
              </>
            )}
            {decoy.lastSeen && (
              <>
                <dt>{t('selfCheck.lastSeen')}</dt>
                <dd>{formatDateTime(decoy.lastSeen, lang)}</dd>
              </>
            )}
          </dl>
        </div>
      )}
    </div>
  );
}

/** What the result means and what to do; `verdict` is undefined while there is no result (loading, 429). */
function Advice({ verdict }: { verdict: 'seen' | 'clear' | undefined }) {
  const { t } = useLang();
  const seen = verdict === 'seen';
  return (
    <div className="selfcheck-advice">
      <h2>{t('selfCheck.meaning.title')}</h2>
      <p>{t('selfCheck.meaning.darknet')}</p>
      {verdict && <p>{seen ? t('selfCheck.meaning.seen') : t('selfCheck.meaning.notSeen')}</p>}
      <h2>{seen ? t('selfCheck.todo.title') : t('selfCheck.todo.titleSafe')}</h2>
      <ol className="selfcheck-steps">
        {seen && <li>{t('selfCheck.todo.find')}</li>}
        <li>{t('selfCheck.todo.passwords')}</li>
        <li>{t('selfCheck.todo.firmware')}</li>
        <li>{t('selfCheck.todo.exposure')}</li>
        {seen && <li>{t('selfCheck.todo.reset')}</li>}
        {seen && (
          <li>
            {t('selfCheck.todo.contact')}{' '}
            <a href={JPCERT_URL} rel="noopener noreferrer" target="_blank">
              {t('selfCheck.todo.jpcert')}
            </a>
            {t('selfCheck.todo.contactEnd')}
          </li>
        )}
      </ol>
      <h2>{t('selfCheck.caveats.title')}</h2>
      <ul className="selfcheck-caveats">
        <li>{t('selfCheck.caveats.shared')}</li>
        <li>{t('selfCheck.caveats.dynamic')}</li>
        <li>{t('selfCheck.caveats.only')}</li>
      </ul>
    </div>
  );
}

/** "Am I infected?": what the darknet and the decoys saw from the visitor's own address. No sign-in needed. */
export default function SelfCheckPage() {
  const { t, lang } = useLang();
  const { me } = useAuth();
  const [state, setState] = useState<State>({ kind: 'loading' });
  const [generation, setGeneration] = useState(0);
  const [now, setNow] = useState(() => Date.now());

  useEffect(() => {
    const controller = new AbortController();
    setState({ kind: 'loading' });
    api
      .get<SelfCheckResult>('/public/self-check', { signal: controller.signal, quiet401: true })
      .then((result) => setState({ kind: 'done', result }))
      .catch((caught: unknown) => {
        if (isAbort(caught)) return;
        const error = caught instanceof ApiError ? caught : new ApiError(0, 'CLIENT', String(caught));
        if (error.status === 429) {
          setState({
            kind: 'limited',
            until: error.retryAfterSeconds ? Date.now() + error.retryAfterSeconds * 1000 : null,
          });
        } else setState({ kind: 'failed', error });
      });
    return () => controller.abort();
  }, [generation]);

  const waiting = state.kind === 'limited' && state.until !== null && state.until > now;
  useEffect(() => {
    if (!waiting) return;
    const timer = window.setInterval(() => setNow(Date.now()), 1000);
    return () => window.clearInterval(timer);
  }, [waiting]);

  const again = useCallback(() => setGeneration((value) => value + 1), []);
  const secondsLeft = state.kind === 'limited' && state.until ? Math.max(0, Math.ceil((state.until - now) / 1000)) : 0;

  return (
    <div className="auth-screen selfcheck-screen">
      <div className="auth-top">
        <Link to={me ? '/' : '/signin'} className="brand selfcheck-brand">
          <span className="brand-mark" aria-hidden="true" />
          <span className="brand-name">cynex</span>
        </Link>
        <div className="selfcheck-top-tools">
          <Link to={me ? '/' : '/signin'} className="selfcheck-top-link">
            {me ? t('selfCheck.toConsole') : t('selfCheck.toSignIn')}
          </Link>
          <LanguageSwitch />
        </div>
      </div>
      <main className="auth-card selfcheck-card">
        <p className="auth-tagline">{t('selfCheck.tagline')}</p>
        <h1 data-testid="selfcheck-title">{t('selfCheck.title')}</h1>
        <p className="muted">{t('selfCheck.intro')}</p>
        <div
          className="selfcheck-result"
          data-testid="selfcheck-result"
          data-state={state.kind === 'done' ? verdictOf(state.result) : state.kind}
        >
          {state.kind === 'loading' && <Loading label={t('selfCheck.checking')} />}
          {state.kind === 'failed' && <ErrorMessage error={state.error} onRetry={again} />}
          {state.kind === 'limited' && (
            <div className="alert alert-warning" role="alert" data-testid="selfcheck-limited">
              <span>
                {waiting
                  ? t('selfCheck.limitedWait', {
                      // whole minutes (rounded up) once the wait is long, so the countdown does not flicker
                      wait: formatSeconds(secondsLeft < 120 ? secondsLeft : Math.ceil(secondsLeft / 60) * 60, lang),
                    })
                  : t('selfCheck.limited')}
              </span>
              <button type="button" className="btn btn-small" onClick={again} disabled={waiting}>
                {t('selfCheck.again')}
              </button>
            </div>
          )}
          {state.kind === 'done' && (
            <>
              <div className="selfcheck-address-row">
                <span className="muted small">{t('selfCheck.yourAddress')}</span>
                <span className="mono selfcheck-address" data-testid="selfcheck-address">
                  {state.result.address}
                </span>
                <span className="muted small">
                  {t('selfCheck.checkedAt', { when: formatDateTime(state.result.checkedAt, lang) })}
                </span>
              </div>
              {!state.result.checkable ? (
                <div
                  className="selfcheck-verdict selfcheck-verdict-uncheckable"
                  role="status"
                  data-testid="selfcheck-uncheckable"
                >
                  <strong>{t(`selfCheck.uncheckable.${state.result.reason ?? 'reserved'}`)}</strong>
                  <span>{t('selfCheck.uncheckable.why')}</span>
                  <span>{t('selfCheck.uncheckable.what')}</span>
                </div>
              ) : state.result.seen ? (
                <div className="selfcheck-verdict selfcheck-verdict-seen" role="status">
                  <strong>{t('selfCheck.seen.title', { hours: state.result.windowHours })}</strong>
                  <span>{t('selfCheck.seen.body')}</span>
                </div>
              ) : (
                <div className="selfcheck-verdict selfcheck-verdict-clear" role="status">
                  <strong>{t('selfCheck.clear.title', { hours: state.result.windowHours })}</strong>
                  <span>{t('selfCheck.clear.body')}</span>
                </div>
              )}
              {state.result.seen && <SeenDetails result={state.result} />}
              <div className="selfcheck-again">
                <button type="button" className="btn btn-small" onClick={again}>
                  {t('selfCheck.again')}
                </button>
              </div>
            </>
          )}
        </div>
        <Advice
          verdict={state.kind === 'done' && state.result.checkable ? (state.result.seen ? 'seen' : 'clear') : undefined}
        />
        <p className="muted small selfcheck-privacy">{t('selfCheck.privacy')}</p>
      </main>
    </div>
  );
}
