import { useState, type FormEvent } from 'react';
import { api } from '../../api';
import { formatDateTime } from '../../format';
import { useAction } from '../../hooks/useApi';
import { useLang } from '../../hooks/useLang';
import { Empty, ErrorMessage } from '../Status';
import { submissionPath, type Submission } from './submissionTypes';

/** The comments on a submission, oldest first, and a box to add one (to the whole work or one section). */
export function SubmissionComments({ submission, onAdded }: { submission: Submission; onAdded: () => void }) {
  const { t, lang } = useLang();
  const [body, setBody] = useState('');
  const [section, setSection] = useState('');
  const add = useAction(() =>
    api.post(submissionPath.api.comments(submission.id), { body, ...(section ? { section } : {}) }),
  );
  const titleOf = (id: string | null) => submission.sections.find((s) => s.id === id)?.title ?? id;
  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    if ((await add.run()) !== undefined) {
      setBody('');
      onAdded();
    }
  };
  return (
    <section className="panel" data-testid="submission-comments" aria-labelledby="submission-comments-title">
      <h2 id="submission-comments-title">
        {t('submissions.comments.title')} <span className="count-pill">{submission.comments.length}</span>
      </h2>
      {submission.comments.length === 0 ? (
        <Empty>{t('submissions.comments.none')}</Empty>
      ) : (
        <ol className="comment-list">
          {submission.comments.map((c) => (
            <li key={c.id} className="comment" data-testid="submission-comment">
              <div className="muted small">
                <strong>{c.author.displayName ?? t('submissions.comments.someone')}</strong> ·{' '}
                {formatDateTime(c.createdAt, lang)}
                {c.section && <> · {t('submissions.comments.on', { section: titleOf(c.section) })}</>}
              </div>
              <div className="markdown comment-body" dangerouslySetInnerHTML={{ __html: c.html }} />
            </li>
          ))}
        </ol>
      )}
      <form className="form" onSubmit={(event) => void onSubmit(event)}>
        {submission.sections.length > 0 && (
          <label className="field">
            <span className="field-label">{t('submissions.comments.section')}</span>
            <select value={section} onChange={(e) => setSection(e.target.value)} data-testid="comment-section">
              <option value="">{t('submissions.comments.whole')}</option>
              {submission.sections.map((s) => (
                <option key={s.id} value={s.id}>
                  {s.title}
                </option>
              ))}
            </select>
          </label>
        )}
        <label className="field">
          <span className="field-label">{t('submissions.comments.add')}</span>
          <textarea
            rows={3}
            maxLength={10_000}
            value={body}
            onChange={(e) => setBody(e.target.value)}
            data-testid="comment-body"
          />
        </label>
        <button type="submit" className="btn" disabled={add.pending || !body.trim()} data-testid="comment-submit">
          {t('submissions.comments.post')}
        </button>
        <ErrorMessage error={add.error} />
      </form>
    </section>
  );
}
