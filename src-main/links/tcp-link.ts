// SLMP over plain TCP: the guideline's "Ethernet" link (passwords only inside the trust boundary).
import net from 'node:net';
import type { Link } from './link';
import { formatEndpoint, validateHost, validatePort } from './address';
import { SocketLink } from './socket-link';
import { waitForSocket } from './socket-connect';

// Project choice: how long to wait for a device to accept a TCP connection before telling the technician.
export const DEFAULT_CONNECT_TIMEOUT_MS = 5000;

export interface TcpConnectOptions {
  host: string;
  port: number;
  timeoutMs?: number;
  /** Source address to bind, e.g. 127.0.0.2 in tests of a device's IP filter. */
  localAddress?: string;
  signal?: AbortSignal;
  /** True when the far end is one of the product's virtual devices reached over loopback. */
  virtual?: boolean;
}

export async function connectTcp(options: TcpConnectOptions): Promise<Link> {
  const { host } = validateHost(options.host);
  const port = validatePort(options.port);
  const localAddress = options.localAddress === undefined ? undefined : validateHost(options.localAddress).host;
  const where = formatEndpoint(host, port);
  const timeoutMs = options.timeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS;
  const socket = net.connect({ host, port, ...(localAddress ? { localAddress } : {}) });
  await waitForSocket(socket, 'connect', where, timeoutMs, options.signal);
  return new SocketLink(socket, { kind: 'ethernet', description: `tcp://${where}`, virtual: options.virtual ?? false, where });
}
