import { SCOPES, scopeAllowed, TLP_LABELS } from '../../constants';
import { useApi } from '../../hooks/useApi';
import { useLang } from '../../hooks/useLang';
import type { Items, Scope, SharingGroup, Tlp } from '../../types';
import { TlpBadge } from '../Badges';
import { narrowedScope } from '../cases/caseFormState';
import { Field } from '../Field';
import type { PackageSharing } from './packagesApi';

/** TLP:RED needs named recipients; packages are shared with organisations, so the console offers the others. */
const MARKINGS = TLP_LABELS.filter((label) => label !== 'RED');

/** TLP marking, scope and sharing group of a package, with the same rules as cases (a scope the marking allows). */
export function PackageSharingFields({
  value,
  onChange,
  ownerOrgId,
  errors,
  disabled = false,
  testId,
}: {
  value: PackageSharing;
  onChange: (next: PackageSharing) => void;
  ownerOrgId: string;
  errors: (path: string) => string | undefined;
  disabled?: boolean;
  testId: string;
}) {
  const { t } = useLang();
  const groups = useApi<Items<SharingGroup>>(value.scope === 'sharing_group' ? '/sharing-groups' : null);
  const ownerGroups = groups.data?.items.filter((group) => group.orgIds.includes(ownerOrgId)) ?? [];
  const onMarking = (marking: Tlp) => onChange({ ...value, marking, scope: narrowedScope(marking, value.scope) });

  return (
    <div className="form-grid">
      <Field
        label={t('coursewarePackages.marking')}
        required
        error={errors('marking')}
        help={
          <span className="tlp-help">
            <TlpBadge marking={value.marking} /> {t(`tlp.description.${value.marking}`)}
          </span>
        }
      >
        <select
          value={value.marking}
          onChange={(event) => onMarking(event.target.value as Tlp)}
          disabled={disabled}
          data-testid={`${testId}-marking`}
        >
          {MARKINGS.map((label) => (
            <option key={label} value={label}>
              TLP:{label}
            </option>
          ))}
        </select>
      </Field>
      <Field
        label={t('coursewarePackages.scope')}
        required
        error={errors('scope')}
        help={t(`coursewarePackages.scopeHelp.${value.scope}`)}
      >
        <select
          value={value.scope}
          onChange={(event) => onChange({ ...value, scope: event.target.value as Scope })}
          disabled={disabled}
          data-testid={`${testId}-scope`}
        >
          {SCOPES.map((scope) => (
            <option key={scope} value={scope} disabled={!scopeAllowed(value.marking, scope)}>
              {t(`scope.name.${scope}`)}
              {!scopeAllowed(value.marking, scope)
                ? ` (${t('coursewarePackages.notForMarking', { marking: value.marking })})`
                : ''}
            </option>
          ))}
        </select>
      </Field>
      {value.scope === 'sharing_group' && (
        <Field
          label={t('coursewarePackages.sharingGroup')}
          required
          error={errors('sharingGroupId') ?? (groups.error ? groups.error.message : undefined)}
          help={groups.data && ownerGroups.length === 0 ? t('coursewarePackages.noGroups') : undefined}
        >
          <select
            value={value.sharingGroupId}
            onChange={(event) => onChange({ ...value, sharingGroupId: event.target.value })}
            disabled={disabled}
            data-testid={`${testId}-sharing-group`}
          >
            <option value="">{groups.loading ? t('common.loading') : t('common.choose')}</option>
            {ownerGroups.map((group) => (
              <option key={group.id} value={group.id}>
                {group.name}
              </option>
            ))}
          </select>
        </Field>
      )}
    </div>
  );
}
