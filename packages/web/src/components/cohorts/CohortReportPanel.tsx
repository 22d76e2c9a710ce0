import { Link } from 'react-router-dom';
import { apiUrl } from '../../api';
import { useApi } from '../../hooks/useApi';
import { useLang } from '../../hooks/useLang';
import type { Lang } from '../../types';
import { AsyncBlock } from '../Status';
import type { CohortReport, ItemStatistic, KsaMastery } from './cohortTypes';
import { cohortPath, scoreText, shareText } from './cohorts';

/** Two thin bars, before and after, for a mastery share. */
export function MasteryBars({ pre, post, lang }: { pre: number | null; post: number | null; lang: Lang }) {
  return (
    <span className="mastery-bars">
      {(['pre', 'post'] as const).map((kind) => {
        const value = kind === 'pre' ? pre : post;
        return (
          <span key={kind} className={`mastery-bar mastery-bar-${kind}`} title={shareText(value, lang)}>
            <span style={{ width: `${Math.round((value ?? 0) * 100)}%` }} />
          </span>
        );
      })}
    </span>
  );
}

/** Mastery per NICE statement, before and after. */
export function KsaMasteryTable({ rows, testId }: { rows: KsaMastery[]; testId: string }) {
  const { t, lang } = useLang();
  return (
    <table className="table table-compact" data-testid={testId}>
      <thead>
        <tr>
          <th>{t('cohorts.report.ksa')}</th>
          <th>{t('cohorts.report.statement')}</th>
          <th>{t('cohorts.report.pre')}</th>
          <th>{t('cohorts.report.post')}</th>
          <th>{t('cohorts.report.bars')}</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((row) => (
          <tr key={row.ksa} data-ksa={row.ksa}>
            <td className="mono">{row.ksa}</td>
            <td className="small">{row.text}</td>
            <td className="num">{shareText(row.pre, lang)}</td>
            <td className="num">{shareText(row.post, lang)}</td>
            <td>
              <MasteryBars pre={row.pre} post={row.post} lang={lang} />
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function ItemTable({ kind, items }: { kind: 'pre' | 'post'; items: ItemStatistic[] }) {
  const { t, lang } = useLang();
  return (
    <table className="table table-compact" data-testid={`cohort-report-items-${kind}`}>
      <caption>{t(`cohorts.assessment.${kind}`)}</caption>
      <thead>
        <tr>
          <th>{t('cohorts.report.item')}</th>
          <th>{t('cohorts.report.answered')}</th>
          <th>{t('cohorts.report.difficulty')}</th>
          <th>{t('cohorts.report.discrimination')}</th>
        </tr>
      </thead>
      <tbody>
        {items.map((item) => (
          <tr key={item.itemId}>
            <td className="mono">{item.itemId}</td>
            <td className="num">{item.answered}</td>
            <td className="num">{shareText(item.difficulty, lang)}</td>
            <td className="num">{item.discrimination === null ? '—' : item.discrimination.toFixed(2)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** What the cohort learned: per learner pre / post / normalised gain, the means, mastery per KSA, item statistics. */
export function CohortReportPanel({ cohortId }: { cohortId: string }) {
  const { t, lang } = useLang();
  const report = useApi<CohortReport>(cohortPath.api.report(cohortId));
  return (
    <section className="panel" data-testid="cohort-report" aria-labelledby="cohort-report-title">
      <div className="panel-header-row">
        <h2 id="cohort-report-title">{t('cohorts.report.title')}</h2>
        <a
          className="btn btn-small"
          href={apiUrl(cohortPath.api.report(cohortId), { format: 'csv' })}
          download
          data-testid="cohort-report-csv"
        >
          {t('cohorts.report.csv')}
        </a>
      </div>
      <AsyncBlock state={report}>
        {(data) => (
          <>
            <table className="table table-compact" data-testid="cohort-report-learners">
              <thead>
                <tr>
                  <th>{t('cohorts.report.learner')}</th>
                  <th>{t('cohorts.report.pre')}</th>
                  <th>{t('cohorts.report.post')}</th>
                  <th>{t('cohorts.report.gain')}</th>
                  <th>{t('cohorts.report.pagesRead')}</th>
                  <th>{t('cohorts.report.completion')}</th>
                </tr>
              </thead>
              <tbody>
                {data.learners.map((row) => (
                  <tr key={row.userId} data-testid={`cohort-report-row-${row.userId}`}>
                    <td>
                      <Link
                        to={cohortPath.learner(cohortId, row.userId)}
                        data-testid={`cohort-report-learner-${row.userId}`}
                      >
                        {row.displayName}
                      </Link>
                      <div className="muted small mono">{row.email}</div>
                    </td>
                    <td className="num">{scoreText(row.pre, lang)}</td>
                    <td className="num">{scoreText(row.post, lang)}</td>
                    <td
                      className="num strong"
                      data-testid={`cohort-report-gain-${row.userId}`}
                      data-gain={row.gain ?? ''}
                    >
                      {shareText(row.gain, lang)}
                    </td>
                    <td className="num">
                      {row.pagesRead} / {row.pagesTotal}
                    </td>
                    <td
                      data-testid={`cohort-report-complete-${row.userId}`}
                      data-complete={row.completion ? String(row.completion.complete) : ''}
                      title={row.completion?.rules
                        .filter((r) => !r.met)
                        .map((r) => t(`certificates.rules.${r.rule}`))
                        .join(', ')}
                    >
                      {!row.completion
                        ? '—'
                        : row.completion.complete
                          ? t('cohorts.report.complete')
                          : t('cohorts.report.rulesOpen', {
                              count: row.completion.rules.filter((r) => !r.met).length,
                            })}
                    </td>
                  </tr>
                ))}
              </tbody>
              <tfoot>
                <tr>
                  <th scope="row">{t('cohorts.report.means', { count: data.cohort.learners })}</th>
                  <td className="num">{shareText(data.cohort.meanPre, lang)}</td>
                  <td className="num">{shareText(data.cohort.meanPost, lang)}</td>
                  <td className="num strong" data-testid="cohort-mean-gain" data-gain={data.cohort.meanGain ?? ''}>
                    {shareText(data.cohort.meanGain, lang)}
                  </td>
                  <td />
                </tr>
              </tfoot>
            </table>
            <p className="muted small">{t('cohorts.report.gainHelp')}</p>
            <h3>{t('cohorts.report.masteryTitle')}</h3>
            <KsaMasteryTable rows={data.ksa} testId="cohort-report-ksa" />
            <h3>{t('cohorts.report.itemsTitle')}</h3>
            <p className="muted small">{t('cohorts.report.itemsHelp')}</p>
            {data.items.pre && <ItemTable kind="pre" items={data.items.pre.items} />}
            {data.items.post && <ItemTable kind="post" items={data.items.post.items} />}
          </>
        )}
      </AsyncBlock>
    </section>
  );
}
