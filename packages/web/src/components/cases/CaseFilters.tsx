import { useEffect, useRef, useState, type InputHTMLAttributes } from 'react';
import { CASE_STATUSES, LEVELS } from '../../constants';
import { orgName } from '../../format';
import { useDebounced } from '../../hooks/useDebounced';
import { useLang } from '../../hooks/useLang';
import type { CaseFilterKey } from '../../hooks/useCaseQuery';
import type { Org } from '../../types';

/** A text input that reports its value after typing pauses. */
function DebouncedInput({
  value,
  onCommit,
  ...rest
}: { value: string; onCommit: (value: string) => void } & Omit<
  InputHTMLAttributes<HTMLInputElement>,
  'value' | 'onChange'
>) {
  const [text, setText] = useState(value);
  const debounced = useDebounced(text, 300);
  const latest = useRef({ value, onCommit });
  latest.current = { value, onCommit };
  useEffect(() => setText(value), [value]);
  useEffect(() => {
    if (debounced !== latest.current.value) latest.current.onCommit(debounced);
  }, [debounced]);
  return <input {...rest} value={text} onChange={(event) => setText(event.target.value)} />;
}

export function CaseFilters({
  filters,
  orgs,
  families,
  onChange,
}: {
  filters: Record<CaseFilterKey, string>;
  orgs: Org[] | undefined;
  families: string[];
  onChange: (patch: Partial<Record<CaseFilterKey, string>>) => void;
}) {
  const { t, lang } = useLang();
  const active = Object.values(filters).some((value) => value !== '');
  return (
    <form
      className="filters"
      role="search"
      aria-label={t('cases.filters')}
      onSubmit={(event) => event.preventDefault()}
    >
      <label className="filter filter-wide">
        <span>{t('cases.search')}</span>
        <DebouncedInput
          type="search"
          value={filters.q}
          onCommit={(q) => onChange({ q })}
          placeholder={t('cases.searchPlaceholder')}
          data-testid="case-filter-q"
        />
      </label>
      <label className="filter">
        <span>{t('case.field.malwareFamily')}</span>
        <DebouncedInput
          value={filters.family}
          onCommit={(family) => onChange({ family })}
          list="case-family-options"
          data-testid="case-filter-family"
        />
        <datalist id="case-family-options">
          {families.map((family) => (
            <option key={family} value={family} />
          ))}
        </datalist>
      </label>
      <label className="filter">
        <span>{t('case.field.progressLevel')}</span>
        <select
          value={filters.level}
          onChange={(event) => onChange({ level: event.target.value })}
          data-testid="case-filter-level"
        >
          <option value="">{t('common.all')}</option>
          {LEVELS.map((level) => (
            <option key={level} value={level}>
              {t('level.short', { level })}
            </option>
          ))}
        </select>
      </label>
      <label className="filter">
        <span>{t('case.field.status')}</span>
        <select
          value={filters.status}
          onChange={(event) => onChange({ status: event.target.value })}
          data-testid="case-filter-status"
        >
          <option value="">{t('common.all')}</option>
          {CASE_STATUSES.map((status) => (
            <option key={status} value={status}>
              {t(`case.status.${status}`)}
            </option>
          ))}
        </select>
      </label>
      <label className="filter">
        <span>{t('case.field.organisation')}</span>
        <select
          value={filters.orgId}
          onChange={(event) => onChange({ orgId: event.target.value })}
          data-testid="case-filter-org"
        >
          <option value="">{t('common.all')}</option>
          {orgs?.map((org) => (
            <option key={org.id} value={org.id}>
              {orgName(org, lang)}
            </option>
          ))}
        </select>
      </label>
      <label className="filter">
        <span>{t('cases.from')}</span>
        <input
          type="date"
          value={filters.from}
          onChange={(event) => onChange({ from: event.target.value })}
          data-testid="case-filter-from"
        />
      </label>
      <label className="filter">
        <span>{t('cases.to')}</span>
        <input
          type="date"
          value={filters.to}
          onChange={(event) => onChange({ to: event.target.value })}
          data-testid="case-filter-to"
        />
      </label>
      {active && (
        <button
          type="button"
          className="btn btn-small btn-link filter-clear"
          onClick={() => onChange({ q: '', family: '', level: '', status: '', orgId: '', from: '', to: '' })}
        >
          {t('cases.clearFilters')}
        </button>
      )}
    </form>
  );
}
