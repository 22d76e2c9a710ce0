import { formatNumber } from '../../format';
import { useLang } from '../../hooks/useLang';
import type { TelescopeTop, TelescopeTopItem, TopDimension } from '../../types';
import { countryName, formatCompact, formatShare, portName } from './telescopeFormat';

function keyText(item: TelescopeTopItem): string {
  return String(item.key).replace(/^(tcp|udp)\//i, '');
}

function ItemLabel({ dimension, item }: { dimension: TopDimension; item: TelescopeTopItem }) {
  const { t, lang } = useLang();
  const key = keyText(item);
  switch (dimension) {
    case 'country':
      return (
        <>
          {countryName(key, lang, t('telescope.unknownCountry'))} <span className="muted mono small">{key}</span>
        </>
      );
    case 'tcp_port':
    case 'udp_port': {
      const name = item.label || portName(dimension === 'tcp_port' ? 'tcp' : 'udp', key);
      return (
        <>
          <span className="mono">{key}</span> {name && <span className="muted small">{name}</span>}
        </>
      );
    }
    case 'asn':
      return (
        <>
          <span className="mono">AS{key}</span> {item.label && <span className="muted small">{item.label}</span>}
        </>
      );
  }
}

/** Top 10 of a dimension by unique hosts, with the share, the packets and the rest as "other". */
export function TopTable({ top }: { top: TelescopeTop }) {
  const { t, lang } = useLang();
  const otherShare = top.total.sources > 0 ? top.other.sources / top.total.sources : 0;
  const max = Math.max(0.0001, ...top.items.map((item) => item.share));
  return (
    <div className="table-wrap">
      <table className="table table-compact top-table">
        <thead>
          <tr>
            <th scope="col" className="num">
              #
            </th>
            <th scope="col">{t(`telescope.top.key.${top.dimension}`)}</th>
            <th scope="col" className="num">
              {t('telescope.uniqueHosts')}
            </th>
            <th scope="col" className="num">
              %
            </th>
            <th scope="col" className="num">
              {t('telescope.packets')}
            </th>
          </tr>
        </thead>
        <tbody>
          {top.items.map((item, index) => (
            <tr key={String(item.key)}>
              <td className="num muted">{index + 1}</td>
              <td>
                <ItemLabel dimension={top.dimension} item={item} />
              </td>
              <td className="num">{formatNumber(item.sources, lang)}</td>
              <td className="num share-cell">
                <span className="share-bar" style={{ width: `${(item.share / max) * 100}%` }} aria-hidden="true" />
                <span className="share-value">{formatShare(item.share, lang)}</span>
              </td>
              <td className="num" title={formatNumber(item.packets, lang)}>
                {formatCompact(item.packets, lang)}
              </td>
            </tr>
          ))}
          {(top.other.sources > 0 || top.other.packets > 0) && (
            <tr className="row-muted">
              <td />
              <td>{t('telescope.top.other')}</td>
              <td className="num">{formatNumber(top.other.sources, lang)}</td>
              <td className="num">{formatShare(otherShare, lang)}</td>
              <td className="num" title={formatNumber(top.other.packets, lang)}>
                {formatCompact(top.other.packets, lang)}
              </td>
            </tr>
          )}
        </tbody>
        <tfoot>
          <tr>
            <td />
            <th scope="row">{t('telescope.top.total')}</th>
            <td className="num strong">{formatNumber(top.total.sources, lang)}</td>
            <td className="num">{formatShare(1, lang, 0)}</td>
            <td className="num strong" title={formatNumber(top.total.packets, lang)}>
              {formatCompact(top.total.packets, lang)}
            </td>
          </tr>
        </tfoot>
      </table>
    </div>
  );
}
