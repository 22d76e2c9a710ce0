import { useEffect, useRef, useState, type FormEvent } from 'react';
import { ApiError } from '../../api';
import { SCOPES, scopeAllowed, TLP_LABELS } from '../../constants';
import { formatBytes, orgName } from '../../format';
import { useApi } from '../../hooks/useApi';
import { useMe } from '../../hooks/useAuth';
import { useLang } from '../../hooks/useLang';
import { usePermissions } from '../../hooks/usePermissions';
import type { Items, Scope, SharingGroup, Tlp } from '../../types';
import type { StixImportSummary } from '../../types/intel';
import { TlpBadge } from '../Badges';
import { narrowedScope } from '../cases/caseFormState';
import { Field } from '../Field';
import { ErrorMessage } from '../Status';
import { BundleDropZone } from './BundleDropZone';
import { uploadBundle, type UploadProgress } from './uploadBundle';

/** The hub's limit for one bundle (BUNDLE_LIMIT_BYTES): a larger file is refused before it is sent. */
const MAX_BUNDLE_BYTES = 512 * 1024 * 1024;

type Phase = { kind: 'idle' } | { kind: 'sending'; progress: UploadProgress } | { kind: 'storing' };

/**
 * The bundle import form: file, owner organisation, scope and TLP for the whole bundle. The file goes up with a
 * progress bar; once it is all sent the hub is still validating and storing, which the form says.
 */
export function ImportForm({ onImported }: { onImported: (summary: StixImportSummary, fileName: string) => void }) {
  const { t, lang } = useLang();
  const me = useMe();
  const { writableOrgIds } = usePermissions();
  const owners = me.memberships
    .filter((m) => writableOrgIds.includes(m.orgId))
    .map((m) => ({ id: m.orgId, name: orgName({ nameEn: m.orgNameEn, nameJa: m.orgNameJa }, lang) }));
  const [file, setFile] = useState<File | null>(null);
  const [ownerOrgId, setOwnerOrgId] = useState(writableOrgIds[0] ?? '');
  const [tlp, setTlp] = useState<Tlp>('AMBER');
  const [scope, setScope] = useState<Scope>('organisation');
  const [sharingGroupId, setSharingGroupId] = useState('');
  const [phase, setPhase] = useState<Phase>({ kind: 'idle' });
  const [error, setError] = useState<ApiError | undefined>(undefined);
  const [fileProblem, setFileProblem] = useState<string | null>(null);
  const [cancelled, setCancelled] = useState(false);
  const abort = useRef<(() => void) | null>(null);
  const groups = useApi<Items<SharingGroup>>(scope === 'sharing_group' ? '/sharing-groups' : null);
  const ownerGroups = groups.data?.items.filter((group) => group.orgIds.includes(ownerOrgId)) ?? [];
  const busy = phase.kind !== 'idle';

  // leaving the page stops an upload in flight
  useEffect(() => () => abort.current?.(), []);

  const chooseFile = (next: File | null) => {
    setFile(next);
    setCancelled(false);
    setFileProblem(next && next.size > MAX_BUNDLE_BYTES ? t('intel.import.tooLarge') : null);
  };
  const onTlp = (next: Tlp) => {
    setTlp(next);
    setScope((previous) => narrowedScope(next, previous));
  };

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    if (!file) {
      setFileProblem(t('intel.import.noFile'));
      return;
    }
    if (fileProblem) return;
    setError(undefined);
    setCancelled(false);
    setPhase({ kind: 'sending', progress: { loaded: 0, total: file.size } });
    const upload = uploadBundle(
      file,
      { ownerOrgId, scope, tlp, sharingGroupId: sharingGroupId || undefined, fileName: file.name },
      (progress) => setPhase(progress.loaded >= progress.total ? { kind: 'storing' } : { kind: 'sending', progress }),
    );
    abort.current = upload.abort;
    try {
      const summary = await upload.done;
      if (summary) {
        onImported(summary, file.name);
        setFile(null);
      } else {
        setCancelled(true);
      }
    } catch (caught) {
      setError(caught instanceof ApiError ? caught : new ApiError(0, 'CLIENT', String(caught)));
    } finally {
      abort.current = null;
      setPhase({ kind: 'idle' });
    }
  };

  const fieldError = (path: string) => error?.fieldMessage(path);
  return (
    <form
      className="form intel-import-form"
      onSubmit={(event) => void onSubmit(event)}
      noValidate
      data-testid="intel-import-form"
    >
      <ErrorMessage error={error} />
      <div className={fileProblem ? 'field field-invalid' : 'field'}>
        <span className="field-label">
          {t('intel.import.file')}
          <span className="field-required" aria-hidden="true">
            *
          </span>
        </span>
        <BundleDropZone
          file={file}
          onFile={chooseFile}
          disabled={busy}
          invalid={Boolean(fileProblem)}
          describedBy="intel-file-help"
        />
        <div id="intel-file-help" className="field-help">
          {t('intel.import.fileHelp')}
        </div>
        {fileProblem && (
          <div className="field-error" role="alert">
            {fileProblem}
          </div>
        )}
      </div>
      <div className="form-grid">
        <Field
          label={t('intel.import.owner')}
          required
          help={t('intel.import.ownerHelp')}
          error={fieldError('ownerOrgId')}
        >
          <select
            value={ownerOrgId}
            onChange={(event) => setOwnerOrgId(event.target.value)}
            disabled={busy}
            data-testid="intel-owner"
          >
            {owners.map((owner) => (
              <option key={owner.id} value={owner.id}>
                {owner.name}
              </option>
            ))}
          </select>
        </Field>
        <Field
          label={t('intel.import.tlp')}
          required
          error={fieldError('tlp')}
          help={
            <span className="tlp-help">
              <TlpBadge marking={tlp} /> {t(`tlp.description.${tlp}`)}
            </span>
          }
        >
          <select
            value={tlp}
            onChange={(event) => onTlp(event.target.value as Tlp)}
            disabled={busy}
            data-testid="intel-tlp"
          >
            {TLP_LABELS.map((label) => (
              <option key={label} value={label}>
                TLP:{label}
              </option>
            ))}
          </select>
        </Field>
        <Field
          label={t('intel.import.scope')}
          required
          error={fieldError('scope')}
          help={t(`intel.import.scopeHelp.${scope}`)}
        >
          <select
            value={scope}
            onChange={(event) => setScope(event.target.value as Scope)}
            disabled={busy}
            data-testid="intel-scope"
          >
            {SCOPES.map((option) => (
              <option key={option} value={option} disabled={!scopeAllowed(tlp, option)}>
                {t(`scope.name.${option}`)}
                {!scopeAllowed(tlp, option) ? ` (${t('intel.import.notForMarking', { marking: tlp })})` : ''}
              </option>
            ))}
          </select>
        </Field>
        {scope === 'sharing_group' && (
          <Field
            label={t('intel.import.sharingGroup')}
            required
            error={fieldError('sharingGroupId') ?? (groups.error ? groups.error.message : undefined)}
            help={groups.data && ownerGroups.length === 0 ? t('intel.import.noGroups') : undefined}
          >
            <select
              value={sharingGroupId}
              onChange={(event) => setSharingGroupId(event.target.value)}
              disabled={busy}
              data-testid="intel-sharing-group"
            >
              <option value="">{groups.loading ? t('common.loading') : t('common.choose')}</option>
              {ownerGroups.map((group) => (
                <option key={group.id} value={group.id}>
                  {group.name}
                </option>
              ))}
            </select>
          </Field>
        )}
      </div>
      <p className="field-help intel-marking-help" data-testid="intel-marking-help">
        {t('intel.import.markingHelp')}
        {tlp === 'RED' && ` ${t('intel.import.redHelp')}`}
      </p>
      {phase.kind !== 'idle' && (
        <div className="intel-progress" data-testid="intel-progress">
          <progress
            value={phase.kind === 'sending' ? phase.progress.loaded : undefined}
            max={phase.kind === 'sending' ? Math.max(1, phase.progress.total) : undefined}
            aria-label={t('intel.import.uploading')}
          />
          <span role="status" aria-live="polite">
            {phase.kind === 'sending'
              ? t('intel.import.progress', {
                  loaded: formatBytes(phase.progress.loaded, lang),
                  total: formatBytes(phase.progress.total, lang),
                })
              : t('intel.import.storing')}
          </span>
        </div>
      )}
      {cancelled && (
        <div className="alert alert-warning" role="alert">
          {t('intel.import.cancelled')}
        </div>
      )}
      <div className="form-actions">
        <button
          type="submit"
          className="btn btn-primary"
          disabled={busy || owners.length === 0}
          data-testid="intel-import-submit"
        >
          {busy ? t('intel.import.uploading') : t('intel.import.submit')}
        </button>
        {busy && (
          <button type="button" className="btn" onClick={() => abort.current?.()} data-testid="intel-import-cancel">
            {t('intel.import.cancel')}
          </button>
        )}
      </div>
    </form>
  );
}
