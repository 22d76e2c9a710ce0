import { useAuth } from '../hooks/useAuth';
import { useLang } from '../hooks/useLang';
import { api } from '../api';
import { changeLanguage } from '../i18n';
import type { Lang } from '../types';

/** 日本語 / English switch; remembered in localStorage and, when signed in, in the user's profile. */
export function LanguageSwitch() {
  const { lang, t } = useLang();
  const { me } = useAuth();

  const onChange = (next: Lang) => {
    changeLanguage(next);
    if (me && me.locale !== next) {
      api.patch('/auth/me', { locale: next }).catch(() => {
        // the local choice already applies; the profile default is a convenience
      });
    }
  };

  return (
    <label className="lang-switch">
      <span className="visually-hidden">{t('header.language')}</span>
      <select value={lang} onChange={(event) => onChange(event.target.value as Lang)} data-testid="lang-switch">
        <option value="ja" lang="ja">
          日本語
        </option>
        <option value="en" lang="en">
          English
        </option>
      </select>
    </label>
  );
}
