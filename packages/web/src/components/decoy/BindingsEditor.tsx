import { useLang } from '../../hooks/useLang';
import type { BindingCheck, BindingRow } from './bindings';

/**
 * Where each service listens. A public (non-loopback) address exposes the world to the network, so the form asks
 * for an explicit confirmation before it sends `allowPublic`.
 */
export function BindingsEditor({
  rows,
  onChange,
  check,
  touched,
  allowPublic,
  onAllowPublic,
}: {
  rows: BindingRow[];
  onChange: (rows: BindingRow[]) => void;
  check: BindingCheck;
  touched: boolean;
  allowPublic: boolean;
  onAllowPublic: (allow: boolean) => void;
}) {
  const { t } = useLang();
  const update = (index: number, patch: Partial<BindingRow>) =>
    onChange(rows.map((row, at) => (at === index ? { ...row, ...patch } : row)));
  return (
    <fieldset className="fieldset" data-testid="decoy-bindings">
      <legend>{t('decoy.form.bindings')}</legend>
      <p className="field-help">{t('decoy.form.bindingsHelp')}</p>
      {rows.map((row, index) => {
        const invalid = touched && check.invalid.includes(row.service);
        const clash = check.clashes.includes(row.service);
        const exposed = check.exposed.includes(row.service);
        return (
          <div key={row.service} className="decoy-binding-row">
            <label className="check">
              <input
                type="checkbox"
                checked={row.enabled}
                onChange={(event) => update(index, { enabled: event.target.checked })}
                data-testid={`decoy-binding-${row.service}`}
              />
              <span className="mono">{row.service}</span>
            </label>
            <input
              value={row.host}
              disabled={!row.enabled}
              aria-label={t('decoy.form.bindingHost', { service: row.service })}
              aria-invalid={invalid ? true : undefined}
              className="mono"
              spellCheck={false}
              onChange={(event) => update(index, { host: event.target.value })}
              data-testid={`decoy-binding-${row.service}-host`}
            />
            <input
              value={row.port}
              disabled={!row.enabled}
              inputMode="numeric"
              aria-label={t('decoy.form.bindingPort', { service: row.service })}
              aria-invalid={invalid ? true : undefined}
              className="mono"
              onChange={(event) => update(index, { port: event.target.value })}
              data-testid={`decoy-binding-${row.service}-port`}
            />
            <span>
              {invalid && <span className="field-error">{t('decoy.form.bindingInvalid')}</span>}
              {clash && <span className="field-error">{t('decoy.form.bindingClash')}</span>}
              {exposed && row.enabled && <span className="decoy-warning">{t('decoy.form.bindingPublic')}</span>}
            </span>
          </div>
        );
      })}
      {check.exposed.length > 0 && (
        <div className="alert alert-warning" role="alert">
          <p>{t('decoy.form.publicWarning', { services: check.exposed.join(', ') })}</p>
          <label className="check">
            <input
              type="checkbox"
              checked={allowPublic}
              onChange={(event) => onAllowPublic(event.target.checked)}
              data-testid="decoy-allow-public"
            />
            <span>{t('decoy.form.allowPublic')}</span>
          </label>
          {touched && !allowPublic && <p className="field-error">{t('decoy.form.confirmPublic')}</p>}
        </div>
      )}
    </fieldset>
  );
}
