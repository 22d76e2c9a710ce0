import { useState } from 'react';
import { api, type ApiError } from '../../api';
import { formatDateTime, orgName } from '../../format';
import { useAction } from '../../hooks/useApi';
import { useMe } from '../../hooks/useAuth';
import { useLang } from '../../hooks/useLang';
import { ErrorMessage, Loading } from '../Status';
import type { Lab, LabInstance } from './labTypes';

/** Start (level, organisation), stop, reset and open the learner's instance of one lab. */
export function LabInstancePanel({
  lab,
  instance,
  onChange,
}: {
  lab: Lab;
  instance: LabInstance | undefined;
  onChange: (next: LabInstance) => void;
}) {
  const { t, lang } = useLang();
  const me = useMe();
  const [level, setLevel] = useState(lab.levels.includes('vulnerable') ? 'vulnerable' : (lab.levels[0] ?? ''));
  const [orgId, setOrgId] = useState(me.memberships[0]?.orgId ?? '');
  const [busy, setBusy] = useState<'start' | 'stop' | 'reset' | 'pristine' | undefined>(undefined);
  const [error, setError] = useState<ApiError | undefined>(undefined);
  const [fallbackUrl, setFallbackUrl] = useState<string | undefined>(undefined);
  const open = useAction(() => api.get<{ url: string; expiresAt: string }>(`/lab-instances/${instance?.id}/view`));
  const running = instance?.state === 'running';

  const act = async (kind: 'start' | 'stop' | 'reset' | 'pristine', call: () => Promise<LabInstance>) => {
    setBusy(kind);
    setError(undefined);
    try {
      onChange(await call());
    } catch (caught) {
      setError(caught as ApiError);
    } finally {
      setBusy(undefined);
    }
  };
  const start = () =>
    act('start', () =>
      api.post<LabInstance>(`/labs/${lab.id}/instances`, {
        level,
        ...(me.memberships.length > 1 && orgId ? { orgId } : {}),
      }),
    );
  const reset = (pristine: boolean) => {
    if (!instance || !window.confirm(t(pristine ? 'labs.instance.pristineConfirm' : 'labs.instance.resetConfirm')))
      return;
    void act(pristine ? 'pristine' : 'reset', () =>
      api.post<LabInstance>(`/lab-instances/${instance.id}/reset`, pristine ? { pristine: true } : {}),
    );
  };
  const openView = async () => {
    setFallbackUrl(undefined);
    const link = await open.run();
    if (!link) return;
    // The view cannot be framed (frame-ancestors 'none') and must not reach back to the console: a new tab, no opener.
    window.open(link.url, '_blank', 'noopener,noreferrer');
    setFallbackUrl(link.url);
  };

  return (
    <section className="panel" data-testid="lab-instance" aria-labelledby="lab-instance-title" aria-busy={!!busy}>
      <h2 id="lab-instance-title">{t('labs.instance.title')}</h2>
      <ErrorMessage error={error} />
      {instance && (
        <dl className="facts-list">
          <dt>{t('labs.instance.state')}</dt>
          <dd data-testid="lab-instance-state" data-state={instance.state}>
            {t(`labs.instance.states.${instance.state}`, { defaultValue: instance.state })}
          </dd>
          <dt>{t('labs.level.label')}</dt>
          <dd data-testid="lab-instance-level">
            {t(`labs.level.${instance.level}`, { defaultValue: instance.level })}
          </dd>
          <dt>{t('labs.instance.startedAt')}</dt>
          <dd>{formatDateTime(instance.startedAt, lang)}</dd>
          {instance.stoppedAt && (
            <>
              <dt>{t('labs.instance.stoppedAt')}</dt>
              <dd>{formatDateTime(instance.stoppedAt, lang)}</dd>
            </>
          )}
        </dl>
      )}
      {!running && (
        <div className="form-row">
          <label className="field">
            <span className="field-label">{t('labs.level.label')}</span>
            <select value={level} onChange={(event) => setLevel(event.target.value)} data-testid="lab-level">
              {lab.levels.map((l) => (
                <option key={l} value={l}>
                  {t(`labs.level.${l}`, { defaultValue: l })}
                </option>
              ))}
            </select>
          </label>
          {me.memberships.length > 1 && (
            <label className="field">
              <span className="field-label">{t('labs.results.organisation')}</span>
              <select value={orgId} onChange={(event) => setOrgId(event.target.value)} data-testid="lab-org">
                {me.memberships.map((m) => (
                  <option key={m.orgId} value={m.orgId}>
                    {orgName({ nameEn: m.orgNameEn, nameJa: m.orgNameJa }, lang)}
                  </option>
                ))}
              </select>
            </label>
          )}
        </div>
      )}
      <div className="form-actions">
        {!running && (
          <button
            type="button"
            className="btn btn-primary"
            disabled={!!busy}
            onClick={() => void start()}
            data-testid="lab-start"
          >
            {busy === 'start' ? t('labs.instance.starting') : t('labs.instance.start')}
          </button>
        )}
        {running && (
          <>
            <button
              type="button"
              className="btn btn-primary"
              disabled={open.pending || !!busy}
              onClick={() => void openView()}
              data-testid="lab-open"
            >
              {open.pending ? t('labs.instance.opening') : t('labs.instance.openView')}
            </button>
            <button
              type="button"
              className="btn"
              disabled={!!busy}
              onClick={() =>
                instance && void act('stop', () => api.post<LabInstance>(`/lab-instances/${instance.id}/stop`))
              }
              data-testid="lab-stop"
            >
              {busy === 'stop' ? t('labs.instance.stopping') : t('labs.instance.stop')}
            </button>
          </>
        )}
        {instance && (
          <>
            <button
              type="button"
              className="btn"
              disabled={!!busy}
              onClick={() => reset(false)}
              data-testid="lab-reset"
            >
              {t('labs.instance.reset')}
            </button>
            <button
              type="button"
              className="btn btn-danger"
              disabled={!!busy}
              onClick={() => reset(true)}
              data-testid="lab-pristine"
            >
              {t('labs.instance.pristine')}
            </button>
          </>
        )}
      </div>
      {busy && busy !== 'start' && busy !== 'stop' && <Loading inline label={t('labs.instance.working')} />}
      <ErrorMessage error={open.error} />
      {fallbackUrl && (
        <p className="small muted">
          {t('labs.instance.openHelp')}{' '}
          <a href={fallbackUrl} target="_blank" rel="noopener noreferrer" data-testid="lab-open-fallback">
            {t('labs.instance.openFallback')}
          </a>
        </p>
      )}
    </section>
  );
}
