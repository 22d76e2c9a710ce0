import { useRef, useState, type FormEvent } from 'react';
import { ApiError, api, apiUrl } from '../../api';
import { formatBytes, formatDateTime } from '../../format';
import { useLang } from '../../hooks/useLang';
import type { Behaviour, CaseFile } from '../../types';
import { Empty, ErrorMessage } from '../Status';

function Hashes({ file }: { file: CaseFile }) {
  return (
    <dl className="hashes">
      <dt>MD5</dt>
      <dd className="mono">{file.md5}</dd>
      <dt>SHA-1</dt>
      <dd className="mono">{file.sha1}</dd>
      <dt>SHA-256</dt>
      <dd className="mono">{file.sha256}</dd>
    </dl>
  );
}

/** Samples and attachments: multipart upload, hashes, and downloads (always served as octet-stream). */
export function FilesPanel({
  caseId,
  files,
  behaviours,
  canWrite,
  onUploaded,
}: {
  caseId: string;
  files: CaseFile[];
  behaviours: Behaviour[];
  canWrite: boolean;
  onUploaded: (file: CaseFile) => void;
}) {
  const { t, lang } = useLang();
  const input = useRef<HTMLInputElement>(null);
  const [kind, setKind] = useState<CaseFile['kind']>('sample');
  const [behaviourId, setBehaviourId] = useState('');
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<ApiError | undefined>(undefined);
  const [latest, setLatest] = useState<CaseFile | null>(null);

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    const file = input.current?.files?.[0];
    if (!file) {
      setError(new ApiError(0, 'NO_FILE', t('files.choose')));
      return;
    }
    const form = new FormData();
    form.append('kind', kind);
    if (kind === 'attachment' && behaviourId) form.append('behaviourId', behaviourId);
    form.append('file', file, file.name);
    setPending(true);
    setError(undefined);
    try {
      const uploaded = await api.upload<CaseFile>(`/cases/${caseId}/files`, form);
      setLatest(uploaded);
      if (input.current) input.current.value = '';
      onUploaded(uploaded);
    } catch (caught) {
      setError(caught instanceof ApiError ? caught : new ApiError(0, 'CLIENT', String(caught)));
    } finally {
      setPending(false);
    }
  };

  return (
    <div className="files-panel" data-testid="files">
      {files.length === 0 ? (
        <Empty>{t('files.empty')}</Empty>
      ) : (
        <ul className="file-list">
          {files.map((file) => (
            <li key={file.id} className={latest?.id === file.id ? 'file file-new' : 'file'}>
              <div className="file-head">
                <span className={`chip chip-${file.kind}`}>{t(`files.kind.${file.kind}`)}</span>
                <a href={apiUrl(`/cases/${caseId}/files/${file.id}/download`)} download className="file-name">
                  {file.filename}
                </a>
                <span className="muted small">{formatBytes(file.size, lang)}</span>
              </div>
              <Hashes file={file} />
              <div className="muted small">{formatDateTime(file.uploadedAt, lang)}</div>
            </li>
          ))}
        </ul>
      )}
      {canWrite && (
        <form className="form upload-form" onSubmit={(event) => void onSubmit(event)} aria-label={t('files.upload')}>
          <ErrorMessage error={error} />
          <div className="upload-row">
            <label>
              <span className="field-label">{t('files.kindLabel')}</span>
              <select
                value={kind}
                onChange={(event) => setKind(event.target.value as CaseFile['kind'])}
                data-testid="file-kind"
              >
                <option value="sample">{t('files.kind.sample')}</option>
                <option value="attachment">{t('files.kind.attachment')}</option>
              </select>
            </label>
            {kind === 'attachment' && behaviours.length > 0 && (
              <label>
                <span className="field-label">{t('files.behaviour')}</span>
                <select value={behaviourId} onChange={(event) => setBehaviourId(event.target.value)}>
                  <option value="">{t('files.noBehaviour')}</option>
                  {behaviours.map((behaviour) => (
                    <option key={behaviour.id} value={behaviour.id}>
                      {formatDateTime(behaviour.occurredAt, lang)} — {behaviour.action.slice(0, 40)}
                    </option>
                  ))}
                </select>
              </label>
            )}
            <label>
              <span className="field-label">{t('files.file')}</span>
              <input ref={input} type="file" data-testid="file-input" />
            </label>
          </div>
          <p className="field-help">{t('files.help')}</p>
          <button type="submit" className="btn" disabled={pending} data-testid="file-upload">
            {pending ? t('files.uploading') : t('files.upload')}
          </button>
        </form>
      )}
    </div>
  );
}
