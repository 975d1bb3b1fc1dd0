// One Content Security Policy for both hosts: the Electron window (session header) and the browser
// host (HTTP header). Scripts only from the app itself; no inline script, no eval, no remote content.
// connect-src names the WebSocket of the browser host explicitly: older engines do not let 'self'
// cover ws: URLs.
export function contentSecurityPolicy(options: { connectSrc?: readonly string[] } = {}): string {
  const connect = ["'self'", ...(options.connectSrc ?? [])].join(' ');
  return [
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    "font-src 'self'",
    `connect-src ${connect}`,
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
    "object-src 'none'",
  ].join('; ');
}
