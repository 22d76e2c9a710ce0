import { useEffect, useRef, useState, type InputHTMLAttributes } from 'react';
import { useDebounced } from '../../hooks/useDebounced';

/** A text input that reports its value after typing pauses. */
export function DebouncedInput({
  value,
  onCommit,
  ...rest
}: { value: string; onCommit: (value: string) => void } & Omit<
  InputHTMLAttributes<HTMLInputElement>,
  'value' | 'onChange'
>) {
  const [text, setText] = useState(value);
  const debounced = useDebounced(text, 350);
  const latest = useRef({ value, onCommit });
  latest.current = { value, onCommit };
  useEffect(() => setText(value), [value]);
  useEffect(() => {
    if (debounced !== latest.current.value) latest.current.onCommit(debounced);
  }, [debounced]);
  return <input {...rest} value={text} onChange={(event) => setText(event.target.value)} />;
}
