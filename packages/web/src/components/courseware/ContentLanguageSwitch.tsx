import { useLang } from '../../hooks/useLang';
import type { Lang } from '../../types';

const LANGS: Lang[] = ['ja', 'en'];

/** The language the text is read in, apart from the console's own language; a language the page lacks is off. */
export function ContentLanguageSwitch({
  value,
  available,
  onChange,
}: {
  value: Lang;
  available: readonly Lang[];
  onChange: (lang: Lang) => void;
}) {
  const { t } = useLang();
  return (
    <div className="segmented" role="group" aria-label={t('training.reader.contentLanguage')}>
      <span className="segmented-label small muted" aria-hidden="true">
        {t('training.reader.contentLanguage')}
      </span>
      {LANGS.map((lang) => (
        <button
          key={lang}
          type="button"
          className={lang === value ? 'btn btn-small active' : 'btn btn-small'}
          aria-pressed={lang === value}
          disabled={!available.includes(lang)}
          lang={lang}
          onClick={() => onChange(lang)}
          data-testid={`training-content-lang-${lang}`}
        >
          {lang === 'ja' ? '日本語' : 'English'}
        </button>
      ))}
    </div>
  );
}
