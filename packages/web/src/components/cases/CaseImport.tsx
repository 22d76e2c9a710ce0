import { useRef, useState } from 'react';
import { ApiError, api } from '../../api';
import { useLang } from '../../hooks/useLang';
import { ErrorMessage, Notice } from '../Status';

const MAX_IMPORT_BYTES = 10 * 1024 * 1024;

/** "Import CSV": posts the file as text/csv; all or nothing, with per-row errors on IMPORT_FAILED. */
export function CaseImport({ onImported }: { onImported: () => void }) {
  const { t } = useLang();
  const input = useRef<HTMLInputElement>(null);
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<ApiError | undefined>(undefined);
  const [imported, setImported] = useState<{ file: string; count: number } | null>(null);
  const [fileName, setFileName] = useState('');

  const onFile = async (file: File | undefined) => {
    if (!file) return;
    setError(undefined);
    setImported(null);
    setFileName(file.name);
    if (file.size > MAX_IMPORT_BYTES) {
      setError(new ApiError(413, 'PAYLOAD_TOO_LARGE', 'file too large'));
      return;
    }
    setPending(true);
    try {
      const text = await file.text();
      const result = await api.postText<{ imported: number }>('/cases/import', text, 'text/csv');
      setImported({ file: file.name, count: result.imported });
      onImported();
    } catch (caught) {
      setError(caught instanceof ApiError ? caught : new ApiError(0, 'CLIENT', String(caught)));
    } finally {
      setPending(false);
      if (input.current) input.current.value = '';
    }
  };

  return (
    <>
      <input
        ref={input}
        type="file"
        accept=".csv,text/csv"
        className="visually-hidden"
        tabIndex={-1}
        aria-hidden="true"
        onChange={(event) => void onFile(event.target.files?.[0])}
        data-testid="case-import-file"
      />
      <button
        type="button"
        className="btn"
        onClick={() => input.current?.click()}
        disabled={pending}
        data-testid="case-import"
      >
        {pending ? t('cases.importing') : t('cases.import')}
      </button>
      {(error || imported) && (
        <div className="import-result" aria-live="polite">
          {imported && (
            <Notice kind="success">
              {t('cases.imported', { count: imported.count, file: imported.file })}{' '}
              <button type="button" className="btn btn-small btn-link" onClick={() => setImported(null)}>
                {t('common.dismiss')}
              </button>
            </Notice>
          )}
          {error && error.code === 'IMPORT_FAILED' && error.rows.length > 0 ? (
            <div className="alert alert-error" role="alert" data-testid="import-errors">
              <div className="alert-title">{t('cases.importFailed', { file: fileName, count: error.rows.length })}</div>
              <div className="table-wrap table-wrap-short">
                <table className="table table-compact">
                  <thead>
                    <tr>
                      <th scope="col">{t('cases.importRow')}</th>
                      <th scope="col">{t('cases.importColumn')}</th>
                      <th scope="col">{t('cases.importMessage')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {error.rows.map((row, index) => (
                      <tr key={`${row.row}-${row.column}-${index}`}>
                        <td className="mono">{row.row}</td>
                        <td className="mono">{row.column}</td>
                        <td>{row.message}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
              <button type="button" className="btn btn-small" onClick={() => setError(undefined)}>
                {t('common.dismiss')}
              </button>
            </div>
          ) : (
            <ErrorMessage error={error} />
          )}
        </div>
      )}
    </>
  );
}
