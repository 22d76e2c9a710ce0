import { useState } from 'react';
import { api } from '../api';
import { AdminPage, AdminPanel } from '../components/admin/AdminPage';
import { AdminTable } from '../components/admin/AdminTable';
import { FormCard } from '../components/admin/FormCard';
import { useConfirmedDelete, useSubmit } from '../components/admin/useSubmit';
import { CopyField } from '../components/CopyField';
import { Field, FieldSet } from '../components/Field';
import { ErrorMessage } from '../components/Status';
import { formatDateTime } from '../format';
import { useMe } from '../hooks/useAuth';
import { useApi } from '../hooks/useApi';
import { useLang } from '../hooks/useLang';
import type { Items, SensorCredential, SensorPurpose } from '../types';

/** The hub's rule for sensor ids (as in the batches the sensor sends). */
const SENSOR_ID = /^[a-z0-9][a-z0-9_-]{0,62}$/;
const PURPOSES: readonly SensorPurpose[] = ['telescope', 'decoy'];

function RegisterSensorForm({ onRegistered }: { onRegistered: (secret: string) => void }) {
  const { t } = useLang();
  const [sensorId, setSensorId] = useState('');
  const [name, setName] = useState('');
  const [description, setDescription] = useState('');
  const [purposes, setPurposes] = useState<SensorPurpose[]>(['telescope']);
  const { pending, error, touched, setTouched, handleSubmit } = useSubmit();
  const badId = !SENSOR_ID.test(sensorId.trim());

  const onSubmit = handleSubmit(
    () => !badId && Boolean(name.trim()) && purposes.length > 0,
    async () => {
      const body = {
        sensorId: sensorId.trim(),
        name: name.trim(),
        purposes,
        ...(description.trim() ? { description: description.trim() } : {}),
      };
      const created = await api.post<{ secret: string; item: SensorCredential }>('/sensors/credentials', body);
      setSensorId('');
      setName('');
      setDescription('');
      setTouched(false);
      onRegistered(created.secret);
    },
  );

  const toggle = (purpose: SensorPurpose, on: boolean) =>
    setPurposes(
      on ? PURPOSES.filter((p) => p === purpose || purposes.includes(p)) : purposes.filter((p) => p !== purpose),
    );

  return (
    <FormCard
      title={t('sensors.registerTitle')}
      error={error}
      pending={pending}
      onSubmit={onSubmit}
      submitLabel={t('sensors.register')}
      submitTestId="sensor-register"
      testId="sensor-form"
    >
      <div className="form-grid">
        <Field
          label={t('sensors.sensorId')}
          required
          help={t('sensors.sensorIdHelp')}
          error={touched && badId ? t('sensors.badSensorId') : error?.fieldMessage('sensorId')}
        >
          <input
            value={sensorId}
            maxLength={63}
            onChange={(event) => setSensorId(event.target.value)}
            placeholder="tokyo-1"
            className="mono"
            data-testid="sensor-id"
          />
        </Field>
        <Field
          label={t('sensors.name')}
          required
          error={touched && !name.trim() ? t('caseForm.error.required') : error?.fieldMessage('name')}
        >
          <input
            value={name}
            maxLength={100}
            onChange={(event) => setName(event.target.value)}
            placeholder={t('sensors.namePlaceholder')}
            data-testid="sensor-name"
          />
        </Field>
        <Field label={t('sensors.description')} error={error?.fieldMessage('description')}>
          <input
            value={description}
            maxLength={500}
            onChange={(event) => setDescription(event.target.value)}
            data-testid="sensor-description"
          />
        </Field>
        <FieldSet
          legend={t('sensors.purposes')}
          error={touched && purposes.length === 0 ? t('sensors.pickPurpose') : error?.fieldMessage('purposes')}
        >
          <div className="check-group check-group-inline">
            {PURPOSES.map((purpose) => (
              <label key={purpose} className="check">
                <input
                  type="checkbox"
                  checked={purposes.includes(purpose)}
                  onChange={(event) => toggle(purpose, event.target.checked)}
                  data-testid={`sensor-purpose-${purpose}`}
                />
                <span>{t(`sensors.purpose.${purpose}`)}</span>
              </label>
            ))}
          </div>
        </FieldSet>
      </div>
    </FormCard>
  );
}

/** Platform admins register, follow and revoke the credentials sensors upload with. */
export default function SensorsPage() {
  const { t, lang } = useLang();
  const me = useMe();
  if (!me.isPlatformAdmin) {
    return (
      <AdminPage title={t('sensors.title')}>
        <p className="muted" data-testid="sensors-not-allowed">
          {t('sensors.notAllowed')}
        </p>
      </AdminPage>
    );
  }
  return <SensorsAdmin t={t} lang={lang} />;
}

function SensorsAdmin({ t, lang }: Pick<ReturnType<typeof useLang>, 't' | 'lang'>) {
  const credentials = useApi<Items<SensorCredential>>('/sensors/credentials');
  const [secret, setSecret] = useState<string | null>(null);
  const revocation = useConfirmedDelete(credentials.reload);

  return (
    <AdminPage title={t('sensors.title')} intro={t('sensors.intro')}>
      {secret && (
        <CopyField
          label={t('sensors.newSecret')}
          value={secret}
          warning={t('sensors.once')}
          onDismiss={() => setSecret(null)}
          testId="sensor-secret"
        />
      )}
      <RegisterSensorForm
        onRegistered={(created) => {
          setSecret(created);
          credentials.reload();
        }}
      />
      <ErrorMessage error={revocation.error} />
      <AdminPanel title={t('sensors.listTitle')}>
        <AdminTable
          state={credentials}
          empty={t('sensors.empty')}
          testId="sensors-table"
          rowKey={(c) => c.id}
          rowClassName={(c) => (c.revokedAt ? 'row-muted' : undefined)}
          columns={[
            { header: t('sensors.sensorId'), className: 'mono strong', cell: (c) => c.sensorId },
            {
              header: t('sensors.name'),
              cell: (c) => <span title={c.description || undefined}>{c.name}</span>,
            },
            {
              header: t('sensors.purposes'),
              cell: (c) => c.purposes.map((p) => t(`sensors.purpose.${p}`)).join(', '),
            },
            {
              header: t('sensors.created'),
              className: 'nowrap',
              cell: (c) => <span title={c.createdByEmail ?? undefined}>{formatDateTime(c.createdAt, lang)}</span>,
            },
            {
              header: t('sensors.lastUsed'),
              className: 'nowrap',
              cell: (c) =>
                c.lastUsedAt ? (
                  <>
                    {formatDateTime(c.lastUsedAt, lang)}
                    {c.lastUsedIp && <span className="mono muted"> {c.lastUsedIp}</span>}
                  </>
                ) : (
                  t('sensors.never')
                ),
            },
            {
              header: t('sensors.state'),
              cell: (c) => (
                <span
                  className={`chip chip-${c.revokedAt ? 'warn' : 'ok'}`}
                  title={c.revokedAt ? `${formatDateTime(c.revokedAt, lang)} ${c.revokedByEmail ?? ''}` : undefined}
                >
                  {t(c.revokedAt ? 'sensors.stateName.revoked' : 'sensors.stateName.active')}
                </span>
              ),
            },
          ]}
          actions={(c) =>
            !c.revokedAt && (
              <button
                type="button"
                className="btn btn-small btn-danger"
                data-testid={`sensor-revoke-${c.sensorId}`}
                onClick={() =>
                  void revocation.remove(
                    t('sensors.confirmRevoke', { sensorId: c.sensorId, name: c.name }),
                    `/sensors/credentials/${c.id}`,
                  )
                }
              >
                {t('sensors.revoke')}
              </button>
            )
          }
        />
      </AdminPanel>
    </AdminPage>
  );
}
