import { useEffect, useId, useState, type FormEvent } from 'react';
import { api } from '../../api';
import { formatDateTime } from '../../format';
import { useApi } from '../../hooks/useApi';
import { useLang } from '../../hooks/useLang';
import type { AlertSettings, AlertSettingsInput, Items, OrgPrefix } from '../../types';
import { AdminPanel } from '../admin/AdminPage';
import { AdminTable } from '../admin/AdminTable';
import { SubmitButton } from '../admin/FormCard';
import { asApiError, useSubmit } from '../admin/useSubmit';
import { Field } from '../Field';
import { AsyncBlock, ErrorMessage, Notice } from '../Status';
import { DeliveriesPanel } from './DeliveriesPanel';
import { checkCidr, checkWebhookUrl, looksLikeEmail, MIN_PREFIX, splitEmails } from './cidr';
import './telescope.css';

/** The organisation's address prefixes: darknet packets and decoy attacks from them raise alerts. */
function PrefixesPanel({ orgId }: { orgId: string }) {
  const { t, lang } = useLang();
  const prefixes = useApi<Items<OrgPrefix>>(`/orgs/${orgId}/prefixes`);
  const [cidr, setCidr] = useState('');
  const [note, setNote] = useState('');
  const { pending, error, setError, touched, setTouched, run } = useSubmit();
  const [busy, setBusy] = useState<string | null>(null);
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

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    setTouched(true);
    setAdded(null);
    if (!check.ok || duplicate) return;
    const value = check.suggestion ?? cidr.trim();
    void run(async () => {
      await api.post(`/orgs/${orgId}/prefixes`, { cidr: value, ...(note.trim() ? { note: note.trim() } : {}) });
      setCidr('');
      setNote('');
      setTouched(false);
      setAdded(value);
      prefixes.reload();
    });
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
    <AdminPanel title={t('orgAlerts.prefixes.title')} help={t('orgAlerts.prefixes.help')} testId="org-prefixes">
      <ErrorMessage error={error} />
      {added && <Notice kind="success">{t('orgAlerts.prefixes.added', { cidr: added })}</Notice>}
      <AdminTable
        state={prefixes}
        empty={t('orgAlerts.prefixes.empty')}
        compact
        testId="prefixes-table"
        rowKey={(prefix) => prefix.id}
        columns={[
          { header: t('orgAlerts.prefixes.cidr'), className: 'mono', cell: (prefix) => prefix.cidr },
          {
            header: t('orgAlerts.prefixes.status'),
            cell: (prefix) => (
              <span
                className={`status-badge prefix-${prefix.status}`}
                title={prefix.status === 'pending' ? t('orgAlerts.prefixes.pendingHelp') : undefined}
                data-testid="prefix-status"
              >
                {t(`orgAlerts.prefixes.statusValue.${prefix.status}`)}
              </span>
            ),
          },
          {
            header: t('orgAlerts.prefixes.note'),
            cell: (prefix) => prefix.note || <span className="muted">—</span>,
          },
          {
            header: t('orgAlerts.prefixes.createdAt'),
            className: 'nowrap',
            cell: (prefix) => formatDateTime(prefix.createdAt, lang),
          },
        ]}
        actions={(prefix) => (
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
        )}
      />
      <form className="form form-inline prefix-form" onSubmit={onSubmit} noValidate>
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
        <SubmitButton pending={pending} label={t('orgAlerts.prefixes.add')} testId="prefix-add" />
      </form>
    </AdminPanel>
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
  const { pending, error, run } = useSubmit();
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
    await run(async () => {
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
    });
  };

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    void save(false);
  };

  return (
    <AdminPanel title={t('orgAlerts.delivery.title')} help={t('orgAlerts.delivery.help')} testId="org-alert-settings">
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
              <SubmitButton
                pending={pending}
                disabled={blocking}
                label={t('common.save')}
                testId="alert-settings-save"
              />
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
    </AdminPanel>
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
