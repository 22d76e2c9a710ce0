import { useEffect, useId, useRef, useState, type KeyboardEvent } from 'react';
import { api, isAbort } from '../api';
import { techniqueUrl } from '../constants';
import { useDebounced } from '../hooks/useDebounced';
import { useLang } from '../hooks/useLang';
import type { AttackTechniqueItem } from '../types';

interface TechniqueSearch {
  version: string;
  items: AttackTechniqueItem[];
}

export interface PickedTechnique {
  id: string;
  name: string;
}

/** Type-ahead over ATT&CK (GET /attack/techniques?q=) by id or name; picked techniques show as removable chips. */
export function TechniquePicker({
  value,
  onChange,
  invalidIds = [],
}: {
  value: PickedTechnique[];
  onChange: (next: PickedTechnique[]) => void;
  invalidIds?: string[];
}) {
  const { t } = useLang();
  const id = useId();
  const [query, setQuery] = useState('');
  const debounced = useDebounced(query.trim(), 180);
  const [results, setResults] = useState<AttackTechniqueItem[]>([]);
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(0);
  const [loading, setLoading] = useState(false);
  const [failed, setFailed] = useState(false);
  const input = useRef<HTMLInputElement>(null);

  useEffect(() => {
    if (!debounced) {
      setResults([]);
      setLoading(false);
      return;
    }
    const controller = new AbortController();
    setLoading(true);
    setFailed(false);
    api
      .get<TechniqueSearch>('/attack/techniques', { query: { q: debounced, limit: 12 }, signal: controller.signal })
      .then((found) => {
        setResults(found.items);
        setActive(0);
        setLoading(false);
      })
      .catch((error: unknown) => {
        if (isAbort(error)) return;
        setFailed(true);
        setLoading(false);
      });
    return () => controller.abort();
  }, [debounced]);

  const picked = new Set(value.map((item) => item.id));
  const options = results.filter((item) => !picked.has(item.id));

  const choose = (item: AttackTechniqueItem) => {
    onChange([...value, { id: item.id, name: item.name }]);
    setQuery('');
    setResults([]);
    setOpen(false);
    input.current?.focus();
  };

  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key === 'ArrowDown') {
      event.preventDefault();
      setOpen(true);
      setActive((index) => Math.min(index + 1, options.length - 1));
    } else if (event.key === 'ArrowUp') {
      event.preventDefault();
      setActive((index) => Math.max(index - 1, 0));
    } else if (event.key === 'Enter') {
      if (open && options[active]) {
        event.preventDefault();
        choose(options[active]);
      } else if (query.trim()) {
        event.preventDefault();
      }
    } else if (event.key === 'Escape') {
      setOpen(false);
    } else if (event.key === 'Backspace' && query === '' && value.length > 0) {
      onChange(value.slice(0, -1));
    }
  };

  const listId = `${id}-list`;
  const showList = open && query.trim() !== '';
  return (
    <div className="technique-picker">
      {value.length > 0 && (
        <ul className="chips" aria-label={t('techniques.selected')}>
          {value.map((item) => (
            <li key={item.id} className={invalidIds.includes(item.id) ? 'chip chip-invalid' : 'chip chip-technique'}>
              <a href={techniqueUrl(item.id)} target="_blank" rel="noreferrer noopener" className="mono">
                {item.id}
              </a>
              {item.name && <span className="chip-name">{item.name}</span>}
              <button
                type="button"
                className="chip-remove"
                aria-label={t('techniques.remove', { id: item.id })}
                onClick={() => onChange(value.filter((v) => v.id !== item.id))}
                data-testid={`technique-remove-${item.id}`}
              >
                ×
              </button>
            </li>
          ))}
        </ul>
      )}
      <div className="combobox">
        <input
          ref={input}
          id={id}
          type="text"
          role="combobox"
          aria-label={t('techniques.search')}
          aria-autocomplete="list"
          aria-expanded={showList}
          aria-controls={listId}
          aria-activedescendant={showList && options[active] ? `${id}-${options[active].id}` : undefined}
          placeholder={t('techniques.placeholder')}
          value={query}
          autoComplete="off"
          onChange={(event) => {
            setQuery(event.target.value);
            setOpen(true);
          }}
          onFocus={() => setOpen(true)}
          onBlur={() => window.setTimeout(() => setOpen(false), 150)}
          onKeyDown={onKeyDown}
          data-testid="technique-search"
        />
        {showList && (
          <ul id={listId} role="listbox" className="combobox-list" aria-label={t('techniques.results')}>
            {loading && options.length === 0 && <li className="combobox-note">{t('common.loading')}</li>}
            {failed && <li className="combobox-note">{t('techniques.failed')}</li>}
            {!loading && !failed && options.length === 0 && debounced === query.trim() && (
              <li className="combobox-note">{t('techniques.none')}</li>
            )}
            {options.map((item, index) => (
              <li
                key={item.id}
                id={`${id}-${item.id}`}
                role="option"
                aria-selected={index === active}
                className={index === active ? 'combobox-option active' : 'combobox-option'}
                onMouseDown={(event) => event.preventDefault()}
                onMouseEnter={() => setActive(index)}
                onClick={() => choose(item)}
                data-testid={`technique-option-${item.id}`}
              >
                <span className="mono">{item.id}</span>
                <span>{item.name}</span>
                <span className="muted small">{item.tactics.join(', ')}</span>
              </li>
            ))}
          </ul>
        )}
      </div>
    </div>
  );
}
