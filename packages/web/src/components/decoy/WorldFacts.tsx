import { formatDateTime, formatNumber } from '../../format';
import { useLang } from '../../hooks/useLang';
import type { DecoyHost, DecoyPlantedCredential, DecoyWorldDetail } from '../../types/decoy';
import { ScopeLabel, TlpBadge } from '../Badges';
import { Empty } from '../Status';
import { ListeningList } from './WorldTable';

function services(host: DecoyHost): string {
  if (!Array.isArray(host.services)) return Object.keys(host.services ?? {}).join(', ');
  return host.services
    .map((service) => (typeof service === 'string' ? service : `${service.name}/${service.port}`))
    .join(', ');
}

export function WorldSummary({ world }: { world: DecoyWorldDetail }) {
  const { t, lang } = useLang();
  return (
    <dl className="decoy-summary" data-testid="decoy-world-summary">
      <div>
        <dt>{t('decoy.worlds.domain')}</dt>
        <dd className="mono">{world.domain}</dd>
      </div>
      <div>
        <dt>{t('decoy.worlds.sector')}</dt>
        <dd>{t(`decoy.sector.${world.sector}`, { defaultValue: world.sector })}</dd>
      </div>
      <div>
        <dt>{t('decoy.worlds.kind')}</dt>
        <dd>{t(`decoy.kind.${world.kind}`, { defaultValue: world.kind })}</dd>
      </div>
      <div>
        <dt>{t('decoy.worlds.sensor')}</dt>
        <dd className="mono">{world.sensorId}</dd>
      </div>
      <div>
        <dt>{t('decoy.worlds.sensorReport')}</dt>
        <dd data-testid="decoy-sensor-report">
          {world.sensorReport ? (
            <>
              {t('decoy.worlds.sensorCounters', {
                version: world.sensorReport.version,
                time: formatDateTime(world.sensorReport.reportedAt, lang),
                spooled: formatNumber(world.sensorReport.spooled, lang),
                dropped: formatNumber(world.sensorReport.dropped, lang),
                rejected: formatNumber(world.sensorReport.rejected, lang),
              })}
              {world.sensorReport.dropped + world.sensorReport.rejected > 0 && (
                <span className="warning-text"> {t('decoy.worlds.sensorLoss')}</span>
              )}
            </>
          ) : (
            t('decoy.worlds.sensorNever')
          )}
        </dd>
      </div>
      <div>
        <dt>{t('decoy.worlds.environment')}</dt>
        <dd className="mono">{world.environmentCode}</dd>
      </div>
      <div>
        <dt>{t('decoy.worlds.employees')}</dt>
        <dd>{formatNumber(world.employees, lang)}</dd>
      </div>
      <div>
        <dt>{t('decoy.worlds.revision')}</dt>
        <dd>
          {world.revision} / {t('decoy.worlds.resets', { count: world.resetGeneration })}
        </dd>
      </div>
      <div>
        <dt>{t('decoy.worlds.fetch')}</dt>
        <dd>{world.fetchEnabled ? t('common.yes') : t('common.no')}</dd>
      </div>
      <div>
        <dt>{t('decoy.worlds.marking')}</dt>
        <dd>
          <TlpBadge marking={world.tlp} /> <ScopeLabel scope={world.scope} />
        </dd>
      </div>
      <div>
        <dt>{t('decoy.worlds.bindings')}</dt>
        <dd className="mono small" data-testid="decoy-world-bindings">
          {Object.entries(world.bindings)
            .map(([service, binding]) => `${service} ${binding.host}:${binding.port}`)
            .join(', ') || '—'}
        </dd>
      </div>
      <div>
        <dt>{t('decoy.worlds.listening')}</dt>
        <dd>
          <ListeningList listening={world.listening} />
        </dd>
      </div>
    </dl>
  );
}

export function HostsTable({ hosts }: { hosts: readonly DecoyHost[] }) {
  const { t } = useLang();
  if (hosts.length === 0) return <Empty>{t('decoy.hosts.empty')}</Empty>;
  return (
    <div className="table-wrap table-wrap-short">
      <table className="table table-compact" data-testid="decoy-hosts">
        <thead>
          <tr>
            <th scope="col">{t('decoy.hosts.hostname')}</th>
            <th scope="col">{t('decoy.hosts.role')}</th>
            <th scope="col">{t('decoy.hosts.os')}</th>
            <th scope="col">{t('decoy.hosts.services')}</th>
            <th scope="col">{t('decoy.hosts.address')}</th>
          </tr>
        </thead>
        <tbody>
          {hosts.map((host) => (
            <tr key={host.hostname}>
              <td className="mono strong nowrap">{host.hostname}</td>
              <td>{t(`decoy.role.${host.role}`, { defaultValue: host.role })}</td>
              <td>{cell(host.os)}</td>
              <td className="mono small">{services(host)}</td>
              <td className="mono">{host.address}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** A value of the hub's answer as one line: objects (a host and path, an OS and version) as their parts. */
function cell(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (Array.isArray(value)) return value.map(cell).join(', ');
  if (typeof value === 'object') return Object.values(value).map(cell).filter(Boolean).join(' ');
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/** The credentials planted for attackers to find, and where (platform admins only: the hub sends them to no one else). */
export function PlantedCredentials({ items }: { items: readonly DecoyPlantedCredential[] }) {
  const { t } = useLang();
  const columns = [...new Set(items.flatMap((item) => Object.keys(item)))];
  if (items.length === 0) return <Empty>{t('decoy.planted.empty')}</Empty>;
  return (
    <div className="table-wrap table-wrap-short">
      <table className="table table-compact" data-testid="decoy-planted">
        <thead>
          <tr>
            {columns.map((column) => (
              <th key={column} scope="col">
                {t(`decoy.planted.${column}`, { defaultValue: column })}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {items.map((item, index) => (
            <tr key={index}>
              {columns.map((column) => (
                <td key={column} className="mono small">
                  {cell(item[column])}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
