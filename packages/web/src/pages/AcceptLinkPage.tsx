import { useState, type FormEvent } from 'react';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { ApiError, api } from '../api';
import { AuthCard } from '../components/AuthCard';
import { Field } from '../components/Field';
import { ErrorMessage, Loading } from '../components/Status';
import { orgName } from '../format';
import { useApi } from '../hooks/useApi';
import { useAuth } from '../hooks/useAuth';
import { useLang } from '../hooks/useLang';
import type { LinkInfo, SessionResponse } from '../types';

const MIN_PASSWORD = 12;

export default function AcceptLinkPage() {
  const { t, lang } = useLang();
  const { token = '' } = useParams();
  const { adopt } = useAuth();
  const navigate = useNavigate();
  const link = useApi<LinkInfo>(`/auth/links/${encodeURIComponent(token)}`);
  const [displayName, setDisplayName] = useState('');
  const [password, setPassword] = useState('');
  const [confirm, setConfirm] = useState('');
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<ApiError | undefined>(undefined);
  const [touched, setTouched] = useState(false);

  if (link.error) {
    const gone = link.error.status === 404 || link.error.status === 400;
    return (
      <AuthCard title={t('accept.title')}>
        {gone ? (
          <div className="alert alert-error" role="alert">
            {t('accept.notFound')}
          </div>
        ) : (
          <ErrorMessage error={link.error} onRetry={link.reload} />
        )}
        <p>
          <Link to="/signin">{t('accept.toSignIn')}</Link>
        </p>
      </AuthCard>
    );
  }
  if (!link.data) return <Loading />;
  const info = link.data;
  if (info.kind === 'invitation' && info.existingAccount) return <JoinExistingAccount token={token} info={info} />;
  // Invitations create an account and need a name; the first admin may keep the default name.
  const showName = info.kind !== 'password_reset';
  const needsName = info.kind === 'invitation';
  const tooShort = password.length > 0 && password.length < MIN_PASSWORD;
  const mismatch = confirm.length > 0 && confirm !== password;

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    setTouched(true);
    if (password.length < MIN_PASSWORD || password !== confirm || (needsName && !displayName.trim())) return;
    const name = displayName.trim();
    setPending(true);
    setError(undefined);
    try {
      const body = showName && name ? { displayName: name, password } : { password };
      const session = await api.post<SessionResponse>(`/auth/links/${encodeURIComponent(token)}/accept`, body, {
        quiet401: true,
      });
      adopt(session);
      void navigate('/', { replace: true });
    } catch (caught) {
      setError(caught instanceof ApiError ? caught : new ApiError(0, 'CLIENT', String(caught)));
    } finally {
      setPending(false);
    }
  };

  const org = orgName({ nameEn: info.orgNameEn, nameJa: info.orgNameJa }, lang);
  const role = info.role ? t(`role.${info.role}`) : '';
  return (
    <AuthCard title={t(`accept.kind.${info.kind}`)}>
      <p className="accept-summary" data-testid="accept-summary">
        {info.kind === 'invitation'
          ? org
            ? t('accept.invitation', { org, role })
            : t('accept.invitationNoOrg', { role })
          : info.kind === 'password_reset'
            ? t('accept.passwordReset')
            : t('accept.firstAdmin')}
      </p>
      <dl className="facts-list">
        <dt>{t('accept.email')}</dt>
        <dd>{info.email}</dd>
      </dl>
      <form className="form" onSubmit={(event) => void onSubmit(event)}>
        <ErrorMessage error={error} />
        {showName && (
          <Field
            label={t('accept.displayName')}
            required={needsName}
            error={
              touched && needsName && !displayName.trim()
                ? t('accept.displayNameRequired')
                : error?.fieldMessage('displayName')
            }
          >
            <input
              autoComplete="name"
              required={needsName}
              maxLength={120}
              value={displayName}
              onChange={(event) => setDisplayName(event.target.value)}
              data-testid="accept-displayName"
            />
          </Field>
        )}
        <Field
          label={t('accept.password')}
          required
          help={t('accept.passwordHelp', { count: MIN_PASSWORD })}
          error={
            (touched || tooShort) && password.length < MIN_PASSWORD
              ? t('accept.passwordShort', { count: MIN_PASSWORD })
              : error?.fieldMessage('password')
          }
        >
          <input
            type="password"
            autoComplete="new-password"
            required
            minLength={MIN_PASSWORD}
            value={password}
            onChange={(event) => setPassword(event.target.value)}
            data-testid="accept-password"
          />
        </Field>
        <Field
          label={t('accept.confirm')}
          required
          error={(touched || mismatch) && confirm !== password ? t('accept.mismatch') : undefined}
        >
          <input
            type="password"
            autoComplete="new-password"
            required
            value={confirm}
            onChange={(event) => setConfirm(event.target.value)}
            data-testid="accept-confirm"
          />
        </Field>
        <button type="submit" className="btn btn-primary btn-block" disabled={pending} data-testid="accept-submit">
          {pending ? t('common.saving') : t(`accept.submit.${info.kind}`)}
        </button>
      </form>
    </AuthCard>
  );
}

/**
 * An invitation to an address that has an account: no password is set here. Signed in as the invited address,
 * one button joins; otherwise the page asks to sign in as that address first.
 */
function JoinExistingAccount({ token, info }: { token: string; info: LinkInfo }) {
  const { t, lang } = useLang();
  const { me, refresh } = useAuth();
  const navigate = useNavigate();
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<ApiError | undefined>(undefined);
  const org = orgName({ nameEn: info.orgNameEn, nameJa: info.orgNameJa }, lang);
  const role = info.role ? t(`role.${info.role}`) : '';
  const here = `/accept/${encodeURIComponent(token)}`;
  const signedInAsInvited = me?.email === info.email;

  const join = async () => {
    setPending(true);
    setError(undefined);
    try {
      await api.post(`/auth/links/${encodeURIComponent(token)}/join`);
      await refresh();
      void navigate('/', { replace: true });
    } catch (caught) {
      setError(caught instanceof ApiError ? caught : new ApiError(0, 'CLIENT', String(caught)));
    } finally {
      setPending(false);
    }
  };

  return (
    <AuthCard title={t('accept.kind.invitation')}>
      <p className="accept-summary" data-testid="accept-summary">
        {org ? t('accept.invitation', { org, role }) : t('accept.invitationNoOrg', { role })}
      </p>
      <dl className="facts-list">
        <dt>{t('accept.email')}</dt>
        <dd>{info.email}</dd>
      </dl>
      <ErrorMessage error={error} />
      {signedInAsInvited ? (
        <button
          type="button"
          className="btn btn-primary btn-block"
          disabled={pending}
          onClick={() => void join()}
          data-testid="accept-join"
        >
          {pending ? t('common.saving') : t('accept.join')}
        </button>
      ) : (
        <>
          <p className="alert alert-info" data-testid="accept-sign-in-first">
            {me
              ? t('accept.wrongAccount', { email: info.email, current: me.email })
              : t('accept.signInFirst', { email: info.email })}
          </p>
          {!me && (
            <Link
              className="btn btn-primary btn-block"
              to={`/signin?next=${encodeURIComponent(here)}`}
              data-testid="accept-to-sign-in"
            >
              {t('accept.toSignIn')}
            </Link>
          )}
        </>
      )}
    </AuthCard>
  );
}
