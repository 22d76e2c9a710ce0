import { NavLink } from 'react-router-dom';
import { useLang } from '../../hooks/useLang';

/** The darknet section's tabs: overview, events and reports. */
export function TelescopeNav() {
  const { t } = useLang();
  const tab = ({ isActive }: { isActive: boolean }) => (isActive ? 'tab active' : 'tab');
  return (
    <nav className="tabs" aria-label={t('telescope.sections')}>
      <NavLink to="/telescope" end className={tab} data-testid="telescope-tab-overview">
        {t('telescope.overview')}
      </NavLink>
      <NavLink to="/telescope/events" className={tab} data-testid="telescope-tab-events">
        {t('telescope.events.title')}
      </NavLink>
      <NavLink to="/telescope/reports" className={tab} data-testid="telescope-tab-reports">
        {t('reports.title')}
      </NavLink>
    </nav>
  );
}
