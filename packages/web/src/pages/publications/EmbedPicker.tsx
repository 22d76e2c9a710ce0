import { useState } from 'react';
import { useLang } from '../../hooks/useLang';

const KINDS = [
  'chart:darknet-timeseries',
  'chart:darknet-top-ports',
  'chart:darknet-map',
  'chart:case-levels',
  'chart:case-families',
  'table:cases',
  'table:techniques',
  'link:technique',
  'link:case',
] as const;
type Kind = (typeof KINDS)[number];

const day = (d: Date) => d.toISOString().slice(0, 10);
const daysAgo = (n: number) => day(new Date(Date.now() - n * 86_400_000));

/** Builds the directive for an embed (a block on its own line, or an inline link). */
export function directiveOf(kind: Kind, v: { from: string; to: string; limit: string; family: string; ref: string }) {
  const range = `from=${v.from} to=${v.to}`;
  const limit = v.limit ? ` limit=${v.limit}` : '';
  switch (kind) {
    case 'chart:darknet-timeseries':
      return `{{${kind} ${range}}}`;
    case 'chart:darknet-top-ports':
    case 'chart:darknet-map':
      return `{{${kind} ${range}${limit}}}`;
    case 'chart:case-levels':
      return `{{${kind}}}`;
    case 'chart:case-families':
    case 'table:techniques':
      return `{{${kind}${limit}}}`;
    case 'table:cases':
      return `{{${kind}${v.family ? ` family=${v.family.replace(/\s+/g, '')}` : ''}${limit}}}`;
    case 'link:technique':
      return `[[${v.ref.trim().toUpperCase()}]]`;
    case 'link:case':
      return `[[case:${v.ref.trim()}]]`;
  }
}

/** Picks an embed and its parameters and inserts its directive into the body. */
export function EmbedPicker({
  onInsert,
  testId,
}: {
  onInsert: (text: string, block: boolean) => void;
  testId: string;
}) {
  const { t } = useLang();
  const [kind, setKind] = useState<Kind>('chart:darknet-timeseries');
  const [from, setFrom] = useState(daysAgo(90));
  const [to, setTo] = useState(daysAgo(1));
  const [limit, setLimit] = useState('');
  const [family, setFamily] = useState('');
  const [ref, setRef] = useState('');
  const darknet = kind.startsWith('chart:darknet');
  const hasLimit = [
    'chart:darknet-top-ports',
    'chart:darknet-map',
    'chart:case-families',
    'table:cases',
    'table:techniques',
  ].includes(kind);
  const link = kind.startsWith('link:');
  const ready = !link || ref.trim() !== '';
  return (
    <div className="pub-embed-picker" role="group" aria-label={t('publications.embed.label')} data-testid={testId}>
      <label>
        <span className="field-label">{t('publications.embed.kind')}</span>
        <select value={kind} onChange={(event) => setKind(event.target.value as Kind)} data-testid={`${testId}-kind`}>
          {KINDS.map((k) => (
            <option key={k} value={k}>
              {t(`publications.embed.kinds.${k.replace(':', '_')}`)}
            </option>
          ))}
        </select>
      </label>
      {darknet && (
        <>
          <label>
            <span className="field-label">{t('publications.embed.from')}</span>
            <input
              type="date"
              value={from}
              onChange={(event) => setFrom(event.target.value)}
              data-testid={`${testId}-from`}
            />
          </label>
          <label>
            <span className="field-label">{t('publications.embed.to')}</span>
            <input
              type="date"
              value={to}
              onChange={(event) => setTo(event.target.value)}
              data-testid={`${testId}-to`}
            />
          </label>
        </>
      )}
      {hasLimit && (
        <label>
          <span className="field-label">{t('publications.embed.limit')}</span>
          <input type="number" min={1} max={100} value={limit} onChange={(event) => setLimit(event.target.value)} />
        </label>
      )}
      {kind === 'table:cases' && (
        <label>
          <span className="field-label">{t('publications.embed.family')}</span>
          <input value={family} maxLength={100} onChange={(event) => setFamily(event.target.value)} />
        </label>
      )}
      {link && (
        <label>
          <span className="field-label">
            {kind === 'link:case' ? t('publications.embed.caseRef') : t('publications.embed.technique')}
          </span>
          <input
            value={ref}
            maxLength={80}
            placeholder={kind === 'link:case' ? '260102_ABC_001' : 'T1059.001'}
            onChange={(event) => setRef(event.target.value)}
          />
        </label>
      )}
      <button
        type="button"
        className="btn btn-small"
        disabled={!ready}
        onClick={() => onInsert(directiveOf(kind, { from, to, limit, family, ref }), !link)}
        data-testid={`${testId}-insert`}
      >
        {t('publications.embed.insert')}
      </button>
    </div>
  );
}
