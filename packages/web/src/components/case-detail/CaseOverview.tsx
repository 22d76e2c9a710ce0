import { formatDateTime } from '../../format';
import { useApi } from '../../hooks/useApi';
import { useLang } from '../../hooks/useLang';
import type { Case, Items, SharingGroup } from '../../types';

function Flag({ value }: { value: boolean | undefined }) {
  const { t } = useLang();
  if (value === undefined) return <span className="muted">—</span>;
  return <span className={value ? 'flag flag-yes' : 'flag flag-no'}>{value ? t('common.yes') : t('common.no')}</span>;
}

export function CaseSummary({ item }: { item: Case }) {
  const { t, lang } = useLang();
  const blocks = [
    { lang: 'ja' as const, label: t('case.field.summaryJa'), text: item.summaryJa },
    { lang: 'en' as const, label: t('case.field.summaryEn'), text: item.summaryEn },
  ].sort((a, b) => (a.lang === lang ? -1 : b.lang === lang ? 1 : 0));
  return (
    <div className="summary-blocks">
      {blocks.map((block) => (
        <div key={block.lang} className="summary-block" lang={block.lang}>
          <h3>{block.label}</h3>
          {block.text ? <p className="prewrap">{block.text}</p> : <p className="muted">{t('caseDetail.noSummary')}</p>}
        </div>
      ))}
    </div>
  );
}

export function CaseFacts({ item }: { item: Case }) {
  const { t, lang } = useLang();
  const groups = useApi<Items<SharingGroup>>(item.sharingGroupId ? '/sharing-groups' : null);
  const group = groups.data?.items.find((g) => g.id === item.sharingGroupId);
  const environmentName = lang === 'ja' && item.environmentNameJa ? item.environmentNameJa : item.environmentName;
  return (
    <dl className="facts-list" data-testid="case-facts">
      <dt>{t('case.facts.executed')}</dt>
      <dd>
        <Flag value={item.facts.executed} />
      </dd>
      <dt>{t('case.facts.evadedAnalysis')}</dt>
      <dd>
        <Flag value={item.facts.evadedAnalysis} />
      </dd>
      <dt>{t('case.facts.networkActivity')}</dt>
      <dd>
        <Flag value={item.facts.networkActivity} />
      </dd>
      <dt>{t('case.facts.c2')}</dt>
      <dd>{item.facts.c2 ? t(`case.c2.${item.facts.c2}`) : <span className="muted">—</span>}</dd>
      <dt>{t('case.facts.secondStage')}</dt>
      <dd>
        <Flag value={item.facts.secondStage} />
      </dd>
      <dt>{t('case.field.environmentKind')}</dt>
      <dd>
        {t(`case.environment.${item.environmentKind}`)} <span className="mono">{item.environmentCode}</span>
        {environmentName && <span className="muted"> · {environmentName}</span>}
      </dd>
      <dt>{t('case.field.sampleName')}</dt>
      <dd className="mono">{item.sampleName || '—'}</dd>
      {item.sharingGroupId && (
        <>
          <dt>{t('case.field.sharingGroup')}</dt>
          <dd>{group?.name ?? <span className="mono">{item.sharingGroupId}</span>}</dd>
        </>
      )}
      {item.marking === 'RED' && (
        <>
          <dt>{t('case.field.recipients')}</dt>
          <dd>{t('caseDetail.people', { count: item.recipientUserIds.length })}</dd>
        </>
      )}
      <dt>{t('case.field.analysts')}</dt>
      <dd>
        {item.analystUserIds.length === 0
          ? t('caseDetail.unassigned')
          : t('caseDetail.people', { count: item.analystUserIds.length })}
      </dd>
      <dt>{t('case.field.createdAt')}</dt>
      <dd>{formatDateTime(item.createdAt, lang)}</dd>
      <dt>{t('case.field.updatedAt')}</dt>
      <dd>{formatDateTime(item.updatedAt, lang)}</dd>
    </dl>
  );
}
