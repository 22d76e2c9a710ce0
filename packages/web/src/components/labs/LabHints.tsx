import { api } from '../../api';
import { pick } from '../../format';
import { useAction } from '../../hooks/useApi';
import { useLang } from '../../hooks/useLang';
import { ErrorMessage } from '../Status';
import type { LabProgress } from './labTypes';

/** The lab's hints, gentle first: each is shown on request and costs its penalty once. */
export function LabHints({
  instanceId,
  progress,
  onChange,
}: {
  instanceId: string | undefined;
  progress: LabProgress;
  onChange: (next: LabProgress) => void;
}) {
  const { t, lang } = useLang();
  const reveal = useAction((hintId: string) =>
    api.post<LabProgress>(`/lab-instances/${instanceId}/hints/${encodeURIComponent(hintId)}`),
  );
  if (progress.hints.length === 0) return null;
  const show = async (hintId: string, penalty: number) => {
    if (!window.confirm(t('labs.hints.confirm', { penalty }))) return;
    const next = await reveal.run(hintId);
    if (next) onChange(next);
  };
  return (
    <section className="panel" data-testid="lab-hints" aria-labelledby="lab-hints-title">
      <h2 id="lab-hints-title">{t('labs.hints.title')}</h2>
      <ErrorMessage error={reveal.error} />
      <ol className="lab-hints">
        {progress.hints.map((hint, index) => (
          <li key={hint.id} data-testid={`lab-hint-${hint.id}`} data-revealed={String(hint.revealed)}>
            {hint.revealed && hint.text ? (
              <p>{pick(hint.text, lang)}</p>
            ) : (
              <button
                type="button"
                className="btn btn-small"
                disabled={!instanceId || reveal.pending}
                onClick={() => void show(hint.id, hint.penalty)}
                data-testid={`lab-hint-reveal-${hint.id}`}
              >
                {t('labs.hints.reveal', { n: index + 1, penalty: hint.penalty })}
              </button>
            )}
          </li>
        ))}
      </ol>
      {!instanceId && <p className="muted small">{t('labs.hints.startFirst')}</p>}
    </section>
  );
}
