import { useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { api } from '../../api';
import { orgName } from '../../format';
import { useApi, useAction } from '../../hooks/useApi';
import { useLang } from '../../hooks/useLang';
import type { Items, Org } from '../../types';
import type { DecoyWorld } from '../../types/decoy';
import { ErrorMessage } from '../Status';
import { localName, worldState } from './decoyFormat';

type Command = 'start' | 'stop' | 'reset';

/**
 * Start, stop, reset, lend, edit and delete. Only platform admins manage worlds: for everyone else the buttons
 * stay visible but disabled, with the reason beside them.
 */
export function WorldActions({
  world,
  canManage,
  onChanged,
  onEdit,
}: {
  world: DecoyWorld;
  canManage: boolean;
  onChanged: () => void;
  onEdit: () => void;
}) {
  const { t, lang } = useLang();
  const navigate = useNavigate();
  const [lending, setLending] = useState(false);
  const [orgId, setOrgId] = useState(world.lentTo?.id ?? '');
  const orgs = useApi<Items<Org>>(canManage && lending ? '/orgs' : null);
  const action = useAction(async (run: () => Promise<unknown>) => {
    await run();
    onChanged();
  });
  const name = localName(world.name, lang) || world.id;
  const path = `/decoy/worlds/${encodeURIComponent(world.id)}`;
  const { state } = worldState(world);
  const stopped = world.desired === 'stopped' && state !== 'running' && state !== 'starting';

  const command = (which: Command) => {
    if (!window.confirm(t(`decoy.actions.confirm_${which}`, { name }))) return;
    void action.run(() => api.post(`${path}/${which}`));
  };
  const lend = (target: string | null) => {
    const org = orgs.data?.items.find((item) => item.id === target);
    const question = target
      ? t('decoy.actions.confirmLend', { name, org: orgName(org, lang) })
      : t('decoy.actions.confirmReturn', { name });
    if (!window.confirm(question)) return;
    void action.run(async () => {
      await api.post(`${path}/lend`, { orgId: target });
      setLending(false);
    });
  };
  const remove = () => {
    if (!window.confirm(t('decoy.actions.confirmDelete', { name }))) return;
    void action.run(async () => {
      await api.del(path);
      void navigate('/decoy', { replace: true });
    });
  };
  const reason = canManage ? undefined : t('decoy.adminOnly');
  const disabled = !canManage || action.pending;

  return (
    <div data-testid="decoy-world-actions">
      <div className="decoy-actions">
        {world.desired === 'running' ? (
          <button
            type="button"
            className="btn"
            disabled={disabled}
            title={reason}
            onClick={() => command('stop')}
            data-testid="decoy-stop"
          >
            {t('decoy.actions.stop')}
          </button>
        ) : (
          <button
            type="button"
            className="btn btn-primary"
            disabled={disabled}
            title={reason}
            onClick={() => command('start')}
            data-testid="decoy-start"
          >
            {t('decoy.actions.start')}
          </button>
        )}
        <button
          type="button"
          className="btn"
          disabled={disabled}
          title={reason}
          onClick={() => command('reset')}
          data-testid="decoy-reset"
        >
          {t('decoy.actions.reset')}
        </button>
        <button
          type="button"
          className="btn"
          disabled={disabled}
          title={reason}
          aria-expanded={lending}
          onClick={() => setLending((open) => !open)}
          data-testid="decoy-lend"
        >
          {t('decoy.actions.lend')}
        </button>
        <button
          type="button"
          className="btn"
          disabled={disabled}
          title={reason}
          onClick={onEdit}
          data-testid="decoy-edit"
        >
          {t('common.edit')}
        </button>
        <button
          type="button"
          className="btn btn-danger"
          disabled={disabled || !stopped}
          title={reason ?? (stopped ? undefined : t('decoy.actions.deleteStopped'))}
          onClick={remove}
          data-testid="decoy-delete"
        >
          {t('common.delete')}
        </button>
        {reason && <span className="decoy-reason">{reason}</span>}
        {canManage && !stopped && <span className="decoy-reason">{t('decoy.actions.deleteStopped')}</span>}
      </div>
      {lending && canManage && (
        <form
          className="form-inline"
          onSubmit={(event) => {
            event.preventDefault();
            if (orgId) lend(orgId);
          }}
          data-testid="decoy-lend-form"
        >
          <label className="filter">
            <span>{t('decoy.actions.lendTo')}</span>
            <select value={orgId} onChange={(event) => setOrgId(event.target.value)} data-testid="decoy-lend-org">
              <option value="">{t('common.choose')}</option>
              {orgs.data?.items.map((org) => (
                <option key={org.id} value={org.id}>
                  {orgName(org, lang)}
                </option>
              ))}
            </select>
          </label>
          <button
            type="submit"
            className="btn btn-small btn-primary"
            disabled={!orgId || action.pending}
            data-testid="decoy-lend-submit"
          >
            {t('decoy.actions.lendSubmit')}
          </button>
          {world.lentTo && (
            <button type="button" className="btn btn-small" onClick={() => lend(null)} data-testid="decoy-lend-return">
              {t('decoy.actions.return')}
            </button>
          )}
        </form>
      )}
      <ErrorMessage error={action.error ?? orgs.error} />
    </div>
  );
}
