import { useLang } from '../../hooks/useLang';
import { DebouncedInput } from '../telescope/DebouncedInput';
import { KSA_LEVELS } from './courseware';
import type { ModuleList } from './coursewareTypes';
import type { useCatalogueFilters } from './useCatalogueFilters';

type FilterState = ReturnType<typeof useCatalogueFilters>;

/** Search and filters of the module catalogue: text, KSA id, work role, cognitive level, topic, language. */
export function CatalogueFilters({ state, facets }: { state: FilterState; facets: ModuleList['facets'] | undefined }) {
  const { t } = useLang();
  const { filters, update, clear, filtered, ksaInvalid } = state;
  const roles = facets?.workRoles ?? [];
  const topics = facets?.topics ?? [];
  return (
    <form
      className="filters training-filters"
      role="search"
      onSubmit={(event) => event.preventDefault()}
      data-testid="training-filters"
    >
      <label className="filter filter-wide">
        <span>{t('training.filters.search')}</span>
        <DebouncedInput
          type="search"
          value={filters.q}
          onCommit={(q) => update({ q })}
          placeholder={t('training.filters.searchPlaceholder')}
          maxLength={200}
          data-testid="training-search"
        />
      </label>
      <label className="filter">
        <span>{t('training.filters.ksa')}</span>
        <DebouncedInput
          value={filters.ksa}
          onCommit={(ksa) => update({ ksa: ksa.trim() })}
          placeholder="K0060 / K0060_2"
          maxLength={12}
          spellCheck={false}
          autoCapitalize="characters"
          className="mono"
          aria-invalid={ksaInvalid}
          aria-describedby={ksaInvalid ? 'training-ksa-error' : undefined}
          data-testid="training-filter-ksa"
        />
      </label>
      <label className="filter">
        <span>{t('training.filters.workRole')}</span>
        <select
          value={filters.workRole}
          onChange={(event) => update({ workRole: event.target.value })}
          data-testid="training-filter-workrole"
        >
          <option value="">{t('training.filters.any')}</option>
          {filters.workRole && !roles.some((r) => r.id === filters.workRole) && (
            <option value={filters.workRole}>{filters.workRole}</option>
          )}
          {roles.map((role) => (
            <option key={role.id} value={role.id}>
              {role.id} — {role.name}
            </option>
          ))}
        </select>
      </label>
      <label className="filter">
        <span>{t('training.filters.level')}</span>
        <select
          value={filters.level}
          onChange={(event) => update({ level: event.target.value })}
          data-testid="training-filter-level"
        >
          <option value="">{t('training.filters.any')}</option>
          {KSA_LEVELS.map((level) => (
            <option key={level} value={String(level)}>
              {level} — {t(`training.levels.${level}`)}
            </option>
          ))}
        </select>
      </label>
      <label className="filter">
        <span>{t('training.filters.topic')}</span>
        <select
          value={filters.topic}
          onChange={(event) => update({ topic: event.target.value })}
          data-testid="training-filter-topic"
        >
          <option value="">{t('training.filters.any')}</option>
          {filters.topic && !topics.includes(filters.topic) && <option value={filters.topic}>{filters.topic}</option>}
          {topics.map((topic) => (
            <option key={topic} value={topic}>
              {topic}
            </option>
          ))}
        </select>
      </label>
      <label className="filter">
        <span>{t('training.filters.language')}</span>
        <select
          value={filters.lang}
          onChange={(event) =>
            update({ lang: event.target.value === 'ja' || event.target.value === 'en' ? event.target.value : '' })
          }
          data-testid="training-filter-lang"
        >
          <option value="">{t('training.filters.any')}</option>
          <option value="ja">{t('training.languages.ja')}</option>
          <option value="en">{t('training.languages.en')}</option>
        </select>
      </label>
      {filtered && (
        <button type="button" className="btn btn-small btn-link" onClick={clear} data-testid="training-clear-filters">
          {t('training.filters.clear')}
        </button>
      )}
      {ksaInvalid && (
        <p className="field-error" role="alert" id="training-ksa-error">
          {t('training.filters.ksaInvalid')}
        </p>
      )}
    </form>
  );
}
