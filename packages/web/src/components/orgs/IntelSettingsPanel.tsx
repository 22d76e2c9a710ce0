import { useState } from 'react';
import { api } from '../../api';
import { useApi } from '../../hooks/useApi';
import { useLang } from '../../hooks/useLang';
import { AdminPanel } from '../admin/AdminPage';
import { useSubmit } from '../admin/useSubmit';
import { AsyncBlock, ErrorMessage, Notice } from '../Status';

/** `GET`/`PATCH /api/v1/orgs/:id/intel-settings`. */
interface IntelSettings {
  orgId: string;
  anonymiseSightings: boolean;
  /** The change is being applied to the organisation's records in the background (PATCH only). */
  rederiving?: boolean;
}

/**
 * Whether the sightings (and every other STIX object) derived from the organisation's cases and decoy sessions
 * name it or "a cynex member". Saved at once when toggled; the hub then derives all the records again in the
 * background (minutes for many records).
 */
export function IntelSettingsPanel({ orgId }: { orgId: string }) {
  const { t } = useLang();
  const settings = useApi<IntelSettings>(`/orgs/${orgId}/intel-settings`);
  const { pending, error, run } = useSubmit();
  const [saved, setSaved] = useState<'applying' | 'unchanged' | null>(null);

  // The box shows the new choice at once and goes back if the hub refuses it.
  const show = (anonymiseSightings: boolean) =>
    settings.setData((previous) => previous && { ...previous, anonymiseSightings });
  const toggle = (anonymiseSightings: boolean) => {
    setSaved(null);
    show(anonymiseSightings);
    void run(async () => {
      try {
        const result = await api.patch<IntelSettings>(`/orgs/${orgId}/intel-settings`, { anonymiseSightings });
        settings.setData(result);
        setSaved(result.rederiving ? 'applying' : 'unchanged');
      } catch (error) {
        show(!anonymiseSightings);
        throw error;
      }
    });
  };

  return (
    <AdminPanel title={t('intelSettings.title')} help={t('intelSettings.help')} testId="org-intel-settings">
      <AsyncBlock state={settings}>
        {(data) => (
          <div className="form">
            <ErrorMessage error={error} />
            {saved && <Notice kind="success">{t(`intelSettings.saved.${saved}`)}</Notice>}
            <label className="check">
              <input
                type="checkbox"
                checked={data.anonymiseSightings}
                disabled={pending}
                onChange={(event) => toggle(event.target.checked)}
                data-testid="intel-anonymise-sightings"
              />
              <span>{t('intelSettings.anonymise')}</span>
            </label>
            <p className="field-help">
              {data.anonymiseSightings ? t('intelSettings.anonymisedHelp') : t('intelSettings.namedHelp')}
            </p>
          </div>
        )}
      </AsyncBlock>
    </AdminPanel>
  );
}
