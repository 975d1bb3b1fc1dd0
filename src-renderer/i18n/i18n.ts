// English and Japanese, complete, switchable at any time; the choice is remembered on this computer.
import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import en from '../../src-main/messages/en.json';
import ja from '../../src-main/messages/ja.json';

export const LANGUAGES = ['en', 'ja'] as const;
export type Language = (typeof LANGUAGES)[number];
const STORAGE_KEY = 'mxc.language';

function initialLanguage(): Language {
  const saved = window.localStorage.getItem(STORAGE_KEY);
  if (saved === 'en' || saved === 'ja') return saved;
  return window.navigator.language.toLowerCase().startsWith('ja') ? 'ja' : 'en';
}

export async function setupI18n(): Promise<typeof i18next> {
  await i18next.use(initReactI18next).init({
    resources: { en: { translation: en }, ja: { translation: ja } },
    lng: initialLanguage(),
    fallbackLng: 'en',
    interpolation: { escapeValue: false },
    initAsync: false,
  });
  document.documentElement.lang = i18next.language;
  i18next.on('languageChanged', (language) => {
    document.documentElement.lang = language;
    window.localStorage.setItem(STORAGE_KEY, language);
  });
  return i18next;
}
