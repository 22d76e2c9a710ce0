import { Fragment, useState, type FormEvent, type KeyboardEvent } from 'react';
import { ApiError, api } from '../../api';
import { formatDateTime, formatRelative } from '../../format';
import { useApi } from '../../hooks/useApi';
import { useLang } from '../../hooks/useLang';
import type { Comment, Items } from '../../types';
import { Empty, ErrorMessage, Loading } from '../Status';

const MENTION = /(@[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,})/g;

/** A comment body with @email mentions highlighted. */
function Body({ text }: { text: string }) {
  const parts = text.split(MENTION);
  return (
    <p className="comment-body">
      {parts.map((part, index) =>
        index % 2 === 1 ? (
          <span key={index} className="mention">
            {part}
          </span>
        ) : (
          <Fragment key={index}>{part}</Fragment>
        ),
      )}
    </p>
  );
}

export function Comments({ caseId }: { caseId: string }) {
  const { t, lang } = useLang();
  const list = useApi<Items<Comment>>(`/cases/${caseId}/comments`);
  const [body, setBody] = useState('');
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<ApiError | undefined>(undefined);

  const submit = async () => {
    if (!body.trim()) return;
    setPending(true);
    setError(undefined);
    try {
      const created = await api.post<Comment>(`/cases/${caseId}/comments`, { body: body.trim() });
      setBody('');
      if (created && typeof created === 'object' && 'id' in created) {
        list.setData((previous) => ({ items: [...(previous?.items ?? []), created] }));
      } else {
        list.reload();
      }
    } catch (caught) {
      setError(caught instanceof ApiError ? caught : new ApiError(0, 'CLIENT', String(caught)));
    } finally {
      setPending(false);
    }
  };

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    void submit();
  };
  const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      void submit();
    }
  };

  return (
    <div className="comments" data-testid="comments">
      {list.error && <ErrorMessage error={list.error} onRetry={list.reload} />}
      {!list.data && !list.error && <Loading inline />}
      {list.data && list.data.items.length === 0 && <Empty>{t('comments.empty')}</Empty>}
      {list.data && list.data.items.length > 0 && (
        <ol className="comment-list">
          {list.data.items.map((comment) => (
            <li key={comment.id} className="comment">
              <div className="comment-head">
                <span className="strong">{comment.authorName}</span>
                <time
                  dateTime={comment.createdAt}
                  title={formatDateTime(comment.createdAt, lang)}
                  className="muted small"
                >
                  {formatRelative(comment.createdAt, lang)}
                </time>
              </div>
              <Body text={comment.body} />
            </li>
          ))}
        </ol>
      )}
      <form className="form comment-form" onSubmit={onSubmit}>
        <ErrorMessage error={error} />
        <label className="field-label" htmlFor={`comment-${caseId}`}>
          {t('comments.add')}
        </label>
        <textarea
          id={`comment-${caseId}`}
          rows={3}
          value={body}
          onChange={(event) => setBody(event.target.value)}
          onKeyDown={onKeyDown}
          placeholder={t('comments.placeholder')}
          aria-describedby={`comment-${caseId}-help`}
          data-testid="comment-body"
        />
        <div className="comment-actions">
          <span id={`comment-${caseId}-help`} className="field-help">
            {t('comments.help')}
          </span>
          <button
            type="submit"
            className="btn btn-primary"
            disabled={pending || !body.trim()}
            data-testid="comment-submit"
          >
            {pending ? t('common.saving') : t('comments.post')}
          </button>
        </div>
      </form>
    </div>
  );
}
