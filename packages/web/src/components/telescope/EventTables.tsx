import { Link } from 'react-router-dom';
import { formatBytes, formatDateTime, formatNumber } from '../../format';
import { useLang } from '../../hooks/useLang';
import type { TelescopeBackscatter, TelescopeDos, TelescopeScan } from '../../types';
import { TagChips } from './TagChips';
import { formatDecimal, formatSpan, portName, sourcePath } from './telescopeFormat';

function eventKey(prefix: string, parts: (string | number)[], index: number): string {
  return `${prefix}:${parts.join('|')}:${index}`;
}

/** Scans (one source, one port, many darknet addresses; or, vertical, one source, many ports). `linkSources` links each source to its page. */
export function ScanTable({ items, linkSources = true }: { items: TelescopeScan[]; linkSources?: boolean }) {
  const { t, lang } = useLang();
  return (
    <div className="table-wrap">
      <table className="table table-compact" data-testid="scan-table">
        <thead>
          <tr>
            <th scope="col">{t('telescope.events.start')}</th>
            <th scope="col">{t('telescope.events.duration')}</th>
            <th scope="col">{t('telescope.events.source')}</th>
            <th scope="col">{t('telescope.events.port')}</th>
            <th scope="col" className="num">
              {t('telescope.packets')}
            </th>
            <th scope="col" className="num">
              {t('telescope.events.destinations')}
            </th>
            <th scope="col" className="num">
              {t('telescope.events.rate')}
            </th>
            <th scope="col">{t('telescope.events.tags')}</th>
          </tr>
        </thead>
        <tbody>
          {items.map((scan, index) => {
            const name = scan.scanKind === 'vertical' ? null : portName(scan.protocol, scan.port);
            return (
              <tr key={scan.id ?? eventKey('scan', [scan.source, scan.protocol, scan.port, scan.start], index)}>
                <td className="nowrap">{formatDateTime(scan.start, lang)}</td>
                <td className="nowrap">{formatSpan(scan.start, scan.end, lang)}</td>
                <td className="mono">
                  {linkSources ? <Link to={sourcePath(scan.source)}>{scan.source}</Link> : scan.source}
                </td>
                <td className="nowrap">
                  {scan.scanKind === 'vertical' ? (
                    <span title={t('telescope.events.verticalHelp')} data-testid="scan-vertical">
                      <span className="mono">{scan.protocol}</span>{' '}
                      {t('telescope.events.portCount', { count: scan.portCount ?? 0 })}
                    </span>
                  ) : (
                    <>
                      <span className="mono">
                        {scan.protocol === 'icmp' ? 'icmp' : `${scan.protocol}/${scan.port}`}
                      </span>{' '}
                      {name && <span className="muted small">{name}</span>}
                    </>
                  )}
                </td>
                <td className="num">{formatNumber(scan.packets, lang)}</td>
                <td className="num">{formatNumber(scan.destinations, lang)}</td>
                <td className="num">{formatDecimal(scan.packetsPerSecond, lang)}</td>
                <td>
                  <TagChips tags={scan.tags} />
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

/** DoS attacks seen through their backscatter: the victim answers spoofed packets into the darknet. */
export function DosTable({ items, linkVictims = true }: { items: TelescopeDos[]; linkVictims?: boolean }) {
  const { t, lang } = useLang();
  return (
    <div className="table-wrap">
      <table className="table table-compact" data-testid="dos-table">
        <thead>
          <tr>
            <th scope="col">{t('telescope.events.start')}</th>
            <th scope="col">{t('telescope.events.duration')}</th>
            <th scope="col">{t('telescope.events.victim')}</th>
            <th scope="col">{t('telescope.events.protocol')}</th>
            <th scope="col" className="num">
              {t('telescope.packets')}
            </th>
            <th scope="col" className="num">
              {t('telescope.events.bytes')}
            </th>
            <th scope="col" className="num">
              {t('telescope.events.maxRate')}
            </th>
            <th scope="col">{t('telescope.events.attackerPorts')}</th>
            <th scope="col">{t('telescope.events.method')}</th>
          </tr>
        </thead>
        <tbody>
          {items.map((dos, index) => (
            <tr key={dos.id ?? eventKey('dos', [dos.victim, dos.protocol, dos.start], index)}>
              <td className="nowrap">{formatDateTime(dos.start, lang)}</td>
              <td className="nowrap">{formatSpan(dos.start, dos.end, lang)}</td>
              <td className="mono">
                {linkVictims ? <Link to={sourcePath(dos.victim)}>{dos.victim}</Link> : dos.victim}
              </td>
              <td className="mono">{dos.protocol}</td>
              <td className="num">{formatNumber(dos.packets, lang)}</td>
              <td className="num nowrap">{formatBytes(dos.bytes, lang)}</td>
              <td className="num">{formatDecimal(dos.maxRate, lang)}</td>
              <td className="mono small">
                {dos.attackerPorts.slice(0, 8).join(', ')}
                {dos.attackerPorts.length > 8 && ' …'}
              </td>
              <td title={t(`telescope.events.methodHelp.${dos.method}`)}>
                {t(`telescope.events.methodName.${dos.method}`)}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** Backscatter victims of a period, flood or reflection, DoS event or not. */
export function BackscatterTable({
  items,
  linkVictims = true,
}: {
  items: TelescopeBackscatter[];
  linkVictims?: boolean;
}) {
  const { t, lang } = useLang();
  return (
    <div className="table-wrap">
      <table className="table table-compact" data-testid="backscatter-table">
        <thead>
          <tr>
            <th scope="col">{t('telescope.events.victim')}</th>
            <th scope="col">{t('telescope.events.victimKind')}</th>
            <th scope="col">{t('telescope.events.protocol')}</th>
            <th scope="col">{t('telescope.events.ports')}</th>
            <th scope="col" className="num">
              {t('telescope.packets')}
            </th>
            <th scope="col" className="num">
              {t('telescope.events.bytes')}
            </th>
            <th scope="col" className="num">
              {t('telescope.events.reflectors')}
            </th>
            <th scope="col">{t('telescope.events.period')}</th>
          </tr>
        </thead>
        <tbody>
          {items.map((v, index) => (
            <tr key={eventKey('bs', [v.victimKind, v.victim, v.protocol], index)}>
              <td className="mono">{linkVictims ? <Link to={sourcePath(v.victim)}>{v.victim}</Link> : v.victim}</td>
              <td title={t(`telescope.events.victimKindHelp.${v.victimKind}`)}>
                {t(`telescope.events.victimKindName.${v.victimKind}`)}
              </td>
              <td className="mono">{v.protocol}</td>
              <td className="nowrap small">
                {v.ports.map((port) => {
                  const name = portName(v.protocol, port);
                  return (
                    <span key={port} className="port-chip">
                      <span className="mono">{port}</span>
                      {name && <span className="muted"> {name}</span>}{' '}
                    </span>
                  );
                })}
              </td>
              <td className="num">{formatNumber(v.packets, lang)}</td>
              <td className="num nowrap">{formatBytes(v.bytes, lang)}</td>
              <td className="num">{v.victimKind === 'reflection' ? formatNumber(v.reflectors, lang) : '—'}</td>
              <td className="nowrap">
                {formatDateTime(v.first, lang)} ({formatSpan(v.first, v.last, lang)})
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
