import { useState } from 'react';
import { Link } from 'react-router-dom';
import { ImportForm } from '../../components/intel/ImportForm';
import { ImportSummary } from '../../components/intel/ImportSummary';
import '../../components/intel/intel.css';
import { IntelNav } from '../../components/intel/IntelNav';
import { RecentImports } from '../../components/intel/RecentImports';
import { ErrorMessage, Loading, Notice } from '../../components/Status';
import '../../components/telescope/telescope.css';
import { useApi } from '../../hooks/useApi';
import { useLang } from '../../hooks/useLang';
import { usePermissions } from '../../hooks/usePermissions';
import type { StixImportDetail, StixImportSummary } from '../../types/intel';

type Shown = { kind: 'new'; summary: StixImportSummary; fileName: string } | { kind: 'past'; id: string } | null;

/** Imports a STIX bundle and shows what it did; earlier imports are listed below, each with its summary. */
export default function IntelImportPage() {
  const { t } = useLang();
  const { writableOrgIds } = usePermissions();
  const [shown, setShown] = useState<Shown>(null);
  const [generation, setGeneration] = useState(0);
  const past = useApi<StixImportDetail>(shown?.kind === 'past' ? `/intel/imports/${shown.id}` : null);

  return (
    <section className="page" data-testid="intel-import">
      <div className="page-header">
        <h1>{t('intel.import.title')}</h1>
        <IntelNav />
      </div>
      <p className="page-intro">{t('intel.import.intro')}</p>
      {writableOrgIds.length > 0 ? (
        <ImportForm
          onImported={(summary, fileName) => {
            setShown({ kind: 'new', summary, fileName });
            setGeneration((value) => value + 1);
          }}
        />
      ) : (
        <Notice kind="warning">
          {t('intel.import.noPermission')} <Link to="/intel">{t('intel.objects.title')}</Link>
        </Notice>
      )}
      {shown?.kind === 'new' && (
        <ImportSummary summary={shown.summary} fileName={shown.fileName} onDismiss={() => setShown(null)} />
      )}
      {shown?.kind === 'past' && (
        <>
          <ErrorMessage error={past.error} onRetry={past.reload} />
          {past.data?.id !== shown.id && !past.error && <Loading />}
          {past.data?.id === shown.id && (
            <ImportSummary summary={past.data} fileName={past.data.fileName} onDismiss={() => setShown(null)} />
          )}
        </>
      )}
      <RecentImports generation={generation} onShow={(id) => setShown({ kind: 'past', id })} />
    </section>
  );
}
