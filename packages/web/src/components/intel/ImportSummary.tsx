import { useEffect, useRef, useState } from 'react';
import { Link } from 'react-router-dom';
import { formatNumber } from '../../format';
import { useLang } from '../../hooks/useLang';
import type { StixImportProblem, StixImportStatus, StixImportSummary } from '../../types/intel';
import { Pagination } from '../Pagination';

/** The hub keeps this many problems with an import (every invalid object is still counted). */
const KEPT_PROBLEMS = 1_000;

export function ImportStatusBadge({ status }: { status: StixImportStatus }) {
  const { t } = useLang();
  const kind = status === 'complete' ? 'chip-ok' : status === 'failed' ? 'chip-warn' : 'chip-muted';
  return <span className={`chip ${kind}`}>{t(`intel.summary.${status}`)}</span>;
}

/** The invalid objects of a bundle: where each sits in `objects`, its id, the property at fault and why. */
function ProblemsTable({ problems }: { problems: readonly StixImportProblem[] }) {
  const { t } = useLang();
  const [page, setPage] = useState({ limit: 25, offset: 0 });
  const shown = problems.slice(page.offset, page.offset + page.limit);
  return (
    <div data-testid="intel-import-problems">
      <h3 className="section-heading">{t('intel.summary.problems')}</h3>
      {problems.length >= KEPT_PROBLEMS && (
        <p className="field-help">{t('intel.summary.problemsCapped', { count: KEPT_PROBLEMS })}</p>
      )}
      <div className="table-wrap">
        <table className="table table-compact">
          <thead>
            <tr>
              <th scope="col" className="num">
                {t('intel.summary.index')}
              </th>
              <th scope="col">{t('intel.summary.id')}</th>
              <th scope="col">{t('intel.summary.path')}</th>
              <th scope="col">{t('intel.summary.message')}</th>
            </tr>
          </thead>
          <tbody>
            {shown.map((problem, index) => (
              <tr key={page.offset + index}>
                <td className="num mono">{problem.index}</td>
                <td className="mono small intel-break">{problem.id ?? '—'}</td>
                <td className="mono small intel-break">{problem.path || '/'}</td>
                <td>{problem.message}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {problems.length > 25 && (
        <Pagination total={problems.length} limit={page.limit} offset={page.offset} onChange={setPage} />
      )}
    </div>
  );
}

/** What an import did: counts, the reason it stopped if it did, its problems and a link to what it stored. */
export function ImportSummary({
  summary,
  fileName,
  onDismiss,
}: {
  summary: StixImportSummary;
  fileName: string | null;
  onDismiss?: () => void;
}) {
  const { t, lang } = useLang();
  const panel = useRef<HTMLElement>(null);
  // a summary opened from the list below appears above it: bring it into view
  useEffect(() => {
    // braces: Chromium's scrollIntoView returns a promise, which React would take for a clean-up function
    void panel.current?.scrollIntoView({ block: 'nearest' });
  }, [summary.id]);
  const counts = [
    ['objects', summary.objects],
    ['stored', summary.stored],
    ['duplicates', summary.duplicates],
    ['invalid', summary.invalid],
  ] as const;
  return (
    <section ref={panel} className="panel intel-summary" aria-live="polite" data-testid="intel-import-summary">
      <div className="intel-summary-head">
        <h2 className="section-heading">{t('intel.summary.title', { file: fileName || t('intel.recent.unnamed') })}</h2>
        <ImportStatusBadge status={summary.status} />
        {onDismiss && (
          <button type="button" className="btn btn-small btn-link" onClick={onDismiss}>
            {t('common.dismiss')}
          </button>
        )}
      </div>
      <dl className="kpis intel-counts">
        {counts.map(([key, value]) => (
          <div key={key} className={key === 'invalid' && value > 0 ? 'kpi intel-kpi-bad' : 'kpi'}>
            <dt className="kpi-label">{t(`intel.summary.${key}`)}</dt>
            <dd className="kpi-value" data-testid={`intel-import-${key}`}>
              {formatNumber(value, lang)}
            </dd>
          </div>
        ))}
      </dl>
      {summary.error && (
        <div className="alert alert-error" role="alert" data-testid="intel-import-error">
          {t('intel.summary.error', { error: summary.error })}
        </div>
      )}
      {summary.status === 'complete' && summary.invalid === 0 && (
        <p className="intel-success">{t('intel.summary.allValid')}</p>
      )}
      {summary.stored > 0 && (
        <p>
          <Link to={`/intel?importId=${summary.id}`} className="btn" data-testid="intel-import-objects-link">
            {t('intel.summary.view')}
          </Link>
        </p>
      )}
      {summary.problems.length > 0 && <ProblemsTable key={summary.id} problems={summary.problems} />}
    </section>
  );
}
