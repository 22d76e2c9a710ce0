import { Link } from 'react-router-dom';
import { CohortsSection } from '../../components/cohorts/CohortsSection';
import { CatalogueFilters } from '../../components/courseware/CatalogueFilters';
import { trainingPath } from '../../components/courseware/courseware';
import type { Course, ModuleList } from '../../components/courseware/coursewareTypes';
import { ModuleCard } from '../../components/courseware/ModuleCard';
import { useCatalogueFilters } from '../../components/courseware/useCatalogueFilters';
import { AsyncBlock, Empty, ErrorMessage, Loading } from '../../components/Status';
import { formatNumber, pick } from '../../format';
import { useApi } from '../../hooks/useApi';
import { useLang } from '../../hooks/useLang';
import type { Items } from '../../types';

/** The Training catalogue: the courses, then the modules with search and filters kept in the URL. */
export default function TrainingPage() {
  const { t, lang } = useLang();
  const filterState = useCatalogueFilters();
  const courses = useApi<Items<Course>>('/courseware/courses');
  const modules = useApi<ModuleList>(filterState.ksaInvalid ? null : '/courseware/modules', filterState.query);

  return (
    <section className="page" data-testid="training-page">
      <div className="page-header">
        <h1 data-testid="training-title">{t('training.title')}</h1>
        <Link to="/training/materials" className="btn" data-testid="training-materials-link">
          {t('coursewarePackages.title')}
        </Link>
      </div>
      <p className="page-intro">{t('training.intro')}</p>
      <CohortsSection />

      <h2 className="section-title">{t('training.courses.title')}</h2>
      <AsyncBlock state={courses}>
        {(data) =>
          data.items.length === 0 ? (
            <Empty>{t('training.courses.empty')}</Empty>
          ) : (
            <ul className="course-list" data-testid="training-courses">
              {data.items.map((course) => (
                <li key={course.id} className="panel" data-testid={`training-course-card-${course.id}`}>
                  <h3 className="module-card-title">
                    <Link to={trainingPath.course(course.id)} data-testid={`training-course-link-${course.id}`}>
                      {pick(course.title, lang)}
                    </Link>
                  </h3>
                  <p className="small muted">
                    {t('training.courses.modules', { count: course.modules.length })}
                    {course.workRoles.length > 0 && ` · ${course.workRoles.join(', ')}`}
                  </p>
                  <p>{pick(course.summary, lang)}</p>
                </li>
              ))}
            </ul>
          )
        }
      </AsyncBlock>

      <h2 className="section-title">
        {t('training.modules.title')}
        {modules.data && <span className="count-pill">{formatNumber(modules.data.items.length, lang)}</span>}
      </h2>
      <CatalogueFilters state={filterState} facets={modules.data?.facets} />
      <ErrorMessage error={modules.error} onRetry={modules.reload} />
      {!modules.data && !modules.error && !filterState.ksaInvalid && <Loading />}
      {modules.data && (
        <div className={modules.loading ? 'is-refreshing' : undefined} aria-busy={modules.loading}>
          {modules.data.items.length === 0 ? (
            <Empty>
              <span data-testid="training-modules-empty">
                {filterState.filtered ? t('training.modules.noMatch') : t('training.modules.empty')}
              </span>
            </Empty>
          ) : (
            <ul className="module-grid" data-testid="training-modules">
              {modules.data.items.map((module) => (
                <ModuleCard key={module.id} module={module} />
              ))}
            </ul>
          )}
        </div>
      )}
    </section>
  );
}
