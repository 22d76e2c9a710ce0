import { techniqueUrl } from '../constants';
import { useTactics } from '../hooks/useCatalogues';
import { useLang } from '../hooks/useLang';
import { ErrorMessage, Loading } from './Status';

/** Cell colours from light (seen once) to strong (seen most often). */
function heat(ratio: number): { background: string; color: string } {
  const from = [255, 214, 196];
  const to = [214, 64, 40];
  const mix = from.map((value, index) => Math.round(value + ((to[index] ?? value) - value) * ratio));
  return { background: `rgb(${mix.join(',')})`, color: ratio > 0.55 ? '#fff' : '#3a0d00' };
}

/**
 * Break points for the long words of ATT&CK's tactic names. Chromium hyphenates only with a dictionary, which many
 * Linux installs lack, so `hyphens: auto` alone left "Reconnaissance" clipped or split anywhere.
 */
const SOFT_HYPHENS: Readonly<Record<string, string>> = {
  Reconnaissance: 'Reconnais\u00adsance',
  Development: 'Develop\u00adment',
  Persistence: 'Persis\u00adtence',
  Escalation: 'Escala\u00adtion',
  Credential: 'Creden\u00adtial',
  Exfiltration: 'Exfiltra\u00adtion',
  Movement: 'Move\u00adment',
};

/** A tactic name with soft hyphens in its long words, so a narrow column breaks it where a reader expects. */
export function breakableTacticName(name: string): string {
  return name
    .split(' ')
    .map((word) => SOFT_HYPHENS[word] ?? word)
    .join(' ');
}

export interface SeenTechnique {
  id: string;
  name: string;
  tactics: string[];
}

/**
 * The ATT&CK Enterprise matrix reduced to this case: one column per tactic (in ATT&CK order), with
 * the techniques seen in the case highlighted; shade grows with how many behaviours used them.
 */
export function AttackMatrix({ techniques, counts }: { techniques: SeenTechnique[]; counts: Map<string, number> }) {
  const { t } = useLang();
  const tactics = useTactics();
  if (tactics.error) return <ErrorMessage error={tactics.error} />;
  if (!tactics.items) return <Loading inline />;

  const max = Math.max(1, ...counts.values());
  const labelled = new Set<string>();
  return (
    <div className="matrix-wrap">
      <div className="matrix" data-testid="attack-matrix" role="group" aria-label={t('matrix.title')}>
        <div className="matrix-row">
          {tactics.items.map((tactic) => {
            const cells = techniques.filter((technique) => technique.tactics.includes(tactic.shortname));
            return (
              <section
                key={tactic.id}
                aria-label={tactic.name}
                className={cells.length ? 'matrix-col' : 'matrix-col matrix-col-empty'}
              >
                <a
                  className="matrix-tactic"
                  href={`https://attack.mitre.org/tactics/${tactic.id}/`}
                  target="_blank"
                  rel="noreferrer noopener"
                >
                  <span className="matrix-tactic-name" lang="en">
                    {breakableTacticName(tactic.name)}
                  </span>
                  <span className="matrix-count">{cells.length}</span>
                </a>
                <ul className="matrix-cells">
                  {cells.map((technique) => {
                    const first = !labelled.has(technique.id);
                    labelled.add(technique.id);
                    const count = counts.get(technique.id) ?? 1;
                    return (
                      <li key={technique.id}>
                        <a
                          className="matrix-cell"
                          href={techniqueUrl(technique.id)}
                          target="_blank"
                          rel="noreferrer noopener"
                          style={heat(0.3 + 0.7 * (count / max))}
                          title={t('matrix.cellTitle', { id: technique.id, name: technique.name, count })}
                          data-testid={first ? `matrix-cell-${technique.id}` : undefined}
                          data-technique={technique.id}
                        >
                          <span className="mono">{technique.id}</span>
                          <span>{technique.name}</span>
                        </a>
                      </li>
                    );
                  })}
                </ul>
              </section>
            );
          })}
        </div>
      </div>
      {techniques.length === 0 ? (
        <p className="muted">{t('matrix.empty')}</p>
      ) : (
        <div className="matrix-legend" data-testid="matrix-legend">
          <span>{t('matrix.legend')}</span>
          <span className="matrix-legend-scale" aria-hidden="true">
            <span className="matrix-legend-swatch" style={heat(0.3)} />
            <span className="matrix-legend-bar" />
            <span className="matrix-legend-swatch" style={heat(1)} />
          </span>
          <span>{max === 1 ? t('matrix.legendOne') : t('matrix.legendRange', { max })}</span>
          <span className="matrix-legend-empty">
            <span className="matrix-legend-swatch matrix-legend-swatch-empty" aria-hidden="true" />
            {t('matrix.legendEmpty')}
          </span>
        </div>
      )}
      <p className="muted small">{t('matrix.notice')}</p>
    </div>
  );
}
