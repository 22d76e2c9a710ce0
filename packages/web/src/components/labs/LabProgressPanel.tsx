import { pick } from '../../format';
import { useLang } from '../../hooks/useLang';
import type { LabObjective, LabProgress } from './labTypes';

/** The objectives with what each scores and which are met, the score after hint penalties, and the attempts. */
export function LabProgressPanel({ objectives, progress }: { objectives: LabObjective[]; progress: LabProgress }) {
  const { t, lang } = useLang();
  const solved = new Set(progress.solved.map((s) => s.objective));
  const { score, attempts } = progress;
  return (
    <section className="panel" data-testid="lab-objectives" aria-labelledby="lab-objectives-title">
      <h2 id="lab-objectives-title">{t('labs.objectives')}</h2>
      <ul className="facts-list lab-objectives">
        {objectives.map((o) => {
          const met = solved.has(o.id);
          return (
            <li key={o.id} data-testid={`lab-objective-${o.id}`} data-solved={String(met)}>
              <span aria-label={met ? t('labs.solved') : t('labs.unsolved')}>{met ? '✓' : '○'}</span>{' '}
              <span className="chip">{t(`labs.objectiveKind.${o.kind}`)}</span> {pick(o.title, lang)}{' '}
              <span className="muted small">{t('labs.points', { count: o.points })}</span>
            </li>
          );
        })}
      </ul>
      <div className="lab-score" data-testid="lab-score" data-total={score.total}>
        <span>
          {t('labs.score.label')}: <strong>{score.total}</strong> / {score.max}
        </span>
        <progress value={score.total} max={Math.max(score.max, 1)} aria-label={t('labs.score.label')} />
        {score.penalties > 0 && (
          <span className="muted small">
            {t('labs.score.penalties', { earned: score.earned, penalties: score.penalties })}
          </span>
        )}
      </div>
      <p className="muted small" data-testid="lab-attempts">
        {t('labs.attempts', {
          correct: attempts.flags.correct,
          wrong: attempts.flags.wrong,
          passed: attempts.defence.passed,
          failed: attempts.defence.failed,
        })}
      </p>
    </section>
  );
}
