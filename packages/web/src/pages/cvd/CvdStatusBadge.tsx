import { useLang } from '../../hooks/useLang';
import type { CvdStatus } from './types';

/** A case's status as a coloured badge. */
export function CvdStatusBadge({ status }: { status: CvdStatus }) {
  const { t } = useLang();
  return (
    <span className={`chip cvd-status cvd-status-${status}`} data-testid="cvd-status">
      {t(`cvd.status.${status}`)}
    </span>
  );
}
