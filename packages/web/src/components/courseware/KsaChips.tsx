import { useLang } from '../../hooks/useLang';
import { parseKsaRef } from './courseware';

/**
 * KSA references (`K0060_1`) as chips with their cognitive level's label. `texts` gives the NICE statement by id when
 * the page has it (a tooltip; the tables show it in full).
 */
export function KsaChips({
  refs,
  texts,
  label,
  testId,
}: {
  refs: readonly string[];
  texts?: ReadonlyMap<string, string>;
  label: string;
  testId?: string;
}) {
  const { t } = useLang();
  if (refs.length === 0) return null;
  return (
    <ul className="chips ksa-chips" aria-label={label} data-testid={testId}>
      {refs.map((ref) => {
        const parsed = parseKsaRef(ref);
        const levelLabel = parsed ? t(`training.levels.${parsed.level}`) : '';
        const text = parsed ? texts?.get(parsed.id) : undefined;
        return (
          <li
            key={ref}
            className={`chip ksa-chip ksa-chip-${ref.charAt(0).toLowerCase()}`}
            title={text ?? levelLabel}
            data-ksa={ref}
          >
            <code>{ref}</code>
            {levelLabel && <span className="ksa-chip-level">{levelLabel}</span>}
          </li>
        );
      })}
    </ul>
  );
}
