import { Link } from 'react-router-dom';
import { techniqueUrl } from '../../constants';
import { useLang } from '../../hooks/useLang';
import type { DecoyWorld } from '../../types/decoy';
import { worldState } from './decoyFormat';

/** The world's state as the sensor last reported it; a failure's reason shows on hover and to screen readers. */
export function WorldStateBadge({ world }: { world: Pick<DecoyWorld, 'state' | 'error' | 'desired'> }) {
  const { t } = useLang();
  const { state, error } = worldState(world);
  const tone = state === 'running' ? 'ok' : state === 'failed' ? 'warn' : state === 'starting' ? 'accent' : 'muted';
  return (
    <span
      className={`chip chip-${tone} decoy-state`}
      title={error || t(`decoy.desired.${world.desired}`)}
      data-state={state}
      data-testid="decoy-world-state"
    >
      {t(`decoy.state.${state}`)}
      {error && <span className="visually-hidden">: {error}</span>}
    </span>
  );
}

/** ATT&CK technique chips, each linking to the technique's page. */
export function TechniqueChips({ ids, testId }: { ids: readonly string[]; testId?: string }) {
  const { t } = useLang();
  if (ids.length === 0) return null;
  return (
    <ul className="chips decoy-techniques" aria-label={t('decoy.techniques')} data-testid={testId}>
      {ids.map((id) => (
        <li key={id} className="chip chip-technique">
          <a href={techniqueUrl(id)} target="_blank" rel="noreferrer noopener" className="mono">
            {id}
          </a>
        </li>
      ))}
    </ul>
  );
}

/** A "live" marker for a session still open. */
export function LiveBadge() {
  const { t } = useLang();
  return (
    <span className="decoy-live" data-testid="decoy-live">
      <span className="decoy-live-dot" aria-hidden="true" />
      {t('decoy.sessions.live')}
    </span>
  );
}

export function CaseLink({ caseId }: { caseId: string | null }) {
  const { t } = useLang();
  if (!caseId) return <span className="muted">{t('decoy.sessions.noCase')}</span>;
  return (
    <Link to={`/cases/${encodeURIComponent(caseId)}`} data-testid="decoy-case-link">
      {t('decoy.sessions.openCase')}
    </Link>
  );
}
