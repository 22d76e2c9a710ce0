import { useState } from 'react';
import { ApiError, api, apiUrl } from '../../api';
import { techniqueUrl } from '../../constants';
import { formatBytes, formatDateTime, pick } from '../../format';
import { useBehaviourCategories } from '../../hooks/useCatalogues';
import { useLang } from '../../hooks/useLang';
import type { Behaviour } from '../../types';
import { Empty, ErrorMessage } from '../Status';
import { BehaviourForm } from './BehaviourForm';

/** The attacker's behaviours in time order, with ATT&CK technique chips and attachments. */
export function Timeline({
  caseId,
  behaviours,
  techniqueNames,
  canWrite,
  onChanged,
}: {
  caseId: string;
  behaviours: Behaviour[];
  techniqueNames: Map<string, string>;
  canWrite: boolean;
  onChanged: () => void;
}) {
  const { t, lang } = useLang();
  const categories = useBehaviourCategories();
  const [error, setError] = useState<ApiError | undefined>(undefined);
  const [deleting, setDeleting] = useState<string | null>(null);
  const [editingId, setEditingId] = useState<string | null>(null);
  const names = new Map((categories.items ?? []).map((item) => [item.key, pick(item, lang)]));
  const sorted = [...behaviours].sort((a, b) => a.occurredAt.localeCompare(b.occurredAt));

  const remove = async (behaviour: Behaviour) => {
    if (!window.confirm(t('behaviour.confirmDelete'))) return;
    setDeleting(behaviour.id);
    setError(undefined);
    try {
      await api.del(`/cases/${caseId}/behaviours/${behaviour.id}`);
      onChanged();
    } catch (caught) {
      if (caught instanceof ApiError) setError(caught);
    } finally {
      setDeleting(null);
    }
  };

  return (
    <div data-testid="timeline">
      <ErrorMessage error={error} />
      {sorted.length === 0 ? (
        <Empty>{t('behaviour.empty')}</Empty>
      ) : (
        <ol className="timeline">
          {sorted.map((behaviour) => {
            const action = lang === 'ja' && behaviour.actionJa ? behaviour.actionJa : behaviour.action;
            const notes = lang === 'ja' && behaviour.notesJa ? behaviour.notesJa : behaviour.notes;
            if (canWrite && editingId === behaviour.id) {
              return (
                <li key={behaviour.id} className="timeline-item timeline-item-editing">
                  <BehaviourForm
                    caseId={caseId}
                    editing={behaviour}
                    techniqueNames={techniqueNames}
                    onAdded={() => {
                      setEditingId(null);
                      onChanged();
                    }}
                    onCancel={() => setEditingId(null)}
                  />
                </li>
              );
            }
            return (
              <li key={behaviour.id} className="timeline-item" data-testid={`timeline-item-${behaviour.id}`}>
                <div className="timeline-time">
                  <time dateTime={behaviour.occurredAt}>{formatDateTime(behaviour.occurredAt, lang)}</time>
                </div>
                <div className="timeline-body">
                  <div className="timeline-head">
                    <span className={`category category-${behaviour.category}`}>
                      {names.get(behaviour.category) ?? behaviour.category}
                    </span>
                    <span className="timeline-action">{action}</span>
                    {canWrite && (
                      <button
                        type="button"
                        className="btn btn-small btn-link"
                        onClick={() => setEditingId(behaviour.id)}
                        aria-label={t('behaviour.edit', { action })}
                        data-testid="behaviour-edit-button"
                      >
                        {t('common.edit')}
                      </button>
                    )}
                    {canWrite && (
                      <button
                        type="button"
                        className="btn btn-small btn-link btn-danger-link"
                        onClick={() => void remove(behaviour)}
                        disabled={deleting === behaviour.id}
                        aria-label={t('behaviour.delete')}
                      >
                        {t('common.delete')}
                      </button>
                    )}
                  </div>
                  {behaviour.techniqueIds.length > 0 && (
                    <ul className="chips">
                      {behaviour.techniqueIds.map((id) => (
                        <li key={id} className="chip chip-technique">
                          <a
                            href={techniqueUrl(id)}
                            target="_blank"
                            rel="noreferrer noopener"
                            title={techniqueNames.get(id)}
                          >
                            <span className="mono">{id}</span>
                            {techniqueNames.get(id) && <span className="chip-name">{techniqueNames.get(id)}</span>}
                          </a>
                        </li>
                      ))}
                    </ul>
                  )}
                  {notes && <p className="timeline-notes">{notes}</p>}
                  {behaviour.attachments.length > 0 && (
                    <ul className="attachment-list">
                      {behaviour.attachments.map((file) => (
                        <li key={file.id}>
                          <a href={apiUrl(`/cases/${caseId}/files/${file.id}/download`)} download>
                            {file.filename}
                          </a>{' '}
                          <span className="muted small">{formatBytes(file.size, lang)}</span>
                        </li>
                      ))}
                    </ul>
                  )}
                </div>
              </li>
            );
          })}
        </ol>
      )}
    </div>
  );
}
