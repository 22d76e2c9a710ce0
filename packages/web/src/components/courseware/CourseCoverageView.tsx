import { useLang } from '../../hooks/useLang';
import { formatNumber } from '../../format';
import { AsyncBlock, Empty } from '../Status';
import { useApi } from '../../hooks/useApi';
import type { CourseCoverage, WorkRole } from './coursewareTypes';
import { percent, trainingPath } from './courseware';

/**
 * How much of a NICE work role's KSAs the course's modules give: a bar "N of M KSAs (x %)", the KSAs covered (with the
 * highest level and the modules giving them) and the ones missing.
 */
export function CourseCoverageView({
  courseId,
  courseRoles,
  workRole,
  onWorkRole,
  moduleTitle,
}: {
  courseId: string;
  courseRoles: readonly string[];
  workRole: string;
  onWorkRole: (id: string) => void;
  moduleTitle: (id: string) => string;
}) {
  const { t, lang } = useLang();
  const roles = useApi<{ items: WorkRole[] }>('/courseware/work-roles');
  const coverage = useApi<CourseCoverage>(workRole ? trainingPath.api.coverage(courseId) : null, { workRole, lang });
  const roleName = (id: string) => roles.data?.items.find((r) => r.id === id)?.name;
  const others = (roles.data?.items ?? []).filter((r) => !courseRoles.includes(r.id));
  // a role from a shared link that no list has (yet) still shows as chosen
  const unlisted = workRole !== '' && !courseRoles.includes(workRole) && !others.some((r) => r.id === workRole);

  return (
    <section className="panel" aria-labelledby="training-coverage-title" data-testid="training-coverage">
      <h2 id="training-coverage-title">{t('training.coverage.title')}</h2>
      <p className="muted small">{t('training.coverage.help')}</p>
      <div className="filters">
        <label className="filter">
          <span>{t('training.coverage.workRole')}</span>
          <select
            value={workRole}
            onChange={(event) => onWorkRole(event.target.value)}
            data-testid="training-coverage-workrole"
          >
            {workRole === '' && <option value="">{t('training.coverage.pick')}</option>}
            {unlisted && <option value={workRole}>{workRole}</option>}
            <optgroup label={t('training.coverage.courseRoles')}>
              {courseRoles.map((id) => (
                <option key={id} value={id}>
                  {roleName(id) ? `${id} — ${roleName(id)}` : id}
                </option>
              ))}
            </optgroup>
            {others.length > 0 && (
              <optgroup label={t('training.coverage.otherRoles')}>
                {others.map((role) => (
                  <option key={role.id} value={role.id}>
                    {role.id} — {role.name}
                  </option>
                ))}
              </optgroup>
            )}
          </select>
        </label>
      </div>
      {workRole === '' && <Empty>{t('training.coverage.pick')}</Empty>}
      {workRole !== '' && (
        <AsyncBlock state={coverage}>
          {(data) => {
            const total = data.covered.length + data.missing.length;
            return (
              <div className={coverage.loading ? 'is-refreshing' : undefined} aria-busy={coverage.loading}>
                <p className="strong">
                  {data.workRole.id} — {data.workRole.name}{' '}
                  <span className="muted small">({data.workRole.category})</span>
                </p>
                <div className="coverage-bar">
                  <progress max={1} value={data.share} aria-labelledby="training-coverage-share" />
                  <span id="training-coverage-share" data-testid="training-coverage-share" data-share={data.share}>
                    {t('training.coverage.share', {
                      covered: formatNumber(data.covered.length, lang),
                      total: formatNumber(total, lang),
                      percent: percent(data.share, lang),
                    })}
                  </span>
                </div>
                <h3>{t('training.coverage.covered', { count: data.covered.length })}</h3>
                {data.covered.length === 0 ? (
                  <Empty>{t('training.coverage.noneCovered')}</Empty>
                ) : (
                  <div className="table-wrap">
                    <table className="table table-compact" data-testid="training-coverage-covered">
                      <thead>
                        <tr>
                          <th scope="col">{t('training.coverage.id')}</th>
                          <th scope="col">{t('training.coverage.kind')}</th>
                          <th scope="col">{t('training.coverage.level')}</th>
                          <th scope="col">{t('training.coverage.text')}</th>
                          <th scope="col">{t('training.coverage.modules')}</th>
                        </tr>
                      </thead>
                      <tbody>
                        {data.covered.map((row) => (
                          <tr key={row.id} data-ksa={row.id}>
                            <td className="mono nowrap">{row.id}</td>
                            <td className="nowrap">{t(`training.ksa.kind.${row.kind}`)}</td>
                            <td className="nowrap">
                              {row.level} — {row.levelLabel}
                            </td>
                            <td lang="en">{row.text}</td>
                            <td>{row.modules.map(moduleTitle).join(', ')}</td>
                          </tr>
                        ))}
                      </tbody>
                    </table>
                  </div>
                )}
                <h3>{t('training.coverage.missing', { count: data.missing.length })}</h3>
                {data.missing.length === 0 ? (
                  <Empty>{t('training.coverage.noneMissing')}</Empty>
                ) : (
                  <div className="table-wrap">
                    <table className="table table-compact" data-testid="training-coverage-missing">
                      <thead>
                        <tr>
                          <th scope="col">{t('training.coverage.id')}</th>
                          <th scope="col">{t('training.coverage.kind')}</th>
                          <th scope="col">{t('training.coverage.text')}</th>
                        </tr>
                      </thead>
                      <tbody>
                        {data.missing.map((row) => (
                          <tr key={row.id} data-ksa={row.id}>
                            <td className="mono nowrap">{row.id}</td>
                            <td className="nowrap">{row.kind ? t(`training.ksa.kind.${row.kind}`) : '—'}</td>
                            <td lang="en">{row.text}</td>
                          </tr>
                        ))}
                      </tbody>
                    </table>
                  </div>
                )}
              </div>
            );
          }}
        </AsyncBlock>
      )}
    </section>
  );
}
