import { Link } from 'react-router-dom';
import { formatDateTime, formatNumber } from '../../format';
import { useLang } from '../../hooks/useLang';
import type { DecoySession } from '../../types/decoy';
import { LevelBadge } from '../Badges';
import { CaseLink, LiveBadge, TechniqueChips } from './Chips';

/** Live sessions first, then newest first (the hub sends newest first; a live one may have started earlier). */
export function liveFirst(items: readonly DecoySession[]): DecoySession[] {
  return [...items].sort((a, b) => Number(b.live) - Number(a.live));
}

/** Sessions of one or many worlds: source, user, counts, techniques reached and the case they joined. */
export function SessionTable({
  items,
  showWorld = true,
  testId = 'decoy-sessions-table',
}: {
  items: readonly DecoySession[];
  showWorld?: boolean;
  testId?: string;
}) {
  const { t, lang } = useLang();
  return (
    <div className="table-wrap">
      <table className="table" data-testid={testId}>
        <thead>
          <tr>
            <th scope="col">{t('decoy.sessions.started')}</th>
            {showWorld && <th scope="col">{t('decoy.sessions.world')}</th>}
            <th scope="col">{t('decoy.sessions.source')}</th>
            <th scope="col">{t('decoy.sessions.host')}</th>
            <th scope="col">{t('decoy.sessions.user')}</th>
            <th scope="col" className="num">
              {t('decoy.sessions.commands')}
            </th>
            <th scope="col">{t('decoy.techniques')}</th>
            <th scope="col">{t('decoy.sessions.level')}</th>
            <th scope="col">{t('decoy.sessions.case')}</th>
          </tr>
        </thead>
        <tbody>
          {liveFirst(items).map((session) => (
            <tr key={session.id} data-testid={`decoy-session-row-${session.session}`}>
              <td className="nowrap">
                <Link to={`/decoy/sessions/${encodeURIComponent(session.id)}`}>
                  {formatDateTime(session.startedAt, lang)}
                </Link>{' '}
                {session.live && <LiveBadge />}
              </td>
              {showWorld && (
                <td>
                  <Link to={`/decoy/${encodeURIComponent(session.worldId)}`} className="mono">
                    {session.worldId}
                  </Link>
                </td>
              )}
              <td className="mono nowrap">
                {session.srcIp}
                {session.srcCountry && <span className="muted"> {session.srcCountry}</span>}
              </td>
              <td className="mono">
                {session.host} <span className="muted small">{session.protocol}</span>
              </td>
              <td className="mono">
                {session.username ?? '—'}{' '}
                {session.username && (
                  <span className={session.authSuccess ? 'decoy-success' : 'decoy-failure'}>
                    {session.authSuccess ? t('decoy.sessions.authOk') : t('decoy.sessions.authFailed')}
                  </span>
                )}
              </td>
              <td className="num">{formatNumber(session.commands, lang)}</td>
              <td>
                <TechniqueChips ids={session.techniques} />
              </td>
              <td>{session.suggestedLevel ? <LevelBadge level={session.suggestedLevel} suggested /> : '—'}</td>
              <td>
                <CaseLink caseId={session.caseId} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
