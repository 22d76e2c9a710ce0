import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import { LANG_STORAGE_KEY } from './constants';
import en from './locales/en.json';
import ja from './locales/ja.json';
import type { Lang } from './types';

function storedLanguage(): Lang | null {
  try {
    const value = localStorage.getItem(LANG_STORAGE_KEY);
    return value === 'ja' || value === 'en' ? value : null;
  } catch {
    return null;
  }
}

/** The stored choice, else the browser's language: Japanese when it starts with "ja", otherwise English. */
export function initialLanguage(): Lang {
  return storedLanguage() ?? (navigator.language.toLowerCase().startsWith('ja') ? 'ja' : 'en');
}

export function currentLang(): Lang {
  return i18n.language === 'ja' ? 'ja' : 'en';
}

export function changeLanguage(lang: Lang): void {
  try {
    localStorage.setItem(LANG_STORAGE_KEY, lang);
  } catch {
    // storage may be unavailable (private mode); the choice then lasts for this page only
  }
  void i18n.changeLanguage(lang);
}

function applyDocumentLanguage(lang: string): void {
  document.documentElement.lang = lang === 'ja' ? 'ja' : 'en';
  document.title = i18n.t('app.title');
}

void i18n.use(initReactI18next).init({
  resources: { en: { translation: en }, ja: { translation: ja } },
  lng: initialLanguage(),
  fallbackLng: 'en',
  supportedLngs: ['ja', 'en'],
  initAsync: false,
  interpolation: { escapeValue: false },
  returnNull: false,
  react: { useSuspense: false },
});

i18n.on('languageChanged', applyDocumentLanguage);
applyDocumentLanguage(i18n.language);

export default i18n;
