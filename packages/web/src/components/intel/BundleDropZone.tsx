import { useId, useState, type DragEvent } from 'react';
import { formatBytes } from '../../format';
import { useLang } from '../../hooks/useLang';

/** A file picker that also takes a file dropped on it; the input stays a real, focusable file input. */
export function BundleDropZone({
  file,
  onFile,
  disabled,
  invalid,
  describedBy,
}: {
  file: File | null;
  onFile: (file: File | null) => void;
  disabled?: boolean;
  invalid?: boolean;
  describedBy?: string;
}) {
  const { t, lang } = useLang();
  const id = useId();
  const [dragging, setDragging] = useState(false);
  const over = (event: DragEvent) => {
    if (disabled || !event.dataTransfer.types.includes('Files')) return;
    event.preventDefault();
    event.dataTransfer.dropEffect = 'copy';
    setDragging(true);
  };
  const drop = (event: DragEvent) => {
    event.preventDefault();
    setDragging(false);
    if (!disabled) onFile(event.dataTransfer.files[0] ?? null);
  };
  const classes = [
    'intel-drop',
    dragging ? 'intel-drop-over' : '',
    invalid ? 'intel-drop-invalid' : '',
    disabled ? 'intel-drop-disabled' : '',
  ];
  return (
    <div
      className={classes.filter(Boolean).join(' ')}
      onDragEnter={over}
      onDragOver={over}
      onDragLeave={() => setDragging(false)}
      onDrop={drop}
      data-testid="intel-drop"
    >
      <input
        id={id}
        type="file"
        accept=".json,application/json,application/stix+json"
        className="visually-hidden"
        disabled={disabled}
        aria-invalid={invalid ? true : undefined}
        aria-describedby={describedBy}
        onChange={(event) => onFile(event.target.files?.[0] ?? null)}
        data-testid="intel-file"
      />
      <span>
        {t('intel.import.drop')}{' '}
        <label htmlFor={id} className="intel-drop-choose">
          {t('intel.import.choose')}
        </label>
      </span>
      {file && (
        <span className="intel-drop-file" data-testid="intel-file-name">
          {t('intel.import.selected', { name: file.name, size: formatBytes(file.size, lang) })}
        </span>
      )}
    </div>
  );
}
