import { useLang } from '../../hooks/useLang';
import type { DecoySector } from '../../types/decoy';
import { randomSeed } from './decoyFormat';

export const DECOY_SECTORS: readonly DecoySector[] = ['manufacturing', 'government', 'university', 'finance'];

export interface GenerateValues {
  sector: DecoySector;
  lang: 'ja' | 'en';
  employees: string;
  hosts: string;
  seed: string;
}

/** The generator's limits (packages/sensor world LIMITS): checked here so the form says so before sending. */
export const GENERATE_LIMITS = { employees: { min: 5, max: 2000 }, hosts: { min: 6, max: 200 } } as const;

export function generateProblems(values: GenerateValues): (keyof GenerateValues)[] {
  const problems: (keyof GenerateValues)[] = [];
  const inRange = (text: string, min: number, max: number) =>
    /^\d+$/.test(text) && Number(text) >= min && Number(text) <= max;
  if (!inRange(values.employees, GENERATE_LIMITS.employees.min, GENERATE_LIMITS.employees.max))
    problems.push('employees');
  if (!inRange(values.hosts, GENERATE_LIMITS.hosts.min, GENERATE_LIMITS.hosts.max)) problems.push('hosts');
  if (!/^\d{1,10}$/.test(values.seed) || Number(values.seed) > 2 ** 31 - 1) problems.push('seed');
  return problems;
}

/** Sector, language, size and seed of a generated world; the same seed gives the same world. */
export function GenerateFields({
  values,
  onChange,
  touched,
}: {
  values: GenerateValues;
  onChange: (patch: Partial<GenerateValues>) => void;
  touched: boolean;
}) {
  const { t } = useLang();
  const problems = touched ? generateProblems(values) : [];
  const range = (field: 'employees' | 'hosts') =>
    t('decoy.form.range', { min: GENERATE_LIMITS[field].min, max: GENERATE_LIMITS[field].max });
  return (
    <div className="form-grid" data-testid="decoy-generate">
      <div className="field">
        <label className="field-label" htmlFor="decoy-sector">
          {t('decoy.form.sector')}
        </label>
        <select
          id="decoy-sector"
          value={values.sector}
          onChange={(event) => onChange({ sector: event.target.value as DecoySector })}
          data-testid="decoy-sector"
        >
          {DECOY_SECTORS.map((sector) => (
            <option key={sector} value={sector}>
              {t(`decoy.sector.${sector}`)}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label className="field-label" htmlFor="decoy-lang">
          {t('decoy.form.lang')}
        </label>
        <select
          id="decoy-lang"
          value={values.lang}
          onChange={(event) => onChange({ lang: event.target.value === 'en' ? 'en' : 'ja' })}
          data-testid="decoy-lang"
        >
          <option value="ja">日本語</option>
          <option value="en">English</option>
        </select>
      </div>
      {(['employees', 'hosts'] as const).map((field) => (
        <div key={field} className="field">
          <label className="field-label" htmlFor={`decoy-${field}`}>
            {t(`decoy.form.${field}`)}
          </label>
          <input
            id={`decoy-${field}`}
            type="number"
            min={GENERATE_LIMITS[field].min}
            max={GENERATE_LIMITS[field].max}
            value={values[field]}
            onChange={(event) => onChange({ [field]: event.target.value })}
            aria-invalid={problems.includes(field) ? true : undefined}
            data-testid={`decoy-${field}`}
          />
          <span className={problems.includes(field) ? 'field-error' : 'field-help'}>{range(field)}</span>
        </div>
      ))}
      <div className="field">
        <label className="field-label" htmlFor="decoy-seed">
          {t('decoy.form.seed')}
        </label>
        <div className="form-inline">
          <input
            id="decoy-seed"
            inputMode="numeric"
            value={values.seed}
            onChange={(event) => onChange({ seed: event.target.value.trim() })}
            aria-invalid={problems.includes('seed') ? true : undefined}
            className="mono"
            data-testid="decoy-seed"
          />
          <button
            type="button"
            className="btn btn-small"
            onClick={() => onChange({ seed: String(randomSeed()) })}
            data-testid="decoy-seed-random"
          >
            {t('decoy.form.randomSeed')}
          </button>
        </div>
        <span className={problems.includes('seed') ? 'field-error' : 'field-help'}>{t('decoy.form.seedHelp')}</span>
      </div>
    </div>
  );
}
