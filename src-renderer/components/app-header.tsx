import type { ReactElement } from 'react';
import { useTranslation } from 'react-i18next';
import { LANGUAGES } from '../i18n/i18n';
import { THEMES, useTheme } from '../state/theme';
import { LinkIndicator } from './link-indicator';

const LANGUAGE_NAMES: Record<(typeof LANGUAGES)[number], string> = { en: 'English', ja: '日本語' };

export function AppHeader(): ReactElement {
  const { t, i18n } = useTranslation();
  const { theme, setTheme } = useTheme();
  return (
    <header className="app-header">
      <span className="app-header__title">{t('app.title')}</span>
      <LinkIndicator />
      <div className="app-header__settings" role="group" aria-label={t('header.settings')}>
        <div className="segmented" role="group" aria-label={t('header.language')}>
          {LANGUAGES.map((language) => (
            <button
              key={language}
              type="button"
              lang={language}
              aria-pressed={i18n.language === language}
              onClick={() => void i18n.changeLanguage(language)}
            >
              {LANGUAGE_NAMES[language]}
            </button>
          ))}
        </div>
        <label className="theme-select">
          <span>{t('header.theme')}</span>
          <select value={theme} onChange={(e) => setTheme(e.target.value as (typeof THEMES)[number])}>
            {THEMES.map((value) => (
              <option key={value} value={value}>
                {t(`theme.${value}`)}
              </option>
            ))}
          </select>
        </label>
      </div>
    </header>
  );
}
