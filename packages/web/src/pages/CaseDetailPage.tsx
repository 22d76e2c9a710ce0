import { useMemo, useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { ApiError, api } from '../api';
import { AttackMatrix } from '../components/AttackMatrix';
import { BehaviourForm } from '../components/case-detail/BehaviourForm';
import { CaseHeader } from '../components/case-detail/CaseHeader';
import { CaseFacts, CaseSummary } from '../components/case-detail/CaseOverview';
import { Comments } from '../components/case-detail/Comments';
import { FilesPanel } from '../components/case-detail/FilesPanel';
import { LevelPanel } from '../components/case-detail/LevelPanel';
import { Timeline } from '../components/case-detail/Timeline';
import { CaseForm } from '../components/cases/CaseForm';
import { CaseDecoySessions } from '../components/decoy/CaseDecoySessions';
import { ErrorMessage, Loading, Notice } from '../components/Status';
import { useApi } from '../hooks/useApi';
import { useLang } from '../hooks/useLang';
import { usePermissions } from '../hooks/usePermissions';
import type { CaseDetail } from '../types';

export default function CaseDetailPage() {
  const { t } = useLang();
  const { id = '' } = useParams();
  const navigate = useNavigate();
  const permissions = usePermissions();
  const detail = useApi<CaseDetail>(`/cases/${encodeURIComponent(id)}`);
  const [editing, setEditing] = useState(false);
  const [saved, setSaved] = useState(false);
  const [deleting, setDeleting] = useState(false);
  const [deleteError, setDeleteError] = useState<ApiError | undefined>(undefined);

  const techniqueNames = useMemo(
    () => new Map((detail.data?.techniques ?? []).map((tech) => [tech.id, tech.name])),
    [detail.data],
  );
  const counts = useMemo(() => {
    const map = new Map<string, number>();
    for (const behaviour of detail.data?.behaviours ?? []) {
      for (const techniqueId of behaviour.techniqueIds) map.set(techniqueId, (map.get(techniqueId) ?? 0) + 1);
    }
    return map;
  }, [detail.data]);

  if (detail.error && !detail.data) {
    return (
      <section className="page">
        {detail.error.status === 404 ? (
          <Notice kind="warning">{t('caseDetail.notFound')}</Notice>
        ) : (
          <ErrorMessage error={detail.error} onRetry={detail.reload} />
        )}
        <Link to="/cases">{t('caseDetail.back')}</Link>
      </section>
    );
  }
  if (!detail.data) return <Loading />;
  const data = detail.data;
  const item = data.case;
  const canWrite = permissions.canWriteForOrg(item.ownerOrgId);

  const onDelete = async () => {
    if (!window.confirm(t('caseDetail.confirmDelete', { caseId: item.caseId }))) return;
    setDeleting(true);
    setDeleteError(undefined);
    try {
      await api.del(`/cases/${item.id}`);
      void navigate('/cases', { replace: true });
    } catch (caught) {
      if (caught instanceof ApiError) setDeleteError(caught);
      setDeleting(false);
    }
  };

  return (
    <section className="page case-detail" aria-busy={detail.loading}>
      <nav className="breadcrumbs" aria-label={t('common.breadcrumbs')}>
        <Link to="/cases">{t('cases.title')}</Link> <span aria-hidden="true">/</span>{' '}
        <span className="mono">{item.caseId}</span>
      </nav>
      <CaseHeader
        item={item}
        canWrite={canWrite}
        editing={editing}
        onEdit={() => setEditing(true)}
        onDelete={() => void onDelete()}
        deleting={deleting}
      />
      <ErrorMessage error={deleteError ?? detail.error} onRetry={detail.error ? detail.reload : undefined} />
      {saved && !editing && <Notice kind="success">{t('caseDetail.saved')}</Notice>}
      {editing ? (
        <div className="panel">
          <h2>{t('caseDetail.editTitle')}</h2>
          <CaseForm
            saved={item}
            suggestion={data.suggestion}
            onSaved={() => {
              setEditing(false);
              setSaved(true);
              detail.reload();
            }}
            onCancel={() => setEditing(false)}
          />
        </div>
      ) : (
        <>
          <div className="detail-grid">
            <div className="detail-main">
              <section className="panel" aria-labelledby="summary-heading">
                <h2 id="summary-heading">{t('caseDetail.summary')}</h2>
                <CaseSummary item={item} />
              </section>
              <section className="panel" aria-labelledby="timeline-heading">
                <h2 id="timeline-heading">
                  {t('caseDetail.timeline')} <span className="count-pill">{data.behaviours.length}</span>
                </h2>
                <Timeline
                  caseId={item.id}
                  behaviours={data.behaviours}
                  techniqueNames={techniqueNames}
                  canWrite={canWrite}
                  onChanged={detail.reload}
                />
                {canWrite && <BehaviourForm caseId={item.id} onAdded={detail.reload} />}
              </section>
            </div>
            <aside className="detail-side">
              <section className="panel" aria-labelledby="level-heading">
                <h2 id="level-heading">{t('caseDetail.level')}</h2>
                <LevelPanel detail={data} />
              </section>
              <section className="panel" aria-labelledby="facts-heading">
                <h2 id="facts-heading">{t('caseDetail.facts')}</h2>
                <CaseFacts item={item} />
              </section>
            </aside>
          </div>
          <CaseDecoySessions caseId={item.id} />
          <section className="panel" aria-labelledby="matrix-heading">
            <h2 id="matrix-heading">
              {t('matrix.title')} <span className="count-pill">{data.techniques.length}</span>
            </h2>
            <AttackMatrix techniques={data.techniques} counts={counts} />
          </section>
          <div className="detail-grid">
            <section className="panel" aria-labelledby="comments-heading">
              <h2 id="comments-heading">{t('comments.title')}</h2>
              <Comments caseId={item.id} />
            </section>
            <section className="panel" aria-labelledby="files-heading">
              <h2 id="files-heading">
                {t('caseDetail.files')} <span className="count-pill">{data.files.length}</span>
              </h2>
              <FilesPanel
                caseId={item.id}
                files={data.files}
                behaviours={data.behaviours}
                canWrite={canWrite}
                onUploaded={detail.reload}
              />
            </section>
          </div>
        </>
      )}
    </section>
  );
}
