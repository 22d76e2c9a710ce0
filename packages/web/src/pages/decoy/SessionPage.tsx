import { Link, useParams } from 'react-router-dom';
import { LevelBadge, TlpBadge } from '../../components/Badges';
import { CaseLink, LiveBadge, TechniqueChips } from '../../components/decoy/Chips';
import '../../components/decoy/decoy.css';
import { durationParts, sessionDetailOf } from '../../components/decoy/decoyFormat';
import { LiveTerminal } from '../../components/decoy/LiveTerminal';
import { ReplayPlayer } from '../../components/decoy/ReplayPlayer';
import { CaptureList, SessionTimeline } from '../../components/decoy/SessionTimeline';
import { ErrorMessage, Loading, Notice } from '../../components/Status';
import { formatDateTime } from '../../format';
import { useApi } from '../../hooks/useApi';
import { useLang } from '../../hooks/useLang';
import type { DecoySessionDetail } from '../../types/decoy';

function Summary({ session }: { session: DecoySessionDetail }) {
  const { t, lang } = useLang();
  const duration = durationParts(session.startedAt, session.endedAt);
  const rows: [string, React.ReactNode][] = [
    ['source', <span className="mono">{`${session.srcIp}:${session.srcPort}`}</span>],
    ['country', session.srcCountry ?? '—'],
    [
      'world',
      <Link to={`/decoy/${encodeURIComponent(session.worldId)}`} className="mono">
        {session.worldId}
      </Link>,
    ],
    ['host', <span className="mono">{session.host}</span>],
    ['protocol', session.protocol],
    ['user', <span className="mono">{session.username ?? '—'}</span>],
    [
      'auth',
      t('decoy.sessions.authSummary', {
        attempts: session.authAttempts,
        result: session.authSuccess ? t('decoy.sessions.authOk') : t('decoy.sessions.authFailed'),
      }),
    ],
    ['started', formatDateTime(session.startedAt, lang)],
    ['duration', t('decoy.sessions.durationValue', duration)],
    ['case', <CaseLink caseId={session.caseId} />],
    ['level', session.suggestedLevel ? <LevelBadge level={session.suggestedLevel} suggested /> : '—'],
    ['marking', <TlpBadge marking={session.tlp} />],
  ];
  return (
    <dl className="decoy-summary" data-testid="decoy-session-summary">
      {rows.map(([key, value]) => (
        <div key={key}>
          <dt>{t(`decoy.sessions.${key}`)}</dt>
          <dd>{value}</dd>
        </div>
      ))}
    </dl>
  );
}

/** One session: summary, timeline with ATT&CK techniques, captured files, and the replay or the live view. */
export default function SessionPage() {
  const { t } = useLang();
  const { id = '' } = useParams();
  const detail = useApi<unknown>(`/decoy/sessions/${encodeURIComponent(id)}`);

  if (detail.error && !detail.data) {
    return (
      <section className="page">
        {detail.error.status === 404 ? (
          <Notice kind="warning">{t('decoy.sessions.notFound')}</Notice>
        ) : (
          <ErrorMessage error={detail.error} onRetry={detail.reload} />
        )}
        <Link to="/decoy/sessions">{t('decoy.sessions.back')}</Link>
      </section>
    );
  }
  if (!detail.data) return <Loading />;
  const session = sessionDetailOf(detail.data);

  return (
    <section className="page" aria-busy={detail.loading} data-testid="decoy-session">
      <nav className="breadcrumbs" aria-label={t('common.breadcrumbs')}>
        <Link to="/decoy/sessions">{t('decoy.sessions.title')}</Link> <span aria-hidden="true">/</span>{' '}
        <span className="mono">{session.session}</span>
      </nav>
      <div className="page-header">
        <h1>
          {t('decoy.sessions.heading', { src: session.srcIp, host: session.host })} {session.live && <LiveBadge />}
        </h1>
      </div>
      <section className="panel">
        <Summary session={session} />
        <TechniqueChips ids={session.techniques} testId="decoy-session-techniques" />
      </section>
      <section className="panel" aria-labelledby="decoy-terminal-heading">
        <h2 id="decoy-terminal-heading">{session.live ? t('decoy.live.title') : t('decoy.replay.title')}</h2>
        {session.live ? (
          <LiveTerminal sessionId={session.id} onEnded={detail.reload} />
        ) : (
          <ReplayPlayer sessionId={session.id} />
        )}
      </section>
      <section className="panel" aria-labelledby="decoy-timeline-heading">
        <h2 id="decoy-timeline-heading">
          {t('decoy.timeline.title')} <span className="count-pill">{session.events.length}</span>
        </h2>
        <SessionTimeline events={session.events} captures={session.captures} />
      </section>
      {session.captures.length > 0 && (
        <section className="panel" aria-labelledby="decoy-captures-heading">
          <h2 id="decoy-captures-heading">{t('decoy.timeline.captures')}</h2>
          <p className="small muted">{t('decoy.timeline.capturesHelp')}</p>
          <CaptureList captures={session.captures} />
        </section>
      )}
    </section>
  );
}
