import { NavLink } from 'react-router-dom';
import { useLang } from '../../hooks/useLang';

/** The decoy section's tabs: worlds and sessions. */
export function DecoyNav() {
  const { t } = useLang();
  const tab = ({ isActive }: { isActive: boolean }) => (isActive ? 'tab active' : 'tab');
  return (
    <nav className="tabs" aria-label={t('decoy.sections')}>
      <NavLink to="/decoy" end className={tab} data-testid="decoy-tab-worlds">
        {t('decoy.worlds.title')}
      </NavLink>
      <NavLink to="/decoy/sessions" className={tab} data-testid="decoy-tab-sessions">
        {t('decoy.sessions.title')}
      </NavLink>
    </nav>
  );
}
