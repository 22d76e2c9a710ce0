import { useSearchParams } from 'react-router-dom';
import { CursorPager } from '../../components/decoy/CursorPager';
import '../../components/decoy/decoy.css';
import { DecoyNav } from '../../components/decoy/DecoyNav';
import { localName, validAddress } from '../../components/decoy/decoyFormat';
import { SessionTable } from '../../components/decoy/SessionTable';
import { useAutoReload } from '../../components/decoy/useAutoReload';
import { useSessionList } from '../../components/decoy/useSessionList';
import { Empty, ErrorMessage, Loading } from '../../components/Status';
import '../../components/telescope/telescope.css';
import { DebouncedInput } from '../../components/telescope/DebouncedInput';
import { useApi } from '../../hooks/useApi';
import { useLang } from '../../hooks/useLang';
import type { DecoyWorldList } from '../../types/decoy';

const TECHNIQUE = /^T\d{4}(\.\d{3})?$/;

/** Every session the person may see, newest first (live ones on top), filtered by world, source, state, technique. */
export default function SessionsPage() {
  const { t, lang } = useLang();
  const [params, setParams] = useSearchParams();
  const filters = {
    world: params.get('world') ?? '',
    src: params.get('src') ?? '',
    live: params.get('live') === 'true',
    technique: params.get('technique') ?? '',
  };
  const update = (patch: Partial<typeof filters>) => {
    const next = { ...filters, ...patch };
    const search = new URLSearchParams();
    if (next.world) search.set('world', next.world);
    if (next.src) search.set('src', next.src);
    if (next.live) search.set('live', 'true');
    if (next.technique) search.set('technique', next.technique);
    setParams(search, { replace: true });
  };
  const srcInvalid = filters.src !== '' && !validAddress(filters.src);
  const techniqueInvalid = filters.technique !== '' && !TECHNIQUE.test(filters.technique);
  const worlds = useApi<DecoyWorldList>('/decoy/worlds', { limit: 200 });
  const sessions = useSessionList(
    srcInvalid || techniqueInvalid
      ? null
      : {
          world: filters.world || undefined,
          src: filters.src || undefined,
          live: filters.live ? 'true' : undefined,
          technique: filters.technique || undefined,
        },
  );
  const { list } = sessions;
  // the first page shows new and live sessions as they come; later pages stay put while someone reads them
  useAutoReload(list.reload, 10_000, sessions.page === 1);
  const items = list.data?.items ?? [];
  const filtered = Boolean(filters.world || filters.src || filters.live || filters.technique);

  return (
    <section className="page" data-testid="decoy-sessions">
      <div className="page-header">
        <h1>{t('decoy.sessions.title')}</h1>
        <DecoyNav />
      </div>
      <p className="page-intro">{t('decoy.sessions.intro')}</p>
      <form className="filters" role="search" onSubmit={(event) => event.preventDefault()}>
        <label className="filter">
          <span>{t('decoy.sessions.world')}</span>
          <select
            value={filters.world}
            onChange={(event) => update({ world: event.target.value })}
            data-testid="decoy-filter-world"
          >
            <option value="">{t('common.all')}</option>
            {worlds.data?.items.map((world) => (
              <option key={world.id} value={world.id}>
                {localName(world.name, lang) || world.id}
              </option>
            ))}
          </select>
        </label>
        <label className="filter">
          <span>{t('decoy.sessions.source')}</span>
          <DebouncedInput
            type="search"
            value={filters.src}
            onCommit={(src) => update({ src: src.trim() })}
            placeholder="203.0.113.7"
            spellCheck={false}
            aria-invalid={srcInvalid ? true : undefined}
            data-testid="decoy-filter-src"
          />
        </label>
        <label className="filter">
          <span>{t('decoy.sessions.technique')}</span>
          <DebouncedInput
            type="search"
            value={filters.technique}
            onCommit={(technique) => update({ technique: technique.trim().toUpperCase() })}
            placeholder="T1110"
            title={t('decoy.sessions.techniqueHelp')}
            autoComplete="off"
            autoCapitalize="characters"
            spellCheck={false}
            aria-invalid={techniqueInvalid ? true : undefined}
            aria-describedby={techniqueInvalid ? 'decoy-technique-help decoy-technique-error' : 'decoy-technique-help'}
            data-testid="decoy-filter-technique"
          />
          <span id="decoy-technique-help" className="visually-hidden">
            {t('decoy.sessions.techniqueHelp')}
          </span>
        </label>
        <label className="check">
          <input
            type="checkbox"
            checked={filters.live}
            onChange={(event) => update({ live: event.target.checked })}
            data-testid="decoy-filter-live"
          />
          <span>{t('decoy.sessions.liveOnly')}</span>
        </label>
        {filtered && (
          <button
            type="button"
            className="btn btn-small btn-link"
            onClick={() => setParams(new URLSearchParams(), { replace: true })}
          >
            {t('decoy.sessions.clearFilters')}
          </button>
        )}
        {srcInvalid && (
          <p className="field-error" role="alert">
            {t('decoy.sessions.srcInvalid')}
          </p>
        )}
        {techniqueInvalid && (
          <p className="field-error" role="alert" id="decoy-technique-error">
            {t('decoy.sessions.techniqueInvalid')}
          </p>
        )}
      </form>
      <ErrorMessage error={list.error} onRetry={list.reload} />
      {!list.data && !list.error && !srcInvalid && !techniqueInvalid && <Loading />}
      {list.data && (
        <div className={list.loading ? 'is-refreshing' : undefined} aria-busy={list.loading}>
          {items.length === 0 ? (
            <Empty>{filtered ? t('decoy.sessions.noMatch') : t('decoy.sessions.empty')}</Empty>
          ) : (
            <SessionTable items={items} />
          )}
        </div>
      )}
      <CursorPager
        page={sessions.page}
        hasPrevious={sessions.hasPrevious}
        hasNext={sessions.hasNext}
        onPrevious={sessions.previous}
        onNext={sessions.next}
      />
    </section>
  );
}
