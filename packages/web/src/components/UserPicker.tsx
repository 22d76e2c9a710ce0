import { useMemo, useState } from 'react';
import { useMe } from '../hooks/useAuth';
import { useLang } from '../hooks/useLang';
import { useUserDirectory } from '../hooks/useUserDirectory';
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

/**
 * Picks users by id: a filterable checklist of the people the user may list (members of the
 * organisations they administer; everyone for a platform admin), otherwise a text field of user ids.
 */
export function UserPicker({
  value,
  onChange,
  labelId,
  testId,
  invalid = false,
}: {
  value: string[];
  onChange: (ids: string[]) => void;
  labelId: string;
  testId?: string;
  invalid?: boolean;
}) {
  const { t } = useLang();
  const { users } = useUserDirectory();
  const me = useMe();
  const [filter, setFilter] = useState('');
  const [text, setText] = useState(value.join(', '));

  const visible = useMemo(() => {
    if (!users) return [];
    const q = filter.trim().toLowerCase();
    return q
      ? users.filter((u) => u.email.toLowerCase().includes(q) || u.displayName.toLowerCase().includes(q))
      : users;
  }, [users, filter]);

  if (users === undefined) return <Loading inline />;

  if (users === null) {
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

  const known = new Set(users.map((u) => u.id));
  const unknown = value.filter((id) => !known.has(id));
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
      <ul className="user-picker-list" role="group" aria-labelledby={labelId}>
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
            </label>
          </li>
        ))}
        {visible.length === 0 && <li className="muted">{t('userPicker.none')}</li>}
      </ul>
      {unknown.length > 0 && (
        <div className="chips">
          {unknown.map((id) => (
            <span key={id} className="chip mono">
              {id}
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
