import { Link } from 'react-router-dom';
import { useLang } from '../hooks/useLang';

export default function NotFoundPage() {
  const { t } = useLang();
  return (
    <section className="page page-narrow">
      <h1>{t('notFound.title')}</h1>
      <p>{t('notFound.body')}</p>
      <Link to="/">{t('notFound.home')}</Link>
    </section>
  );
}
