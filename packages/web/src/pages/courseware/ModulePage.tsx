import { Link, useParams } from 'react-router-dom';
import { defaultContentLang, pickPartial, trainingPath } from '../../components/courseware/courseware';
import type { ModuleDetail } from '../../components/courseware/coursewareTypes';
import { KsaChips } from '../../components/courseware/KsaChips';
import { KsaTableView } from '../../components/courseware/KsaTableView';
import { ModuleFacts, PracticeChips } from '../../components/courseware/ModuleCard';
import { ModuleQuiz } from '../../components/courseware/ModuleQuiz';
import { ErrorMessage, Loading, Notice } from '../../components/Status';
import { pick } from '../../format';
import { useApi } from '../../hooks/useApi';
import { useLang } from '../../hooks/useLang';

/** One module: its facts, what it needs and gives (K / S / A tables), its pages, its quiz and its lab. */
export default function ModulePage() {
  const { moduleId = '' } = useParams();
  const { t, lang } = useLang();
  const detail = useApi<ModuleDetail>(trainingPath.api.module(moduleId), { lang });

  if (detail.error?.status === 404) return <Notice kind="warning">{t('training.module.notFound')}</Notice>;
  if (detail.error && !detail.data) return <ErrorMessage error={detail.error} onRetry={detail.reload} />;
  if (!detail.data) return <Loading />;
  const module = detail.data;
  const contentLang = defaultContentLang(module.languages, lang);
  const pageTitle = (pageId: string) =>
    pickPartial(module.pageList.find((p) => p.id === pageId)?.title, lang) || pageId;
  const first = module.pageList[0];

  return (
    <section className="page" data-testid="training-module-page">
      <nav className="breadcrumbs" aria-label={t('training.breadcrumbs')}>
        <Link to="/training">{t('training.title')}</Link>
      </nav>
      <div className="page-header">
        <h1 data-testid="training-module-title">{pick(module.title, lang)}</h1>
        {first && (
          <Link
            className="btn btn-primary"
            to={trainingPath.page(module.id, first.id)}
            data-testid="training-module-start"
          >
            {t('training.module.start')}
          </Link>
        )}
      </div>
      <p className="page-intro">{pick(module.summary, lang)}</p>
      <section className="panel" aria-labelledby="training-module-facts-title" data-testid="training-module-facts">
        <h2 id="training-module-facts-title" className="visually-hidden">
          {t('training.module.facts')}
        </h2>
        <ModuleFacts module={module} />
        <dl className="facts-list">
          {module.workRoles.length > 0 && (
            <>
              <dt>{t('training.module.workRoles')}</dt>
              <dd className="mono">{module.workRoles.join(', ')}</dd>
            </>
          )}
          {module.topics.length > 0 && (
            <>
              <dt>{t('training.module.topics')}</dt>
              <dd>
                <ul className="chips">
                  {module.topics.map((topic) => (
                    <li key={topic} className="chip">
                      <Link to={`/training?topic=${encodeURIComponent(topic)}`}>{topic}</Link>
                    </li>
                  ))}
                </ul>
              </dd>
            </>
          )}
          {(module.lab || module.exercise) && (
            <>
              <dt>{t('training.module.practice')}</dt>
              <dd>
                <PracticeChips module={module} />
              </dd>
            </>
          )}
        </dl>
      </section>

      <section className="panel" aria-labelledby="training-prerequisites-title">
        <h2 id="training-prerequisites-title">{t('training.module.prerequisites')}</h2>
        <p className="muted small">{t('training.module.prerequisitesHelp')}</p>
        <KsaTableView
          table={module.prerequisiteTable}
          caption={t('training.module.prerequisites')}
          moduleId={module.id}
          testId="training-prerequisites"
        />
      </section>
      <section className="panel" aria-labelledby="training-acquired-title">
        <h2 id="training-acquired-title">{t('training.module.acquired')}</h2>
        <p className="muted small">{t('training.module.acquiredHelp')}</p>
        <KsaTableView
          table={module.acquiredTable}
          caption={t('training.module.acquired')}
          moduleId={module.id}
          pageTitle={pageTitle}
          testId="training-acquired"
        />
      </section>

      <section className="panel" aria-labelledby="training-pages-title">
        <h2 id="training-pages-title">{t('training.module.pageList')}</h2>
        <ol className="page-list" data-testid="training-page-list">
          {module.pageList.map((page) => (
            <li key={page.id}>
              <Link to={trainingPath.page(module.id, page.id)} data-testid={`training-page-link-${page.id}`}>
                {pickPartial(page.title, lang) || page.id}
              </Link>
              <KsaChips refs={page.acquired} label={t('training.module.acquired')} />
            </li>
          ))}
        </ol>
      </section>

      <ModuleQuiz key={contentLang} moduleId={module.id} lang={contentLang} />
    </section>
  );
}
