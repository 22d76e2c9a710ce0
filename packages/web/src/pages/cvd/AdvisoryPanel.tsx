import { useState } from 'react';
import { ApiError, api, apiUrl } from '../../api';
import { Field } from '../../components/Field';
import { ErrorMessage, Loading } from '../../components/Status';
import { formatDateTime } from '../../format';
import { useApi } from '../../hooks/useApi';
import { useLang } from '../../hooks/useLang';
import type { CvdCase } from './types';

/** What the hub's advisories API answers (packages/hub/src/modules/cvd/advisories.service.ts). */
type AdvisoryLang = 'en' | 'ja';
interface CsafProblem {
  test: string;
  path: string;
  message: string;
}
interface AdvisoryPreview {
  trackingId: string;
  version: number;
  lang: AdvisoryLang;
  csaf: unknown;
  validation: { valid: boolean; errors: CsafProblem[] };
  blockers: { code: 'STATUS' | 'EMBARGO' | 'CSAF'; message: string }[];
  canPublish: boolean;
}
interface AdvisoryVersion {
  id: string;
  trackingId: string;
  version: number;
  summary: string;
  lang: AdvisoryLang;
  publishedAt: string;
  publicUrls: Record<AdvisoryLang, string>;
}

const asApiError = (caught: unknown) =>
  caught instanceof ApiError ? caught : new ApiError(0, 'CLIENT', String(caught));
/** The hub's publish refusals list CSAF problems as "[6.1.6] message": split them back into test and message. */
const splitProblem = (p: { path: string; message: string }): CsafProblem => {
  const match = /^\[([^\]]+)\] (.*)$/s.exec(p.message);
  return { test: match?.[1] ?? '', path: p.path, message: match?.[2] ?? p.message };
};

function ProblemList({ problems }: { problems: CsafProblem[] }) {
  const { t } = useLang();
  return (
    <ul className="advisory-problems" data-testid="advisory-problems">
      {problems.map((p, i) => (
        <li key={`${p.path}-${i}`}>
          <code>{p.test === 'schema' ? t('advisory.schema') : p.test || '—'}</code> <code>{p.path || '/'}</code>{' '}
          {p.message}
        </li>
      ))}
    </ul>
  );
}

/**
 * Mount it with `key={c.revision}` so that it reloads when the case changes.
 *
 * The "Advisory" panel of a vulnerability case: the CSAF 2.0 document the next version would be (collapsible),
 * its validation problems with their mandatory-test ids, publication with a confirmation step, and the published
 * versions with links to the public page and the CSAF / STIX downloads.
 */
export function AdvisoryPanel({ c, onPublished }: { c: CvdCase; onPublished: () => void }) {
  const { t, lang } = useLang();
  // The console's language when the case has a title in it, else the language the case is written in.
  const [docLang, setDocLang] = useState<AdvisoryLang>(
    lang === 'ja' && c.titleJa.trim() ? 'ja' : c.titleEn.trim() ? 'en' : 'ja',
  );
  const base = `/cvd/cases/${c.id}`;
  const preview = useApi<AdvisoryPreview>(`${base}/advisory/preview`, { lang: docLang });
  const versions = useApi<{ items: AdvisoryVersion[] }>(`${base}/advisories`);
  const [confirming, setConfirming] = useState(false);
  const [summary, setSummary] = useState('');
  const [overrideReason, setOverrideReason] = useState('');
  const [error, setError] = useState<ApiError | undefined>(undefined);
  const [pending, setPending] = useState(false);

  const p = preview.data;
  const embargoed = p?.blockers.some((b) => b.code === 'EMBARGO') ?? false;
  const blocked = p ? p.blockers.some((b) => b.code !== 'EMBARGO') || (embargoed && !overrideReason.trim()) : true;
  const items = versions.data?.items ?? [];

  const publish = async () => {
    setPending(true);
    setError(undefined);
    try {
      await api.post(`${base}/advisory/publish`, {
        lang: docLang,
        ...(summary.trim() ? { summary: summary.trim() } : {}),
        ...(embargoed ? { embargoOverrideReason: overrideReason.trim() } : {}),
      });
      setConfirming(false);
      setSummary('');
      setOverrideReason('');
      versions.reload();
      preview.reload();
      onPublished();
    } catch (caught) {
      setError(asApiError(caught));
    } finally {
      setPending(false);
    }
  };

  return (
    <section className="panel advisory-panel" aria-labelledby="advisory-h" data-testid="advisory-panel">
      <h2 id="advisory-h">{t('advisory.title')}</h2>
      <Field label={t('advisory.language')}>
        <select
          value={docLang}
          onChange={(e) => setDocLang(e.target.value as AdvisoryLang)}
          data-testid="advisory-lang"
        >
          <option value="en">English</option>
          <option value="ja">日本語</option>
        </select>
      </Field>

      {preview.loading && !p ? <Loading inline /> : null}
      <ErrorMessage error={preview.error} onRetry={preview.reload} />
      {p && (
        <>
          <p data-testid="advisory-next">
            {t('advisory.next', { trackingId: p.trackingId, version: p.version })}{' '}
            {p.validation.valid ? (
              <span className="chip chip-ok" data-testid="advisory-valid">
                {t('advisory.valid')}
              </span>
            ) : (
              <span className="chip chip-warn" data-testid="advisory-invalid">
                {t('advisory.invalid', { count: p.validation.errors.length })}
              </span>
            )}
          </p>
          {!p.validation.valid && <ProblemList problems={p.validation.errors} />}
          {p.blockers
            .filter((b) => b.code !== 'CSAF')
            .map((b) => (
              <p key={b.code} className="muted small" data-testid={`advisory-blocker-${b.code.toLowerCase()}`}>
                {t(`advisory.blocker.${b.code}`)}
              </p>
            ))}
          <details className="advisory-json">
            <summary>{t('advisory.showJson')}</summary>
            <pre data-testid="advisory-json" style={{ maxHeight: '28rem', overflow: 'auto' }}>
              {JSON.stringify(p.csaf, null, 2)}
            </pre>
          </details>

          {p.canPublish && (
            <div className="advisory-publish">
              <ErrorMessage error={error} />
              {error && error.fields.length > 0 && <ProblemList problems={error.fields.map(splitProblem)} />}
              {!confirming ? (
                <div className="form-actions">
                  <button
                    type="button"
                    className="btn btn-primary"
                    disabled={p.blockers.some((b) => b.code !== 'EMBARGO')}
                    onClick={() => setConfirming(true)}
                    data-testid="advisory-publish"
                  >
                    {t('advisory.publish', { version: p.version })}
                  </button>
                </div>
              ) : (
                <div className="advisory-confirm" role="group" aria-label={t('advisory.confirmTitle')}>
                  <p>
                    <strong>{t('advisory.confirmTitle')}</strong> {t('advisory.confirmText')}
                  </p>
                  <Field label={t('advisory.summary')} help={t('advisory.summaryHint')}>
                    <input
                      value={summary}
                      maxLength={2000}
                      onChange={(e) => setSummary(e.target.value)}
                      data-testid="advisory-summary"
                    />
                  </Field>
                  {embargoed && (
                    <Field label={t('advisory.overrideReason')}>
                      <input
                        value={overrideReason}
                        maxLength={1000}
                        onChange={(e) => setOverrideReason(e.target.value)}
                        data-testid="advisory-override"
                      />
                    </Field>
                  )}
                  <div className="form-actions">
                    <button
                      type="button"
                      className="btn btn-primary"
                      disabled={pending || blocked}
                      onClick={() => void publish()}
                      data-testid="advisory-confirm"
                    >
                      {t('advisory.confirm')}
                    </button>
                    <button type="button" className="btn" disabled={pending} onClick={() => setConfirming(false)}>
                      {t('common.cancel')}
                    </button>
                  </div>
                </div>
              )}
            </div>
          )}
        </>
      )}

      <h3>{t('advisory.versions')}</h3>
      <ErrorMessage error={versions.error} onRetry={versions.reload} />
      {items.length === 0 ? (
        <p className="muted" data-testid="advisory-none">
          {t('advisory.none')}
        </p>
      ) : (
        <ol className="advisory-versions" data-testid="advisory-versions">
          {[...items].reverse().map((v) => (
            <li key={v.id}>
              <strong>{t('advisory.version', { version: v.version })}</strong> {formatDateTime(v.publishedAt, lang)}
              {v.summary ? ` — ${v.summary}` : ''}
              <br />
              <a href={v.publicUrls.ja} target="_blank" rel="noreferrer">
                {t('advisory.publicPage')} (日本語)
              </a>{' '}
              ·{' '}
              <a href={v.publicUrls.en} target="_blank" rel="noreferrer">
                {t('advisory.publicPage')} (English)
              </a>
            </li>
          ))}
        </ol>
      )}
      {items.length > 0 && (
        <p className="form-actions">
          <a className="btn btn-small" href={apiUrl(`${base}/advisory.csaf.json`)} data-testid="advisory-csaf">
            {t('advisory.downloadCsaf')}
          </a>
          <a className="btn btn-small" href={apiUrl(`${base}/advisory.stix.json`)} data-testid="advisory-stix">
            {t('advisory.downloadStix')}
          </a>
        </p>
      )}
    </section>
  );
}

export default AdvisoryPanel;
