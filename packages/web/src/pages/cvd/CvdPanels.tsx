import { useState, type FormEvent } from 'react';
import { ApiError, api, apiUrl } from '../../api';
import { Field } from '../../components/Field';
import { Empty, ErrorMessage, Loading } from '../../components/Status';
import { UserPicker } from '../../components/UserPicker';
import { formatDateTime, formatNumber } from '../../format';
import { useApi } from '../../hooks/useApi';
import { useLang } from '../../hooks/useLang';
import { CVD_STATUSES, type CvdAttachment, type CvdCase, type CvdContact, type CvdStatus } from './types';

const asApiError = (caught: unknown) =>
  caught instanceof ApiError ? caught : new ApiError(0, 'CLIENT', String(caught));
/** The main line of the status machine, as the stepper shows it. */
const LINE: readonly CvdStatus[] = CVD_STATUSES.filter((s) => s !== 'closed');

/** Where the case stands, its allowed next steps, and closing with a reason. */
export function CvdStatusPanel({ c, onChanged }: { c: CvdCase; onChanged: (next: CvdCase) => void }) {
  const { t } = useLang();
  const [note, setNote] = useState('');
  const [reason, setReason] = useState('');
  const [error, setError] = useState<ApiError | undefined>(undefined);
  const [pending, setPending] = useState(false);
  const reached = LINE.indexOf(c.status);
  const move = async (to: CvdStatus) => {
    setPending(true);
    setError(undefined);
    try {
      onChanged(
        await api.post<CvdCase>(`/cvd/cases/${c.id}/status`, { to, note, ...(to === 'closed' ? { reason } : {}) }),
      );
      setNote('');
      setReason('');
    } catch (caught) {
      setError(asApiError(caught));
    } finally {
      setPending(false);
    }
  };
  const forward = c.nextStatuses.filter((s) => s !== 'closed');
  return (
    <section className="panel" aria-labelledby="cvd-status-h">
      <h2 id="cvd-status-h">{t('cvd.case.status')}</h2>
      <ol className="cvd-stepper" data-testid="cvd-stepper">
        {LINE.map((s, i) => (
          <li
            key={s}
            className={s === c.status ? 'current' : i < reached || c.status === 'published' ? 'done' : ''}
            aria-current={s === c.status ? 'step' : undefined}
          >
            {t(`cvd.status.${s}`)}
          </li>
        ))}
      </ol>
      {c.status === 'closed' && (
        <p data-testid="cvd-closed-reason">
          {t('cvd.case.closedWith')}: {c.closedReason}
        </p>
      )}
      {c.status === 'fix_available' || c.status === 'vendor_notified' ? (
        <p className="muted small">{t('cvd.case.publishHint')}</p>
      ) : null}
      {c.nextStatuses.length > 0 && (
        <div className="cvd-status-actions">
          <ErrorMessage error={error} />
          <Field label={t('cvd.case.note')}>
            <input
              value={note}
              maxLength={2000}
              onChange={(e) => setNote(e.target.value)}
              data-testid="cvd-status-note"
            />
          </Field>
          <div className="form-actions">
            {forward.map((s) => (
              <button
                key={s}
                type="button"
                className="btn btn-primary"
                disabled={pending}
                onClick={() => void move(s)}
                data-testid={`cvd-to-${s}`}
              >
                {t('cvd.case.moveTo', { status: t(`cvd.status.${s}`) })}
              </button>
            ))}
          </div>
          {c.nextStatuses.includes('closed') && (
            <div className="cvd-close">
              <Field label={t('cvd.case.closeReason')} error={error?.fieldMessage('reason')}>
                <input
                  value={reason}
                  maxLength={2000}
                  onChange={(e) => setReason(e.target.value)}
                  data-testid="cvd-close-reason"
                />
              </Field>
              <button
                type="button"
                className="btn"
                disabled={pending || reason.trim() === ''}
                onClick={() => void move('closed')}
                data-testid="cvd-close"
              >
                {t('cvd.case.close')}
              </button>
            </div>
          )}
        </div>
      )}
    </section>
  );
}

/** Status changes in order. */
export function CvdTimeline({ c }: { c: CvdCase }) {
  const { t, lang } = useLang();
  return (
    <section className="panel" aria-labelledby="cvd-events-h">
      <h2 id="cvd-events-h">{t('cvd.case.events')}</h2>
      <ol className="timeline cvd-timeline" data-testid="cvd-events">
        {c.events.map((e) => (
          <li key={e.id} className="timeline-item">
            <div className="timeline-head">
              <span className="timeline-time">{formatDateTime(e.createdAt, lang)}</span>{' '}
              <span className="timeline-action">
                {e.fromStatus ? `${t(`cvd.status.${e.fromStatus}`)} → ` : ''}
                {t(`cvd.status.${e.toStatus}`)}
              </span>
            </div>
            {e.note && <div className="timeline-body prewrap">{e.note}</div>}
          </li>
        ))}
      </ol>
    </section>
  );
}

/** The vendor contact log, with a form to add an entry (vendors add their replies). */
export function CvdContactsPanel({ c }: { c: CvdCase }) {
  const { t, lang } = useLang();
  const contacts = useApi<{ items: CvdContact[] }>(`/cvd/cases/${c.id}/contacts`);
  const [form, setForm] = useState({ direction: 'outbound', contact: '', channel: '', summary: '', at: '' });
  const [error, setError] = useState<ApiError | undefined>(undefined);
  const [pending, setPending] = useState(false);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setPending(true);
    setError(undefined);
    try {
      const at = form.at ? new Date(form.at).toISOString() : new Date().toISOString();
      const added = await api.post<CvdContact>(`/cvd/cases/${c.id}/contacts`, { ...form, at });
      contacts.setData((prev) => ({ items: [...(prev?.items ?? []), added] }));
      setForm((f) => ({ ...f, contact: '', channel: '', summary: '', at: '' }));
    } catch (caught) {
      setError(asApiError(caught));
    } finally {
      setPending(false);
    }
  };
  const set = (key: keyof typeof form) => (value: string) => setForm((f) => ({ ...f, [key]: value }));
  return (
    <section className="panel" aria-labelledby="cvd-contacts-h">
      <h2 id="cvd-contacts-h">{t('cvd.contacts.title')}</h2>
      <ErrorMessage error={contacts.error} onRetry={contacts.reload} />
      {contacts.loading && !contacts.data && <Loading inline />}
      {contacts.data && contacts.data.items.length === 0 && <Empty>{t('cvd.contacts.empty')}</Empty>}
      {contacts.data && contacts.data.items.length > 0 && (
        <ol className="timeline cvd-timeline" data-testid="cvd-contacts">
          {contacts.data.items.map((item) => (
            <li key={item.id} className="timeline-item">
              <div className="timeline-head">
                <span className="timeline-time">{formatDateTime(item.at, lang)}</span>{' '}
                <span className="chip">{t(`cvd.contacts.direction.${item.direction}`)}</span>{' '}
                <strong>{item.contact}</strong>
                {item.channel && <span className="muted"> · {item.channel}</span>}
              </div>
              <div className="timeline-body prewrap">{item.summary}</div>
            </li>
          ))}
        </ol>
      )}
      {c.permissions.addContact && (
        <form onSubmit={(e) => void submit(e)} className="cvd-contact-form" data-testid="cvd-contact-form">
          <h3>{t('cvd.contacts.add')}</h3>
          <ErrorMessage error={error} />
          <div className="form-grid form-grid-2">
            {!c.permissions.vendorOnly && (
              <Field label={t('cvd.contacts.directionLabel')}>
                <select value={form.direction} onChange={(e) => set('direction')(e.target.value)} name="direction">
                  {(['outbound', 'inbound', 'internal'] as const).map((d) => (
                    <option key={d} value={d}>
                      {t(`cvd.contacts.direction.${d}`)}
                    </option>
                  ))}
                </select>
              </Field>
            )}
            <Field label={t('cvd.contacts.contact')} required error={error?.fieldMessage('contact')}>
              <input
                name="contact"
                value={form.contact}
                maxLength={300}
                required
                onChange={(e) => set('contact')(e.target.value)}
              />
            </Field>
            <Field label={t('cvd.contacts.channel')}>
              <input
                name="channel"
                value={form.channel}
                maxLength={100}
                onChange={(e) => set('channel')(e.target.value)}
              />
            </Field>
            <Field label={t('cvd.contacts.at')} help={t('cvd.contacts.atHelp')}>
              <input type="datetime-local" name="at" value={form.at} onChange={(e) => set('at')(e.target.value)} />
            </Field>
          </div>
          <Field label={t('cvd.contacts.summary')} required error={error?.fieldMessage('summary')}>
            <textarea
              name="summary"
              rows={3}
              maxLength={10_240}
              value={form.summary}
              required
              onChange={(e) => set('summary')(e.target.value)}
            />
          </Field>
          <div className="form-actions">
            <button
              type="submit"
              className="btn btn-primary"
              disabled={pending || !form.contact.trim() || !form.summary.trim()}
              data-testid="cvd-contact-add"
            >
              {t('cvd.contacts.addButton')}
            </button>
          </div>
        </form>
      )}
    </section>
  );
}

/** Attachments: upload (writers), list with hashes, download (always as a file). */
export function CvdAttachmentsPanel({ c }: { c: CvdCase }) {
  const { t, lang } = useLang();
  const files = useApi<{ items: CvdAttachment[] }>(`/cvd/cases/${c.id}/attachments`);
  const [error, setError] = useState<ApiError | undefined>(undefined);
  const [pending, setPending] = useState(false);
  const upload = async (file: File | undefined) => {
    if (!file) return;
    setError(undefined);
    if (file.size > 10 * 1024 * 1024) {
      setError(new ApiError(413, 'PAYLOAD_TOO_LARGE', t('cvd.attachments.tooLarge')));
      return;
    }
    setPending(true);
    try {
      const form = new FormData();
      form.append('file', file);
      const added = await api.upload<CvdAttachment>(`/cvd/cases/${c.id}/attachments`, form);
      files.setData((prev) => ({ items: [...(prev?.items ?? []), added] }));
    } catch (caught) {
      setError(asApiError(caught));
    } finally {
      setPending(false);
    }
  };
  return (
    <section className="panel" aria-labelledby="cvd-files-h">
      <h2 id="cvd-files-h">{t('cvd.attachments.title')}</h2>
      <ErrorMessage error={files.error ?? error} />
      {files.data && files.data.items.length === 0 && <Empty>{t('cvd.attachments.empty')}</Empty>}
      {files.data && files.data.items.length > 0 && (
        <ul className="cvd-files" data-testid="cvd-attachments">
          {files.data.items.map((f) => (
            <li key={f.id}>
              <a href={apiUrl(`/cvd/cases/${c.id}/attachments/${f.id}`)} download={f.filename}>
                {f.filename}
              </a>{' '}
              <span className="muted small">
                {formatNumber(f.size, lang)} B · {formatDateTime(f.createdAt, lang)}
              </span>
              <div className="mono small">SHA-256 {f.sha256}</div>
            </li>
          ))}
        </ul>
      )}
      {c.permissions.write && (
        <label className="upload-row">
          <span className="field-label">{t('cvd.attachments.upload')}</span>
          <input
            type="file"
            disabled={pending}
            onChange={(e) => void upload(e.target.files?.[0])}
            data-testid="cvd-upload"
          />
          <span className="muted small">{t('cvd.attachments.limits')}</span>
        </label>
      )}
    </section>
  );
}

/** The coordinators; platform admins and the reporter organisation's admins assign them. */
export function CvdCoordinatorsPanel({ c, onChanged }: { c: CvdCase; onChanged: (next: CvdCase) => void }) {
  const { t } = useLang();
  const [editing, setEditing] = useState(false);
  const [ids, setIds] = useState(c.coordinators.map((p) => p.id));
  const [error, setError] = useState<ApiError | undefined>(undefined);
  const save = async () => {
    setError(undefined);
    try {
      onChanged(await api.put<CvdCase>(`/cvd/cases/${c.id}/coordinators`, { userIds: ids }));
      setEditing(false);
    } catch (caught) {
      setError(asApiError(caught));
    }
  };
  return (
    <section className="panel" aria-labelledby="cvd-coord-h">
      <h2 id="cvd-coord-h">{t('cvd.coordinators.title')}</h2>
      {c.coordinators.length === 0 ? (
        <p className="muted">{t('cvd.coordinators.none')}</p>
      ) : (
        <ul data-testid="cvd-coordinators">
          {c.coordinators.map((p) => (
            <li key={p.id}>
              {p.displayName || p.email || p.id} {p.email && <span className="muted small">{p.email}</span>}
            </li>
          ))}
        </ul>
      )}
      {c.permissions.assignCoordinators && !editing && (
        <button type="button" className="btn btn-small" onClick={() => setEditing(true)}>
          {t('cvd.coordinators.edit')}
        </button>
      )}
      {editing && (
        <div>
          <ErrorMessage error={error} />
          <span id="cvd-coord-picker" className="field-label">
            {t('cvd.coordinators.pick')}
          </span>
          <UserPicker value={ids} onChange={setIds} labelId="cvd-coord-picker" />
          <div className="form-actions">
            <button type="button" className="btn btn-primary btn-small" onClick={() => void save()}>
              {t('common.save')}
            </button>
            <button type="button" className="btn btn-small" onClick={() => setEditing(false)}>
              {t('common.cancel')}
            </button>
          </div>
        </div>
      )}
    </section>
  );
}
