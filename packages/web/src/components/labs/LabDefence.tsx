import { useState } from 'react';
import { api } from '../../api';
import { pick } from '../../format';
import { useAction } from '../../hooks/useApi';
import { useLang } from '../../hooks/useLang';
import { ErrorMessage, Loading, Notice } from '../Status';
import type { DefenceResult } from './labTypes';

/** "Check my defence": runs the grader against the running instance and lists every check. */
export function LabDefence({ instanceId, onResult }: { instanceId: string; onResult: (r: DefenceResult) => void }) {
  const { t, lang } = useLang();
  const [result, setResult] = useState<DefenceResult | undefined>(undefined);
  const check = useAction(() => api.post<DefenceResult>(`/lab-instances/${instanceId}/defence`));
  const run = async () => {
    setResult(undefined);
    const answer = await check.run();
    if (!answer) return;
    setResult(answer);
    onResult(answer);
  };
  const failed = result ? result.checks.filter((c) => !c.passed).length : 0;

  return (
    <section className="panel" data-testid="lab-defence" aria-labelledby="lab-defence-title" aria-busy={check.pending}>
      <h2 id="lab-defence-title">{t('labs.defence.title')}</h2>
      <p className="muted small">{t('labs.defence.help')}</p>
      <div className="form-actions">
        <button
          type="button"
          className="btn btn-primary"
          onClick={() => void run()}
          disabled={check.pending}
          data-testid="lab-defence-run"
        >
          {t('labs.defence.run')}
        </button>
      </div>
      {check.pending && <Loading label={t('labs.defence.running')} />}
      <ErrorMessage error={check.error} />
      {result && (
        <div data-testid="lab-defence-result" data-passed={String(result.passed)}>
          <Notice kind={result.passed ? 'success' : 'warning'}>
            {result.passed
              ? t('labs.defence.passed')
              : t('labs.defence.failed', { failed, total: result.checks.length })}
          </Notice>
          <div className="table-wrap">
            <table className="table table-compact" data-testid="lab-defence-checks">
              <thead>
                <tr>
                  <th scope="col">{t('labs.defence.kind')}</th>
                  <th scope="col">{t('labs.defence.check')}</th>
                  <th scope="col">{t('labs.defence.result')}</th>
                  <th scope="col">{t('labs.defence.detail')}</th>
                </tr>
              </thead>
              <tbody>
                {result.checks.map((c) => (
                  <tr key={c.id} data-testid={`lab-defence-check-${c.id}`} data-passed={String(c.passed)}>
                    <td>{t(`labs.defence.kinds.${c.kind}`)}</td>
                    <td>{pick(c.title, lang)}</td>
                    <td className="nowrap">
                      {c.passed ? `✓ ${t('labs.defence.pass')}` : `✗ ${t('labs.defence.fail')}`}
                    </td>
                    <td className="mono small">{c.detail}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </div>
      )}
    </section>
  );
}
