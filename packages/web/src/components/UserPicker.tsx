import { useState } from 'react';
import { useMe } from '../hooks/useAuth';
import { COLLEAGUE_PAGE, useColleagues } from '../hooks/useColleagues';
import { useLang } from '../hooks/useLang';
import type { Colleague } from '../types';
import { Loading } from './Status';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function parseIds(text: string): string[] {
  return [
    ...new Set(
      text
        .split(/[\s,;]+/)
        .map((part) => part.trim())
        .filter(Boolean),
    ),
  ];
}

/** The person's organisations, in the reader's language. */
function orgNames(person: Colleague, lang: string): string {
  return person.orgs.map((org) => (lang === 'ja' ? org.nameJa : org.nameEn)).join(', ');
}

/**
 * Picks colleagues by name: a searchable checklist of the people the user may name on a case (their own
 * organisations' members and, given `sharingGroupId`, the group's members), from GET /colleagues. Should the hub
 * refuse the list, a text field of user ids.
 */
export function UserPicker({
  value,
  onChange,
  labelId,
  testId,
  invalid = false,
  sharingGroupId,
}: {
  value: string[];
  onChange: (ids: string[]) => void;
  labelId: string;
  testId?: string;
  invalid?: boolean;
  sharingGroupId?: string | null;
}) {
  const { t, lang } = useLang();
  const me = useMe();
  const [filter, setFilter] = useState('');
  const { colleagues, known, total, loading } = useColleagues(filter, sharingGroupId);
  const [text, setText] = useState(value.join(', '));

  if (colleagues === undefined) return <Loading inline />;

  if (colleagues === null) {
    const bad = parseIds(text).filter((id) => !UUID.test(id));
    return (
      <div className="user-picker" data-testid={testId}>
        <textarea
          rows={2}
          className="mono"
          aria-labelledby={labelId}
          aria-invalid={invalid || bad.length > 0 || undefined}
          value={text}
          placeholder={t('userPicker.idsPlaceholder')}
          onChange={(event) => {
            setText(event.target.value);
            onChange(parseIds(event.target.value));
          }}
        />
        <div className="field-help">{t('userPicker.idsHelp')}</div>
        {!value.includes(me.id) && (
          <button
            type="button"
            className="btn btn-small user-picker-me"
            onClick={() => {
              const next = [...value, me.id];
              setText(next.join(', '));
              onChange(next);
            }}
            data-testid={testId ? `${testId}-add-me` : undefined}
          >
            {t('userPicker.addMe')}
          </button>
        )}
        {bad.length > 0 && <div className="field-error">{t('userPicker.badIds', { ids: bad.join(', ') })}</div>}
      </div>
    );
  }

  const visible = colleagues;
  const picked = value.filter((id) => !visible.some((person) => person.id === id));
  const toggle = (id: string, on: boolean) => onChange(on ? [...value, id] : value.filter((v) => v !== id));

  return (
    <div className={invalid ? 'user-picker user-picker-invalid' : 'user-picker'} data-testid={testId}>
      <input
        type="search"
        value={filter}
        onChange={(event) => setFilter(event.target.value)}
        placeholder={t('userPicker.filter')}
        aria-label={t('userPicker.filter')}
      />
      <ul className="user-picker-list" role="group" aria-labelledby={labelId} aria-busy={loading}>
        {visible.map((user) => (
          <li key={user.id}>
            <label className="check">
              <input
                type="checkbox"
                checked={value.includes(user.id)}
                onChange={(event) => toggle(user.id, event.target.checked)}
                data-testid={testId ? `${testId}-${user.email}` : undefined}
              />
              <span>{user.displayName}</span>
              <span className="muted small">{user.email}</span>
              <span className="muted small">{orgNames(user, lang)}</span>
            </label>
          </li>
        ))}
        {visible.length === 0 && <li className="muted">{t('userPicker.none')}</li>}
      </ul>
      {total > visible.length && (
        <div className="field-help">{t('userPicker.more', { shown: COLLEAGUE_PAGE, total })}</div>
      )}
      {picked.length > 0 && (
        <div className="chips">
          {picked.map((id) => (
            <span key={id} className={known.has(id) ? 'chip' : 'chip mono'}>
              {known.get(id)?.displayName ?? id}
              <button
                type="button"
                className="chip-remove"
                aria-label={t('common.remove')}
                onClick={() => toggle(id, false)}
              >
                ×
              </button>
            </span>
          ))}
        </div>
      )}
      <div className="field-help">{t('userPicker.selected', { count: value.length })}</div>
    </div>
  );
}
