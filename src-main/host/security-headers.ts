// The headers every response of the browser host carries, the page and the refusals alike.
import { contentSecurityPolicy } from '../ipc/content-security-policy';

export function securityHeaders(port: number): Record<string, string> {
  return {
    'Content-Security-Policy': contentSecurityPolicy({ connectSrc: [`ws://127.0.0.1:${port}`, `ws://localhost:${port}`] }),
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    'Cross-Origin-Opener-Policy': 'same-origin',
    'Cross-Origin-Resource-Policy': 'same-origin',
    'Cache-Control': 'no-store',
  };
}

/**
 * DNS rebinding defence: a page on another site that rebinds its name to 127.0.0.1 still sends its own
 * name in Host, so only the loopback names with this very port are answered.
 */
export function isAllowedHost(hostHeader: string | undefined, port: number): boolean {
  if (!hostHeader) return false;
  const host = hostHeader.toLowerCase();
  return host === `127.0.0.1:${port}` || host === `localhost:${port}`;
}

/** The origins the served page itself has: anything else opening the WebSocket is another site. */
export function isAllowedOrigin(origin: string | undefined, port: number): boolean {
  if (!origin) return false;
  const value = origin.toLowerCase();
  return value === `http://127.0.0.1:${port}` || value === `http://localhost:${port}`;
}
