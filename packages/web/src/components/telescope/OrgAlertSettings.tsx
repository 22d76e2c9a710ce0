import { useEffect, useId, useState, type FormEvent } from 'react';
import { ApiError, api } from '../../api';
import { formatDateTime } from '../../format';
import { useApi } from '../../hooks/useApi';
import { useLang } from '../../hooks/useLang';
import type { AlertSettings, AlertSettingsInput, Items, OrgPrefix } from '../../types';
import { Field } from '../Field';
import { DeliveriesPanel } from './DeliveriesPanel';
import { AsyncBlock, Empty, ErrorMessage, Notice } from '../Status';
import { checkCidr, checkWebhookUrl, looksLikeEmail, MIN_PREFIX, splitEmails } from './cidr';
import './telescope.css';

function asApiError(caught: unknown): ApiError {
  return caught instanceof ApiError ? caught : new ApiError(0, 'CLIENT', String(caught));
}

/** The organisation's address prefixes: darknet packets and decoy attacks from them raise alerts. */
function PrefixesPanel({ orgId }: { orgId: string }) {
  const { t, lang } = useLang();
  const prefixes = useApi<Items<OrgPrefix>>(`/orgs/${orgId}/prefixes`);
  const [cidr, setCidr] = useState('');
  const [note, setNote] = useState('');
  const [touched, setTouched] = useState(false);
  const [pending, setPending] = useState(false);
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<ApiError | undefined>(undefined);
  const [added, setAdded] = useState<string | null>(null);

  const check = checkCidr(cidr);
  const localProblem = touched && !check.ok && check.problem !== 'empty' ? check : null;
  const duplicate = check.ok && prefixes.data?.items.some((item) => item.cidr === (check.suggestion ?? cidr.trim()));

  const problemText = (() => {
    if (!localProblem?.problem) return undefined;
    return t(`orgAlerts.prefixes.problem.${localProblem.problem}`, {
      suggestion: localProblem.suggestion ?? '',
      min: MIN_PREFIX[localProblem.version ?? 4],
    });
  })();

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    setTouched(true);
    setAdded(null);
    if (!check.ok || duplicate) return;
    const value = check.suggestion ?? cidr.trim();
    setPending(true);
    setError(undefined);
    try {
      await api.post(`/orgs/${orgId}/prefixes`, { cidr: value, ...(note.trim() ? { note: note.trim() } : {}) });
      setCidr('');
      setNote('');
      setTouched(false);
      setAdded(value);
      prefixes.reload();
    } catch (caught) {
      setError(asApiError(caught));
    } finally {
      setPending(false);
    }
  };

  const remove = async (prefix: OrgPrefix) => {
    if (!window.confirm(t('orgAlerts.prefixes.confirmDelete', { cidr: prefix.cidr }))) return;
    setBusy(prefix.id);
    setError(undefined);
    setAdded(null);
    try {
      await api.del(`/orgs/${orgId}/prefixes/${prefix.id}`);
      prefixes.setData((previous) => previous && { items: previous.items.filter((item) => item.id !== prefix.id) });
    } catch (caught) {
      setError(asApiError(caught));
    } finally {
      setBusy(null);
    }
  };

  return (
    <div className="panel" data-testid="org-prefixes">
      <h2>{t('orgAlerts.prefixes.title')}</h2>
      <p className="muted small">{t('orgAlerts.prefixes.help')}</p>
      <ErrorMessage error={error} />
      {added && <Notice kind="success">{t('orgAlerts.prefixes.added', { cidr: added })}</Notice>}
      <AsyncBlock state={prefixes}>
        {(data) =>
          data.items.length === 0 ? (
            <Empty>{t('orgAlerts.prefixes.empty')}</Empty>
          ) : (
            <div className="table-wrap">
              <table className="table table-compact" data-testid="prefixes-table">
                <thead>
                  <tr>
                    <th scope="col">{t('orgAlerts.prefixes.cidr')}</th>
                    <th scope="col">{t('orgAlerts.prefixes.status')}</th>
                    <th scope="col">{t('orgAlerts.prefixes.note')}</th>
                    <th scope="col">{t('orgAlerts.prefixes.createdAt')}</th>
                    <th scope="col">
                      <span className="visually-hidden">{t('common.actions')}</span>
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {data.items.map((prefix) => (
                    <tr key={prefix.id}>
                      <td className="mono">{prefix.cidr}</td>
                      <td>
                        <span
                          className={`status-badge prefix-${prefix.status}`}
                          title={prefix.status === 'pending' ? t('orgAlerts.prefixes.pendingHelp') : undefined}
                          data-testid="prefix-status"
                        >
                          {t(`orgAlerts.prefixes.statusValue.${prefix.status}`)}
                        </span>
                      </td>
                      <td>{prefix.note || <span className="muted">—</span>}</td>
                      <td className="nowrap">{formatDateTime(prefix.createdAt, lang)}</td>
                      <td className="actions">
                        <button
                          type="button"
                          className="btn btn-small btn-danger"
                          disabled={busy === prefix.id}
                          onClick={() => void remove(prefix)}
                          aria-label={t('orgAlerts.prefixes.deleteOne', { cidr: prefix.cidr })}
                          data-testid="prefix-delete"
                        >
                          {t('common.delete')}
                        </button>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )
        }
      </AsyncBlock>
      <form className="form form-inline prefix-form" onSubmit={(event) => void onSubmit(event)} noValidate>
        <Field
          label={t('orgAlerts.prefixes.cidr')}
          required
          help={
            !problemText && !duplicate && !error?.fieldMessage('cidr') ? t('orgAlerts.prefixes.cidrHelp') : undefined
          }
          error={
            problemText ?? (duplicate ? t('orgAlerts.prefixes.duplicate') : undefined) ?? error?.fieldMessage('cidr')
          }
        >
          <input
            value={cidr}
            onChange={(event) => {
              setCidr(event.target.value);
              setAdded(null);
            }}
            onBlur={() => setTouched(cidr.trim() !== '')}
            placeholder="192.0.2.0/24"
            spellCheck={false}
            autoComplete="off"
            className="mono"
            data-testid="prefix-cidr"
          />
        </Field>
        {localProblem?.suggestion && (localProblem.problem === 'hostBits' || localProblem.problem === 'noLength') && (
          <button
            type="button"
            className="btn btn-small btn-link prefix-suggestion"
            onClick={() => setCidr(localProblem.suggestion ?? '')}
            data-testid="prefix-use-suggestion"
          >
            {t('orgAlerts.prefixes.useSuggestion', { suggestion: localProblem.suggestion })}
          </button>
        )}
        <Field label={t('orgAlerts.prefixes.note')} error={error?.fieldMessage('note')}>
          <input
            value={note}
            maxLength={200}
            onChange={(event) => setNote(event.target.value)}
            placeholder={t('orgAlerts.prefixes.notePlaceholder')}
            data-testid="prefix-note"
          />
        </Field>
        <button type="submit" className="btn btn-primary" disabled={pending} data-testid="prefix-add">
          {pending ? t('common.saving') : t('orgAlerts.prefixes.add')}
        </button>
      </form>
    </div>
  );
}

/** The webhook's signing secret, hidden until asked for, with a copy button. */
function SecretField({ secret }: { secret: string }) {
  const { t } = useLang();
  const [shown, setShown] = useState(false);
  const [copied, setCopied] = useState<boolean | null>(null);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(secret);
      setCopied(true);
    } catch {
      setCopied(false);
    }
  };
  const id = useId();
  return (
    <div className="field">
      <label htmlFor={id} className="field-label">
        {t('orgAlerts.delivery.secret')}
      </label>
      <span className="secret-row">
        <input
          id={id}
          type={shown ? 'text' : 'password'}
          readOnly
          value={secret}
          className="mono"
          autoComplete="off"
          aria-describedby={`${id}-help`}
          onFocus={(event) => event.target.select()}
          data-testid="alert-webhook-secret"
        />
        <button type="button" className="btn btn-small" onClick={() => setShown(!shown)}>
          {shown ? t('orgAlerts.delivery.hideSecret') : t('orgAlerts.delivery.showSecret')}
        </button>
        <button type="button" className="btn btn-small" onClick={() => void copy()}>
          {t('common.copy')}
        </button>
      </span>
      <div id={`${id}-help`} className="field-help" aria-live="polite">
        {copied === null
          ? t('orgAlerts.delivery.secretHelp', { header: 'x-cynex-signature' })
          : copied
            ? t('common.copied')
            : t('common.copyFailed')}
      </div>
    </div>
  );
}

/** Where alerts go besides the console: e-mail recipients and a webhook. */
function DeliveryPanel({ orgId }: { orgId: string }) {
  const { t } = useLang();
  const settings = useApi<AlertSettings>(`/orgs/${orgId}/alert-settings`);
  const [emails, setEmails] = useState('');
  const [webhook, setWebhook] = useState('');
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<ApiError | undefined>(undefined);
  const [saved, setSaved] = useState<'saved' | 'rotated' | null>(null);

  useEffect(() => {
    if (!settings.data) return;
    setEmails(settings.data.emails.join('\n'));
    setWebhook(settings.data.webhookUrl ?? '');
  }, [settings.data]);

  const list = splitEmails(emails);
  const badEmails = list.filter((entry) => !looksLikeEmail(entry));
  const webhookState = checkWebhookUrl(webhook);
  const blocking = badEmails.length > 0 || webhookState === 'invalid';
  const secret = settings.data?.webhookSecret;
  const savedUrl = settings.data?.webhookUrl ?? null;

  const save = async (rotate: boolean) => {
    setSaved(null);
    if (blocking) return;
    if (rotate && !window.confirm(t('orgAlerts.delivery.confirmRotate'))) return;
    setPending(true);
    setError(undefined);
    try {
      const body: AlertSettingsInput = {
        emails: list,
        webhookUrl: webhook.trim() || null,
        ...(rotate ? { rotateWebhookSecret: true } : {}),
      };
      const result = await api.put<AlertSettings | undefined>(`/orgs/${orgId}/alert-settings`, body);
      settings.setData(
        result && Array.isArray(result.emails) ? result : { emails: body.emails, webhookUrl: body.webhookUrl },
      );
      setSaved(rotate ? 'rotated' : 'saved');
    } catch (caught) {
      setError(asApiError(caught));
    } finally {
      setPending(false);
    }
  };

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    void save(false);
  };

  return (
    <div className="panel" data-testid="org-alert-settings">
      <h2>{t('orgAlerts.delivery.title')}</h2>
      <p className="muted small">{t('orgAlerts.delivery.help')}</p>
      <AsyncBlock state={settings}>
        {() => (
          <form className="form delivery-form" onSubmit={onSubmit} noValidate>
            <ErrorMessage error={error} />
            {saved && (
              <Notice kind="success">
                {saved === 'rotated' ? t('orgAlerts.delivery.rotated') : t('orgAlerts.delivery.saved')}
              </Notice>
            )}
            <Field
              label={t('orgAlerts.delivery.emails')}
              help={t('orgAlerts.delivery.emailsHelp')}
              error={
                badEmails.length > 0
                  ? t('orgAlerts.delivery.badEmails', { emails: badEmails.join(', ') })
                  : error?.fieldMessage('emails')
              }
            >
              <textarea
                rows={3}
                value={emails}
                onChange={(event) => {
                  setEmails(event.target.value);
                  setSaved(null);
                }}
                placeholder="soc@example.jp"
                spellCheck={false}
                data-testid="alert-emails"
              />
            </Field>
            <Field
              label={t('orgAlerts.delivery.webhook')}
              help={
                webhookState === 'https'
                  ? t('orgAlerts.delivery.webhookHttp')
                  : t('orgAlerts.delivery.webhookHelp', { header: 'x-cynex-signature' })
              }
              error={
                webhookState === 'invalid' ? t('orgAlerts.delivery.webhookInvalid') : error?.fieldMessage('webhookUrl')
              }
            >
              <input
                type="url"
                value={webhook}
                onChange={(event) => {
                  setWebhook(event.target.value);
                  setSaved(null);
                }}
                placeholder="https://example.jp/hooks/cynex"
                spellCheck={false}
                className="mono"
                data-testid="alert-webhook"
              />
            </Field>
            {secret && savedUrl && <SecretField secret={secret} />}
            <div className="form-actions">
              <button
                type="submit"
                className="btn btn-primary"
                disabled={pending || blocking}
                data-testid="alert-settings-save"
              >
                {pending ? t('common.saving') : t('common.save')}
              </button>
              {secret && savedUrl && webhook.trim() === savedUrl && (
                <button
                  type="button"
                  className="btn"
                  disabled={pending || blocking}
                  onClick={() => void save(true)}
                  data-testid="alert-webhook-rotate"
                >
                  {t('orgAlerts.delivery.rotate')}
                </button>
              )}
            </div>
          </form>
        )}
      </AsyncBlock>
    </div>
  );
}

/** The telescope section of an organisation's page, for its admins. */
export function OrgAlertSettings({ orgId }: { orgId: string }) {
  const { t } = useLang();
  return (
    <section className="org-alerts" aria-labelledby="org-alerts-heading">
      <h2 id="org-alerts-heading" className="section-heading">
        {t('orgAlerts.title')}
      </h2>
      <PrefixesPanel orgId={orgId} />
      <DeliveryPanel orgId={orgId} />
      <DeliveriesPanel orgId={orgId} />
    </section>
  );
}
