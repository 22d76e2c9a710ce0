import { useEffect, useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import { LabCodeEditor } from '../../components/labs/LabCodeEditor';
import { LabDefence } from '../../components/labs/LabDefence';
import { LabFlagForm } from '../../components/labs/LabFlagForm';
import { LabInstancePanel } from '../../components/labs/LabInstancePanel';
import {
  rememberSolves,
  rememberedSolves,
  type Lab,
  type LabInstance,
  type LabObjective,
} from '../../components/labs/labTypes';
import { ErrorMessage, Loading, Notice } from '../../components/Status';
import { pick } from '../../format';
import { useApi } from '../../hooks/useApi';
import { useLang } from '../../hooks/useLang';
import type { Items } from '../../types';

/** What marks a correct flag among the remembered solves (the hub does not say which attack it was). */
const FLAG_ACCEPTED = 'flag:accepted';

function Objectives({ objectives, solved }: { objectives: LabObjective[]; solved: Set<string> }) {
  const { t, lang } = useLang();
  return (
    <section className="panel" data-testid="lab-objectives" aria-labelledby="lab-objectives-title">
      <h2 id="lab-objectives-title">{t('labs.objectives')}</h2>
      <ul className="facts-list">
        {objectives.map((o) => {
          const met = solved.has(o.id);
          return (
            <li key={o.id} data-testid={`lab-objective-${o.id}`} data-solved={String(met)}>
              <span aria-label={met ? t('labs.solved') : t('labs.unsolved')}>{met ? '✓' : '○'}</span>{' '}
              <span className="chip">{t(`labs.objectiveKind.${o.kind}`)}</span> {pick(o.title, lang)}
            </li>
          );
        })}
      </ul>
    </section>
  );
}

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
  const [instance, setInstance] = useState<LabInstance | undefined>(undefined);
  const [remembered, setRemembered] = useState<string[]>([]);

  useEffect(() => {
    if (mine.data) setInstance(currentOf(mine.data.items, labId));
  }, [mine.data, labId]);
  const instanceId = instance?.id;
  useEffect(() => {
    setRemembered(instanceId ? rememberedSolves(instanceId) : []);
  }, [instanceId]);

  const lab = catalogue.data?.items.find((l) => l.id === labId);
  if (catalogue.error || mine.error) {
    return (
      <ErrorMessage error={catalogue.error ?? mine.error} onRetry={catalogue.error ? catalogue.reload : mine.reload} />
    );
  }
  if (!catalogue.data || !mine.data) return <Loading />;
  if (!lab) return <Notice kind="warning">{t('labs.notFound')}</Notice>;

  const solved = new Set([...(instance?.solved ?? []), ...remembered]);
  const running = instance?.state === 'running';
  const remember = (objectives: string[]) => instance && setRemembered(rememberSolves(instance.id, objectives));

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
      <Objectives objectives={lab.objectives} solved={solved} />
      {instance && (
        <LabFlagForm
          key={`flag-${instance.id}`}
          instanceId={instance.id}
          accepted={solved.has(FLAG_ACCEPTED)}
          onCorrect={() => remember([FLAG_ACCEPTED])}
        />
      )}
      {running && instance && lab.editable.length > 0 && (
        <LabCodeEditor key={`editor-${instance.id}`} instance={instance} onSaved={setInstance} />
      )}
      {!running && lab.editable.length > 0 && <p className="muted">{t('labs.editor.notRunning')}</p>}
      {running && instance && (
        <LabDefence
          key={`defence-${instance.id}`}
          instanceId={instance.id}
          onResult={(result) =>
            result.passed && remember(lab.objectives.filter((o) => o.kind === 'defence').map((o) => o.id))
          }
        />
      )}
    </section>
  );
}
