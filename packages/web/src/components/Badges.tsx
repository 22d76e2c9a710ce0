import type { ReactNode } from 'react';
import { LEVEL_COLOURS, TLP_COLOURS } from '../constants';
import { useLang } from '../hooks/useLang';
import type { CaseStatus, ProgressLevel, Scope, Tlp } from '../types';

export function TlpBadge({ marking }: { marking: Tlp }) {
  const { t } = useLang();
  const colours = TLP_COLOURS[marking];
  return (
    <span
      className="tlp-badge"
      style={{ color: colours.fg, background: colours.bg, borderColor: colours.border }}
      title={t(`tlp.description.${marking}`)}
      data-tlp={marking}
    >
      TLP:{marking}
    </span>
  );
}

export function LevelBadge({ level, suggested = false }: { level: ProgressLevel; suggested?: boolean }) {
  const { t } = useLang();
  return (
    <span
      className={suggested ? 'level-badge level-badge-suggested' : 'level-badge'}
      style={
        suggested
          ? { borderColor: LEVEL_COLOURS[level], color: LEVEL_COLOURS[level] }
          : { background: LEVEL_COLOURS[level] }
      }
      title={t('level.title', { level })}
      data-level={level}
    >
      {t('level.badge', { level })}
    </span>
  );
}

export function StatusBadge({ status }: { status: CaseStatus }) {
  const { t } = useLang();
  return <span className={`status-badge status-${status}`}>{t(`case.status.${status}`)}</span>;
}

export function ScopeLabel({ scope }: { scope: Scope }) {
  const { t } = useLang();
  return (
    <span className="scope-label" title={t(`scope.help.${scope}`)}>
      {t(`scope.name.${scope}`)}
    </span>
  );
}

export function Chip({ children, title }: { children: ReactNode; title?: string }) {
  return (
    <span className="chip" title={title}>
      {children}
    </span>
  );
}
