import { useLang } from '../../hooks/useLang';
import type { SourceTag } from '../../types';

/** Fingerprint and research-scanner tags of a source. */
export function TagChips({ tags }: { tags: readonly SourceTag[] }) {
  const { t } = useLang();
  if (tags.length === 0) return null;
  return (
    <span className="chips">
      {tags.map((tag) => (
        <span
          key={tag}
          className={`chip chip-tag chip-tag-${tag}`}
          title={t(`telescope.tag.help.${tag}`)}
          data-testid={`tag-${tag}`}
        >
          {t(`telescope.tag.name.${tag}`)}
        </span>
      ))}
    </span>
  );
}
