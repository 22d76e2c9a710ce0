import { formatNumber } from '../format';
import { useLang } from '../hooks/useLang';

const PAGE_SIZES = [25, 50, 100, 200];

export function Pagination({
  total,
  limit,
  offset,
  onChange,
}: {
  total: number;
  limit: number;
  offset: number;
  onChange: (next: { limit: number; offset: number }) => void;
}) {
  const { t, lang } = useLang();
  const first = total === 0 ? 0 : offset + 1;
  const last = Math.min(offset + limit, total);
  const page = Math.floor(offset / limit) + 1;
  const pages = Math.max(1, Math.ceil(total / limit));
  return (
    <nav className="pagination" aria-label={t('pagination.label')}>
      <span className="pagination-range">
        {t('pagination.range', {
          first: formatNumber(first, lang),
          last: formatNumber(last, lang),
          total: formatNumber(total, lang),
        })}
      </span>
      <button
        type="button"
        className="btn btn-small"
        onClick={() => onChange({ limit, offset: Math.max(0, offset - limit) })}
        disabled={offset === 0}
      >
        {t('pagination.previous')}
      </button>
      <span className="pagination-page">{t('pagination.page', { page, pages })}</span>
      <button
        type="button"
        className="btn btn-small"
        onClick={() => onChange({ limit, offset: offset + limit })}
        disabled={offset + limit >= total}
      >
        {t('pagination.next')}
      </button>
      <label className="pagination-size">
        <span>{t('pagination.pageSize')}</span>
        <select value={limit} onChange={(event) => onChange({ limit: Number(event.target.value), offset: 0 })}>
          {[...new Set([...PAGE_SIZES, limit])]
            .sort((a, b) => a - b)
            .map((size) => (
              <option key={size} value={size}>
                {size}
              </option>
            ))}
        </select>
      </label>
    </nav>
  );
}
