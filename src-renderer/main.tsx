import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import './styles/app.css';
import { setupI18n } from './i18n/i18n';
import { applySavedTheme } from './state/theme';
import { bridge } from './bridge/current-bridge';
import { App } from './app';

applySavedTheme();
// Take the launch token out of the address bar before anything else renders.
bridge();
await setupI18n();
const root = document.getElementById('root');
if (root) {
  createRoot(root).render(
    <StrictMode>
      <App />
    </StrictMode>,
  );
}
