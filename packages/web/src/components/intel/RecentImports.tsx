import { useEffect, useState } from 'react';
import { Link } from 'react-router-dom';
import { formatDateTime, formatNumber } from '../../format';
import { useApi } from '../../hooks/useApi';
import { useLang } from '../../hooks/useLang';
import type { StixImportList } from '../../types/intel';
import { TlpBadge } from '../Badges';
import { Pagination } from '../Pagination';
import { AsyncBlock, Empty } from '../Status';
import { ImportStatusBadge } from './ImportSummary';

/** The imports the person may see, newest first; `generation` changes after each new import to reload them. */
export function RecentImports({ generation, onShow }: { generation: number; onShow: (id: string) => void }) {
  const { t, lang } = useLang();
  const [page, setPage] = useState({ limit: 25, offset: 0 });
  const list = useApi<StixImportList>('/intel/imports', page);
  const { reload } = list;
  useEffect(() => {
    if (generation > 0) reload();
  }, [generation, reload]);

  return (
    <section className="panel" data-testid="intel-recent-imports">
      <h2 className="section-heading">{t('intel.recent.title')}</h2>
      <AsyncBlock state={list}>
        {(data) =>
          data.items.length === 0 ? (
            <Empty>{t('intel.recent.empty')}</Empty>
          ) : (
            <>
              <div className="table-wrap">
                <table className="table table-compact">
                  <thead>
                    <tr>
                      <th scope="col">{t('intel.recent.file')}</th>
                      <th scope="col">{t('intel.recent.status')}</th>
                      <th scope="col" className="num">
                        {t('intel.recent.objects')}
                      </th>
                      <th scope="col" className="num">
                        {t('intel.recent.stored')}
                      </th>
                      <th scope="col" className="num">
                        {t('intel.recent.invalid')}
                      </th>
                      <th scope="col">{t('intel.recent.tlp')}</th>
                      <th scope="col">{t('intel.recent.started')}</th>
                      <th scope="col">
                        <span className="visually-hidden">{t('common.actions')}</span>
                      </th>
                    </tr>
                  </thead>
                  <tbody>
                    {data.items.map((item) => (
                      <tr key={item.id} data-testid={`intel-import-row-${item.id}`}>
                        <td className="intel-break">
                          {item.fileName || <span className="muted">{t('intel.recent.unnamed')}</span>}
                        </td>
                        <td>
                          <ImportStatusBadge status={item.status} />
                        </td>
                        <td className="num">{formatNumber(item.objects, lang)}</td>
                        <td className="num">{formatNumber(item.stored, lang)}</td>
                        <td className={item.invalid > 0 ? 'num warning-text' : 'num'}>
                          {formatNumber(item.invalid, lang)}
                        </td>
                        <td>
                          <TlpBadge marking={item.tlp} />
                        </td>
                        <td className="nowrap">{formatDateTime(item.startedAt, lang)}</td>
                        <td className="nowrap">
                          <span className="intel-row-actions">
                            <button type="button" className="btn btn-small" onClick={() => onShow(item.id)}>
                              {t('intel.recent.show')}
                            </button>
                            {item.stored > 0 && (
                              <Link to={`/intel?importId=${item.id}`} className="btn btn-small btn-link">
                                {t('intel.recent.objectsLink')}
                              </Link>
                            )}
                          </span>
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
              <Pagination total={data.total} limit={page.limit} offset={page.offset} onChange={setPage} />
            </>
          )
        }
      </AsyncBlock>
    </section>
  );
}
