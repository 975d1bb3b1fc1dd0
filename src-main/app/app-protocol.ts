// Maps an app:// request to a file of the built renderer. Pure (no Electron) so path-traversal refusal
// is unit-tested: only files under the renderer folder are ever served.
import { extname, resolve, sep } from 'node:path';
import { APP_HOST, APP_SCHEME } from './security-policy';

const MIME_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.map': 'application/json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
};

export type AppRequestResolution = { ok: true; filePath: string; contentType: string } | { ok: false; status: 400 | 403 | 404 };

export function resolveAppRequest(url: string, rendererRoot: string): AppRequestResolution {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return { ok: false, status: 400 };
  }
  if (parsed.protocol !== `${APP_SCHEME}:` || parsed.host.toLowerCase() !== APP_HOST) return { ok: false, status: 403 };
  let path: string;
  try {
    path = decodeURIComponent(parsed.pathname);
  } catch {
    return { ok: false, status: 400 };
  }
  // Decoded "%2e%2e%2f" or "..\\" would climb out of the folder: refused before touching the disk.
  if (path.includes('\0') || path.split(/[\\/]/).some((segment) => segment === '..')) return { ok: false, status: 403 };
  if (path === '/' || path === '') path = '/index.html';
  const root = resolve(rendererRoot);
  const filePath = resolve(root, `.${path}`);
  if (!filePath.startsWith(root + sep)) return { ok: false, status: 403 };
  const contentType = MIME_TYPES[extname(filePath).toLowerCase()];
  if (contentType === undefined) return { ok: false, status: 404 };
  return { ok: true, filePath, contentType };
}
