import './cvd.css';
import { Link, useNavigate } from 'react-router-dom';
import { api } from '../../api';
import { useLang } from '../../hooks/useLang';
import { CvdForm } from './CvdForm';
import type { CvdCase } from './types';

/** Intake of a vulnerability found by a member. */
export default function CvdNewPage() {
  const { t } = useLang();
  const navigate = useNavigate();
  return (
    <div className="page cvd-page">
      <nav className="breadcrumbs">
        <Link to="/cvd">{t('cvd.list.title')}</Link>
      </nav>
      <header className="page-header">
        <h1>{t('cvd.new.title')}</h1>
      </header>
      <p className="page-intro muted">{t('cvd.new.intro')}</p>
      <CvdForm
        submitLabel={t('cvd.new.submit')}
        onSubmit={async (body) => {
          const created = await api.post<CvdCase>('/cvd/cases', body);
          void navigate(`/cvd/${created.id}`);
        }}
      />
    </div>
  );
}
