import { TLP_LABELS, SCOPES } from '../../constants';
import { useLang } from '../../hooks/useLang';
import type { Scope, Tlp } from '../../types';

/** Whether the world may fetch what attackers download, and the marking and scope of what it records. */
export function OptionsFields({
  fetchEnabled,
  tlp,
  scope,
  onChange,
}: {
  fetchEnabled: boolean;
  tlp: Tlp;
  scope: Scope;
  onChange: (patch: { fetchEnabled?: boolean; tlp?: Tlp; scope?: Scope }) => void;
}) {
  const { t } = useLang();
  return (
    <div className="form-grid">
      <label className="check">
        <input
          type="checkbox"
          checked={fetchEnabled}
          onChange={(event) => onChange({ fetchEnabled: event.target.checked })}
          data-testid="decoy-fetch-enabled"
        />
        <span>
          {t('decoy.form.fetchEnabled')}
          <span className="field-help"> {t('decoy.form.fetchEnabledHelp')}</span>
        </span>
      </label>
      <div className="field">
        <label className="field-label" htmlFor="decoy-tlp">
          {t('decoy.form.tlp')}
        </label>
        <select
          id="decoy-tlp"
          value={tlp}
          onChange={(event) => onChange({ tlp: event.target.value as Tlp })}
          data-testid="decoy-tlp"
        >
          {TLP_LABELS.filter((label) => label !== 'RED').map((label) => (
            <option key={label} value={label}>
              TLP:{label}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label className="field-label" htmlFor="decoy-scope">
          {t('decoy.form.scope')}
        </label>
        <select
          id="decoy-scope"
          value={scope}
          onChange={(event) => onChange({ scope: event.target.value as Scope })}
          data-testid="decoy-scope"
        >
          {SCOPES.filter((value) => value !== 'sharing_group').map((value) => (
            <option key={value} value={value}>
              {t(`scope.name.${value}`)}
            </option>
          ))}
        </select>
      </div>
    </div>
  );
}
