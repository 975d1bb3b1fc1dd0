// What the battery observes besides the driver's answers: the event history since a moment, and this PC's
// own socket attempts (a TLS handshake with a given pin, a connection from a given source address). Every
// attempt is bounded in time and closed.
import net from 'node:net';
import type { ControllerSecurityDriver, EventRecordView } from '../../devices/controller-security-driver';
import { isDeviceOperationError } from '../../devices/device-error';
import { connectTls } from '../../links/tls-link';
import { isLinkError } from '../../links/link-error';
import { IP_FILTER_CLOSE_WAIT_MS } from './verification-choices';

const PAGE = 50;
const MAX_PAGES = 100;

/** The newest records of the event history (at most the last ~200 plus what arrives while paging). */
export async function recentEvents(driver: ControllerSecurityDriver): Promise<EventRecordView[]> {
  const { total } = await driver.readEventHistory({ max: 1 });
  const out: EventRecordView[] = [];
  let from = Math.max(0, total - 4 * PAGE);
  for (let page = 0; page < MAX_PAGES; page++) {
    const { records } = await driver.readEventHistory({ from, max: PAGE });
    if (records.length === 0) break;
    out.push(...records);
    from = records[records.length - 1]!.seq + 1;
  }
  return out;
}

/** Events at or after `sinceMs` (device time), allowing the profile's clock offset. */
export function eventsSince(events: readonly EventRecordView[], sinceMs: number, offsetMs: number): EventRecordView[] {
  return events.filter((e) => new Date(e.at).getTime() >= sinceMs - offsetMs);
}

/** The device's error code for a refused request, or 'accepted'/'other'. */
export async function refusalCode(attempt: Promise<unknown>): Promise<string> {
  try {
    await attempt;
    return 'accepted';
  } catch (e) {
    if (isDeviceOperationError(e)) return e.code;
    if (isLinkError(e)) return `link:${e.code}`;
    return 'other';
  }
}

/** `error` is a code ('closed-by-device', a link error code, a Node error code), else the error's text. */
export type HandshakeResult = { ok: true; protocol: string; peerFingerprint256: string } | { ok: false; error: string };

/**
 * A TLS handshake from this PC with the given pin (optionally from a given source address). With
 * `holdMs`, the connection is then kept that long: a device whose IP filter refuses after accepting
 * (the handshake completes on the client first in TLS 1.3) closes it, which counts as refused.
 */
export async function tlsHandshake(host: string, port: number, fingerprint256: string, options: { localAddress?: string; holdMs?: number } = {}): Promise<HandshakeResult> {
  try {
    const link = await connectTls({ host, port, pinnedFingerprint256: fingerprint256, timeoutMs: 3000, ...(options.localAddress ? { localAddress: options.localAddress } : {}) });
    const result = { ok: true as const, protocol: link.protocol ?? 'unknown', peerFingerprint256: link.peerCertificate.fingerprint256 };
    if (options.holdMs) {
      const closedByDevice = await new Promise<boolean>((resolve) => {
        const timer = setTimeout(() => {
          off();
          resolve(false);
        }, options.holdMs);
        const off = link.onClose(() => {
          clearTimeout(timer);
          resolve(true);
        });
        if (link.closed) {
          clearTimeout(timer);
          off();
          resolve(true);
        }
      });
      // The same word tcpAttempt uses: the evidence shows it in parentheses, as a code.
      if (closedByDevice) return { ok: false, error: 'closed-by-device' };
    }
    await link.close();
    return result;
  } catch (e) {
    // A code (the link's, or Node's for a socket error) where there is one: evidence shows it as written.
    return { ok: false, error: isLinkError(e) ? e.code : ((e as NodeJS.ErrnoException).code ?? (e as Error).message) };
  }
}

export type TcpAttempt = 'served' | 'refused' | 'closed-by-device' | 'filtered';

/**
 * A plain TCP connection from this PC (optionally from a source address): 'served' when it stays open,
 * 'closed-by-device' when the device accepted and closed it at once (an IP filter after accept),
 * 'refused' on RST, 'filtered' when nothing answered in time.
 */
export function tcpAttempt(host: string, port: number, localAddress?: string, timeoutMs = 1500): Promise<TcpAttempt> {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port, ...(localAddress ? { localAddress } : {}) });
    let settled = false;
    const done = (r: TcpAttempt) => {
      if (settled) return;
      settled = true;
      clearTimeout(connectTimer);
      clearTimeout(closeTimer);
      socket.destroy();
      resolve(r);
    };
    let closeTimer: NodeJS.Timeout | undefined;
    const connectTimer = setTimeout(() => done('filtered'), timeoutMs);
    socket.once('connect', () => {
      clearTimeout(connectTimer);
      closeTimer = setTimeout(() => done('served'), IP_FILTER_CLOSE_WAIT_MS);
      socket.once('close', () => done('closed-by-device'));
      socket.once('end', () => done('closed-by-device'));
    });
    socket.once('error', (e: NodeJS.ErrnoException) => done(e.code === 'ECONNREFUSED' ? 'refused' : socket.connecting ? 'filtered' : 'closed-by-device'));
    socket.on('data', () => undefined);
  });
}

/** An IPv4 address is in an entry (an address or a network in CIDR notation). */
export function addressIn(address: string, entry: string): boolean {
  const toInt = (a: string) => a.split('.').reduce((n, o) => (n << 8) + Number(o), 0) >>> 0;
  const [net, bits] = entry.split('/');
  if (bits === undefined) return address === net;
  const mask = Number(bits) === 0 ? 0 : (~0 << (32 - Number(bits))) >>> 0;
  return (toInt(address) & mask) === (toInt(net!) & mask);
}

export const isLoopback = (host: string | undefined): host is string => host !== undefined && /^127\.\d+\.\d+\.\d+$/.test(host);
