import { useTranslation } from 'react-i18next';
import type { Lang } from '../types';

/** The current console language and the translate function. */
export function useLang(): { lang: Lang; t: ReturnType<typeof useTranslation>['t'] } {
  const { t, i18n } = useTranslation();
  return { lang: i18n.language === 'ja' ? 'ja' : 'en', t };
}
