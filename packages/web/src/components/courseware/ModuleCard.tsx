import { Link } from 'react-router-dom';
import { pick } from '../../format';
import { useLang } from '../../hooks/useLang';
import type { ModuleSummary } from './coursewareTypes';
import { trainingPath } from './courseware';
import { KsaChips } from './KsaChips';

/** The module's facts in one line: difficulty, duration, languages, pages and quiz size. */
export function ModuleFacts({ module }: { module: ModuleSummary }) {
  const { t } = useLang();
  return (
    <p className="module-facts small">
      <span className={`difficulty difficulty-${module.difficulty}`} data-testid="training-difficulty">
        {t(`training.difficulty.${module.difficulty}`)}
      </span>
      <span>{t('training.module.duration', { minutes: module.durationMinutes })}</span>
      <span>{module.languages.map((l) => t(`training.languages.${l}`)).join(' / ')}</span>
      <span>{t('training.module.pages', { count: module.pages })}</span>
      {module.quizItems > 0 && <span>{t('training.module.quizItems', { count: module.quizItems })}</span>}
    </p>
  );
}

/** Links to the module's hands-on lab and exercise, when it has them. */
export function PracticeChips({ module }: { module: ModuleSummary }) {
  const { t } = useLang();
  if (!module.lab && !module.exercise) return null;
  return (
    <ul className="chips practice-chips">
      {module.lab && (
        <li className="chip chip-accent">
          <Link to={`/labs/${encodeURIComponent(module.lab)}`} data-testid={`training-lab-link-${module.lab}`}>
            {t('training.module.lab', { id: module.lab })}
          </Link>
        </li>
      )}
      {module.exercise && (
        <li className="chip chip-accent">
          <Link
            to={`/labs/exercises/${encodeURIComponent(module.exercise)}`}
            data-testid={`training-exercise-link-${module.exercise}`}
          >
            {t('training.module.exercise', { id: module.exercise })}
          </Link>
        </li>
      )}
    </ul>
  );
}

/** One module in the catalogue. */
export function ModuleCard({ module }: { module: ModuleSummary }) {
  const { t, lang } = useLang();
  return (
    <li className="panel module-card" data-testid={`training-module-card-${module.id}`}>
      <h3 className="module-card-title">
        <Link to={trainingPath.module(module.id)} data-testid={`training-module-link-${module.id}`}>
          {pick(module.title, lang)}
        </Link>
        {module.provider && (
          <span
            className="chip chip-accent small"
            title={t('coursewarePackages.badgeTitle', { org: module.provider })}
            data-testid={`training-module-provider-${module.id}`}
          >
            {t('coursewarePackages.badge')}
          </span>
        )}
      </h3>
      <ModuleFacts module={module} />
      <p>{pick(module.summary, lang)}</p>
      <PracticeChips module={module} />
      {module.prerequisites.length > 0 && (
        <div className="ksa-line">
          <span className="small strong">{t('training.module.prerequisites')}</span>
          <KsaChips refs={module.prerequisites} label={t('training.module.prerequisites')} />
        </div>
      )}
      {module.acquired.length > 0 && (
        <div className="ksa-line">
          <span className="small strong">{t('training.module.acquired')}</span>
          <KsaChips refs={module.acquired} label={t('training.module.acquired')} />
        </div>
      )}
    </li>
  );
}
