import './cvd.css';
import { useState, type ReactNode } from 'react';
import { Link, useParams } from 'react-router-dom';
import { api } from '../../api';
import { ErrorMessage, Loading } from '../../components/Status';
import { formatDateTime } from '../../format';
import { useApi } from '../../hooks/useApi';
import { useLang } from '../../hooks/useLang';
import { CvdAttachmentsPanel, CvdContactsPanel, CvdCoordinatorsPanel, CvdStatusPanel, CvdTimeline } from './CvdPanels';
import { CvdForm } from './CvdForm';
import { CvdStatusBadge } from './CvdStatusBadge';
import { caseTitle, daysUntil, type CvdCase } from './types';

/**
 * A vulnerability case: its details, status stepper, embargo, coordinators, contact log, attachments and history.
 * `advisoryPanel` is where the advisories module puts its "Advisory" panel (CSAF preview, publish).
 */
export default function CvdCasePage({
  advisoryPanel,
}: {
  advisoryPanel?: (c: CvdCase, reload: () => void) => ReactNode;
}) {
  const { id = '' } = useParams();
  const { t, lang } = useLang();
  const { data: c, error, loading, reload, setData } = useApi<CvdCase>(`/cvd/cases/${id}`);
  const [editing, setEditing] = useState(false);

  if (loading && !c) return <Loading />;
  if (!c) return <ErrorMessage error={error} onRetry={reload} />;
  const days = c.embargoUntil ? daysUntil(c.embargoUntil) : undefined;
  const row = (label: string, value: ReactNode) =>
    value === '' || value === null || value === undefined ? null : (
      <>
        <dt>{label}</dt>
        <dd>{value}</dd>
      </>
    );

  return (
    <div className="page cvd-page cvd-case">
      <nav className="breadcrumbs">
        <Link to="/cvd">{t('cvd.list.title')}</Link>
      </nav>
      <header className="page-header">
        <h1>
          <span className="mono">{c.ref}</span> {caseTitle(c, lang)}
        </h1>
        <CvdStatusBadge status={c.status} />
      </header>
      <ErrorMessage error={error} onRetry={reload} />
      <div className="detail-grid">
        <div className="detail-main">
          {editing ? (
            <section className="panel">
              <h2>{t('cvd.case.edit')}</h2>
              <CvdForm
                initial={c}
                submitLabel={t('common.save')}
                onSubmit={async (body) => {
                  setData(await api.patch<CvdCase>(`/cvd/cases/${c.id}`, { ...body, revision: c.revision }));
                  setEditing(false);
                }}
                extraActions={
                  <button type="button" className="btn" onClick={() => setEditing(false)}>
                    {t('common.cancel')}
                  </button>
                }
              />
            </section>
          ) : (
            <section className="panel" aria-labelledby="cvd-details-h">
              <h2 id="cvd-details-h">{t('cvd.case.details')}</h2>
              <dl className="cvd-details" data-testid="cvd-details">
                {row(t('cvd.field.product'), c.product)}
                {row(
                  t('cvd.field.vendorName'),
                  c.vendorOrg
                    ? `${c.vendorName} (${lang === 'ja' ? c.vendorOrg.nameJa : c.vendorOrg.nameEn})`
                    : c.vendorName,
                )}
                {row(t('cvd.field.affectedVersions'), c.affectedVersions)}
                {row(t('cvd.field.fixedVersions'), c.fixedVersions)}
                {row(
                  t('cvd.field.reporterOrgId'),
                  c.reporterOrg ? (lang === 'ja' ? c.reporterOrg.nameJa : c.reporterOrg.nameEn) : '',
                )}
                {row(t('cvd.field.reporterCredit'), c.reporterCredit)}
                {row('CWE', c.cweId)}
                {row('CVE', c.cveId)}
                {row(
                  'CVSS 3.1',
                  c.cvss31Vector && (
                    <span data-testid="cvd-cvss31">
                      <strong>{c.cvss31Score?.toFixed(1)}</strong> <code>{c.cvss31Vector}</code>
                    </span>
                  ),
                )}
                {row(
                  'CVSS 4.0',
                  c.cvss40Vector && (
                    <span data-testid="cvd-cvss40">
                      <strong>{c.cvss40Score?.toFixed(1)}</strong> <code>{c.cvss40Vector}</code>
                    </span>
                  ),
                )}
                {row(t('cvd.field.descriptionJa'), c.descriptionJa && <div className="prewrap">{c.descriptionJa}</div>)}
                {row(t('cvd.field.descriptionEn'), c.descriptionEn && <div className="prewrap">{c.descriptionEn}</div>)}
                {row(t('cvd.field.proof'), c.proof && <pre className="cvd-proof">{c.proof}</pre>)}
                {row(t('cvd.case.publishedAt'), c.publishedAt && formatDateTime(c.publishedAt, lang))}
              </dl>
              {c.permissions.write && !['published', 'closed'].includes(c.status) && (
                <button type="button" className="btn btn-small" onClick={() => setEditing(true)} data-testid="cvd-edit">
                  {t('cvd.case.edit')}
                </button>
              )}
            </section>
          )}
          <CvdContactsPanel c={c} />
          <CvdAttachmentsPanel c={c} />
          {/* advisory panel: the advisories module renders its "Advisory" panel here (prop `advisoryPanel`). */}
          {advisoryPanel?.(c, reload)}
        </div>
        <aside className="detail-side">
          <CvdStatusPanel c={c} onChanged={setData} />
          <section className="panel" aria-labelledby="cvd-embargo-h">
            <h2 id="cvd-embargo-h">{t('cvd.field.embargoUntil')}</h2>
            {c.embargoUntil ? (
              <p data-testid="cvd-embargo">
                {formatDateTime(c.embargoUntil, lang)}
                <br />
                <strong>
                  {days !== undefined && days >= 0
                    ? t('cvd.case.daysLeft', { count: days })
                    : t('cvd.case.embargoOver')}
                </strong>
              </p>
            ) : (
              <p className="muted">{t('cvd.case.noEmbargo')}</p>
            )}
          </section>
          <CvdCoordinatorsPanel key={c.revision} c={c} onChanged={setData} />
          <CvdTimeline c={c} />
        </aside>
      </div>
    </div>
  );
}
