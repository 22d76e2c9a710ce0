import { useEffect, useMemo } from 'react';
import { Link, useParams, useSearchParams } from 'react-router-dom';
import { cohortPath } from '../../components/cohorts/cohorts';
import { useCohortPageRead } from '../../components/cohorts/useCohortPageRead';
import { ContentLanguageSwitch } from '../../components/courseware/ContentLanguageSwitch';
import { defaultContentLang, trainingPath } from '../../components/courseware/courseware';
import type { KsaTable, ModuleDetail, ModulePage } from '../../components/courseware/coursewareTypes';
import { InstructorNotesAside } from '../../components/courseware/InstructorNotesAside';
import { KsaChips } from '../../components/courseware/KsaChips';
import { ErrorMessage, Loading, Notice } from '../../components/Status';
import { pick } from '../../format';
import { useApi } from '../../hooks/useApi';
import { useLang } from '../../hooks/useLang';
import type { Lang } from '../../types';

/** The NICE statements of a table by KSA id, for the chips' tooltips. */
function statements(table: KsaTable | undefined): Map<string, string> {
  const rows = table ? [...table.knowledge, ...table.skills, ...table.abilities] : [];
  return new Map(rows.map((row) => [row.id, row.text]));
}

/**
 * The page reader: breadcrumbs, the text (rendered by the hub) in a content language of its own, the KSAs the page
 * gives, previous / next, and — for instructors only, as the hub decides — the instructor notes beside the text.
 */
export default function ModuleReaderPage() {
  const { moduleId = '', pageId = '' } = useParams();
  const { t, lang } = useLang();
  const [params, setParams] = useSearchParams();
  const asked = params.get('lang');
  const explicit: Lang | undefined = asked === 'ja' || asked === 'en' ? asked : undefined;
  const detail = useApi<ModuleDetail>(trainingPath.api.module(moduleId), { lang });
  // without ?lang= the module's languages decide, so the page is asked for once its module is known
  const contentLang = explicit ?? (detail.data ? defaultContentLang(detail.data.languages, lang) : undefined);
  const page = useApi<ModulePage>(contentLang ? trainingPath.api.page(moduleId, pageId) : null, { lang: contentLang });
  const texts = useMemo(() => statements(detail.data?.acquiredTable), [detail.data]);
  // opened from a cohort (?cohort=<id>): the page shown counts as read there
  const cohortId = params.get('cohort');
  const shownPage = page.data?.moduleId === moduleId && page.data.id === pageId ? page.data.id : undefined;
  const pageRead = useCohortPageRead(cohortId, moduleId, shownPage);

  // a new page starts at its top (braces: Chromium's scrollTo may return a promise, which is no effect cleanup)
  useEffect(() => {
    window.scrollTo(0, 0);
  }, [moduleId, pageId]);

  const error = detail.error ?? page.error;
  if (error?.status === 404) return <Notice kind="warning">{t('training.reader.notFound')}</Notice>;
  if (error && (!detail.data || !page.data)) {
    return <ErrorMessage error={error} onRetry={detail.error ? detail.reload : page.reload} />;
  }
  if (!detail.data || !page.data || !contentLang) return <Loading />;
  const module = detail.data;
  const current = page.data;
  const index = module.pageList.findIndex((p) => p.id === current.id);
  const withCohort = (path: string) =>
    cohortId ? `${path}${path.includes('?') ? '&' : '?'}cohort=${encodeURIComponent(cohortId)}` : path;
  const link = (id: string) => withCohort(trainingPath.page(module.id, id, explicit));

  return (
    <section className="page reader" data-testid="training-reader" data-page={current.id} data-lang={current.lang}>
      <nav className="breadcrumbs" aria-label={t('training.breadcrumbs')} data-testid="training-breadcrumbs">
        <Link to="/training">{t('training.title')}</Link>
        {cohortId && (
          <>
            {' › '}
            <Link to={cohortPath.cohort(cohortId)} data-testid="training-reader-cohort">
              {t('cohorts.title')}
            </Link>
          </>
        )}
        {' › '}
        <Link to={trainingPath.module(module.id)}>{pick(module.title, contentLang)}</Link>
        {' › '}
        <span aria-current="page">{current.title}</span>
      </nav>
      <div className="page-header">
        <h1 lang={current.lang} data-testid="training-page-title">
          {current.title}
        </h1>
        <ContentLanguageSwitch
          value={current.lang}
          available={current.languages}
          onChange={(next) =>
            setParams(new URLSearchParams(cohortId ? { lang: next, cohort: cohortId } : { lang: next }))
          }
        />
      </div>
      {error && <ErrorMessage error={error} onRetry={detail.error ? detail.reload : page.reload} />}
      <p className="small muted" data-testid="training-page-position">
        {t('training.reader.position', { index: index + 1, total: module.pageList.length })}
      </p>
      {pageRead.state === 'read' && (
        <p className="small cohort-read-mark" data-testid="cohort-page-read" data-page={shownPage}>
          {t('cohorts.reader.read')} ✓
        </p>
      )}
      {pageRead.error && <ErrorMessage error={pageRead.error} />}
      {current.acquired.length > 0 && (
        <div className="ksa-line" data-testid="training-page-acquired">
          <span className="small strong">{t('training.reader.acquired')}</span>
          <KsaChips refs={current.acquired} texts={texts} label={t('training.reader.acquired')} />
        </div>
      )}
      <div className={current.instructor ? 'reader-layout reader-layout-notes' : 'reader-layout'}>
        <article className="panel reader-text" aria-busy={page.loading}>
          {/* the hub renders the page from Markdown and lets no raw HTML through */}
          <div
            className="markdown"
            lang={current.lang}
            data-testid="training-page-html"
            dangerouslySetInnerHTML={{ __html: current.html }}
          />
        </article>
        {current.instructor && <InstructorNotesAside notes={current.instructor} lang={current.lang} />}
      </div>
      <nav className="reader-nav" aria-label={t('training.reader.pages')}>
        {current.prev ? (
          <Link className="btn" to={link(current.prev)} rel="prev" data-testid="training-page-prev">
            ← {t('training.reader.prev')}
          </Link>
        ) : (
          <span />
        )}
        <span className="muted small">
          {index + 1} / {module.pageList.length}
        </span>
        {current.next ? (
          <Link className="btn btn-primary" to={link(current.next)} rel="next" data-testid="training-page-next">
            {t('training.reader.next')} →
          </Link>
        ) : (
          <Link className="btn" to={trainingPath.module(module.id)} data-testid="training-page-finish">
            {t('training.reader.backToModule')}
          </Link>
        )}
      </nav>
    </section>
  );
}
