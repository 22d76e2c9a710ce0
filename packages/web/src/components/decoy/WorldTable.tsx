import { Link } from 'react-router-dom';
import { formatDateTime, formatNumber } from '../../format';
import { useLang } from '../../hooks/useLang';
import type { DecoyListening, DecoyWorld } from '../../types/decoy';
import { WorldStateBadge } from './Chips';
import { localName } from './decoyFormat';

export function ListeningList({ listening }: { listening: readonly DecoyListening[] }) {
  const { t } = useLang();
  if (listening.length === 0) return <span className="muted">{t('decoy.worlds.notListening')}</span>;
  return (
    <span className="mono small">
      {listening
        .map((item) => `${item.service} ${item.host.includes(':') ? `[${item.host}]` : item.host}:${item.port}`)
        .join(', ')}
    </span>
  );
}

/** The worlds list: one row per world, linking to its page. */
export function WorldTable({ items }: { items: readonly DecoyWorld[] }) {
  const { t, lang } = useLang();
  return (
    <div className="table-wrap">
      <table className="table" data-testid="decoy-worlds-table">
        <thead>
          <tr>
            <th scope="col">{t('decoy.worlds.name')}</th>
            <th scope="col">{t('decoy.worlds.domain')}</th>
            <th scope="col">{t('decoy.worlds.sensor')}</th>
            <th scope="col">{t('decoy.worlds.state')}</th>
            <th scope="col">{t('decoy.worlds.listening')}</th>
            <th scope="col" className="num">
              {t('decoy.worlds.sessions')}
            </th>
            <th scope="col">{t('decoy.worlds.lastEvent')}</th>
            <th scope="col">{t('decoy.worlds.lentTo')}</th>
          </tr>
        </thead>
        <tbody>
          {items.map((world) => (
            <tr key={world.id} data-testid={`decoy-world-row-${world.id}`}>
              <td>
                <Link to={`/decoy/${encodeURIComponent(world.id)}`} className="strong">
                  {localName(world.name, lang) || world.id}
                </Link>
                <div className="mono small muted">{world.id}</div>
              </td>
              <td className="mono">{world.domain}</td>
              <td className="mono">{world.sensorId}</td>
              <td>
                <WorldStateBadge world={world} />
              </td>
              <td>
                <ListeningList listening={world.listening} />
              </td>
              <td className="num nowrap" title={t('decoy.worlds.sessionsHelp')}>
                <span className={world.sessions.live > 0 ? 'decoy-live' : undefined}>
                  {formatNumber(world.sessions.live, lang)}
                </span>{' '}
                / {formatNumber(world.sessions.total, lang)}
              </td>
              <td className="nowrap">{world.lastEventAt ? formatDateTime(world.lastEventAt, lang) : '—'}</td>
              <td>{world.lentTo ? localName(world.lentTo.name, lang) : <span className="muted">—</span>}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
