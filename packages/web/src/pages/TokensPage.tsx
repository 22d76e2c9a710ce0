import { useState, type FormEvent } from 'react';
import { ApiError, api } from '../api';
import { CopyField } from '../components/CopyField';
import { Field, FieldSet } from '../components/Field';
import { AsyncBlock, Empty, ErrorMessage } from '../components/Status';
import { formatDateTime } from '../format';
import { useApi } from '../hooks/useApi';
import { useLang } from '../hooks/useLang';
import type { ApiToken, Items, TokenScope } from '../types';

function tokenState(token: ApiToken): 'revoked' | 'expired' | 'active' {
  if (token.revokedAt) return 'revoked';
  if (token.expiresAt && new Date(token.expiresAt).getTime() < Date.now()) return 'expired';
  return 'active';
}

function CreateTokenForm({ onCreated }: { onCreated: (token: string) => void }) {
  const { t } = useLang();
  const [name, setName] = useState('');
  const [scopes, setScopes] = useState<TokenScope[]>(['read']);
  const [days, setDays] = useState('90');
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<ApiError | undefined>(undefined);
  const [touched, setTouched] = useState(false);
  const dayCount = days.trim() === '' ? undefined : Number(days);
  const badDays = dayCount !== undefined && (!Number.isInteger(dayCount) || dayCount < 1 || dayCount > 3650);

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    setTouched(true);
    if (!name.trim() || scopes.length === 0 || badDays) return;
    setPending(true);
    setError(undefined);
    try {
      const body = { name: name.trim(), scopes, ...(dayCount !== undefined ? { expiresInDays: dayCount } : {}) };
      const created = await api.post<{ token: string; item: ApiToken }>('/tokens', body);
      setName('');
      setTouched(false);
      onCreated(created.token);
    } catch (caught) {
      setError(caught instanceof ApiError ? caught : new ApiError(0, 'CLIENT', String(caught)));
    } finally {
      setPending(false);
    }
  };

  const toggle = (scope: TokenScope, on: boolean) =>
    setScopes(
      on
        ? (['read', 'write'] as const).filter((s) => s === scope || scopes.includes(s))
        : scopes.filter((s) => s !== scope),
    );

  return (
    <form className="form panel" onSubmit={(event) => void onSubmit(event)} noValidate data-testid="token-form">
      <h2>{t('tokens.createTitle')}</h2>
      <ErrorMessage error={error} />
      <div className="form-grid">
        <Field
          label={t('tokens.name')}
          required
          error={touched && !name.trim() ? t('caseForm.error.required') : error?.fieldMessage('name')}
        >
          <input
            value={name}
            maxLength={100}
            onChange={(event) => setName(event.target.value)}
            placeholder={t('tokens.namePlaceholder')}
            data-testid="token-name"
          />
        </Field>
        <Field
          label={t('tokens.expiresInDays')}
          error={badDays ? t('tokens.badDays') : error?.fieldMessage('expiresInDays')}
          help={t('tokens.expiresHelp')}
        >
          <input
            type="number"
            min={1}
            max={3650}
            inputMode="numeric"
            value={days}
            onChange={(event) => setDays(event.target.value)}
            data-testid="token-days"
          />
        </Field>
        <FieldSet
          legend={t('tokens.scopes')}
          error={touched && scopes.length === 0 ? t('tokens.pickScope') : error?.fieldMessage('scopes')}
        >
          <div className="check-group check-group-inline">
            {(['read', 'write'] as const).map((scope) => (
              <label key={scope} className="check">
                <input
                  type="checkbox"
                  checked={scopes.includes(scope)}
                  onChange={(event) => toggle(scope, event.target.checked)}
                  data-testid={`token-scope-${scope}`}
                />
                <span>{t(`tokens.scope.${scope}`)}</span>
              </label>
            ))}
          </div>
        </FieldSet>
      </div>
      <div className="form-actions">
        <button type="submit" className="btn btn-primary" disabled={pending} data-testid="token-create">
          {pending ? t('common.saving') : t('tokens.create')}
        </button>
      </div>
    </form>
  );
}

export default function TokensPage() {
  const { t, lang } = useLang();
  const tokens = useApi<Items<ApiToken>>('/tokens');
  const [secret, setSecret] = useState<string | null>(null);
  const [error, setError] = useState<ApiError | undefined>(undefined);

  const revoke = async (token: ApiToken) => {
    if (!window.confirm(t('tokens.confirmRevoke', { name: token.name }))) return;
    setError(undefined);
    try {
      await api.del(`/tokens/${token.id}`);
      tokens.reload();
    } catch (caught) {
      if (caught instanceof ApiError) setError(caught);
    }
  };

  return (
    <section className="page">
      <div className="page-header">
        <h1>{t('tokens.title')}</h1>
      </div>
      <p className="page-intro">{t('tokens.intro')}</p>
      {secret && (
        <CopyField
          label={t('tokens.newToken')}
          value={secret}
          warning={t('tokens.once')}
          onDismiss={() => setSecret(null)}
          testId="token-secret"
        />
      )}
      <CreateTokenForm
        onCreated={(token) => {
          setSecret(token);
          tokens.reload();
        }}
      />
      <ErrorMessage error={error} />
      <div className="panel">
        <h2>{t('tokens.listTitle')}</h2>
        <AsyncBlock state={tokens}>
          {(data) =>
            data.items.length === 0 ? (
              <Empty>{t('tokens.empty')}</Empty>
            ) : (
              <div className="table-wrap">
                <table className="table" data-testid="tokens-table">
                  <thead>
                    <tr>
                      <th scope="col">{t('tokens.name')}</th>
                      <th scope="col">{t('tokens.prefix')}</th>
                      <th scope="col">{t('tokens.scopes')}</th>
                      <th scope="col">{t('tokens.created')}</th>
                      <th scope="col">{t('tokens.lastUsed')}</th>
                      <th scope="col">{t('tokens.expires')}</th>
                      <th scope="col">{t('tokens.state')}</th>
                      <th scope="col">
                        <span className="visually-hidden">{t('common.actions')}</span>
                      </th>
                    </tr>
                  </thead>
                  <tbody>
                    {data.items.map((token) => {
                      const state = tokenState(token);
                      return (
                        <tr key={token.id} className={state === 'active' ? undefined : 'row-muted'}>
                          <td className="strong">{token.name}</td>
                          <td className="mono">{token.prefix}…</td>
                          <td>{token.scopes.map((scope) => t(`tokens.scope.${scope}`)).join(', ')}</td>
                          <td className="nowrap">{formatDateTime(token.createdAt, lang)}</td>
                          <td className="nowrap">
                            {token.lastUsedAt ? formatDateTime(token.lastUsedAt, lang) : t('tokens.never')}
                          </td>
                          <td className="nowrap">
                            {token.expiresAt ? formatDateTime(token.expiresAt, lang) : t('tokens.noExpiry')}
                          </td>
                          <td>
                            <span
                              className={`chip chip-${state === 'active' ? 'ok' : 'warn'}`}
                              title={token.revokedAt ? formatDateTime(token.revokedAt, lang) : undefined}
                            >
                              {t(`tokens.stateName.${state}`)}
                            </span>
                          </td>
                          <td className="actions">
                            {state === 'active' && (
                              <button
                                type="button"
                                className="btn btn-small btn-danger"
                                onClick={() => void revoke(token)}
                              >
                                {t('tokens.revoke')}
                              </button>
                            )}
                          </td>
                        </tr>
                      );
                    })}
                  </tbody>
                </table>
              </div>
            )
          }
        </AsyncBlock>
      </div>
    </section>
  );
}
