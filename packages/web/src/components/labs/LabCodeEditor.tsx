import { useEffect, useState, type KeyboardEvent } from 'react';
import { api } from '../../api';
import { useAction, useApi } from '../../hooks/useApi';
import { useLang } from '../../hooks/useLang';
import { ErrorMessage, Loading, Notice } from '../Status';
import type { LabFiles, LabInstance } from './labTypes';

const INDENT = '  ';

/** Tab inserts two spaces at the caret (Shift+Tab still leaves the editor, for keyboard users). */
function insertIndent(event: KeyboardEvent<HTMLTextAreaElement>, onChange: (text: string) => void): void {
  const area = event.currentTarget;
  const { selectionStart, selectionEnd, value } = area;
  event.preventDefault();
  const next = `${value.slice(0, selectionStart)}${INDENT}${value.slice(selectionEnd)}`;
  onChange(next);
  const caret = selectionStart + INDENT.length;
  requestAnimationFrame(() => area.setSelectionRange(caret, caret));
}

/** The lab's editable files in a monospace editor; saving restarts the instance with them. */
export function LabCodeEditor({ instance, onSaved }: { instance: LabInstance; onSaved: (next: LabInstance) => void }) {
  const { t } = useLang();
  const files = useApi<LabFiles>(`/lab-instances/${instance.id}/files`);
  const [active, setActive] = useState<string | undefined>(undefined);
  const [drafts, setDrafts] = useState<Record<string, string>>({});
  const [saved, setSaved] = useState(false);
  const save = useAction((changed: Record<string, string>) =>
    api.put<{ instance: LabInstance; files: Record<string, string> }>(`/lab-instances/${instance.id}/files`, {
      files: changed,
    }),
  );

  useEffect(() => {
    if (!files.data) return;
    setDrafts(files.data.files);
    setActive((current) => current ?? files.data?.editable[0]);
  }, [files.data]);

  const name = active ?? files.data?.editable[0];
  const text = name === undefined ? '' : (drafts[name] ?? '');
  const dirty = files.data !== undefined && Object.entries(drafts).some(([n, v]) => files.data?.files[n] !== v);

  const doSave = async () => {
    if (!files.data || save.pending) return;
    setSaved(false);
    const result = await save.run(drafts);
    if (!result) return;
    files.setData({ editable: files.data.editable, files: result.files });
    setDrafts(result.files);
    setSaved(true);
    onSaved(result.instance);
  };
  const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    if (event.key === 'Tab' && !event.shiftKey && !event.altKey && !event.ctrlKey && !event.metaKey) {
      insertIndent(event, (next) => name !== undefined && setDrafts((d) => ({ ...d, [name]: next })));
    } else if (event.key === 's' && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      void doSave();
    }
  };

  return (
    <section className="panel" data-testid="lab-editor" aria-labelledby="lab-editor-title">
      <h2 id="lab-editor-title">{t('labs.editor.title')}</h2>
      <p className="muted small">{t('labs.editor.help')}</p>
      <ErrorMessage error={files.error} onRetry={files.reload} />
      <ErrorMessage error={save.error} />
      {saved && !dirty && (
        <div data-testid="lab-editor-saved">
          <Notice kind="success">{t('labs.editor.saved')}</Notice>
        </div>
      )}
      {!files.data && !files.error && <Loading />}
      {files.data && name !== undefined && (
        <>
          {files.data.editable.length > 1 && (
            <label className="filter">
              <span>{t('labs.editor.file')}</span>
              <select value={name} onChange={(event) => setActive(event.target.value)}>
                {files.data.editable.map((file) => (
                  <option key={file} value={file}>
                    {file}
                  </option>
                ))}
              </select>
            </label>
          )}
          <label className="field">
            <span className="field-label mono">{name}</span>
            <textarea
              className="mono"
              rows={24}
              wrap="off"
              spellCheck={false}
              autoCapitalize="off"
              autoCorrect="off"
              value={text}
              onChange={(event) => setDrafts((d) => ({ ...d, [name]: event.target.value }))}
              onKeyDown={onKeyDown}
              data-testid="lab-editor-text"
            />
            <span className="field-help">
              {t('labs.editor.lines', { count: text.split('\n').length })}
              {dirty && ` · ${t('labs.editor.unsaved')}`}
            </span>
          </label>
          <div className="form-actions">
            <button
              type="button"
              className="btn btn-primary"
              onClick={() => void doSave()}
              disabled={save.pending}
              data-testid="lab-editor-save"
            >
              {save.pending ? t('labs.editor.saving') : t('labs.editor.save')}
            </button>
            <span className="muted small">{t('labs.editor.restartNote')}</span>
          </div>
        </>
      )}
    </section>
  );
}
