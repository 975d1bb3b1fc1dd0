// Light and dark follow the system unless the technician picks one; the pick is remembered here.
import { create } from 'zustand';

export const THEMES = ['system', 'light', 'dark'] as const;
export type Theme = (typeof THEMES)[number];
const STORAGE_KEY = 'mxc.theme';

function apply(theme: Theme): void {
  if (theme === 'system') delete document.documentElement.dataset.theme;
  else document.documentElement.dataset.theme = theme;
}

function saved(): Theme {
  const value = window.localStorage.getItem(STORAGE_KEY);
  return value === 'light' || value === 'dark' ? value : 'system';
}

export const useTheme = create<{ theme: Theme; setTheme(theme: Theme): void }>()((set) => ({
  theme: saved(),
  setTheme(theme) {
    window.localStorage.setItem(STORAGE_KEY, theme);
    apply(theme);
    set({ theme });
  },
}));

export function applySavedTheme(): void {
  apply(saved());
}
