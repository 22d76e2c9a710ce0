import { useState, type FormEvent } from 'react';
import { ApiError } from '../../api';
import { useLang } from '../../hooks/useLang';
import { Field } from '../Field';
import { ErrorMessage, Notice } from '../Status';
import { MAX_PACKAGE_BYTES, uploadPackage, type CoursewarePackage, type PackageSharing } from './packagesApi';
import { PackageSharingFields } from './PackageSharingFields';

/** The content errors of a refused package, each with its file and line (`intro.zip/pages/01-a.en.md:3:12`). */
export function ValidationErrors({ error }: { error: ApiError }) {
  const { t } = useLang();
  return (
    <div className="panel" role="alert" data-testid="packages-validation-errors">
      <p className="strong">{t('coursewarePackages.invalid', { count: error.fields.length })}</p>
      <ul className="small">
        {error.fields.map((field, index) => (
          <li key={index}>
            <code>{field.path}</code> {field.message}
          </li>
        ))}
      </ul>
    </div>
  );
}

/** Upload a zip of modules, courses and assessments for one of the organisations the user teaches in. */
export function PackageUploadForm({
  orgs,
  onUploaded,
}: {
  orgs: { id: string; name: string }[];
  onUploaded: (item: CoursewarePackage, replaced: boolean) => void;
}) {
  const { t } = useLang();
  const [orgId, setOrgId] = useState(orgs[0]?.id ?? '');
  const [file, setFile] = useState<File | null>(null);
  const [name, setName] = useState('');
  const [sharing, setSharing] = useState<PackageSharing>({
    scope: 'organisation',
    marking: 'AMBER',
    sharingGroupId: '',
  });
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | undefined>(undefined);
  const [done, setDone] = useState<string | null>(null);
  const tooLarge = file !== null && file.size > MAX_PACKAGE_BYTES;

  const onFile = (next: File | null) => {
    setFile(next);
    setDone(null);
    if (next && name === '') setName(next.name.replace(/\.zip$/i, '').slice(0, 100));
  };

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    if (!file || tooLarge || name.trim() === '') return;
    setBusy(true);
    setError(undefined);
    setDone(null);
    try {
      const result = await uploadPackage(orgId, file, name.trim(), sharing);
      setDone(
        t(result.replaced ? 'coursewarePackages.replaced' : 'coursewarePackages.uploaded', { name: name.trim() }),
      );
      setFile(null);
      setName('');
      onUploaded(result.package, result.replaced);
    } catch (caught) {
      setError(caught instanceof ApiError ? caught : new ApiError(0, 'CLIENT', String(caught)));
    } finally {
      setBusy(false);
    }
  };

  const contentErrors = error?.code === 'IMPORT_FAILED' ? error : undefined;
  return (
    <form className="form panel" onSubmit={(event) => void onSubmit(event)} noValidate data-testid="packages-upload">
      <h2 className="section-title">{t('coursewarePackages.upload.title')}</h2>
      <p className="small muted">{t('coursewarePackages.upload.help')}</p>
      {contentErrors ? <ValidationErrors error={contentErrors} /> : <ErrorMessage error={error} />}
      {done && <Notice kind="success">{done}</Notice>}
      <div className="form-grid">
        {orgs.length > 1 && (
          <Field label={t('coursewarePackages.owner')} required>
            <select value={orgId} onChange={(event) => setOrgId(event.target.value)} data-testid="packages-owner">
              {orgs.map((org) => (
                <option key={org.id} value={org.id}>
                  {org.name}
                </option>
              ))}
            </select>
          </Field>
        )}
        <Field
          label={t('coursewarePackages.file')}
          required
          help={t('coursewarePackages.fileHelp')}
          error={tooLarge ? t('coursewarePackages.tooLarge') : undefined}
        >
          <input
            type="file"
            accept=".zip,application/zip"
            onChange={(event) => onFile(event.target.files?.[0] ?? null)}
            disabled={busy}
            data-testid="packages-file"
          />
        </Field>
        <Field label={t('coursewarePackages.name')} required help={t('coursewarePackages.nameHelp')}>
          <input
            value={name}
            maxLength={100}
            onChange={(event) => setName(event.target.value)}
            disabled={busy}
            data-testid="packages-name"
          />
        </Field>
      </div>
      <PackageSharingFields
        value={sharing}
        onChange={setSharing}
        ownerOrgId={orgId}
        errors={(path) => (contentErrors ? undefined : error?.fieldMessage(path))}
        disabled={busy}
        testId="packages-upload"
      />
      <div className="form-actions">
        <button
          type="submit"
          className="btn btn-primary"
          disabled={busy || !file || tooLarge || name.trim() === ''}
          data-testid="packages-submit"
        >
          {busy ? t('coursewarePackages.uploading') : t('coursewarePackages.submit')}
        </button>
      </div>
    </form>
  );
}
