// Where a device is reached. The engine gets a driver for an endpoint from an injected `connect`
// factory, so the app, the CLI and tests each bring their own links.
export type Endpoint =
  | { kind: 'usb-socket'; path: string }
  | { kind: 'usb'; deviceId: string }
  | { kind: 'tcp'; host: string; port: number }
  | { kind: 'tls'; host: string; port: number; pinnedFingerprint256: string };

export type ConnectDriver<D> = (endpoint: Endpoint) => Promise<D>;

export class EndpointSyntaxError extends Error {
  readonly code = 'ENDPOINT_SYNTAX';
  constructor(text: string) {
    super(`"${text}" is not a device address. Write usb-socket:PATH for a practice device's USB cable, or tcp://HOST:PORT for Ethernet.`);
    this.name = 'EndpointSyntaxError';
  }
}

/** `usb-socket:PATH`, `usb:ID`, `tcp://H:P` (plain Ethernet) or `tls://H:P` (the TLS listener, a pin is added later). */
export function parseEndpoint(text: string): Endpoint | { kind: 'tls-unpinned'; host: string; port: number } {
  if (text.startsWith('usb-socket:') && text.length > 'usb-socket:'.length) return { kind: 'usb-socket', path: text.slice('usb-socket:'.length) };
  if (text.startsWith('usb:') && text.length > 4) return { kind: 'usb', deviceId: text.slice(4) };
  const m = /^(tcp|tls):\/\/(\[[^\]]+\]|[^:/]+):(\d{1,5})$/.exec(text);
  if (!m) throw new EndpointSyntaxError(text);
  const port = Number(m[3]);
  if (port < 1 || port > 65535) throw new EndpointSyntaxError(text);
  const host = m[2]!.replace(/^\[|\]$/g, '');
  return m[1] === 'tcp' ? { kind: 'tcp', host, port } : { kind: 'tls-unpinned', host, port };
}

export function formatEndpoint(e: Endpoint): string {
  switch (e.kind) {
    case 'usb-socket':
      return `usb-socket:${e.path}`;
    case 'usb':
      return `usb:${e.deviceId}`;
    case 'tcp':
      return `tcp://${e.host}:${e.port}`;
    case 'tls':
      return `tls://${e.host}:${e.port}`;
  }
}
