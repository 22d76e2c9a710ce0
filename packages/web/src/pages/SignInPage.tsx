import { useState, type FormEvent } from 'react';
import { Link, Navigate, useNavigate, useSearchParams } from 'react-router-dom';
import { ApiError } from '../api';
import { AuthCard } from '../components/AuthCard';
import { Field } from '../components/Field';
import { Loading } from '../components/Status';
import { useAuth } from '../hooks/useAuth';
import { useLang } from '../hooks/useLang';

/** Only same-site paths are followed after sign-in. */
function safeNext(value: string | null): string {
  return value && value.startsWith('/') && !value.startsWith('//') ? value : '/';
}

export default function SignInPage() {
  const { t } = useLang();
  const { me, signIn } = useAuth();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const next = safeNext(params.get('next'));
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [pending, setPending] = useState(false);
  const [message, setMessage] = useState<string | null>(null);

  if (me === undefined) return <Loading />;
  if (me) return <Navigate to={next} replace />;

  const describe = (error: unknown): string => {
    if (!(error instanceof ApiError)) return t('errors.generic');
    if (error.status === 423 || error.code === 'ACCOUNT_LOCKED') return t('signin.locked');
    if (error.status === 429 || error.code === 'TOO_MANY_ATTEMPTS') {
      return error.retryAfterSeconds
        ? t('signin.tooManyWait', { minutes: Math.ceil(error.retryAfterSeconds / 60) })
        : t('signin.tooMany');
    }
    if (error.status === 401) return t('signin.invalid');
    if (error.status === 400) return t('signin.incomplete');
    if (error.code === 'NETWORK') return t('errors.NETWORK');
    return error.message || t('errors.generic');
  };

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    setPending(true);
    setMessage(null);
    try {
      await signIn(email.trim(), password);
      void navigate(next, { replace: true });
    } catch (error) {
      setMessage(describe(error));
      setPassword('');
    } finally {
      setPending(false);
    }
  };

  return (
    <AuthCard title={t('signin.title')}>
      <form className="form" onSubmit={(event) => void onSubmit(event)} noValidate={false}>
        {message && (
          <div className="alert alert-error" role="alert" data-testid="signin-error">
            {message}
          </div>
        )}
        <Field label={t('signin.email')} required>
          <input
            type="email"
            name="email"
            autoComplete="username"
            required
            autoFocus
            value={email}
            onChange={(event) => setEmail(event.target.value)}
            data-testid="signin-email"
          />
        </Field>
        <Field label={t('signin.password')} required>
          <input
            type="password"
            name="password"
            autoComplete="current-password"
            required
            value={password}
            onChange={(event) => setPassword(event.target.value)}
            data-testid="signin-password"
          />
        </Field>
        <button type="submit" className="btn btn-primary btn-block" disabled={pending} data-testid="signin-submit">
          {pending ? t('signin.signingIn') : t('signin.submit')}
        </button>
        <p className="muted small">{t('signin.help')}</p>
        <p className="small signin-selfcheck">
          <Link to="/self-check" data-testid="signin-selfcheck">
            {t('signin.selfCheck')}
          </Link>
        </p>
      </form>
    </AuthCard>
  );
}
