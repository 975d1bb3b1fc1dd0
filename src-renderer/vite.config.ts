// The renderer's bundle: one module script and CSS files, nothing inline, so it runs under the app's CSP
// (script-src 'self', style-src 'self') in both hosts. base './' lets Electron load it from file paths.
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('.', import.meta.url));

export default defineConfig({
  root,
  base: './',
  plugins: [react()],
  build: {
    outDir: fileURLToPath(new URL('../build/renderer', import.meta.url)),
    emptyOutDir: true,
    target: 'es2022',
    // The preload polyfill would be an inline script; the CSP refuses inline scripts, and both hosts
    // run engines with native modulepreload.
    modulePreload: { polyfill: false },
    // No data: URLs for fonts or images: everything is a file the CSP names as 'self'.
    assetsInlineLimit: 0,
    sourcemap: false,
  },
  server: { host: '127.0.0.1', strictPort: false },
});
