// SLMP over TLS: the guideline's "Ethernet with TLS" link. The device's certificate is self-signed, so
// trust comes from pinning: the app records the certificate's SHA-256 fingerprint when it first reads it
// over a link the technician trusts (USB, or the first connection inside the trust boundary), and every
// later connection must present exactly that certificate. Validity dates are checked too, because the
// guideline (2.4.7.3) asks for a certificate within its validity period and a correctly set clock.
import { createHash } from 'node:crypto';
import tls from 'node:tls';
import type { Link } from './link';
import { formatEndpoint, validateHost, validatePort } from './address';
import { LinkError } from './link-error';
import { SocketLink } from './socket-link';
import { waitForSocket } from './socket-connect';
import { DEFAULT_CONNECT_TIMEOUT_MS } from './tcp-link';

export interface TlsConnectOptions {
  host: string;
  port: number;
  timeoutMs?: number;
  localAddress?: string;
  signal?: AbortSignal;
  /** SHA-256 of the server certificate's DER, hex with or without colons, any case. */
  pinnedFingerprint256?: string;
  /** Only to read a device's certificate the first time; the returned link says it is unpinned. */
  allowUnpinned?: boolean;
  /** A CA (PEM) when the device's certificate is issued by one; the pin still applies when given. */
  ca?: string;
  /** Host name to present (SNI) and, with `ca`, to check in the certificate. */
  servername?: string;
  virtual?: boolean;
  /** The clock used for the validity check (tests). */
  now?: () => Date;
}

export interface PeerCertificateInfo {
  /** Upper-case hex with colons, as Node and OpenSSL print it. */
  fingerprint256: string;
  validFrom: string;
  validTo: string;
  subject: string;
  der: Buffer;
}

export interface TlsLink extends Link {
  readonly kind: 'ethernet-tls';
  readonly peerCertificate: PeerCertificateInfo;
  /** False when connected with allowUnpinned: the certificate has not been checked against a pin. */
  readonly pinned: boolean;
  readonly protocol: string;
}

export function normalizeFingerprint(fingerprint: string): string {
  const hex = fingerprint.replace(/[\s:]/g, '').toUpperCase();
  if (!/^[0-9A-F]{64}$/.test(hex)) {
    throw new LinkError(
      'invalid-address',
      'The stored certificate fingerprint is not a SHA-256 fingerprint (64 hex digits). Read the device certificate again over a trusted link.',
    );
  }
  return hex.match(/../g)!.join(':');
}

export async function connectTls(options: TlsConnectOptions): Promise<TlsLink> {
  const { host, kind } = validateHost(options.host);
  const port = validatePort(options.port);
  const where = formatEndpoint(host, port);
  const pin = options.pinnedFingerprint256 === undefined ? undefined : normalizeFingerprint(options.pinnedFingerprint256);
  if (pin === undefined && options.allowUnpinned !== true) {
    throw new LinkError(
      'certificate-unpinned',
      `No certificate fingerprint is recorded for ${where}. Read the device certificate first over a trusted link ` +
        '(USB, or inside the trust boundary) so the app can recognise the device.',
    );
  }
  const localAddress = options.localAddress === undefined ? undefined : validateHost(options.localAddress).host;
  // SNI must not carry an IP address (RFC 6066); devices addressed by IP get none.
  const servername = options.servername ?? (kind === 'hostname' ? host : undefined);
  const socket = tls.connect({
    host,
    port,
    ...(localAddress ? { localAddress } : {}),
    ...(servername ? { servername } : {}),
    minVersion: 'TLSv1.2',
    // Self-signed device certificates cannot chain to a CA: the pin below is the trust decision.
    // With a CA given, OpenSSL verifies the chain as well.
    rejectUnauthorized: options.ca !== undefined,
    ...(options.ca !== undefined ? { ca: options.ca } : {}),
    checkServerIdentity: (name, cert) =>
      options.ca !== undefined && options.servername !== undefined ? tls.checkServerIdentity(name, cert) : undefined,
  });
  try {
    await waitForSocket(socket, 'secureConnect', where, options.timeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS, options.signal);
  } catch (error) {
    throw translateTlsError(error, where);
  }
  const peer = socket.getPeerCertificate(false);
  if (!peer || !peer.raw) {
    socket.destroy();
    throw new LinkError('tls-failed', `The device at ${where} presented no certificate. Check the device's TLS settings.`);
  }
  const info: PeerCertificateInfo = {
    fingerprint256: createHash('sha256').update(peer.raw).digest('hex').toUpperCase().match(/../g)!.join(':'),
    validFrom: peer.valid_from,
    validTo: peer.valid_to,
    subject: formatSubject(peer.subject),
    der: Buffer.from(peer.raw),
  };
  try {
    checkPin(info, pin, where);
    checkValidity(info, (options.now ?? (() => new Date()))(), where);
  } catch (error) {
    socket.destroy();
    throw error;
  }
  const protocol = socket.getProtocol() ?? 'TLS';
  const description =
    pin === undefined
      ? `tls://${where} (${protocol}, certificate NOT pinned: SHA-256 ${info.fingerprint256})`
      : `tls://${where} (${protocol}, certificate pinned)`;
  const link = new SocketLink(socket, { kind: 'ethernet-tls', description, virtual: options.virtual ?? false, where });
  return Object.assign(link, { kind: 'ethernet-tls' as const, peerCertificate: info, pinned: pin !== undefined, protocol });
}

function checkPin(info: PeerCertificateInfo, pin: string | undefined, where: string): void {
  if (pin === undefined || info.fingerprint256 === pin) return;
  throw new LinkError(
    'certificate-mismatch',
    `The device at ${where} presented a different certificate from the one recorded for it ` +
      `(expected SHA-256 ${pin.slice(0, 23)}…, got ${info.fingerprint256.slice(0, 23)}…). ` +
      'Either the device certificate was replaced or another device answers at this address. Do not continue: ' +
      'check the device over USB and, if its certificate was renewed on purpose, record the new one.',
  );
}

function checkValidity(info: PeerCertificateInfo, now: Date, where: string): void {
  const from = new Date(info.validFrom);
  const to = new Date(info.validTo);
  if (now < from) {
    throw new LinkError(
      'certificate-not-yet-valid',
      `The certificate of the device at ${where} is not valid before ${from.toISOString()}. ` +
        "Check the clock of this computer and of the device (guideline 2.4.7.3: set the controller's clock first).",
    );
  }
  if (now > to) {
    throw new LinkError(
      'certificate-expired',
      `The certificate of the device at ${where} expired on ${to.toISOString()}. ` +
        'Renew the device certificate over USB, and check the clocks (guideline 2.4.7.3).',
    );
  }
}

function translateTlsError(error: unknown, where: string): unknown {
  const code = (error as { cause?: { code?: string } } | undefined)?.cause?.code;
  if (!(error instanceof LinkError) || code === undefined) return error;
  if (code === 'CERT_HAS_EXPIRED') return new LinkError('certificate-expired', `The certificate of the device at ${where} has expired. Renew it over USB and check the clocks (guideline 2.4.7.3).`, { cause: error });
  if (code === 'CERT_NOT_YET_VALID') return new LinkError('certificate-not-yet-valid', `The certificate of the device at ${where} is not valid yet. Check the clocks of this computer and the device (guideline 2.4.7.3).`, { cause: error });
  if (/CERT|SELF_SIGNED|ERR_TLS_CERT/.test(code)) return new LinkError('certificate-untrusted', `The certificate of the device at ${where} is not issued by the CA you selected (${code}).`, { cause: error });
  if (/^ERR_SSL|^ERR_TLS|EPROTO/.test(code)) return new LinkError('tls-failed', `The TLS handshake with ${where} failed (${code}). Check that TLS is enabled on the device and allows TLS 1.2 or 1.3.`, { cause: error });
  return error;
}

function formatSubject(subject: tls.PeerCertificate['subject'] | undefined): string {
  if (!subject) return '';
  return Object.entries(subject)
    .map(([k, v]) => `${k}=${Array.isArray(v) ? v.join('+') : String(v)}`)
    .join(', ');
}
