import { useLang } from '../../hooks/useLang';
import './alerts-badge.css';

/** The count of open alerts on the "Alerts" navigation item. */
export function AlertsBadge({ count, testId }: { count: number | undefined; testId: string }) {
  const { t } = useLang();
  if (count === undefined || count <= 0) return null;
  return (
    <span className="nav-badge" data-testid={testId}>
      <span className="visually-hidden">{t('nav.openAlerts', { count })}</span>
      <span aria-hidden="true">{count > 99 ? '99+' : count}</span>
    </span>
  );
}
