import { Link, useParams, useSearchParams } from 'react-router-dom';
import { trainingPath } from '../../components/courseware/courseware';
import type { Course, ModuleList } from '../../components/courseware/coursewareTypes';
import { CourseCoverageView } from '../../components/courseware/CourseCoverageView';
import { ModuleFacts } from '../../components/courseware/ModuleCard';
import { ErrorMessage, Loading, Notice } from '../../components/Status';
import { pick } from '../../format';
import { useApi } from '../../hooks/useApi';
import { useLang } from '../../hooks/useLang';
import type { Items } from '../../types';

/** A course: its modules in order, and how much of a NICE work role's KSAs they cover (role in the URL). */
export default function CoursePage() {
  const { courseId = '' } = useParams();
  const { t, lang } = useLang();
  const [params, setParams] = useSearchParams();
  const courses = useApi<Items<Course>>('/courseware/courses');
  const modules = useApi<ModuleList>('/courseware/modules');

  if (courses.error && !courses.data) return <ErrorMessage error={courses.error} onRetry={courses.reload} />;
  if (!courses.data) return <Loading />;
  const course = courses.data.items.find((c) => c.id === courseId);
  if (!course) return <Notice kind="warning">{t('training.courses.notFound')}</Notice>;
  const workRole = params.get('workRole') ?? course.workRoles[0] ?? '';
  const summaryOf = (id: string) => modules.data?.items.find((m) => m.id === id);
  const moduleTitle = (id: string) => {
    const found = summaryOf(id);
    return found ? pick(found.title, lang) : id;
  };

  return (
    <section className="page" data-testid="training-course-page">
      <nav className="breadcrumbs" aria-label={t('training.breadcrumbs')}>
        <Link to="/training">{t('training.title')}</Link>
      </nav>
      <div className="page-header">
        <h1 data-testid="training-course-title">{pick(course.title, lang)}</h1>
      </div>
      <p className="page-intro">{pick(course.summary, lang)}</p>
      <section className="panel" aria-labelledby="training-course-modules-title">
        <h2 id="training-course-modules-title">{t('training.courses.moduleList')}</h2>
        <ErrorMessage error={modules.error} onRetry={modules.reload} />
        <ol className="page-list" data-testid="training-course-modules">
          {course.modules.map((id) => {
            const found = summaryOf(id);
            return (
              <li key={id} data-module={id}>
                <Link to={trainingPath.module(id)} data-testid={`training-course-module-${id}`}>
                  {moduleTitle(id)}
                </Link>
                {found && <ModuleFacts module={found} />}
              </li>
            );
          })}
        </ol>
      </section>
      <CourseCoverageView
        courseId={course.id}
        courseRoles={course.workRoles}
        workRole={workRole}
        onWorkRole={(id) => setParams(new URLSearchParams({ workRole: id }))}
        moduleTitle={moduleTitle}
      />
    </section>
  );
}
