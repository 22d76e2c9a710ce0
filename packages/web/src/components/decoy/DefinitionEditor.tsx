import { useRef, useState, type ChangeEvent } from 'react';
import type { ApiError } from '../../api';
import { useLang } from '../../hooks/useLang';
import { definitionProblems } from './decoyFormat';

/** Offset of the start of a 1-based line, for moving the caret to a problem. */
function lineStart(text: string, line: number): number {
  let offset = 0;
  for (let current = 1; current < line; current += 1) {
    const next = text.indexOf('\n', offset);
    if (next < 0) return text.length;
    offset = next + 1;
  }
  return offset;
}

const MAX_FILE_BYTES = 20 * 1024 * 1024;

/**
 * A world's YAML: typed, pasted or read from a file. The hub's 400 answer lists problems by line and field; each
 * is shown next to the text and moves the caret to its line when chosen.
 */
export function DefinitionEditor({
  value,
  onChange,
  error,
  required,
}: {
  value: string;
  onChange: (value: string) => void;
  error: ApiError | undefined;
  required?: boolean;
}) {
  const { t } = useLang();
  const area = useRef<HTMLTextAreaElement>(null);
  const [fileError, setFileError] = useState('');
  const problems = definitionProblems(error);

  const onFile = (event: ChangeEvent<HTMLInputElement>) => {
    const file = event.target.files?.[0];
    setFileError('');
    if (!file) return;
    if (file.size > MAX_FILE_BYTES) {
      setFileError(t('decoy.form.fileTooLarge'));
      return;
    }
    file
      .text()
      .then(onChange)
      .catch(() => setFileError(t('decoy.form.fileUnreadable')));
  };

  const goTo = (line: number | null) => {
    const node = area.current;
    if (!node || line === null) return;
    const start = lineStart(value, line);
    const end = value.indexOf('\n', start);
    node.focus();
    node.setSelectionRange(start, end < 0 ? value.length : end);
  };

  return (
    <div className="field" data-testid="decoy-definition">
      <label className="field-label" htmlFor="decoy-definition-text">
        {t('decoy.form.definition')}
        {required && <span className="field-required"> *</span>}
      </label>
      <div className="upload-row">
        <label className="btn btn-small">
          {t('decoy.form.chooseFile')}
          <input
            type="file"
            accept=".yaml,.yml,text/yaml,application/yaml,text/plain"
            className="visually-hidden"
            onChange={onFile}
            data-testid="decoy-definition-file"
          />
        </label>
        <span className="field-help">{t('decoy.form.definitionHelp')}</span>
      </div>
      <textarea
        id="decoy-definition-text"
        ref={area}
        className="decoy-yaml"
        value={value}
        spellCheck={false}
        aria-invalid={problems.length > 0 ? true : undefined}
        aria-describedby={problems.length > 0 ? 'decoy-definition-problems' : undefined}
        onChange={(event) => onChange(event.target.value)}
        data-testid="decoy-definition-text"
      />
      {fileError && <p className="field-error">{fileError}</p>}
      {problems.length > 0 && (
        <ul
          id="decoy-definition-problems"
          className="decoy-problems"
          role="alert"
          data-testid="decoy-definition-problems"
        >
          {problems.map((problem, index) => (
            <li key={index}>
              {problem.line !== null ? (
                <button type="button" className="btn-link" onClick={() => goTo(problem.line)}>
                  {t('decoy.form.line', { line: problem.line })}
                </button>
              ) : null}{' '}
              {problem.field && <code>{problem.field}</code>} {problem.message}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
