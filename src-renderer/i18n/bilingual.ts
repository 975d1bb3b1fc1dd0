// Main sends the guideline's texts in both languages; the screen shows the one the technician picked.
import { useTranslation } from 'react-i18next';
import type { Bilingual } from '../../src-main/ipc/wizard-contract';

export function useBilingual(): (text: Bilingual | undefined) => string {
  const { i18n } = useTranslation();
  const ja = i18n.language === 'ja';
  return (text) => (text ? (ja ? text.ja : text.en) : '');
}
