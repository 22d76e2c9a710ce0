import { useCallback, useRef, useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { orgName } from '../format';
import { useAuth, useMe } from '../hooks/useAuth';
import { useDismiss } from '../hooks/useDismiss';
import { useLang } from '../hooks/useLang';

export function UserMenu() {
  const { t, lang } = useLang();
  const me = useMe();
  const { signOut } = useAuth();
  const navigate = useNavigate();
  const [open, setOpen] = useState(false);
  const root = useRef<HTMLDivElement>(null);
  const close = useCallback(() => setOpen(false), []);
  useDismiss(root, open, close);

  const onSignOut = async () => {
    setOpen(false);
    await signOut().catch(() => undefined);
    void navigate('/signin', { replace: true });
  };

  return (
    <div className="popup-anchor" ref={root}>
      <button
        type="button"
        className="user-button"
        aria-haspopup="true"
        aria-expanded={open}
        onClick={() => setOpen(!open)}
        data-testid="user-menu"
      >
        <span className="avatar" aria-hidden="true">
          {(me.displayName || me.email).slice(0, 1).toUpperCase()}
        </span>
        <span className="user-name">{me.displayName || me.email}</span>
      </button>
      {open && (
        <div className="popup popup-user" role="dialog" aria-label={t('header.account')}>
          <div className="popup-section">
            <div className="strong">{me.displayName}</div>
            <div className="muted">{me.email}</div>
            {me.isPlatformAdmin && <div className="chip chip-accent">{t('role.platform_admin')}</div>}
          </div>
          {me.memberships.length > 0 && (
            <ul className="popup-section membership-list" aria-label={t('header.memberships')}>
              {me.memberships.map((membership) => (
                <li key={membership.orgId}>
                  <span>{orgName({ nameEn: membership.orgNameEn, nameJa: membership.orgNameJa }, lang)}</span>
                  <span className="muted">{t(`role.${membership.role}`)}</span>
                </li>
              ))}
            </ul>
          )}
          <div className="popup-section">
            <button type="button" className="btn btn-block" onClick={() => void onSignOut()} data-testid="sign-out">
              {t('header.signOut')}
            </button>
          </div>
        </div>
      )}
    </div>
  );
}
