import { useState, type FormEvent } from 'react';
import { api } from '../../api';
import { Field } from '../../components/Field';
import { AsyncBlock, ErrorMessage } from '../../components/Status';
import { formatDateTime } from '../../format';
import { useAction, useApi } from '../../hooks/useApi';
import { useLang } from '../../hooks/useLang';
import type { Review, ReviewDecision, WorkingCopy } from './types';

const COMMENT_MAX = 10_000;

/** The review thread of a working copy, and the form to approve, request changes or comment. */
export function ReviewPanel({
  publication,
  meId,
  onChanged,
}: {
  publication: WorkingCopy;
  meId: string;
  onChanged: () => void;
}) {
  const { t, lang } = useLang();
  const reviews = useApi<{ items: Review[] }>(`/publications/${publication.id}/reviews`);
  const named = publication.reviewerUserIds.includes(meId) && publication.createdBy !== meId;
  const canDecide = named && publication.status === 'in_review';
  const [decision, setDecision] = useState<ReviewDecision>(canDecide ? 'approved' : 'comment');
  const [comment, setComment] = useState('');
  const send = useAction((body: { decision: ReviewDecision; comment: string }) =>
    api.post(`/publications/${publication.id}/reviews`, body),
  );
  const chosen = canDecide ? decision : 'comment';
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const done = await send.run({ decision: chosen, comment: comment.trim() });
    if (done) {
      setComment('');
      reviews.reload();
      onChanged();
    }
  };
  return (
    <section className="panel" aria-labelledby="pub-reviews-title" data-testid="publication-reviews">
      <h2 id="pub-reviews-title">
        {t('publications.review.title')}{' '}
        <span className="muted">{t('publications.review.round', { round: publication.reviewRound })}</span>
      </h2>
      <AsyncBlock state={reviews}>
        {(data) =>
          data.items.length === 0 ? (
            <p className="muted">{t('publications.review.none')}</p>
          ) : (
            <ol className="pub-thread">
              {data.items.map((r) => (
                <li key={r.id} data-decision={r.decision}>
                  <strong>{r.reviewerName ?? r.reviewerUserId}</strong> ·{' '}
                  {t(`publications.review.decision.${r.decision}`)} ·{' '}
                  <span className="muted">
                    {t('publications.review.round', { round: r.round })} {formatDateTime(r.createdAt, lang)}
                  </span>
                  {r.comment && <div className="pub-comment">{r.comment}</div>}
                </li>
              ))}
            </ol>
          )
        }
      </AsyncBlock>
      <form onSubmit={(event) => void submit(event)} className="form">
        <ErrorMessage error={send.error} />
        {canDecide && (
          <Field label={t('publications.review.decisionLabel')}>
            <select
              value={decision}
              onChange={(event) => setDecision(event.target.value as ReviewDecision)}
              data-testid="publication-review-decision"
            >
              {(['approved', 'changes_requested', 'comment'] as const).map((d) => (
                <option key={d} value={d}>
                  {t(`publications.review.decision.${d}`)}
                </option>
              ))}
            </select>
          </Field>
        )}
        <Field label={t('publications.review.comment')} help={t('publications.review.commentHelp')}>
          <textarea
            rows={3}
            value={comment}
            maxLength={COMMENT_MAX}
            onChange={(event) => setComment(event.target.value)}
            onKeyDown={(event) => {
              if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) event.currentTarget.form?.requestSubmit();
            }}
            data-testid="publication-review-comment"
          />
        </Field>
        <button
          type="submit"
          className="btn btn-primary"
          disabled={send.pending || (chosen === 'comment' && comment.trim() === '')}
          data-testid="publication-review-send"
        >
          {t(`publications.review.send.${chosen}`)}
        </button>
      </form>
    </section>
  );
}
