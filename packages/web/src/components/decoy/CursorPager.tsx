import { useLang } from '../../hooks/useLang';

export function CursorPager({
  page,
  hasPrevious,
  hasNext,
  onPrevious,
  onNext,
}: {
  page: number;
  hasPrevious: boolean;
  hasNext: boolean;
  onPrevious: () => void;
  onNext: () => void;
}) {
  const { t } = useLang();
  if (!hasPrevious && !hasNext) return null;
  return (
    <nav className="pagination" aria-label={t('pagination.label')}>
      <button type="button" className="btn btn-small" onClick={onPrevious} disabled={!hasPrevious}>
        {t('pagination.previous')}
      </button>
      <span className="pagination-page">{t('decoy.sessions.page', { page })}</span>
      <button
        type="button"
        className="btn btn-small"
        onClick={onNext}
        disabled={!hasNext}
        data-testid="decoy-sessions-next"
      >
        {t('pagination.next')}
      </button>
    </nav>
  );
}
