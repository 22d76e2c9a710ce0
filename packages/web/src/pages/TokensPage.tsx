import { useState } from 'react';
import { api } from '../api';
import { AdminPage, AdminPanel } from '../components/admin/AdminPage';
import { AdminTable } from '../components/admin/AdminTable';
import { FormCard } from '../components/admin/FormCard';
import { useConfirmedDelete, useSubmit } from '../components/admin/useSubmit';
import { CopyField } from '../components/CopyField';
import { Field, FieldSet } from '../components/Field';
import { ErrorMessage } from '../components/Status';
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
  const { pending, error, touched, setTouched, handleSubmit } = useSubmit();
  const dayCount = days.trim() === '' ? undefined : Number(days);
  const badDays = dayCount !== undefined && (!Number.isInteger(dayCount) || dayCount < 1 || dayCount > 3650);

  const onSubmit = handleSubmit(
    () => Boolean(name.trim()) && scopes.length > 0 && !badDays,
    async () => {
      const body = { name: name.trim(), scopes, ...(dayCount !== undefined ? { expiresInDays: dayCount } : {}) };
      const created = await api.post<{ token: string; item: ApiToken }>('/tokens', body);
      setName('');
      setTouched(false);
      onCreated(created.token);
    },
  );

  const toggle = (scope: TokenScope, on: boolean) =>
    setScopes(
      on
        ? (['read', 'write'] as const).filter((s) => s === scope || scopes.includes(s))
        : scopes.filter((s) => s !== scope),
    );

  return (
    <FormCard
      title={t('tokens.createTitle')}
      error={error}
      pending={pending}
      onSubmit={onSubmit}
      submitLabel={t('tokens.create')}
      submitTestId="token-create"
      testId="token-form"
    >
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
    </FormCard>
  );
}

export default function TokensPage() {
  const { t, lang } = useLang();
  const tokens = useApi<Items<ApiToken>>('/tokens');
  const [secret, setSecret] = useState<string | null>(null);
  const revocation = useConfirmedDelete(tokens.reload);

  return (
    <AdminPage title={t('tokens.title')} intro={t('tokens.intro')}>
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
      <ErrorMessage error={revocation.error} />
      <AdminPanel title={t('tokens.listTitle')}>
        <AdminTable
          state={tokens}
          empty={t('tokens.empty')}
          testId="tokens-table"
          rowKey={(token) => token.id}
          rowClassName={(token) => (tokenState(token) === 'active' ? undefined : 'row-muted')}
          columns={[
            { header: t('tokens.name'), className: 'strong', cell: (token) => token.name },
            { header: t('tokens.prefix'), className: 'mono', cell: (token) => `${token.prefix}…` },
            {
              header: t('tokens.scopes'),
              cell: (token) => token.scopes.map((scope) => t(`tokens.scope.${scope}`)).join(', '),
            },
            {
              header: t('tokens.created'),
              className: 'nowrap',
              cell: (token) => formatDateTime(token.createdAt, lang),
            },
            {
              header: t('tokens.lastUsed'),
              className: 'nowrap',
              cell: (token) => (token.lastUsedAt ? formatDateTime(token.lastUsedAt, lang) : t('tokens.never')),
            },
            {
              header: t('tokens.expires'),
              className: 'nowrap',
              cell: (token) => (token.expiresAt ? formatDateTime(token.expiresAt, lang) : t('tokens.noExpiry')),
            },
            {
              header: t('tokens.state'),
              cell: (token) => {
                const state = tokenState(token);
                return (
                  <span
                    className={`chip chip-${state === 'active' ? 'ok' : 'warn'}`}
                    title={token.revokedAt ? formatDateTime(token.revokedAt, lang) : undefined}
                  >
                    {t(`tokens.stateName.${state}`)}
                  </span>
                );
              },
            },
          ]}
          actions={(token) =>
            tokenState(token) === 'active' && (
              <button
                type="button"
                className="btn btn-small btn-danger"
                onClick={() =>
                  void revocation.remove(t('tokens.confirmRevoke', { name: token.name }), `/tokens/${token.id}`)
                }
              >
                {t('tokens.revoke')}
              </button>
            )
          }
        />
      </AdminPanel>
    </AdminPage>
  );
}
