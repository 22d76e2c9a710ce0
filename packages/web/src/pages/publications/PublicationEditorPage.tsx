import { useEffect, useState, type FormEvent } from 'react';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { ApiError, api } from '../../api';
import { ScopeLabel, TlpBadge } from '../../components/Badges';
import { SharingFields } from '../../components/cases/SharingFields';
import { emptyCaseForm, type CaseFormState, type SetField } from '../../components/cases/caseFormState';
import { Field, FieldSet } from '../../components/Field';
import { ErrorMessage, Loading, Notice } from '../../components/Status';
import { UserPicker } from '../../components/UserPicker';
import { formatDateTime } from '../../format';
import { useApi } from '../../hooks/useApi';
import { useMe } from '../../hooks/useAuth';
import { useLang } from '../../hooks/useLang';
import { usePermissions } from '../../hooks/usePermissions';
import type { Scope, Tlp } from '../../types';
import { ConfirmButton } from './ConfirmButton';
import { LanguagePane, type PaneValue } from './LanguagePane';
import { MissingBadges, PublicationStatusBadge } from './PublicationBadges';
import { ReviewPanel } from './ReviewPanel';
import { VersionBody, VersionsPanel } from './VersionsPanel';
import {
  LANGS,
  LIMITS,
  PUBLICATION_KINDS,
  titleOf,
  type Lang,
  type Publication,
  type PublicationKind,
  type PublishedView,
  type WorkingCopy,
} from './types';
import './publications.css';

interface FormState {
  kind: PublicationKind;
  slug: string;
  ownerOrgId: string;
  ja: PaneValue;
  en: PaneValue;
  tags: string;
  reviewerUserIds: string[];
  scope: Scope;
  marking: Tlp;
  sharingGroupId: string;
  recipientUserIds: string[];
}

const SHARING_KEYS = ['scope', 'marking', 'sharingGroupId', 'recipientUserIds'] as const;

function formOf(p: WorkingCopy): FormState {
  return {
    kind: p.kind,
    slug: p.slug,
    ownerOrgId: p.ownerOrgId,
    ja: { title: p.titleJa, summary: p.summaryJa, body: p.bodyJa },
    en: { title: p.titleEn, summary: p.summaryEn, body: p.bodyEn },
    tags: p.tags.join(', '),
    reviewerUserIds: p.reviewerUserIds,
    scope: p.scope,
    marking: p.marking,
    sharingGroupId: p.sharingGroupId ?? '',
    recipientUserIds: p.recipientUserIds,
  };
}

function bodyOf(form: FormState) {
  return {
    kind: form.kind,
    slug: form.slug.trim(),
    titleJa: form.ja.title,
    titleEn: form.en.title,
    summaryJa: form.ja.summary,
    summaryEn: form.en.summary,
    bodyJa: form.ja.body,
    bodyEn: form.en.body,
    tags: [
      ...new Set(
        form.tags
          .split(',')
          .map((tag) => tag.trim())
          .filter(Boolean),
      ),
    ],
    reviewerUserIds: form.reviewerUserIds,
    scope: form.scope,
    marking: form.marking,
    sharingGroupId: form.scope === 'sharing_group' ? form.sharingGroupId || null : null,
    recipientUserIds: form.marking === 'RED' ? form.recipientUserIds : [],
  };
}

/** What a reader sees: the live published version. */
function PublishedReader({ publication }: { publication: PublishedView }) {
  const { t, lang } = useLang();
  return (
    <div className="page publications-page" data-testid="publication-reader">
      <header className="page-header">
        <h1>{titleOf(publication, lang)}</h1>
        <PublicationStatusBadge status="published" />
      </header>
      <p className="muted">
        <TlpBadge marking={publication.marking} /> <ScopeLabel scope={publication.scope} /> ·{' '}
        {t('publications.versions.label', { n: publication.version })} · {formatDateTime(publication.publishedAt, lang)}{' '}
        <MissingBadges missing={publication.missing} />
      </p>
      <VersionBody html={{ ja: publication.htmlJa, en: publication.htmlEn }} />
    </div>
  );
}

/** Creates or edits a publication: both languages side by side (tabs on narrow screens), sharing, reviewers, workflow. */
export default function PublicationEditorPage() {
  const { id } = useParams();
  const isNew = id === undefined;
  const loaded = useApi<Publication>(isNew ? null : `/publications/${id}`);
  if (isNew) return <Editor publication={undefined} onChanged={() => undefined} />;
  if (loaded.error && !loaded.data)
    return (
      <div className="page">
        <ErrorMessage error={loaded.error} onRetry={loaded.reload} />
      </div>
    );
  if (!loaded.data) return <Loading />;
  if (loaded.data.access === 'reader') return <PublishedReader publication={loaded.data} />;
  return <Editor key={loaded.data.id} publication={loaded.data} onChanged={loaded.reload} />;
}

function Editor({ publication, onChanged }: { publication: WorkingCopy | undefined; onChanged: () => void }) {
  const { t, lang } = useLang();
  const me = useMe();
  const navigate = useNavigate();
  const permissions = usePermissions();
  const writer = publication ? publication.access === 'writer' : true;
  const [form, setForm] = useState<FormState>(() =>
    publication
      ? formOf(publication)
      : {
          kind: 'report',
          slug: '',
          ownerOrgId: permissions.writableOrgIds[0] ?? '',
          ja: { title: '', summary: '', body: '' },
          en: { title: '', summary: '', body: '' },
          tags: '',
          reviewerUserIds: [],
          scope: 'organisation',
          marking: 'AMBER',
          sharingGroupId: '',
          recipientUserIds: [],
        },
  );
  const [dirty, setDirty] = useState(false);
  const [tab, setTab] = useState<Lang>(lang);
  const [error, setError] = useState<ApiError | undefined>(undefined);
  const [busy, setBusy] = useState(false);
  const [saved, setSaved] = useState(false);

  useEffect(() => {
    if (publication) setForm(formOf(publication));
    setDirty(false);
  }, [publication]);

  const update = (next: Partial<FormState>) => {
    setForm((f) => ({ ...f, ...next }));
    setDirty(true);
    setSaved(false);
  };
  // The cases' sharing picker works on a case form: only its sharing fields are taken from it.
  const sharingForm: CaseFormState = { ...emptyCaseForm(form.ownerOrgId), ...pickSharing(form) };
  const setSharing: SetField = (key, value) => {
    if ((SHARING_KEYS as readonly string[]).includes(key)) update({ [key]: value });
  };
  const errors = (path: string) => error?.fieldMessage(path);

  const act = async (run: () => Promise<unknown>) => {
    setBusy(true);
    setError(undefined);
    try {
      await run();
      onChanged();
      return true;
    } catch (caught) {
      setError(caught instanceof ApiError ? caught : new ApiError(0, 'CLIENT', String(caught)));
      return false;
    } finally {
      setBusy(false);
    }
  };

  const save = async (event?: FormEvent) => {
    event?.preventDefault();
    if (!writer) return;
    await act(async () => {
      if (!publication) {
        const created = await api.post<WorkingCopy>('/publications', {
          ...bodyOf(form),
          ...(form.ownerOrgId ? { ownerOrgId: form.ownerOrgId } : {}),
        });
        void navigate(`/publications/${created.id}`, { replace: true });
        return;
      }
      await api.patch<WorkingCopy>(`/publications/${publication.id}`, {
        ...bodyOf(form),
        revision: publication.revision,
      });
      setDirty(false);
      setSaved(true);
    });
  };

  const P = publication ? `/publications/${publication.id}` : '';
  const missing = LANGS.filter((l) => form[l].title.trim() === '' || form[l].body.trim() === '');

  return (
    <div className="page publications-page" data-testid="publication-editor">
      <header className="page-header">
        <h1>{publication ? titleOf(publication, lang) : t('publications.editor.newTitle')}</h1>
        {publication && <PublicationStatusBadge status={publication.status} />}
        <MissingBadges missing={missing} />
      </header>
      <p>
        <Link to="/publications">{t('publications.editor.back')}</Link>
      </p>
      {publication?.withdrawnAt && (
        <Notice kind="warning">
          {t('publications.editor.withdrawn', { reason: publication.withdrawnReason ?? '' })}
        </Notice>
      )}
      {publication && publication.status !== 'draft' && writer && (
        <Notice>{t('publications.editor.editReturnsToDraft')}</Notice>
      )}
      {saved && <Notice kind="success">{t('publications.editor.saved')}</Notice>}
      <ErrorMessage error={error} />
      <form onSubmit={(event) => void save(event)} noValidate>
        <fieldset className="form-section" disabled={!writer || busy}>
          <legend>{t('publications.editor.about')}</legend>
          <div className="pub-meta">
            <Field label={t('publications.field.kind')}>
              <select
                value={form.kind}
                onChange={(event) => update({ kind: event.target.value as PublicationKind })}
                data-testid="publication-kind"
              >
                {PUBLICATION_KINDS.map((k) => (
                  <option key={k} value={k}>
                    {t(`publications.kind.${k}`)}
                  </option>
                ))}
              </select>
            </Field>
            <Field
              label={t('publications.field.slug')}
              required
              error={errors('slug')}
              help={t('publications.slugHelp')}
            >
              <input
                value={form.slug}
                required
                minLength={3}
                maxLength={80}
                pattern="[a-z0-9][a-z0-9-]*[a-z0-9]"
                readOnly={Boolean(publication && publication.currentVersion > 0)}
                onChange={(event) => update({ slug: event.target.value.toLowerCase() })}
                data-testid="publication-slug"
              />
            </Field>
            <Field label={t('publications.field.tags')} error={errors('tags')} help={t('publications.tagsHelp')}>
              <input
                value={form.tags}
                maxLength={LIMITS.tags * (LIMITS.tagChars + 2)}
                onChange={(event) => update({ tags: event.target.value })}
                data-testid="publication-tags"
              />
            </Field>
            {!publication && permissions.writableOrgIds.length > 1 && (
              <Field label={t('publications.field.owner')}>
                <select value={form.ownerOrgId} onChange={(event) => update({ ownerOrgId: event.target.value })}>
                  {me.memberships
                    .filter((m) => permissions.writableOrgIds.includes(m.orgId))
                    .map((m) => (
                      <option key={m.orgId} value={m.orgId}>
                        {lang === 'ja' ? m.orgNameJa || m.orgNameEn : m.orgNameEn || m.orgNameJa}
                      </option>
                    ))}
                </select>
              </Field>
            )}
          </div>
        </fieldset>
        <fieldset disabled={!writer || busy} className="pub-plain">
          <SharingFields form={sharingForm} set={setSharing} errors={{ ...fieldsOf(error) }} />
        </fieldset>
        <fieldset disabled={!writer || busy} className="pub-plain">
          <FieldSet
            legend={<span id="pub-reviewers-label">{t('publications.field.reviewers')}</span>}
            error={errors('reviewerUserIds')}
            help={t('publications.reviewersHelp')}
          >
            <UserPicker
              value={form.reviewerUserIds}
              onChange={(ids) => update({ reviewerUserIds: ids.filter((u) => u !== me.id) })}
              labelId="pub-reviewers-label"
              testId="publication-reviewers"
              invalid={Boolean(errors('reviewerUserIds'))}
            />
          </FieldSet>
        </fieldset>
        <div className="pub-tabs" role="tablist" aria-label={t('publications.editor.languages')}>
          {LANGS.map((l) => (
            <button
              key={l}
              id={`pub-tab-${l}`}
              type="button"
              role="tab"
              className="btn btn-small"
              aria-selected={tab === l}
              aria-controls={`pub-pane-${l}`}
              onClick={() => setTab(l)}
            >
              {t(`publications.lang.${l}`)}
            </button>
          ))}
        </div>
        <div className="pub-panes">
          {LANGS.map((l) => (
            <LanguagePane
              key={l}
              lang={l}
              value={form[l]}
              onChange={(value) => update({ [l]: value })}
              audience={{
                ownerOrgId: form.ownerOrgId,
                scope: form.scope,
                marking: form.marking,
                sharingGroupId: form.sharingGroupId,
              }}
              readOnly={!writer}
              active={tab === l}
              errors={errors}
            />
          ))}
        </div>
        {writer && (
          <div className="pub-actions">
            <button type="submit" className="btn btn-primary" disabled={busy} data-testid="publication-save">
              {publication ? t('publications.editor.save') : t('publications.editor.create')}
            </button>
            {dirty && publication && <span className="muted">{t('publications.editor.unsaved')}</span>}
          </div>
        )}
      </form>
      {publication && writer && (
        <div className="pub-actions" data-testid="publication-workflow">
          {publication.status === 'draft' && (
            <ConfirmButton
              label={t('publications.action.submit')}
              question={t('publications.action.submitQuestion')}
              disabled={busy || dirty || publication.reviewerUserIds.length === 0}
              onConfirm={() => void act(() => api.post(`${P}/submit?revision=${publication.revision}`))}
              testId="publication-submit"
            />
          )}
          {publication.status === 'in_review' && (
            <ConfirmButton
              label={t('publications.action.publish')}
              question={t('publications.action.publishQuestion')}
              disabled={busy || dirty}
              onConfirm={() => void act(() => api.post(`${P}/publish?revision=${publication.revision}`))}
              testId="publication-publish"
            />
          )}
          {publication.liveVersion !== null && (
            <ConfirmButton
              label={t('publications.action.withdraw')}
              question={t('publications.action.withdrawQuestion')}
              reason={{ label: t('publications.action.withdrawReason'), maxLength: 2000 }}
              danger
              disabled={busy}
              onConfirm={(reason) => void act(() => api.post(`${P}/withdraw`, { reason }))}
              testId="publication-withdraw"
            />
          )}
          {publication.status === 'draft' && publication.currentVersion === 0 && (
            <ConfirmButton
              label={t('publications.action.delete')}
              question={t('publications.action.deleteQuestion')}
              danger
              disabled={busy}
              onConfirm={() =>
                void act(async () => {
                  await api.del(P);
                  void navigate('/publications', { replace: true });
                })
              }
              testId="publication-delete"
            />
          )}
          {dirty && <span className="muted">{t('publications.action.saveFirst')}</span>}
          {publication.status === 'draft' && publication.reviewerUserIds.length === 0 && (
            <span className="muted">{t('publications.action.needsReviewer')}</span>
          )}
        </div>
      )}
      {publication && (
        <ReviewPanel
          key={`${publication.status}-${publication.reviewRound}`}
          publication={publication}
          meId={me.id}
          onChanged={onChanged}
        />
      )}
      {publication && (
        <VersionsPanel key={publication.currentVersion} id={publication.id} live={publication.liveVersion} />
      )}
    </div>
  );
}

function pickSharing(form: FormState) {
  return {
    scope: form.scope,
    marking: form.marking,
    sharingGroupId: form.sharingGroupId,
    recipientUserIds: form.recipientUserIds,
  };
}

function fieldsOf(error: ApiError | undefined): Record<string, string> {
  return Object.fromEntries((error?.fields ?? []).map((f) => [f.path, f.message]));
}
