import { useState, type FormEvent } from 'react';
import { api, apiUrl } from '../../api';
import { TlpBadge } from '../../components/Badges';
import { Field } from '../../components/Field';
import { Pagination } from '../../components/Pagination';
import { Empty, ErrorMessage, Loading, Notice } from '../../components/Status';
import '../../components/telescope/telescope.css';
import { TelescopeNav } from '../../components/telescope/TelescopeNav';
import { formatDate, formatDateTime, orgName } from '../../format';
import { useAction, useApi } from '../../hooks/useApi';
import { useLang } from '../../hooks/useLang';
import { useMe } from '../../hooks/useAuth';
import { usePermissions } from '../../hooks/usePermissions';
import type { Lang, Scope, Tlp } from '../../types';

/** A report as the list returns it (without its snapshot). */
interface ReportItem {
  id: string;
  kind: 'quarterly' | 'annual';
  year: number;
  quarter: number | null;
  periodStart: string;
  periodEnd: string;
  titleJa: string;
  titleEn: string;
  generatedAt: string;
  ownerOrgId: string;
  ownerOrgNameEn: string;
  ownerOrgNameJa: string;
  scope: Scope;
  marking: Tlp;
  /** When the report was put on the public site; null: not listed there. */
  publishedAt: string | null;
}

const MARKINGS: Tlp[] = ['CLEAR', 'GREEN', 'AMBER', 'AMBER+STRICT'];
const SCOPES: Scope[] = ['organisation', 'community', 'public'];
const LANGS: Lang[] = ['ja', 'en'];

/** The current quarter, the one a newcomer most likely wants. */
function thisQuarter(now = new Date()) {
  return { year: now.getUTCFullYear(), quarter: Math.floor(now.getUTCMonth() / 3) + 1 };
}

function GenerateForm({ orgIds, onCreated }: { orgIds: string[]; onCreated: () => void }) {
  const { t, lang } = useLang();
  const me = useMe();
  const current = thisQuarter();
  const [kind, setKind] = useState<'quarterly' | 'annual'>('quarterly');
  const [year, setYear] = useState(String(current.year));
  const [quarter, setQuarter] = useState(String(current.quarter));
  const [ownerOrgId, setOwnerOrgId] = useState(orgIds[0] ?? '');
  const [marking, setMarking] = useState<Tlp>('GREEN');
  const [scope, setScope] = useState<Scope>('community');
  const create = useAction((body: Record<string, unknown>) => api.post('/telescope/reports', body));

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    const body = {
      kind,
      year: Number(year),
      ...(kind === 'quarterly' && { quarter: Number(quarter) }),
      ...(ownerOrgId && { ownerOrgId }),
      marking,
      scope,
    };
    if (await create.run(body)) onCreated();
  };
  const orgLabel = (id: string) => {
    const membership = me.memberships.find((m) => m.orgId === id);
    return membership ? orgName({ nameEn: membership.orgNameEn, nameJa: membership.orgNameJa }, lang) : id;
  };

  return (
    <form className="form panel" onSubmit={(event) => void onSubmit(event)} data-testid="report-form">
      <h2>{t('reports.generateTitle')}</h2>
      <p className="muted small">{t('reports.generateHelp')}</p>
      <ErrorMessage error={create.error} />
      <div className="form-grid">
        <Field label={t('reports.kind')}>
          <select
            value={kind}
            onChange={(event) => setKind(event.target.value as typeof kind)}
            data-testid="report-kind"
          >
            <option value="quarterly">{t('reports.quarterly')}</option>
            <option value="annual">{t('reports.annual')}</option>
          </select>
        </Field>
        <Field label={t('reports.year')} error={create.error?.fieldMessage('year')}>
          <input
            type="number"
            min={2000}
            max={2100}
            inputMode="numeric"
            value={year}
            onChange={(event) => setYear(event.target.value)}
            data-testid="report-year"
          />
        </Field>
        {kind === 'quarterly' && (
          <Field label={t('reports.quarter')} error={create.error?.fieldMessage('quarter')}>
            <select value={quarter} onChange={(event) => setQuarter(event.target.value)} data-testid="report-quarter">
              {[1, 2, 3, 4].map((q) => (
                <option key={q} value={q}>
                  {t('reports.quarterName', { quarter: q })}
                </option>
              ))}
            </select>
          </Field>
        )}
        {orgIds.length > 1 && (
          <Field label={t('reports.owner')}>
            <select value={ownerOrgId} onChange={(event) => setOwnerOrgId(event.target.value)}>
              {orgIds.map((id) => (
                <option key={id} value={id}>
                  {orgLabel(id)}
                </option>
              ))}
            </select>
          </Field>
        )}
        <Field label={t('reports.marking')} error={create.error?.fieldMessage('marking')}>
          <select value={marking} onChange={(event) => setMarking(event.target.value as Tlp)}>
            {MARKINGS.map((m) => (
              <option key={m} value={m}>
                TLP:{m}
              </option>
            ))}
          </select>
        </Field>
        <Field label={t('reports.scope')} error={create.error?.fieldMessage('scope')}>
          <select value={scope} onChange={(event) => setScope(event.target.value as Scope)}>
            {SCOPES.map((s) => (
              <option key={s} value={s}>
                {t(`scope.name.${s}`)}
              </option>
            ))}
          </select>
        </Field>
      </div>
      <div className="form-actions">
        <button type="submit" className="btn btn-primary" disabled={create.pending} data-testid="report-generate">
          {create.pending ? t('reports.generating') : t('reports.generate')}
        </button>
      </div>
    </form>
  );
}

function ReportRow({ report, onChanged }: { report: ReportItem; onChanged: () => void }) {
  const { t, lang } = useLang();
  const permissions = usePermissions();
  const regenerate = useAction(() => api.post(`/telescope/reports/${report.id}/regenerate`));
  const publish = useAction(() =>
    api.post(`/telescope/reports/${report.id}/${report.publishedAt ? 'unpublish' : 'publish'}`),
  );
  const publicReady = report.scope === 'public' && report.marking === 'CLEAR';
  const period =
    report.kind === 'quarterly'
      ? t('reports.periodQuarter', { year: report.year, quarter: report.quarter })
      : t('reports.periodYear', { year: report.year });
  const render = (format: 'html' | 'pdf', language: Lang) =>
    apiUrl(`/telescope/reports/${report.id}/render`, { format, lang: language });
  return (
    <tr data-testid="report-row">
      <td>
        <a href={render('html', lang)} target="_blank" rel="noopener" data-testid="report-title">
          {lang === 'ja' ? report.titleJa : report.titleEn}
        </a>
        <div className="muted small">
          {formatDate(report.periodStart, lang)} – {formatDate(report.periodEnd, lang)}
        </div>
      </td>
      <td className="nowrap">{period}</td>
      <td>{orgName({ nameEn: report.ownerOrgNameEn, nameJa: report.ownerOrgNameJa }, lang)}</td>
      <td>
        <TlpBadge marking={report.marking} />
      </td>
      <td className="nowrap">{formatDateTime(report.generatedAt, lang)}</td>
      <td className="nowrap">
        {LANGS.map((language) => (
          <span key={language} className="report-links">
            <a href={render('html', language)} target="_blank" rel="noopener" data-testid={`report-html-${language}`}>
              HTML ({t(`reports.lang.${language}`)})
            </a>{' '}
            <a href={render('pdf', language)} data-testid={`report-pdf-${language}`}>
              PDF ({t(`reports.lang.${language}`)})
            </a>{' '}
          </span>
        ))}
        {permissions.canWriteForOrg(report.ownerOrgId) && (
          <button
            type="button"
            className="btn btn-small"
            disabled={regenerate.pending}
            onClick={() => void regenerate.run().then((done) => done !== undefined && onChanged())}
            title={t('reports.regenerateHelp')}
          >
            {regenerate.pending ? t('reports.generating') : t('reports.regenerate')}
          </button>
        )}
        {report.publishedAt && (
          <a href={`/p/${lang}/`} className="report-public" data-testid="report-public">
            {t('reports.onPublicSite')}
          </a>
        )}
        {permissions.canWriteForOrg(report.ownerOrgId) && (report.publishedAt || publicReady) && (
          <button
            type="button"
            className="btn btn-small"
            disabled={publish.pending}
            onClick={() => void publish.run().then((done) => done !== undefined && onChanged())}
            title={t('reports.publishHelp')}
            data-testid="report-publish"
          >
            {report.publishedAt ? t('reports.unpublish') : t('reports.publish')}
          </button>
        )}
        <ErrorMessage error={regenerate.error} />
        <ErrorMessage error={publish.error} />
      </td>
    </tr>
  );
}

/** The darknet's quarterly and annual reports: listed, opened as HTML or PDF in either language, generated. */
export default function TelescopeReportsPage() {
  const { t } = useLang();
  const permissions = usePermissions();
  const [page, setPage] = useState({ limit: 20, offset: 0 });
  const [created, setCreated] = useState(false);
  const list = useApi<{ items: ReportItem[]; total: number }>('/telescope/reports', page);
  const writerOrgs = permissions.writableOrgIds;

  return (
    <section className="page">
      <div className="page-header">
        <h1>{t('reports.title')}</h1>
      </div>
      <TelescopeNav />
      <p className="page-intro">{t('reports.intro')}</p>
      {created && <Notice kind="success">{t('reports.created')}</Notice>}
      <ErrorMessage error={list.error} onRetry={list.reload} />
      {!list.data && !list.error && <Loading />}
      {list.data && (
        <div className="panel" aria-busy={list.loading}>
          {list.data.items.length === 0 ? (
            <Empty>{t('reports.empty')}</Empty>
          ) : (
            <div className="table-wrap">
              <table className="table" data-testid="reports-table">
                <thead>
                  <tr>
                    <th scope="col">{t('reports.report')}</th>
                    <th scope="col">{t('reports.period')}</th>
                    <th scope="col">{t('reports.owner')}</th>
                    <th scope="col">TLP</th>
                    <th scope="col">{t('reports.generatedAt')}</th>
                    <th scope="col">{t('common.actions')}</th>
                  </tr>
                </thead>
                <tbody>
                  {list.data.items.map((report) => (
                    <ReportRow key={report.id} report={report} onChanged={list.reload} />
                  ))}
                </tbody>
              </table>
            </div>
          )}
          <Pagination total={list.data.total} limit={page.limit} offset={page.offset} onChange={setPage} />
        </div>
      )}
      {writerOrgs.length > 0 && (
        <GenerateForm
          orgIds={writerOrgs}
          onCreated={() => {
            setCreated(true);
            list.reload();
          }}
        />
      )}
    </section>
  );
}
