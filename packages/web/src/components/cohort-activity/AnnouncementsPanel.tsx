import { useState, type FormEvent } from 'react';
import { api } from '../../api';
import { formatDateTime } from '../../format';
import { useAction, useApi } from '../../hooks/useApi';
import { useLang } from '../../hooks/useLang';
import { Empty, ErrorMessage, Loading } from '../Status';
import { activityPath, type Announcement, type AnnouncementPage } from './activityTypes';

const PAGE = 10;

function AnnouncementForm({ cohortId, onPosted }: { cohortId: string; onPosted: () => void }) {
  const { t } = useLang();
  const [title, setTitle] = useState('');
  const [body, setBody] = useState('');
  const [pinned, setPinned] = useState(false);
  const post = useAction(() =>
    api.post<Announcement>(activityPath.announcements(cohortId), { title: title.trim(), body, pinned }),
  );
  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    if ((await post.run()) === undefined) return;
    setTitle('');
    setBody('');
    setPinned(false);
    onPosted();
  };
  return (
    <form className="form" onSubmit={(event) => void onSubmit(event)} data-testid="announcement-form">
      <label className="field">
        <span className="field-label">{t('cohortActivity.announcements.titleField')}</span>
        <input
          value={title}
          maxLength={200}
          required
          onChange={(e) => setTitle(e.target.value)}
          data-testid="announcement-title"
        />
      </label>
      <label className="field">
        <span className="field-label">{t('cohortActivity.announcements.body')}</span>
        <textarea
          value={body}
          rows={4}
          maxLength={20_000}
          required
          onChange={(e) => setBody(e.target.value)}
          data-testid="announcement-body"
        />
        <span className="field-help">{t('cohortActivity.markdownHelp')}</span>
      </label>
      <label className="check">
        <input type="checkbox" checked={pinned} onChange={(e) => setPinned(e.target.checked)} />
        {t('cohortActivity.announcements.pin')}
      </label>
      <div className="form-actions">
        <button
          type="submit"
          className="btn btn-primary"
          disabled={post.pending || !title.trim() || !body.trim()}
          data-testid="announcement-submit"
        >
          {t('cohortActivity.announcements.post')}
        </button>
      </div>
      <ErrorMessage error={post.error} />
    </form>
  );
}

/** The cohort's announcements, pinned first then newest first; those who teach post and delete them. */
export function AnnouncementsPanel({ cohortId, teaches }: { cohortId: string; teaches: boolean }) {
  const { t, lang } = useLang();
  const [offset, setOffset] = useState(0);
  const list = useApi<AnnouncementPage>(activityPath.announcements(cohortId), { limit: PAGE, offset });
  const remove = useAction((id: string) => api.del(activityPath.announcement(cohortId, id)));
  const onDelete = async (item: Announcement) => {
    if (!window.confirm(t('cohortActivity.announcements.confirmDelete', { title: item.title }))) return;
    await remove.run(item.id);
    list.reload();
  };
  const data = list.data;
  return (
    <section className="panel" data-testid="cohort-announcements" aria-labelledby="cohort-announcements-title">
      <h2 id="cohort-announcements-title">
        {t('cohortActivity.announcements.title')} {data && <span className="count-pill">{data.total}</span>}
      </h2>
      {teaches && <AnnouncementForm cohortId={cohortId} onPosted={() => (offset ? setOffset(0) : list.reload())} />}
      <ErrorMessage error={list.error ?? remove.error} onRetry={list.error ? list.reload : undefined} />
      {!data && list.loading && <Loading inline />}
      {data && data.items.length === 0 && <Empty>{t('cohortActivity.announcements.empty')}</Empty>}
      {data && data.items.length > 0 && (
        <ul className="comment-list">
          {data.items.map((item) => (
            <li key={item.id} className="comment" data-testid="announcement" data-pinned={item.pinned}>
              <div className="comment-head">
                <strong>{item.title}</strong>
                {item.pinned && <span className="chip chip-accent">{t('cohortActivity.announcements.pinned')}</span>}
                <span className="muted small">
                  {item.authorName ?? '—'} · {formatDateTime(item.createdAt, lang)}
                </span>
                {teaches && (
                  <button
                    type="button"
                    className="btn-link btn-danger-link"
                    onClick={() => void onDelete(item)}
                    data-testid="announcement-delete"
                  >
                    {t('cohortActivity.delete')}
                  </button>
                )}
              </div>
              {/* the hub renders the body from Markdown and lets no raw HTML through */}
              <div
                className="markdown comment-body"
                data-testid="announcement-html"
                dangerouslySetInnerHTML={{ __html: item.bodyHtml }}
              />
            </li>
          ))}
        </ul>
      )}
      {data && data.total > PAGE && (
        <nav className="pagination" aria-label={t('cohortActivity.announcements.title')}>
          <button
            type="button"
            className="btn btn-small"
            disabled={offset === 0}
            onClick={() => setOffset(Math.max(0, offset - PAGE))}
          >
            {t('cohortActivity.newer')}
          </button>
          <span className="pagination-range">
            {offset + 1}–{Math.min(offset + PAGE, data.total)} / {data.total}
          </span>
          <button
            type="button"
            className="btn btn-small"
            disabled={offset + PAGE >= data.total}
            onClick={() => setOffset(offset + PAGE)}
          >
            {t('cohortActivity.older')}
          </button>
        </nav>
      )}
    </section>
  );
}
