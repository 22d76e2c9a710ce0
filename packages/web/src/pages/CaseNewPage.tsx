import { Link, useNavigate } from 'react-router-dom';
import { CaseForm } from '../components/cases/CaseForm';
import { Notice } from '../components/Status';
import { useLang } from '../hooks/useLang';
import { usePermissions } from '../hooks/usePermissions';

export default function CaseNewPage() {
  const { t } = useLang();
  const navigate = useNavigate();
  const permissions = usePermissions();
  return (
    <section className="page page-form">
      <nav className="breadcrumbs" aria-label={t('common.breadcrumbs')}>
        <Link to="/cases">{t('cases.title')}</Link> <span aria-hidden="true">/</span> <span>{t('cases.new')}</span>
      </nav>
      <h1>{t('caseForm.newTitle')}</h1>
      {permissions.canWriteCases ? (
        <CaseForm onSaved={(item) => void navigate(`/cases/${item.id}`)} onCancel={() => void navigate('/cases')} />
      ) : (
        <Notice kind="warning">{t('caseForm.noPermission')}</Notice>
      )}
    </section>
  );
}
