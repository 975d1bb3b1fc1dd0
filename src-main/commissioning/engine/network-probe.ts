// Step 12 "network diagnosis" from this PC: which listeners answer, whether the TLS handshake presents
// the pinned certificate, and whether the IP filter lets this PC in. Real sockets; every attempt is
// bounded in time and closed.
import net from 'node:net';
import { connectTls } from '../../links/tls-link';
import { isLinkError } from '../../links/link-error';
import type { PortProbe, TlsHandshakeObservation } from '../../model/device-snapshot';

export interface NetworkProbe {
  probeTcp(host: string, port: number): Promise<PortProbe['state']>;
  /** `localAddress`: the handshake from another address of this PC (the IP filter's outside, on loopback). */
  tlsHandshake(host: string, port: number, pinnedFingerprint256: string, localAddress?: string): Promise<Omit<TlsHandshakeObservation, 'function' | 'at'>>;
}

// Project choice: 1.5 s per probe; a listener on a controller answers a SYN in milliseconds, and a
// silently dropping IP filter is then reported as 'filtered' without stalling the diagnosis.
export const PROBE_TIMEOUT_MS = 1500;

export const socketProbe: NetworkProbe = {
  probeTcp(host, port) {
    return new Promise((resolve) => {
      const socket = net.connect({ host, port });
      const done = (state: PortProbe['state']) => {
        clearTimeout(timer);
        socket.destroy();
        resolve(state);
      };
      const timer = setTimeout(() => done('filtered'), PROBE_TIMEOUT_MS);
      socket.once('connect', () => done('open'));
      socket.once('error', (e: NodeJS.ErrnoException) => done(e.code === 'ECONNREFUSED' ? 'closed' : 'filtered'));
    });
  },
  async tlsHandshake(host, port, pinnedFingerprint256, localAddress) {
    try {
      const link = await connectTls({ host, port, pinnedFingerprint256, timeoutMs: PROBE_TIMEOUT_MS * 2, ...(localAddress ? { localAddress } : {}) });
      const version = link.protocol === 'TLSv1.2' || link.protocol === 'TLSv1.3' ? link.protocol : undefined;
      const fp = link.peerCertificate.fingerprint256;
      await link.close();
      return { ok: true, ...(version ? { version } : {}), peerFingerprint256: fp };
    } catch (e) {
      return { ok: false, error: isLinkError(e) ? e.code : 'tls-failed' };
    }
  },
};
