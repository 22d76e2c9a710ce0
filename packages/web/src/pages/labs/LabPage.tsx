import { useEffect, useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import { LabCodeEditor } from '../../components/labs/LabCodeEditor';
import { LabDefence } from '../../components/labs/LabDefence';
import { LabFlagForm } from '../../components/labs/LabFlagForm';
import { LabHints } from '../../components/labs/LabHints';
import { LabInstancePanel } from '../../components/labs/LabInstancePanel';
import { LabProgressPanel } from '../../components/labs/LabProgressPanel';
import { LabTerminal } from '../../components/labs/LabTerminal';
import type { Lab, LabInstance, LabProgress } from '../../components/labs/labTypes';
import { ErrorMessage, Loading, Notice } from '../../components/Status';
import { pick } from '../../format';
import { useApi } from '../../hooks/useApi';
import { useLang } from '../../hooks/useLang';
import type { Items } from '../../types';

/** While an instance runs, the progress is read again this often (the learner attacks it in another tab). */
const PROGRESS_POLL_MS = 10_000;

/** The newest instance of the lab: the running one if any. */
function currentOf(items: LabInstance[], labId: string): LabInstance | undefined {
  const mine = items.filter((i) => i.labId === labId).sort((a, b) => b.startedAt.localeCompare(a.startedAt));
  return mine.find((i) => i.state === 'running') ?? mine[0];
}

/** One lab: the learner's instance, the objectives, the flag form, the code editor and the defence check. */
export default function LabPage() {
  const { labId = '' } = useParams();
  const { t, lang } = useLang();
  const catalogue = useApi<Items<Lab>>('/labs');
  const mine = useApi<Items<LabInstance>>('/lab-instances');
  const progress = useApi<LabProgress>(`/labs/${encodeURIComponent(labId)}/progress`);
  const [instance, setInstance] = useState<LabInstance | undefined>(undefined);

  useEffect(() => {
    if (mine.data) setInstance(currentOf(mine.data.items, labId));
  }, [mine.data, labId]);
  const running = instance?.state === 'running';
  const { reload: reloadProgress } = progress;
  useEffect(() => {
    // Coming back from the lab's tab, or every few seconds while it runs, the objectives met are shown.
    window.addEventListener('focus', reloadProgress);
    const timer = running ? window.setInterval(reloadProgress, PROGRESS_POLL_MS) : undefined;
    return () => {
      window.removeEventListener('focus', reloadProgress);
      window.clearInterval(timer);
    };
  }, [running, reloadProgress]);

  const lab = catalogue.data?.items.find((l) => l.id === labId);
  if (catalogue.error || mine.error) {
    return (
      <ErrorMessage error={catalogue.error ?? mine.error} onRetry={catalogue.error ? catalogue.reload : mine.reload} />
    );
  }
  if (!catalogue.data || !mine.data) return <Loading />;
  if (!lab) return <Notice kind="warning">{t('labs.notFound')}</Notice>;

  return (
    <section className="page" data-testid="lab-page">
      <nav className="breadcrumbs" aria-label={t('nav.label')}>
        <Link to="/labs" data-testid="lab-back">
          {t('labs.back')}
        </Link>
      </nav>
      <div className="page-header">
        <h1 data-testid="lab-title">{pick(lab.title, lang)}</h1>
      </div>
      <p className="page-intro">{pick(lab.summary, lang)}</p>
      <LabInstancePanel lab={lab} instance={instance} onChange={setInstance} />
      {progress.data ? (
        <LabProgressPanel objectives={lab.objectives} progress={progress.data} />
      ) : (
        <ErrorMessage error={progress.error} onRetry={progress.reload} />
      )}
      {instance && (
        <LabFlagForm
          key={`flag-${instance.id}`}
          instanceId={instance.id}
          accepted={(progress.data?.attempts.flags.correct ?? 0) > 0}
          onCorrect={reloadProgress}
        />
      )}
      {progress.data && <LabHints instanceId={instance?.id} progress={progress.data} onChange={progress.setData} />}
      {running && instance && lab.terminal && <LabTerminal key={`terminal-${instance.id}`} instanceId={instance.id} />}
      {running && instance && lab.editable.length > 0 && (
        <LabCodeEditor key={`editor-${instance.id}`} instance={instance} onSaved={setInstance} />
      )}
      {!running && lab.editable.length > 0 && <p className="muted">{t('labs.editor.notRunning')}</p>}
      {running && instance && (
        <LabDefence key={`defence-${instance.id}`} instanceId={instance.id} onResult={reloadProgress} />
      )}
    </section>
  );
}
