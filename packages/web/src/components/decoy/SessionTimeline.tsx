import { apiUrl } from '../../api';
import { formatBytes, formatDateTime, pick } from '../../format';
import { useBehaviourCategories } from '../../hooks/useCatalogues';
import { useLang } from '../../hooks/useLang';
import type { DecoyCapture, DecoySessionEvent } from '../../types/decoy';
import { Empty } from '../Status';
import { TechniqueChips } from './Chips';
import { eventOutcome, eventText, hitTechniques } from './eventText';

function captureOf(event: DecoySessionEvent, captures: readonly DecoyCapture[]): DecoyCapture | undefined {
  const sha256 = event.payload.sha256;
  return typeof sha256 === 'string' ? captures.find((capture) => capture.sha256 === sha256) : undefined;
}

/** What the attacker did, in order: each event with its ATT&CK techniques and any file it captured. */
export function SessionTimeline({
  events,
  captures,
}: {
  events: readonly DecoySessionEvent[];
  captures: readonly DecoyCapture[];
}) {
  const { t, lang } = useLang();
  const categories = useBehaviourCategories();
  const names = new Map((categories.items ?? []).map((item) => [item.key, pick(item, lang)]));
  if (events.length === 0) return <Empty>{t('decoy.timeline.empty')}</Empty>;
  return (
    <ol className="timeline" data-testid="decoy-timeline">
      {events.map((event, index) => {
        const techniques = hitTechniques(event.hits);
        const outcome = eventOutcome(event);
        const capture = captureOf(event, captures);
        const sha256 = typeof event.payload.sha256 === 'string' ? event.payload.sha256 : null;
        return (
          <li key={String(event.eventId ?? event.id ?? index)} className="timeline-item" data-kind={event.kind}>
            <div className="timeline-head">
              <time className="timeline-time mono small" dateTime={event.time}>
                {formatDateTime(event.time, lang)}
              </time>{' '}
              <span className="chip chip-muted decoy-event-kind">
                {t(`decoy.kinds.${event.kind}`, { defaultValue: event.kind })}
              </span>
              {outcome && (
                <span className={outcome === 'success' ? 'decoy-success' : 'decoy-failure'}>
                  {' '}
                  {t(`decoy.timeline.${outcome}`)}
                </span>
              )}
            </div>
            <div className="timeline-body">
              <code className="decoy-event-text">{eventText(event)}</code>{' '}
              <TechniqueChips ids={techniques} testId="decoy-event-techniques" />
              {event.hits && event.hits.length > 0 && (
                <span className="small muted">
                  {[...new Set(event.hits.map((hit) => names.get(hit.category) ?? hit.category))].join(', ')}
                </span>
              )}
              {sha256 && (
                <div className="small">
                  SHA-256 <span className="mono">{sha256}</span>
                  {capture && (
                    <>
                      {' '}
                      {capture.size !== null && `(${formatBytes(capture.size, lang)}) `}
                      <a href={apiUrl(`/decoy/captures/${sha256}`)} download data-testid="decoy-capture-download">
                        {t('decoy.timeline.download')}
                      </a>
                    </>
                  )}
                </div>
              )}
            </div>
          </li>
        );
      })}
    </ol>
  );
}

/** Files the session uploaded or downloaded, stored by hash and offered only as downloads (never opened). */
export function CaptureList({ captures }: { captures: readonly DecoyCapture[] }) {
  const { t, lang } = useLang();
  if (captures.length === 0) return null;
  return (
    <table className="table table-compact" data-testid="decoy-captures">
      <thead>
        <tr>
          <th scope="col">SHA-256</th>
          <th scope="col" className="num">
            {t('decoy.stats.size')}
          </th>
          <th scope="col" />
        </tr>
      </thead>
      <tbody>
        {captures.map((capture) => (
          <tr key={capture.sha256}>
            <td className="mono small">{capture.sha256}</td>
            <td className="num nowrap">{capture.size === null ? '—' : formatBytes(capture.size, lang)}</td>
            <td>
              <a href={apiUrl(`/decoy/captures/${capture.sha256}`)} download>
                {t('decoy.timeline.download')}
              </a>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
