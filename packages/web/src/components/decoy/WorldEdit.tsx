import { useMemo, useState } from 'react';
import { api } from '../../api';
import { useLang } from '../../hooks/useLang';
import type { Scope, Tlp } from '../../types';
import type { DecoyWorldDetail } from '../../types/decoy';
import { useSubmit } from '../admin/useSubmit';
import { ErrorMessage, Notice } from '../Status';
import { BindingsEditor } from './BindingsEditor';
import { checkBindings, rowsFromBindings } from './bindings';
import { DefinitionEditor } from './DefinitionEditor';
import { OptionsFields } from './OptionsFields';

/** Edits a world's YAML, bindings and options; the hub bumps the revision and the sensor restarts the world. */
export function WorldEdit({ world, onSaved }: { world: DecoyWorldDetail; onSaved: () => void }) {
  const { t } = useLang();
  const [definition, setDefinition] = useState(world.definition ?? '');
  const [rows, setRows] = useState(() => rowsFromBindings(world.bindings));
  const [allowPublic, setAllowPublic] = useState(false);
  const [options, setOptions] = useState<{ fetchEnabled: boolean; tlp: Tlp; scope: Scope }>({
    fetchEnabled: world.fetchEnabled,
    tlp: world.tlp,
    scope: world.scope,
  });
  const [saved, setSaved] = useState(false);
  const { pending, error, touched, handleSubmit } = useSubmit();
  const check = useMemo(() => checkBindings(rows), [rows]);

  const onSubmit = handleSubmit(
    () =>
      definition.trim() !== '' &&
      check.invalid.length === 0 &&
      check.clashes.length === 0 &&
      (check.exposed.length === 0 || allowPublic),
    async () => {
      setSaved(false);
      await api.patch(`/decoy/worlds/${encodeURIComponent(world.id)}`, {
        ...(definition !== (world.definition ?? '') ? { definition } : {}),
        bindings: check.bindings,
        ...(check.exposed.length > 0 ? { allowPublic: true } : {}),
        ...options,
      });
      setSaved(true);
      onSaved();
    },
  );

  return (
    <form className="form" onSubmit={onSubmit} noValidate aria-busy={pending} data-testid="decoy-world-edit">
      {world.definition === undefined && <Notice kind="info">{t('decoy.edit.noDefinition')}</Notice>}
      <DefinitionEditor value={definition} onChange={setDefinition} error={error} required />
      <BindingsEditor
        rows={rows}
        onChange={setRows}
        check={check}
        touched={touched}
        allowPublic={allowPublic}
        onAllowPublic={setAllowPublic}
      />
      <OptionsFields {...options} onChange={(patch) => setOptions((previous) => ({ ...previous, ...patch }))} />
      <ErrorMessage error={error} />
      {saved && <Notice kind="success">{t('decoy.edit.saved')}</Notice>}
      <div className="form-actions">
        <button type="submit" className="btn btn-primary" disabled={pending} data-testid="decoy-edit-save">
          {pending ? t('common.saving') : t('common.save')}
        </button>
      </div>
    </form>
  );
}
