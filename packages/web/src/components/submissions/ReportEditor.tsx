import { useState, type FormEvent } from 'react';
import { api } from '../../api';
import { useAction } from '../../hooks/useApi';
import { useLang } from '../../hooks/useLang';
import { ErrorMessage } from '../Status';
import { submissionPath, type ScenarioView, type Submission } from './submissionTypes';

/** The team's report, section by section (Markdown); saving hands it in for review (again). */
export function ReportEditor({
  cohortId,
  teamId,
  scenario,
  report,
  onSaved,
}: {
  cohortId: string;
  teamId: string;
  scenario: ScenarioView;
  report: Submission | undefined;
  onSaved: () => void;
}) {
  const { t } = useLang();
  const [sections, setSections] = useState<Record<string, string>>(() =>
    Object.fromEntries(
      scenario.report.sections.map((s) => [s.id, report?.sections.find((x) => x.id === s.id)?.markdown ?? '']),
    ),
  );
  const save = useAction(() =>
    api.put<Submission>(submissionPath.api.report(cohortId, teamId, scenario.id), { sections }),
  );
  const graded = report?.status === 'graded';
  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    if ((await save.run()) !== undefined) onSaved();
  };
  return (
    <form className="form" onSubmit={(event) => void onSubmit(event)} data-testid="report-editor">
      {scenario.report.sections.map((s) => (
        <label key={s.id} className="field">
          <span className="field-label">{s.title}</span>
          <span className="field-hint small muted">{s.guidance}</span>
          <textarea
            rows={5}
            maxLength={20_000}
            value={sections[s.id] ?? ''}
            disabled={graded}
            onChange={(e) => setSections((now) => ({ ...now, [s.id]: e.target.value }))}
            data-testid={`report-section-${s.id}`}
          />
        </label>
      ))}
      {!graded && (
        <button type="submit" className="btn" disabled={save.pending} data-testid="report-submit">
          {t('submissions.saveSubmit')}
        </button>
      )}
      <ErrorMessage error={save.error} />
    </form>
  );
}
