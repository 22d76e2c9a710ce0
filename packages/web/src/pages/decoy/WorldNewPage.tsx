import { useMemo, useState } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import { api } from '../../api';
import { useSubmit } from '../../components/admin/useSubmit';
import { BindingsEditor } from '../../components/decoy/BindingsEditor';
import { checkBindings, rowsFromBindings } from '../../components/decoy/bindings';
import '../../components/decoy/decoy.css';
import { randomSeed, validSensorId, validWorldId } from '../../components/decoy/decoyFormat';
import { DefinitionEditor } from '../../components/decoy/DefinitionEditor';
import { GenerateFields, generateProblems, type GenerateValues } from '../../components/decoy/GenerateFields';
import { OptionsFields } from '../../components/decoy/OptionsFields';
import { Field } from '../../components/Field';
import { ErrorMessage } from '../../components/Status';
import { useMe } from '../../hooks/useAuth';
import { useLang } from '../../hooks/useLang';
import type { Scope, Tlp } from '../../types';
import type { DecoyWorld } from '../../types/decoy';

type Mode = 'generate' | 'upload';

/** A platform admin generates a world from a seed, or uploads a YAML definition, and says where it listens. */
export default function WorldNewPage() {
  const { t } = useLang();
  const me = useMe();
  const navigate = useNavigate();
  const [mode, setMode] = useState<Mode>('generate');
  const [id, setId] = useState('');
  const [sensorId, setSensorId] = useState('');
  const [generate, setGenerate] = useState<GenerateValues>(() => ({
    sector: 'manufacturing',
    lang: 'ja',
    employees: '40',
    hosts: '12',
    seed: String(randomSeed()),
  }));
  const [definition, setDefinition] = useState('');
  const [rows, setRows] = useState(() => rowsFromBindings(undefined));
  const [allowPublic, setAllowPublic] = useState(false);
  const [options, setOptions] = useState<{ fetchEnabled: boolean; tlp: Tlp; scope: Scope }>({
    fetchEnabled: false,
    tlp: 'AMBER',
    scope: 'organisation',
  });
  const { pending, error, touched, handleSubmit } = useSubmit();
  const check = useMemo(() => checkBindings(rows), [rows]);

  if (!me.isPlatformAdmin) {
    return (
      <section className="page">
        <h1>{t('decoy.new.title')}</h1>
        <p className="muted" data-testid="decoy-new-not-allowed">
          {t('decoy.adminOnly')}
        </p>
      </section>
    );
  }

  const badId = !validWorldId(id.trim());
  const badSensor = !validSensorId(sensorId.trim());
  const valid = () =>
    !badId &&
    !badSensor &&
    (mode === 'upload' ? definition.trim() !== '' : generateProblems(generate).length === 0) &&
    check.invalid.length === 0 &&
    check.clashes.length === 0 &&
    (check.exposed.length === 0 || allowPublic);

  const onSubmit = handleSubmit(valid, async () => {
    const body = {
      id: id.trim(),
      sensorId: sensorId.trim(),
      ...(mode === 'upload'
        ? { definition }
        : {
            generate: {
              sector: generate.sector,
              lang: generate.lang,
              employees: Number(generate.employees),
              hosts: Number(generate.hosts),
              seed: Number(generate.seed),
            },
          }),
      bindings: check.bindings,
      ...(check.exposed.length > 0 ? { allowPublic: true } : {}),
      ...options,
    };
    const created = await api.post<DecoyWorld | { item: DecoyWorld }>('/decoy/worlds', body);
    const worldId = 'item' in created ? created.item.id : (created.id ?? body.id);
    void navigate(`/decoy/${encodeURIComponent(worldId)}`);
  });

  return (
    <section className="page page-form" data-testid="decoy-world-form">
      <nav className="breadcrumbs" aria-label={t('common.breadcrumbs')}>
        <Link to="/decoy">{t('decoy.worlds.title')}</Link> <span aria-hidden="true">/</span> {t('decoy.new.title')}
      </nav>
      <h1>{t('decoy.new.title')}</h1>
      <p className="page-intro">{t('decoy.new.intro')}</p>
      <form className="form panel" onSubmit={onSubmit} noValidate aria-busy={pending}>
        <div className="form-grid">
          <Field
            label={t('decoy.form.id')}
            required
            help={t('decoy.form.idHelp')}
            error={touched && badId ? t('decoy.form.badSlug') : error?.fieldMessage('id')}
          >
            <input
              value={id}
              maxLength={64}
              className="mono"
              onChange={(event) => setId(event.target.value)}
              placeholder="shirasagi-7"
              data-testid="decoy-id"
            />
          </Field>
          <Field
            label={t('decoy.form.sensor')}
            required
            help={t('decoy.form.sensorHelp')}
            error={touched && badSensor ? t('decoy.form.badSensor') : error?.fieldMessage('sensorId')}
          >
            <input
              value={sensorId}
              maxLength={63}
              className="mono"
              onChange={(event) => setSensorId(event.target.value)}
              placeholder="hub"
              data-testid="decoy-sensor"
            />
          </Field>
        </div>
        <fieldset className="fieldset">
          <legend>{t('decoy.form.mode')}</legend>
          <div className="check-group check-group-inline" role="radiogroup">
            {(['generate', 'upload'] as const).map((value) => (
              <label key={value} className="check">
                <input
                  type="radio"
                  name="decoy-mode"
                  value={value}
                  checked={mode === value}
                  onChange={() => setMode(value)}
                  data-testid={`decoy-mode-${value}`}
                />
                <span>{t(`decoy.form.mode_${value}`)}</span>
              </label>
            ))}
          </div>
        </fieldset>
        {mode === 'generate' ? (
          <GenerateFields
            values={generate}
            onChange={(patch) => setGenerate((previous) => ({ ...previous, ...patch }))}
            touched={touched}
          />
        ) : (
          <DefinitionEditor value={definition} onChange={setDefinition} error={error} required />
        )}
        {mode === 'upload' && touched && definition.trim() === '' && (
          <p className="field-error">{t('decoy.form.definitionRequired')}</p>
        )}
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
        {pending && (
          <div className="loading" role="status" aria-live="polite" data-testid="decoy-progress">
            <progress aria-label={t(mode === 'generate' ? 'decoy.new.generating' : 'decoy.new.saving')} />
            <span>{t(mode === 'generate' ? 'decoy.new.generating' : 'decoy.new.saving')}</span>
          </div>
        )}
        <div className="form-actions">
          <button type="submit" className="btn btn-primary" disabled={pending} data-testid="decoy-create">
            {t(mode === 'generate' ? 'decoy.new.generate' : 'decoy.new.create')}
          </button>
          <Link to="/decoy" className="btn">
            {t('common.cancel')}
          </Link>
        </div>
      </form>
    </section>
  );
}
