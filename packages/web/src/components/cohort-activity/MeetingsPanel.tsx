import { useState } from 'react';
import { api } from '../../api';
import { formatDateTime } from '../../format';
import { useAction, useApi } from '../../hooks/useApi';
import { useLang } from '../../hooks/useLang';
import type { CohortMember } from '../cohorts/cohortTypes';
import { Empty, ErrorMessage, Loading } from '../Status';
import { activityPath, type Meeting } from './activityTypes';
import { MeetingForm } from './MeetingForm';

function MeetingView({
  cohortId,
  meeting,
  teaches,
  members,
  onChanged,
}: {
  cohortId: string;
  meeting: Meeting;
  teaches: boolean;
  members: CohortMember[];
  onChanged: (meeting?: Meeting) => void;
}) {
  const { t, lang } = useLang();
  const [editing, setEditing] = useState(false);
  const tick = useAction((index: number, done: boolean) =>
    api.post<Meeting>(activityPath.itemDone(cohortId, meeting.id, index), { done }),
  );
  const remove = useAction(() => api.del(activityPath.meeting(cohortId, meeting.id)));
  const onDelete = async () => {
    if (!window.confirm(t('cohortActivity.meetings.confirmDelete', { title: meeting.title }))) return;
    await remove.run();
    onChanged();
  };
  if (editing) {
    return (
      <li className="comment">
        <MeetingForm
          cohortId={cohortId}
          members={members}
          meeting={meeting}
          onSaved={() => {
            setEditing(false);
            onChanged();
          }}
          onCancel={() => setEditing(false)}
        />
      </li>
    );
  }
  return (
    <li className="comment" data-testid="meeting">
      <div className="comment-head">
        <strong data-testid="meeting-name">{meeting.title}</strong>
        <span className="muted small">{formatDateTime(meeting.at, lang)}</span>
        {teaches && (
          <span className="comment-actions">
            <button type="button" className="btn-link" onClick={() => setEditing(true)} data-testid="meeting-edit">
              {t('cohortActivity.edit')}
            </button>
            <button type="button" className="btn-link btn-danger-link" onClick={() => void onDelete()}>
              {t('cohortActivity.delete')}
            </button>
          </span>
        )}
      </div>
      {/* the hub renders the notes from Markdown and lets no raw HTML through */}
      <div className="markdown comment-body" dangerouslySetInnerHTML={{ __html: meeting.notesHtml }} />
      {meeting.actionItems.length > 0 && (
        <ul className="check-group" aria-label={t('cohortActivity.meetings.items')}>
          {meeting.actionItems.map((item) => (
            <li key={item.index}>
              <label className="check" data-testid="meeting-item" data-mine={item.mine}>
                <input
                  type="checkbox"
                  checked={item.done}
                  disabled={(!teaches && !item.mine) || tick.pending}
                  onChange={(e) => {
                    void tick.run(item.index, e.target.checked).then((updated) => updated && onChanged(updated));
                  }}
                />
                {item.text}
                <span className="muted small">{item.ownerName ? ` — ${item.ownerName}` : ''}</span>
              </label>
            </li>
          ))}
        </ul>
      )}
      <ErrorMessage error={tick.error ?? remove.error} />
    </li>
  );
}

/** Progress meetings: newest first, notes and action items; a learner ticks only their own items. */
export function MeetingsPanel({
  cohortId,
  teaches,
  members,
}: {
  cohortId: string;
  teaches: boolean;
  members: CohortMember[];
}) {
  const { t } = useLang();
  const list = useApi<{ items: Meeting[] }>(activityPath.meetings(cohortId));
  const [adding, setAdding] = useState(false);
  const onChanged = (updated?: Meeting) => {
    if (!updated) return list.reload();
    list.setData((previous) =>
      previous ? { items: previous.items.map((m) => (m.id === updated.id ? updated : m)) } : previous,
    );
  };
  return (
    <section className="panel" data-testid="cohort-meetings" aria-labelledby="cohort-meetings-title">
      <div className="panel-header-row">
        <h2 id="cohort-meetings-title">{t('cohortActivity.meetings.title')}</h2>
        {teaches && !adding && (
          <button type="button" className="btn btn-small" onClick={() => setAdding(true)} data-testid="meeting-new">
            {t('cohortActivity.meetings.new')}
          </button>
        )}
      </div>
      {adding && (
        <MeetingForm
          cohortId={cohortId}
          members={members}
          onSaved={() => {
            setAdding(false);
            list.reload();
          }}
          onCancel={() => setAdding(false)}
        />
      )}
      <ErrorMessage error={list.error} onRetry={list.reload} />
      {!list.data && list.loading && <Loading inline />}
      {list.data?.items.length === 0 && <Empty>{t('cohortActivity.meetings.empty')}</Empty>}
      {list.data && list.data.items.length > 0 && (
        <ul className="comment-list">
          {list.data.items.map((meeting) => (
            <MeetingView
              key={meeting.id}
              cohortId={cohortId}
              meeting={meeting}
              teaches={teaches}
              members={members}
              onChanged={onChanged}
            />
          ))}
        </ul>
      )}
    </section>
  );
}
