import { useApi } from '../../hooks/useApi';
import { useLang } from '../../hooks/useLang';
import type { DecoySessionList } from '../../types/decoy';
import { ErrorMessage } from '../Status';
import './decoy.css';
import { SessionTable } from './SessionTable';

/**
 * The decoy sessions that make up an observation case (the automatic cases of issue 7 item 8). Hidden when the
 * case has none, so hand-written cases look as before.
 */
export function CaseDecoySessions({ caseId }: { caseId: string }) {
  const { t } = useLang();
  const sessions = useApi<DecoySessionList>('/decoy/sessions', { caseId, limit: 100 });
  if (sessions.error) {
    // a hub without the decoy module, or a person who may not see the sessions: nothing to show
    return sessions.error.status === 404 || sessions.error.status === 403 ? null : (
      <ErrorMessage error={sessions.error} onRetry={sessions.reload} />
    );
  }
  if (!sessions.data || sessions.data.items.length === 0) return null;
  return (
    <section className="panel" aria-labelledby="decoy-case-sessions-heading" data-testid="case-decoy-sessions">
      <h2 id="decoy-case-sessions-heading">
        {t('decoy.caseSessions.title')} <span className="count-pill">{sessions.data.items.length}</span>
      </h2>
      <SessionTable items={sessions.data.items} testId="case-decoy-sessions-table" />
    </section>
  );
}
