import { useId, useMemo, useState } from 'react';
import {
  CVSS31_BASE_METRICS,
  CVSS40_BASE_METRICS,
  CvssError,
  buildCvssVector,
  parseCvssVector,
  scoreCvss31,
  scoreCvss40,
  type CvssScore,
  type CvssVersion,
} from '@cynex/core';
import { useLang } from '../../hooks/useLang';

const METRICS = { '3.1': CVSS31_BASE_METRICS, '4.0': CVSS40_BASE_METRICS } as const;
const score = (version: CvssVersion, vector: string): CvssScore =>
  version === '3.1' ? scoreCvss31(vector) : scoreCvss40(vector);

/** The score of a vector, or what is wrong with it (the core library's message). */
function evaluate(version: CvssVersion, vector: string): { score?: CvssScore; error?: string } {
  if (vector.trim() === '') return {};
  try {
    return { score: score(version, vector.trim()) };
  } catch (error) {
    if (error instanceof CvssError) return { error: error.message };
    throw error;
  }
}

function parsed(version: CvssVersion, vector: string): Record<string, string> {
  try {
    return parseCvssVector(version, vector.trim());
  } catch {
    return {};
  }
}

/**
 * A CVSS calculator for one version: a selector per base metric and the vector text, kept in step both ways
 * (choosing a value rewrites the vector; typing a valid vector sets the selectors), with the score and severity
 * shown live and the library's message for an invalid vector. `value` is the vector ('' for none).
 */
export function CvssCalculator({
  version,
  value,
  onChange,
  serverError,
}: {
  version: CvssVersion;
  value: string;
  onChange: (vector: string) => void;
  serverError?: string | undefined;
}) {
  const { t, lang } = useLang();
  const id = useId();
  const metrics = METRICS[version];
  const [selected, setSelected] = useState<Record<string, string>>(() => parsed(version, value));
  const result = useMemo(() => evaluate(version, value), [version, value]);
  const slug = version.replace('.', '');

  const choose = (key: string, choice: string) => {
    const next = { ...selected, [key]: choice };
    setSelected(next);
    const complete = metrics.every((m) => !m.required || next[m.key]);
    if (complete) onChange(buildCvssVector(version, next));
  };
  const type = (vector: string) => {
    onChange(vector);
    const values = parsed(version, vector);
    if (Object.keys(values).length > 0) setSelected(values);
  };

  return (
    <fieldset className="form-section cvss-calculator" data-testid={`cvss${slug}`}>
      <legend>{t('cvd.cvss.title', { version })}</legend>
      <div className="form-grid form-grid-2">
        {metrics.map((m) => (
          <div className="field" key={m.key}>
            <label className="field-label" htmlFor={`${id}-${m.key}`}>
              {m.name[lang]} ({m.key})
            </label>
            <select
              id={`${id}-${m.key}`}
              data-testid={`cvss${slug}-${m.key}`}
              value={selected[m.key] ?? ''}
              onChange={(e) => choose(m.key, e.target.value)}
            >
              <option value="">{t('cvd.cvss.choose')}</option>
              {m.values.map((v) => (
                <option key={v.key} value={v.key}>
                  {v.name[lang]} ({v.key})
                </option>
              ))}
            </select>
          </div>
        ))}
      </div>
      <div className="field">
        <label className="field-label" htmlFor={`${id}-vector`}>
          {t('cvd.cvss.vector')}
        </label>
        <input
          id={`${id}-vector`}
          className="mono"
          data-testid={`cvss${slug}-vector`}
          value={value}
          maxLength={255}
          placeholder={`CVSS:${version}/…`}
          aria-invalid={result.error || serverError ? true : undefined}
          onChange={(e) => type(e.target.value)}
        />
      </div>
      <p className="cvss-result" aria-live="polite" data-testid={`cvss${slug}-result`}>
        {result.score ? (
          <>
            <strong>{result.score.baseScore.toFixed(1)}</strong>{' '}
            <span className={`chip cvss-severity cvss-severity-${result.score.severity.toLowerCase()}`}>
              {t(`cvd.cvss.severity.${result.score.severity}`)}
            </span>
          </>
        ) : result.error ? (
          <span className="field-error" role="alert">
            {t('cvd.cvss.invalid', { message: result.error })}
          </span>
        ) : (
          <span className="muted">{t('cvd.cvss.none')}</span>
        )}
      </p>
      {serverError && !result.error && (
        <p className="field-error" role="alert">
          {serverError}
        </p>
      )}
    </fieldset>
  );
}
