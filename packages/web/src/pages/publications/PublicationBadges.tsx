import { useLang } from '../../hooks/useLang';
import type { Lang, PublicationStatus } from './types';

export function PublicationStatusBadge({ status }: { status: PublicationStatus }) {
  const { t } = useLang();
  return (
    <span className={`pub-status pub-status-${status}`} data-testid="publication-status">
      {t(`publications.status.${status}`)}
    </span>
  );
}

/** "Translation missing" badges, one per language whose title or body is empty. */
export function MissingBadges({ missing }: { missing: Lang[] }) {
  const { t } = useLang();
  return (
    <>
      {missing.map((lang) => (
        <span key={lang} className="pub-missing" data-testid={`publication-missing-${lang}`}>
          {t(`publications.missing.${lang}`)}
        </span>
      ))}
    </>
  );
}
