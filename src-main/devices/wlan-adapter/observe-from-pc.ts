// The operator-performed fallback for a real adapter (its web API is not public): the technician sets it
// on its own web page, and the app checks what the PC can observe. Here: whether the web interface answers,
// over HTTPS or plain HTTP, and the certificate it shows. The scan from the air is os-wifi-scan.ts.
import http from 'node:http';
import https from 'node:https';

export interface WebInterfaceObservation {
  answers: boolean;
  protocol: 'https' | 'http' | null;
  status: number | null;
  fingerprint256: string | null;
  at: string;
}

const TIMEOUT_MS = 5_000;

function get(protocol: 'https' | 'http', host: string, port: number): Promise<{ status: number; fingerprint256: string | null } | null> {
  return new Promise((resolve) => {
    const lib = protocol === 'https' ? https : http;
    const req = lib.get({ host, port, path: '/', timeout: TIMEOUT_MS, ...(protocol === 'https' ? { rejectUnauthorized: false } : {}) }, (res) => {
      const peer = protocol === 'https' ? (res.socket as import('node:tls').TLSSocket).getPeerCertificate?.() : undefined;
      res.resume();
      resolve({ status: res.statusCode ?? 0, fingerprint256: peer?.fingerprint256 ?? null });
    });
    req.on('timeout', () => req.destroy());
    req.on('error', () => resolve(null));
  });
}

/** Asks the web interface for its page: HTTPS first, then plain HTTP (a real adapter may offer either). */
export async function observeWebInterface(host: string, port: number): Promise<WebInterfaceObservation> {
  const at = new Date().toISOString();
  for (const protocol of ['https', 'http'] as const) {
    const r = await get(protocol, host, port);
    if (r) return { answers: true, protocol, status: r.status, fingerprint256: r.fingerprint256, at };
  }
  return { answers: false, protocol: null, status: null, fingerprint256: null, at };
}
