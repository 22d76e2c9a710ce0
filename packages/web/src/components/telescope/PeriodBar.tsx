import { useLang } from '../../hooks/useLang';
import type { Granularity } from '../../types';
import { GRANULARITIES, granularityAllowed, RANGES, type Period, type RangeKey } from './usePeriod';

/** Period presets (24 h / 7 d / 90 d / custom), the custom from–to and the granularity of the series. */
export function PeriodBar({
  period,
  onRange,
  onCustom,
  onGranularity,
  onRefresh,
  loading,
}: {
  period: Period;
  onRange: (range: RangeKey) => void;
  onCustom: (patch: { from?: string; to?: string }) => void;
  onGranularity: (granularity: Granularity) => void;
  onRefresh: () => void;
  loading: boolean;
}) {
  const { t } = useLang();
  return (
    <form
      className="filters telescope-period"
      aria-label={t('telescope.period.label')}
      onSubmit={(event) => event.preventDefault()}
    >
      <fieldset className="segmented" data-testid="telescope-range">
        <legend className="filter-legend">{t('telescope.period.label')}</legend>
        {RANGES.map((range) => (
          <label key={range} className={period.range === range ? 'segment active' : 'segment'}>
            <input
              type="radio"
              name="telescope-range"
              value={range}
              checked={period.range === range}
              onChange={() => onRange(range)}
              data-testid={`telescope-range-${range}`}
            />
            <span>{t(`telescope.period.${range}`)}</span>
          </label>
        ))}
      </fieldset>
      {period.range === 'custom' && (
        <>
          <label className="filter">
            <span>{t('telescope.period.from')}</span>
            <input
              type="datetime-local"
              value={period.customFrom}
              max={period.customTo || undefined}
              onChange={(event) => onCustom({ from: event.target.value })}
              aria-invalid={period.invalid ? true : undefined}
              data-testid="telescope-from"
            />
          </label>
          <label className="filter">
            <span>{t('telescope.period.to')}</span>
            <input
              type="datetime-local"
              value={period.customTo}
              min={period.customFrom || undefined}
              onChange={(event) => onCustom({ to: event.target.value })}
              aria-invalid={period.invalid ? true : undefined}
              data-testid="telescope-to"
            />
          </label>
        </>
      )}
      <label className="filter">
        <span>{t('telescope.granularity.label')}</span>
        <select
          value={period.granularity}
          onChange={(event) => onGranularity(event.target.value as Granularity)}
          data-testid="telescope-granularity"
        >
          {GRANULARITIES.map((granularity) => {
            const allowed = granularityAllowed(granularity, period.spanSeconds);
            return (
              <option key={granularity} value={granularity} disabled={!allowed}>
                {t(`telescope.granularity.${granularity}`)}
                {allowed ? '' : ` ${t('telescope.granularity.tooFine')}`}
              </option>
            );
          })}
        </select>
      </label>
      {period.range !== 'custom' && (
        <button type="button" className="btn btn-small" onClick={onRefresh} disabled={loading}>
          {t('telescope.refresh')}
        </button>
      )}
      {period.invalid && (
        <p className="field-error period-error" role="alert">
          {t(`telescope.period.${period.invalid}`)}
        </p>
      )}
    </form>
  );
}
