import { Suspense } from 'react';
import { NavLink, Outlet } from 'react-router-dom';
import { useMe } from '../hooks/useAuth';
import { useLang } from '../hooks/useLang';
import { usePermissions } from '../hooks/usePermissions';
import { LanguageSwitch } from './LanguageSwitch';
import { NotificationsBell } from './NotificationsBell';
import { PendingInvitations } from './PendingInvitations';
import { Loading } from './Status';
import { AlertsBadge } from './telescope/AlertsBadge';
import { useOpenAlertCount } from './telescope/useOpenAlerts';
import { UserMenu } from './UserMenu';

export function Layout() {
  const { t } = useLang();
  const me = useMe();
  const permissions = usePermissions();
  // darknet aggregates and member alerts are for members of an organisation (and platform admins)
  const memberOrAdmin = me.isPlatformAdmin || me.memberships.length > 0;
  const openAlerts = useOpenAlertCount(memberOrAdmin);
  const links: { to: string; label: string; testId: string; end?: boolean; badge?: number }[] = [
    { to: '/', label: t('nav.dashboard'), testId: 'nav-dashboard', end: true },
    { to: '/cases', label: t('nav.cases'), testId: 'nav-cases' },
    ...(memberOrAdmin ? [{ to: '/telescope', label: t('nav.telescope'), testId: 'nav-telescope' }] : []),
    ...(memberOrAdmin ? [{ to: '/decoy', label: t('decoy.nav'), testId: 'nav-decoy' }] : []),
    { to: '/intel', label: t('intel.nav'), testId: 'nav-intel' },
    { to: '/fusion', label: t('fusion.nav'), testId: 'nav-fusion' },
    { to: '/publications', label: t('publications.nav'), testId: 'nav-publications' },
    ...(memberOrAdmin ? [{ to: '/watchlist', label: t('watchlist.nav'), testId: 'nav-watchlist' }] : []),
    ...(memberOrAdmin ? [{ to: '/cvd', label: t('cvd.nav'), testId: 'nav-cvd' }] : []),
    ...(memberOrAdmin ? [{ to: '/alerts', label: t('nav.alerts'), testId: 'nav-alerts', badge: openAlerts }] : []),
    ...(me.memberships.length > 0 ? [{ to: '/labs', label: t('labs.nav'), testId: 'nav-labs' }] : []),
    { to: '/training', label: t('training.nav'), testId: 'nav-training' },
    { to: '/orgs', label: t('nav.orgs'), testId: 'nav-orgs' },
    { to: '/sharing-groups', label: t('nav.sharingGroups'), testId: 'nav-sharing-groups' },
    { to: '/tokens', label: t('nav.tokens'), testId: 'nav-tokens' },
    ...(me.isPlatformAdmin ? [{ to: '/sensors', label: t('nav.sensors'), testId: 'nav-sensors' }] : []),
    ...(permissions.isAnyOrgAdmin ? [{ to: '/audit', label: t('nav.audit'), testId: 'nav-audit' }] : []),
  ];
  return (
    <div className="app">
      <a className="skip-link" href="#main">
        {t('nav.skip')}
      </a>
      <header className="app-header">
        <NavLink to="/" className="brand" aria-label={t('app.home')}>
          <span className="brand-mark" aria-hidden="true" />
          <span className="brand-name">cynex</span>
        </NavLink>
        <nav className="main-nav" aria-label={t('nav.label')}>
          {links.map((link) => (
            <NavLink
              key={link.to}
              to={link.to}
              end={link.end}
              className={({ isActive }) => (isActive ? 'nav-link active' : 'nav-link')}
              data-testid={link.testId}
            >
              {link.label}
              {link.testId === 'nav-alerts' && <AlertsBadge count={link.badge} testId="nav-alerts-badge" />}
            </NavLink>
          ))}
        </nav>
        <div className="header-tools">
          <NotificationsBell />
          <LanguageSwitch />
          <UserMenu />
        </div>
      </header>
      <main id="main" className="app-main" tabIndex={-1}>
        <PendingInvitations />
        <Suspense fallback={<Loading />}>
          <Outlet />
        </Suspense>
      </main>
    </div>
  );
}
