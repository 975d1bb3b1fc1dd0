// Serves the built renderer from one folder and nothing outside it: the path is decoded once, resolved,
// and both the resolved and the real (symlink-followed) path must stay inside the folder.
import { createReadStream } from 'node:fs';
import { realpath, stat } from 'node:fs/promises';
import { extname, resolve, sep } from 'node:path';
import type { IncomingMessage, ServerResponse } from 'node:http';

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.ico': 'image/x-icon',
  '.webp': 'image/webp',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.ttf': 'font/ttf',
  '.otf': 'font/otf',
};

export type StaticResult = { status: 200; file: string; size: number; type: string } | { status: 400 | 403 | 404 };

function inside(root: string, path: string): boolean {
  return path === root || path.startsWith(root.endsWith(sep) ? root : root + sep);
}

/** Maps a request path to a file of the renderer folder, or says why not. */
export async function resolveStaticFile(rootDir: string, rawPath: string): Promise<StaticResult> {
  let pathname: string;
  try {
    pathname = decodeURIComponent(new URL(rawPath, 'http://x').pathname);
  } catch {
    return { status: 400 };
  }
  if (pathname.includes('\0')) return { status: 400 };
  // Backslashes and encoded dot segments are how traversal slips past a naive check: refuse them outright.
  if (pathname.includes('\\') || pathname.split('/').some((segment) => segment === '..')) return { status: 403 };
  if (pathname.endsWith('/')) pathname += 'index.html';
  const root = resolve(rootDir);
  const file = resolve(root, `.${pathname}`);
  if (!inside(root, file)) return { status: 403 };
  try {
    const [realRoot, realFile] = await Promise.all([realpath(root), realpath(file)]);
    if (!inside(realRoot, realFile)) return { status: 403 };
    const info = await stat(realFile);
    if (!info.isFile()) return { status: 404 };
    const type = CONTENT_TYPES[extname(realFile).toLowerCase()] ?? 'application/octet-stream';
    return { status: 200, file: realFile, size: info.size, type };
  } catch {
    return { status: 404 };
  }
}

export async function serveStatic(
  rootDir: string,
  request: IncomingMessage,
  response: ServerResponse,
  headers: Record<string, string>,
): Promise<void> {
  if (request.method !== 'GET' && request.method !== 'HEAD') {
    response.writeHead(405, { ...headers, Allow: 'GET, HEAD', 'Content-Type': 'text/plain; charset=utf-8' });
    response.end('Method not allowed\n');
    return;
  }
  const result = await resolveStaticFile(rootDir, request.url ?? '/');
  if (result.status !== 200) {
    const text = { 400: 'Bad request', 403: 'Forbidden', 404: 'Not found' }[result.status];
    response.writeHead(result.status, { ...headers, 'Content-Type': 'text/plain; charset=utf-8' });
    response.end(`${text}\n`);
    return;
  }
  response.writeHead(200, { ...headers, 'Content-Type': result.type, 'Content-Length': String(result.size) });
  if (request.method === 'HEAD') {
    response.end();
    return;
  }
  const stream = createReadStream(result.file);
  stream.on('error', () => response.destroy());
  stream.pipe(response);
}
