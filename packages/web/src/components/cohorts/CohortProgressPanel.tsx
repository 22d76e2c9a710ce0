import { Link } from 'react-router-dom';
import { useLang } from '../../hooks/useLang';
import type { ApiState } from '../../hooks/useApi';
import { ErrorMessage, Loading } from '../Status';
import { pickPartial } from '../courseware/courseware';
import type { CohortDetail, CohortProgress } from './cohortTypes';
import { cohortPath } from './cohorts';

/** A learner's pages read per module, each page a link into the reader that counts it for the cohort. */
export function CohortProgressPanel({
  cohort,
  progress,
}: {
  cohort: CohortDetail;
  progress: ApiState<CohortProgress>;
}) {
  const { t, lang } = useLang();
  const data = progress.data;
  return (
    <section className="panel" data-testid="cohort-progress" aria-labelledby="cohort-progress-title">
      <h2 id="cohort-progress-title">
        {t('cohorts.progress.title')}
        {data && (
          <span className="count-pill" data-testid="cohort-pages-read" data-read={data.pagesRead}>
            {t('cohorts.progress.pages', { read: data.pagesRead, total: data.pagesTotal })}
          </span>
        )}
      </h2>
      <ErrorMessage error={progress.error} onRetry={progress.reload} />
      {!data && !progress.error && <Loading />}
      <ol className="cohort-modules">
        {cohort.course.modules.map((module) => {
          const read = new Set(data?.modules.find((m) => m.moduleId === module.id)?.read ?? []);
          return (
            <li key={module.id} data-testid={`cohort-module-${module.id}`} data-read={read.size}>
              <span className="strong">{pickPartial(module.title, lang)}</span>{' '}
              <span className="muted small">
                {t('cohorts.progress.pages', { read: read.size, total: module.pages.length })}
              </span>
              <progress className="cohort-bar" max={module.pages.length || 1} value={read.size} />
              <ol className="cohort-pages">
                {module.pages.map((pageId) => (
                  <li key={pageId} className={read.has(pageId) ? 'is-read' : undefined}>
                    <Link
                      to={cohortPath.page(cohort.id, module.id, pageId)}
                      data-testid={`cohort-page-link-${module.id}-${pageId}`}
                    >
                      {pageId}
                    </Link>
                    {read.has(pageId) && (
                      <span className="cohort-read-mark" aria-label={t('cohorts.progress.read')}>
                        {' '}
                        ✓
                      </span>
                    )}
                  </li>
                ))}
              </ol>
            </li>
          );
        })}
      </ol>
    </section>
  );
}
