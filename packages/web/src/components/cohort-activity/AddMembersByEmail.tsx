import { useState, type FormEvent } from 'react';
import { api } from '../../api';
import { useAction } from '../../hooks/useApi';
import { useLang } from '../../hooks/useLang';
import { ErrorMessage } from '../Status';
import { activityPath, type BatchResult, type CohortRole } from './activityTypes';

const ROLES: readonly CohortRole[] = ['learner', 'instructor'];
const MAX_EMAILS = 500;

/** The addresses of a pasted list: one a line (commas and semicolons also part them), blank lines left out. */
export function emailsOf(text: string): string[] {
  return text
    .split(/[\n,;]+/)
    .map((line) => line.trim())
    .filter(Boolean);
}

/**
 * Adds members of the organisation by e-mail: one address or a pasted list, each shown with what became of it
 * (added, already a member, or not a member of the organisation).
 */
export function AddMembersByEmail({ cohortId, onAdded }: { cohortId: string; onAdded: () => void }) {
  const { t } = useLang();
  const [text, setText] = useState('');
  const [role, setRole] = useState<CohortRole>('learner');
  const [result, setResult] = useState<BatchResult | undefined>(undefined);
  const emails = emailsOf(text);
  const add = useAction(() => api.post<BatchResult>(activityPath.members(cohortId), { emails, role }));

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    const outcome = await add.run();
    if (!outcome) return;
    setResult(outcome);
    setText(
      outcome.results
        .filter((r) => r.outcome === 'not_found')
        .map((r) => r.email)
        .join('\n'),
    );
    if (outcome.added > 0) onAdded();
  };

  return (
    <section className="panel" data-testid="cohort-add-emails" aria-labelledby="cohort-add-emails-title">
      <h2 id="cohort-add-emails-title">{t('cohortActivity.byEmail.title')}</h2>
      <form className="form" onSubmit={(event) => void onSubmit(event)}>
        <label className="field">
          <span className="field-label">{t('cohortActivity.byEmail.emails')}</span>
          <textarea
            className="mono"
            rows={4}
            value={text}
            onChange={(e) => setText(e.target.value)}
            placeholder="name@example.org"
            data-testid="cohort-add-emails-text"
          />
          <span className="field-help">{t('cohortActivity.byEmail.help', { max: MAX_EMAILS })}</span>
        </label>
        <div className="form-inline">
          <label className="field">
            <span className="field-label">{t('cohorts.members.role')}</span>
            <select value={role} onChange={(e) => setRole(e.target.value as CohortRole)}>
              {ROLES.map((r) => (
                <option key={r} value={r}>
                  {t(`cohorts.roles.${r}`)}
                </option>
              ))}
            </select>
          </label>
          <button
            type="submit"
            className="btn btn-primary"
            disabled={add.pending || emails.length === 0 || emails.length > MAX_EMAILS}
            data-testid="cohort-add-emails-submit"
          >
            {t('cohortActivity.byEmail.add', { n: emails.length })}
          </button>
        </div>
        <ErrorMessage error={add.error} />
      </form>
      {result && (
        <div data-testid="cohort-add-emails-result">
          <p className="small" role="status">
            {t('cohortActivity.byEmail.summary', {
              added: result.added,
              already: result.alreadyMembers,
              notFound: result.notFound,
            })}
          </p>
          <table className="table table-compact">
            <tbody>
              {result.results.map((r) => (
                <tr key={r.email} data-outcome={r.outcome}>
                  <td className="mono small">{r.email}</td>
                  <td>{t(`cohortActivity.byEmail.outcome.${r.outcome}`)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
