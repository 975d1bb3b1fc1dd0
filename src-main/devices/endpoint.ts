// How the app and `mxc` name a device connection, in one text form everywhere:
//
//   tcp://HOST:PORT                        SLMP over plain Ethernet (secrets only inside the trust boundary)
//   tls://HOST:PORT#sha256=FINGERPRINT     SLMP over TLS, the device certificate pinned to FINGERPRINT
//   tls://HOST:PORT                        the same, the pin looked up in the pin store (device registry)
//   usb-socket:PATH                        the practice devices' virtual USB cable (a local socket)
//   usb:DEVICE-ID                          a controller on this PC's USB bus, by the id the USB listing gave
//
// Every host names a device connection in this vocabulary: `mxc` parses the text form, the app maps the
// UI's connect request onto it once (services/connect-request.ts), and the session core opens it here.
//
// HOST is an IPv4 address, a host name or a bracketed IPv6 address ([2001:db8::1]). Nothing else is
// accepted: no user name or password part (a secret never goes into a command line), no path, no query.
// A fingerprint is not a secret: it is what the technician compares with the device's display.
import { AppError } from '../messages/app-error';
import { validateHost, validatePort, formatEndpoint } from '../links/address';
import type { Link } from '../links/link';
import { LinkError } from '../links/link-error';
import { connectTcp } from '../links/tcp-link';
import { connectTls, normalizeFingerprint } from '../links/tls-link';
import { openUsbLink } from '../links/usb-link';
import { connectVirtualUsb } from '../links/virtual-usb-link';

export type Endpoint =
  | { kind: 'tcp'; host: string; port: number }
  | { kind: 'tls'; host: string; port: number; fingerprint256?: string }
  | { kind: 'usb-socket'; path: string }
  | { kind: 'usb'; deviceId: string };

/** A device address that cannot be used: the catalogue's headline, the English specifics in `message`. */
export class EndpointError extends AppError {
  declare readonly code: 'invalid-endpoint';
  constructor(message: string, options?: { cause?: unknown }) {
    super({ code: 'invalid-endpoint', messageId: 'errors.endpoint.invalid', englishText: message, nextStep: { id: 'errors.endpoint.nextStep' }, ...(options?.cause !== undefined ? { cause: options.cause } : {}) });
  }
}

/**
 * The pin store looked up by device: the fingerprint pinned for the device whose TLS listener is at
 * "HOST:PORT" (the device registry, commissioning/engine/device-registry.ts, implements it).
 */
export interface PinLookup {
  fingerprintFor(hostPort: string): string | undefined;
}

/** Whether two endpoints name the same device connection (the fingerprint included). */
export function sameEndpoint(a: Endpoint, b: Endpoint): boolean {
  switch (a.kind) {
    case 'usb-socket':
      return b.kind === 'usb-socket' && b.path === a.path;
    case 'usb':
      return b.kind === 'usb' && b.deviceId === a.deviceId;
    case 'tcp':
      return b.kind === 'tcp' && b.host === a.host && b.port === a.port;
    case 'tls':
      return b.kind === 'tls' && b.host === a.host && b.port === a.port && b.fingerprint256 === a.fingerprint256;
  }
}

const EXAMPLES = 'Write it as tcp://192.0.2.10:5010, tls://192.0.2.10:5011#sha256=AB:CD:… or usb-socket:/path/to/socket.';
const NETWORK = /^(tcp|tls):\/\/(\[[^\]\s]+\]|[^\s:/#?@[\]]+):([0-9]{1,5})(?:#sha256=([0-9A-Fa-f:]+))?$/;

export function parseEndpoint(text: string): Endpoint {
  const input = text.trim();
  const shown = input.length > 80 ? `${input.slice(0, 80)}…` : input;
  if (input.startsWith('usb-socket:')) {
    const path = input.slice('usb-socket:'.length);
    if (path.length === 0 || path.includes('\0')) throw new EndpointError(`"${shown}" names no socket path. ${EXAMPLES}`);
    return { kind: 'usb-socket', path };
  }
  if (input.startsWith('usb:')) {
    const deviceId = input.slice('usb:'.length);
    if (deviceId.length === 0 || deviceId.length > 200 || /[\0\s]/.test(deviceId)) throw new EndpointError(`"${shown}" names no USB device. ${EXAMPLES}`);
    return { kind: 'usb', deviceId };
  }
  if (/^(tcp|tls):\/\/[^/]*@/.test(input)) {
    throw new EndpointError('A device address never carries a user name or password. Remove the part before "@" and give passwords through a secrets file or the prompt.');
  }
  const m = NETWORK.exec(input);
  if (!m) throw new EndpointError(`"${shown}" is not a device address. ${EXAMPLES}`);
  const [, scheme, rawHost, rawPort, fingerprint] = m;
  if (fingerprint !== undefined && scheme !== 'tls') throw new EndpointError('Only a tls:// address takes a #sha256= certificate fingerprint.');
  try {
    const { host } = validateHost(rawHost!);
    const port = validatePort(Number(rawPort));
    if (scheme === 'tcp') return { kind: 'tcp', host, port };
    return fingerprint === undefined ? { kind: 'tls', host, port } : { kind: 'tls', host, port, fingerprint256: normalizeFingerprint(fingerprint) };
  } catch (error) {
    if (error instanceof LinkError) throw new EndpointError(`${error.message} ${EXAMPLES}`, { cause: error });
    throw error;
  }
}

export function formatEndpointText(endpoint: Endpoint): string {
  switch (endpoint.kind) {
    case 'usb-socket':
      return `usb-socket:${endpoint.path}`;
    case 'usb':
      return `usb:${endpoint.deviceId}`;
    case 'tcp':
      return `tcp://${formatEndpoint(endpoint.host, endpoint.port)}`;
    case 'tls':
      return `tls://${formatEndpoint(endpoint.host, endpoint.port)}${endpoint.fingerprint256 ? `#sha256=${endpoint.fingerprint256}` : ''}`;
  }
}

export interface OpenEndpointOptions {
  pins?: PinLookup;
  timeoutMs?: number;
  signal?: AbortSignal;
  /** The far end is one of the product's virtual devices (practice, tests). usb-socket always is. */
  virtual?: boolean;
  /** How a virtual USB cable is named to the technician (e.g. "practice MXR300-32"). */
  label?: string;
}

/**
 * Opens the link an endpoint names. A tls:// endpoint without a fingerprint uses the pin store; with
 * neither, connectTls refuses ('certificate-unpinned'): the app never trusts an unpinned device silently.
 */
export async function openEndpoint(endpoint: Endpoint | string, options: OpenEndpointOptions = {}): Promise<Link> {
  const e = typeof endpoint === 'string' ? parseEndpoint(endpoint) : endpoint;
  const common = {
    ...(options.timeoutMs !== undefined ? { timeoutMs: options.timeoutMs } : {}),
    ...(options.signal ? { signal: options.signal } : {}),
  };
  switch (e.kind) {
    case 'usb-socket':
      return connectVirtualUsb({ path: e.path, ...(options.label ? { label: options.label } : {}), ...(options.timeoutMs !== undefined ? { timeoutMs: options.timeoutMs } : {}) });
    case 'usb':
      return openUsbLink(e.deviceId);
    case 'tcp':
      return connectTcp({ host: e.host, port: e.port, virtual: options.virtual ?? false, ...common });
    case 'tls': {
      const pin = e.fingerprint256 ?? options.pins?.fingerprintFor(formatEndpoint(e.host, e.port));
      return connectTls({ host: e.host, port: e.port, virtual: options.virtual ?? false, ...(pin !== undefined ? { pinnedFingerprint256: pin } : {}), ...common });
    }
  }
}
