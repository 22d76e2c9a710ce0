import { Suspense } from 'react';
import { NavLink, Outlet } from 'react-router-dom';
import { useLang } from '../hooks/useLang';
import { usePermissions } from '../hooks/usePermissions';
import { LanguageSwitch } from './LanguageSwitch';
import { NotificationsBell } from './NotificationsBell';
import { Loading } from './Status';
import { UserMenu } from './UserMenu';

export function Layout() {
  const { t } = useLang();
  const permissions = usePermissions();
  const links = [
    { to: '/', label: t('nav.dashboard'), testId: 'nav-dashboard', end: true },
    { to: '/cases', label: t('nav.cases'), testId: 'nav-cases' },
    { to: '/orgs', label: t('nav.orgs'), testId: 'nav-orgs' },
    { to: '/sharing-groups', label: t('nav.sharingGroups'), testId: 'nav-sharing-groups' },
    { to: '/tokens', label: t('nav.tokens'), testId: 'nav-tokens' },
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
        <Suspense fallback={<Loading />}>
          <Outlet />
        </Suspense>
      </main>
    </div>
  );
}
