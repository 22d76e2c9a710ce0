import { useEffect, useRef, useState, type FormEvent } from 'react';
import '../../components/fusion/fusion.css';
import { FusionGraphPanel } from '../../components/fusion/FusionGraphPanel';
import { FusionTable } from '../../components/fusion/FusionTable';
import { isRecordNode } from '../../components/fusion/graphModel';
import { useFusionGraph } from '../../components/fusion/useFusionGraph';
import { MAX_QUERY, useFusionQuery } from '../../components/fusion/useFusionQuery';
import { Pagination } from '../../components/Pagination';
import { Empty, ErrorMessage, Loading } from '../../components/Status';
import { formatNumber } from '../../format';
import { useApi } from '../../hooks/useApi';
import { useLang } from '../../hooks/useLang';
import {
  FUSION_KINDS,
  FUSION_RECORD_TYPES,
  type FusionRecord,
  type FusionRecordType,
  type FusionResult,
} from '../../types/fusion';

/**
 * Fusion: every record that mentions a value (address, prefix, domain, URL, hash, e-mail, ATT&CK id, family, CVE)
 * across cases, darknet, decoys and STIX, limited to what the person may see, with a relationship graph. The search
 * lives in the URL, so a result is a link to share and the back button returns to the previous value.
 */
export default function FusionPage() {
  const { t, lang } = useLang();
  const { query, update, filterQuery, periodInvalid } = useFusionQuery();
  const [draft, setDraft] = useState(query.q);
  const input = useRef<HTMLInputElement>(null);
  // the back button changes the URL under the box: show what is searched
  useEffect(() => setDraft(query.q), [query.q]);

  const result = useApi<FusionResult>(filterQuery ? '/fusion' : null, {
    ...filterQuery,
    limit: query.limit,
    offset: query.offset,
  });
  // the chips count every type even while some are filtered out, so they come from an unfiltered ask
  const typed = query.types.length > 0;
  const allTypes = useApi<FusionResult>(typed && filterQuery ? '/fusion' : null, {
    ...filterQuery,
    types: undefined,
    limit: 1,
  });
  const groups = (typed ? allTypes.data : result.data)?.groups ?? [];
  const graph = useFusionGraph(filterQuery, result.data?.query.value ?? null);

  /** A new search: typed ones are guessed from their shape, values picked in the graph keep their kind. */
  const search = (value: string, kind = '') => {
    const q = value.trim().slice(0, MAX_QUERY);
    if (!q) return;
    update({ q, kind: FUSION_KINDS.find((each) => each === kind) ?? '', offset: 0 });
    window.scrollTo({ top: 0 });
    input.current?.focus();
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    search(draft);
  };
  const toggleType = (type: FusionRecordType) => {
    const types = query.types.includes(type) ? query.types.filter((each) => each !== type) : [...query.types, type];
    update({ types: FUSION_RECORD_TYPES.filter((each) => types.includes(each)) });
  };
  const recordNode = (record: FusionRecord) =>
    graph.graph.nodes.find((node) => isRecordNode(node, record.recordType, record.recordId));
  const expandRecord = (record: FusionRecord) => {
    const node = recordNode(record) ?? {
      id: `${record.recordType}:${record.recordId}`,
      kind: 'record' as const,
      type: record.recordType,
      label: record.label,
    };
    void graph.expand(node);
  };
  const filtered = typed || Boolean(query.from || query.to);
  const data = result.data;

  return (
    <section className="page fusion-page" data-testid="fusion-page">
      <div className="page-header">
        <h1 data-testid="fusion-title">
          {t('fusion.title')}
          {data && <span className="count-pill">{formatNumber(data.total, lang)}</span>}
        </h1>
      </div>
      <p className="page-intro">{t('fusion.intro')}</p>
      <form className="fusion-search" role="search" onSubmit={submit} data-testid="fusion-form">
        <label htmlFor="fusion-q" className="visually-hidden">
          {t('fusion.search.label')}
        </label>
        <input
          id="fusion-q"
          ref={input}
          type="search"
          value={draft}
          onChange={(event) => setDraft(event.target.value)}
          placeholder={t('fusion.search.placeholder')}
          maxLength={MAX_QUERY}
          spellCheck={false}
          autoComplete="off"
          // the page exists to search: the box takes the keyboard at once
          autoFocus
          data-testid="fusion-q"
        />
        <button type="submit" className="btn btn-primary" disabled={!draft.trim()} data-testid="fusion-submit">
          {t('fusion.search.submit')}
        </button>
        {data && (
          <span className="chip chip-accent" data-testid="fusion-kind">
            {t('fusion.search.detected', { kind: t(`fusion.kind.${data.query.kind}`) })}{' '}
            <span className="mono">{data.query.value}</span>
          </span>
        )}
      </form>
      {query.q && (
        <div className="filters fusion-filters">
          <fieldset className="fusion-types">
            <legend className="filter-legend">{t('fusion.filter.types')}</legend>
            <button
              type="button"
              className={typed ? 'chip fusion-chip' : 'chip fusion-chip active'}
              aria-pressed={!typed}
              onClick={() => update({ types: [] })}
              data-testid="fusion-type-all"
            >
              {t('fusion.filter.all')}
            </button>
            {groups.map((group) => (
              <button
                key={group.recordType}
                type="button"
                className={query.types.includes(group.recordType) ? 'chip fusion-chip active' : 'chip fusion-chip'}
                aria-pressed={query.types.includes(group.recordType)}
                onClick={() => toggleType(group.recordType)}
                data-testid={`fusion-type-${group.recordType}`}
              >
                {t(`fusion.type.${group.recordType}`)} <span className="count">{formatNumber(group.count, lang)}</span>
              </button>
            ))}
          </fieldset>
          <label className="filter">
            <span>{t('fusion.filter.from')}</span>
            <input
              type="datetime-local"
              value={query.from}
              onChange={(event) => update({ from: event.target.value })}
              data-testid="fusion-from"
            />
          </label>
          <label className="filter">
            <span>{t('fusion.filter.to')}</span>
            <input
              type="datetime-local"
              value={query.to}
              onChange={(event) => update({ to: event.target.value })}
              data-testid="fusion-to"
            />
          </label>
          {filtered && (
            <button
              type="button"
              className="btn btn-small btn-link"
              onClick={() => update({ types: [], from: '', to: '' })}
              data-testid="fusion-clear-filters"
            >
              {t('fusion.filter.clear')}
            </button>
          )}
          {periodInvalid && (
            <p className="field-error" role="alert">
              {t('fusion.filter.periodInvalid')}
            </p>
          )}
        </div>
      )}
      {!query.q ? (
        <Empty>
          <span data-testid="fusion-start">{t('fusion.start')}</span>
        </Empty>
      ) : (
        <>
          {/* a query the hub refuses (400) stays refused: retrying only helps when the hub could not answer */}
          <ErrorMessage error={result.error} onRetry={result.error?.status === 400 ? undefined : result.reload} />
          {!data && !result.error && !periodInvalid && <Loading />}
          {data && !result.error && (
            <div className={result.loading ? 'is-refreshing' : undefined} aria-busy={result.loading}>
              {data.records.length === 0 ? (
                <Empty>
                  <span data-testid="fusion-empty">
                    {filtered ? t('fusion.noMatchFiltered') : t('fusion.noMatch', { value: data.query.value })}
                  </span>
                </Empty>
              ) : (
                <FusionTable
                  records={data.records}
                  searched={data.query.value}
                  expanded={(record) => {
                    const node = recordNode(record);
                    return node !== undefined && graph.expanded.has(node.id);
                  }}
                  onExpand={expandRecord}
                />
              )}
              <Pagination
                total={data.total}
                limit={query.limit}
                offset={query.offset}
                onChange={(next) => update(next)}
              />
            </div>
          )}
          {data && data.total > 0 && <FusionGraphPanel state={graph} types={query.types} onSearch={search} />}
        </>
      )}
    </section>
  );
}
