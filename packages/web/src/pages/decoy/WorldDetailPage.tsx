import { useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import { ErrorMessage, Empty, Loading, Notice } from '../../components/Status';
import { WorldStateBadge } from '../../components/decoy/Chips';
import { CursorPager } from '../../components/decoy/CursorPager';
import '../../components/decoy/decoy.css';
import { localName } from '../../components/decoy/decoyFormat';
import { SessionTable } from '../../components/decoy/SessionTable';
import { useAutoReload } from '../../components/decoy/useAutoReload';
import { useSessionList } from '../../components/decoy/useSessionList';
import { WorldActions } from '../../components/decoy/WorldActions';
import { WorldEdit } from '../../components/decoy/WorldEdit';
import { HostsTable, PlantedCredentials, WorldSummary } from '../../components/decoy/WorldFacts';
import { WorldStats } from '../../components/decoy/WorldStats';
import '../../components/telescope/telescope.css';
import { useMe } from '../../hooks/useAuth';
import { useApi } from '../../hooks/useApi';
import { useLang } from '../../hooks/useLang';
import type { DecoyWorldDetail } from '../../types/decoy';

type Tab = 'sessions' | 'stats' | 'edit';

function WorldSessions({ worldId }: { worldId: string }) {
  const { t } = useLang();
  const sessions = useSessionList({ world: worldId });
  const { list } = sessions;
  useAutoReload(list.reload, 10_000, sessions.page === 1);
  return (
    <>
      <ErrorMessage error={list.error} onRetry={list.reload} />
      {!list.data && !list.error && <Loading />}
      {list.data &&
        (list.data.items.length === 0 ? (
          <Empty>{t('decoy.sessions.empty')}</Empty>
        ) : (
          <SessionTable items={list.data.items} showWorld={false} />
        ))}
      <CursorPager
        page={sessions.page}
        hasPrevious={sessions.hasPrevious}
        hasNext={sessions.hasNext}
        onPrevious={sessions.previous}
        onNext={sessions.next}
      />
    </>
  );
}

/** One world: its state and controls, hosts, planted credentials (admins), and tabs for sessions, statistics, edit. */
export default function WorldDetailPage() {
  const { t, lang } = useLang();
  const { id = '' } = useParams();
  const me = useMe();
  const detail = useApi<DecoyWorldDetail>(`/decoy/worlds/${encodeURIComponent(id)}`);
  const [tab, setTab] = useState<Tab>('sessions');

  if (detail.error && !detail.data) {
    return (
      <section className="page">
        {detail.error.status === 404 ? (
          <Notice kind="warning">{t('decoy.worlds.notFound')}</Notice>
        ) : (
          <ErrorMessage error={detail.error} onRetry={detail.reload} />
        )}
        <Link to="/decoy">{t('decoy.worlds.back')}</Link>
      </section>
    );
  }
  if (!detail.data) return <Loading />;
  const world = detail.data;
  const tabs: Tab[] = me.isPlatformAdmin ? ['sessions', 'stats', 'edit'] : ['sessions', 'stats'];

  return (
    <section className="page" aria-busy={detail.loading} data-testid="decoy-world">
      <nav className="breadcrumbs" aria-label={t('common.breadcrumbs')}>
        <Link to="/decoy">{t('decoy.worlds.title')}</Link> <span aria-hidden="true">/</span>{' '}
        <span className="mono">{world.id}</span>
      </nav>
      <div className="page-header">
        <h1 data-testid="decoy-world-name">
          {localName(world.name, lang) || world.id} <WorldStateBadge world={world} />
        </h1>
        <WorldActions
          world={world}
          canManage={me.isPlatformAdmin}
          onChanged={detail.reload}
          onEdit={() => setTab('edit')}
        />
      </div>
      {world.lentTo && (
        <Notice kind="info">{t('decoy.worlds.lentNotice', { org: localName(world.lentTo.name, lang) })}</Notice>
      )}
      <section className="panel">
        <WorldSummary world={world} />
      </section>
      <section className="panel" aria-labelledby="decoy-hosts-heading">
        <h2 id="decoy-hosts-heading">
          {t('decoy.hosts.title')} <span className="count-pill">{world.hosts.length}</span>
        </h2>
        <HostsTable hosts={world.hosts} />
      </section>
      {world.plantedCredentials && (
        <section className="panel" aria-labelledby="decoy-planted-heading">
          <h2 id="decoy-planted-heading">{t('decoy.planted.title')}</h2>
          <p className="small muted">{t('decoy.planted.help')}</p>
          <PlantedCredentials items={world.plantedCredentials} />
        </section>
      )}
      <div className="tabs tabs-sub" role="tablist" aria-label={t('decoy.worlds.tabs')}>
        {tabs.map((value) => (
          <button
            key={value}
            type="button"
            role="tab"
            aria-selected={tab === value}
            className={tab === value ? 'tab active' : 'tab'}
            onClick={() => setTab(value)}
            data-testid={`decoy-world-tab-${value}`}
          >
            {t(`decoy.worlds.tab_${value}`)}
          </button>
        ))}
      </div>
      <div role="tabpanel">
        {tab === 'sessions' && <WorldSessions worldId={world.id} />}
        {tab === 'stats' && <WorldStats worldId={world.id} />}
        {tab === 'edit' && me.isPlatformAdmin && <WorldEdit world={world} onSaved={detail.reload} />}
      </div>
    </section>
  );
}
