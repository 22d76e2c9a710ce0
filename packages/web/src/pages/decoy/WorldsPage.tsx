import { useState } from 'react';
import { Link } from 'react-router-dom';
import { Pagination } from '../../components/Pagination';
import { Empty, ErrorMessage, Loading } from '../../components/Status';
import '../../components/decoy/decoy.css';
import { DecoyNav } from '../../components/decoy/DecoyNav';
import { useAutoReload } from '../../components/decoy/useAutoReload';
import { WorldTable } from '../../components/decoy/WorldTable';
import '../../components/telescope/telescope.css';
import { DebouncedInput } from '../../components/telescope/DebouncedInput';
import { formatNumber } from '../../format';
import { useMe } from '../../hooks/useAuth';
import { useApi } from '../../hooks/useApi';
import { useLang } from '../../hooks/useLang';
import type { DecoyWorldList } from '../../types/decoy';

/** Every decoy world the person may see, with its state on the sensor; platform admins create new ones here. */
export default function WorldsPage() {
  const { t, lang } = useLang();
  const me = useMe();
  const [q, setQ] = useState('');
  const [page, setPage] = useState({ limit: 25, offset: 0 });
  const list = useApi<DecoyWorldList>('/decoy/worlds', { q, limit: page.limit, offset: page.offset });
  useAutoReload(list.reload);

  return (
    <section className="page" data-testid="decoy-worlds">
      <div className="page-header">
        <h1>
          {t('decoy.worlds.title')}
          {list.data && <span className="count-pill">{formatNumber(list.data.total, lang)}</span>}
        </h1>
        <DecoyNav />
        {me.isPlatformAdmin && (
          <div className="toolbar">
            <Link to="/decoy/new" className="btn btn-primary" data-testid="decoy-world-new">
              {t('decoy.worlds.new')}
            </Link>
          </div>
        )}
      </div>
      <p className="page-intro">{t('decoy.worlds.intro')}</p>
      <form className="filters" role="search" onSubmit={(event) => event.preventDefault()}>
        <label className="filter filter-wide">
          <span>{t('decoy.worlds.search')}</span>
          <DebouncedInput
            type="search"
            value={q}
            onCommit={(value) => {
              setQ(value);
              setPage((previous) => ({ ...previous, offset: 0 }));
            }}
            placeholder={t('decoy.worlds.searchPlaceholder')}
            data-testid="decoy-worlds-search"
          />
        </label>
      </form>
      <ErrorMessage error={list.error} onRetry={list.reload} />
      {!list.data && !list.error && <Loading />}
      {list.data && (
        <div className={list.loading ? 'is-refreshing' : undefined} aria-busy={list.loading}>
          {list.data.items.length === 0 ? (
            <Empty>{q ? t('decoy.worlds.noMatch') : t('decoy.worlds.empty')}</Empty>
          ) : (
            <WorldTable items={list.data.items} />
          )}
          <Pagination total={list.data.total} limit={page.limit} offset={page.offset} onChange={setPage} />
        </div>
      )}
    </section>
  );
}
