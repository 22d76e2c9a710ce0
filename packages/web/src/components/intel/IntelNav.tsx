import { NavLink } from 'react-router-dom';
import { useLang } from '../../hooks/useLang';

/** The threat-intelligence section's tabs: objects, import, and connecting a TIP or MISP. */
export function IntelNav() {
  const { t } = useLang();
  const tab = ({ isActive }: { isActive: boolean }) => (isActive ? 'tab active' : 'tab');
  return (
    <nav className="tabs" aria-label={t('intel.sections')}>
      <NavLink to="/intel" end className={tab} data-testid="intel-tab-objects">
        {t('intel.objects.tab')}
      </NavLink>
      <NavLink to="/intel/import" className={tab} data-testid="intel-tab-import">
        {t('intel.import.tab')}
      </NavLink>
      <NavLink to="/intel/connect" className={tab} data-testid="intel-tab-connect">
        {t('intelConnect.tab')}
      </NavLink>
    </nav>
  );
}
