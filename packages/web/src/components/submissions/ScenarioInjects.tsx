import { useLang } from '../../hooks/useLang';
import { Empty } from '../Status';
import type { Inject } from './submissionTypes';

/**
 * The situation as the team received it, inject by inject. Those who teach see every inject with its notes and a
 * button to release the team's injects up to it.
 */
export function ScenarioInjects({
  injects,
  onRelease,
  pending,
}: {
  injects: Inject[];
  onRelease?: (upTo: string) => void;
  pending?: boolean;
}) {
  const { t } = useLang();
  if (injects.length === 0) return <Empty>{t('submissions.scenario.noInjects')}</Empty>;
  return (
    <ol className="submission-list" data-testid="scenario-injects">
      {injects.map((inject) => (
        <li
          key={inject.id}
          className="submission-item"
          data-testid={`inject-${inject.id}`}
          data-released={inject.released}
        >
          <h3>
            T+{inject.at} · {inject.clock} ·{' '}
            {t(`submissions.channel.${inject.channel}`, { defaultValue: inject.channel })}
            {': '}
            {inject.title}
          </h3>
          <p>{inject.text}</p>
          {inject.artefacts.map((a) => (
            <figure key={a.name}>
              <figcaption className="small muted">{a.name}</figcaption>
              <pre className="mono small submission-artefact">{a.lines.join('\n')}</pre>
            </figure>
          ))}
          {inject.instructorNotes !== undefined && (
            <div className="submission-notes" data-testid="inject-notes">
              <strong>{t('submissions.scenario.notes')}</strong> {inject.instructorNotes}
            </div>
          )}
          {onRelease && !inject.released && (
            <button type="button" className="btn btn-secondary" disabled={pending} onClick={() => onRelease(inject.id)}>
              {t('submissions.scenario.releaseUpTo')}
            </button>
          )}
          {onRelease && inject.released && <span className="muted small">{t('submissions.scenario.isReleased')}</span>}
        </li>
      ))}
    </ol>
  );
}
