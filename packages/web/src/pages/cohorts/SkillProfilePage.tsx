import { Link, useParams } from 'react-router-dom';
import { cohortPath, shareText } from '../../components/cohorts/cohorts';
import type { CohortDetail, SkillProfile } from '../../components/cohorts/cohortTypes';
import { KsaMasteryTable, MasteryBars } from '../../components/cohorts/CohortReportPanel';
import { SkillRadar } from '../../components/cohorts/SkillRadar';
import { AsyncBlock } from '../../components/Status';
import { useApi } from '../../hooks/useApi';
import { useLang } from '../../hooks/useLang';

/** One learner's skill profile in a cohort: a radar of mastery before and after, and the table behind it. */
export default function SkillProfilePage() {
  const { id = '', userId = '' } = useParams();
  const { t, lang } = useLang();
  const cohort = useApi<CohortDetail>(cohortPath.api.cohort(id));
  const profile = useApi<SkillProfile>(cohortPath.api.skillProfile(id, userId));

  return (
    <section className="page" data-testid="cohort-skill-profile">
      <nav className="breadcrumbs" aria-label={t('training.breadcrumbs')}>
        <Link to="/training">{t('training.title')}</Link>
        {' › '}
        <Link to={cohortPath.cohort(id)}>{cohort.data?.name ?? t('cohorts.title')}</Link>
      </nav>
      <AsyncBlock state={profile}>
        {(data) => (
          <>
            <div className="page-header">
              <h1 data-testid="cohort-skill-profile-name">{t('cohorts.profile.title', { name: data.displayName })}</h1>
            </div>
            {data.ksa.length === 0 ? (
              <p className="muted">{t('cohorts.profile.empty')}</p>
            ) : (
              <div className="panel">
                <SkillRadar profile={data} />
              </div>
            )}
            <section className="panel">
              <h2>{t('cohorts.profile.byKind')}</h2>
              <table className="table table-compact" data-testid="cohort-skill-kinds">
                <thead>
                  <tr>
                    <th>{t('cohorts.report.kind')}</th>
                    <th>{t('cohorts.report.pre')}</th>
                    <th>{t('cohorts.report.post')}</th>
                    <th>{t('cohorts.report.bars')}</th>
                  </tr>
                </thead>
                <tbody>
                  {data.kinds.map((row) => (
                    <tr key={row.kind}>
                      <td>{t(`cohorts.kinds.${row.kind}`)}</td>
                      <td className="num">{shareText(row.pre, lang)}</td>
                      <td className="num">{shareText(row.post, lang)}</td>
                      <td>
                        <MasteryBars pre={row.pre} post={row.post} lang={lang} />
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
              <h2>{t('cohorts.profile.byStatement')}</h2>
              <KsaMasteryTable rows={data.ksa} testId="cohort-skill-ksa" />
            </section>
          </>
        )}
      </AsyncBlock>
    </section>
  );
}
