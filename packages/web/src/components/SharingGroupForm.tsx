import { useMemo, useState } from 'react';
import { api } from '../api';
import { orgName } from '../format';
import { useLang } from '../hooks/useLang';
import type { Org, SharingGroup } from '../types';
import { FormCard } from './admin/FormCard';
import { useSubmit } from './admin/useSubmit';
import { Field, FieldSet } from './Field';

/** Creates or edits a sharing group: a name and the organisations in it. */
export function SharingGroupForm({
  group,
  orgs,
  onSaved,
  onCancel,
}: {
  group?: SharingGroup;
  orgs: Org[];
  onSaved: () => void;
  onCancel: () => void;
}) {
  const { t, lang } = useLang();
  const [name, setName] = useState(group?.name ?? '');
  const [orgIds, setOrgIds] = useState<string[]>(group?.orgIds ?? []);
  const [filter, setFilter] = useState('');
  const { pending, error, touched, handleSubmit } = useSubmit();

  const visible = useMemo(() => {
    const q = filter.trim().toLowerCase();
    const sorted = [...orgs].sort((a, b) => orgName(a, lang).localeCompare(orgName(b, lang), lang));
    if (!q) return sorted;
    return sorted.filter((org) => `${org.nameEn} ${org.nameJa} ${org.slug}`.toLowerCase().includes(q));
  }, [orgs, filter, lang]);

  const onSubmit = handleSubmit(
    () => Boolean(name.trim()) && orgIds.length > 0,
    async () => {
      const body = { name: name.trim(), orgIds };
      if (group) await api.patch(`/sharing-groups/${group.id}`, body);
      else await api.post('/sharing-groups', body);
      onSaved();
    },
  );

  return (
    <FormCard
      title={group ? t('groups.editTitle') : t('groups.createTitle')}
      error={error}
      pending={pending}
      onSubmit={onSubmit}
      submitLabel={t('common.save')}
      submitTestId="group-save"
      onCancel={onCancel}
      testId="sharing-group-form"
    >
      <Field
        label={t('groups.name')}
        required
        error={touched && !name.trim() ? t('caseForm.error.required') : error?.fieldMessage('name')}
      >
        <input
          value={name}
          onChange={(event) => setName(event.target.value)}
          maxLength={200}
          data-testid="group-name"
        />
      </Field>
      <FieldSet
        legend={t('groups.orgs')}
        error={touched && orgIds.length === 0 ? t('groups.pickOrgs') : error?.fieldMessage('orgIds')}
        help={t('groups.selected', { count: orgIds.length })}
      >
        <input
          type="search"
          value={filter}
          onChange={(event) => setFilter(event.target.value)}
          placeholder={t('userPicker.filter')}
          aria-label={t('groups.filterOrgs')}
        />
        <ul className="user-picker-list">
          {visible.map((org) => (
            <li key={org.id}>
              <label className="check">
                <input
                  type="checkbox"
                  checked={orgIds.includes(org.id)}
                  onChange={(event) =>
                    setOrgIds(event.target.checked ? [...orgIds, org.id] : orgIds.filter((id) => id !== org.id))
                  }
                  data-testid={`group-org-${org.slug}`}
                />
                <span>{orgName(org, lang)}</span>
                <span className="muted small mono">{org.slug}</span>
              </label>
            </li>
          ))}
        </ul>
      </FieldSet>
    </FormCard>
  );
}
