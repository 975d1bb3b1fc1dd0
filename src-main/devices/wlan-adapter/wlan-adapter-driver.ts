// The driver of the wireless LAN adapter over its web interface API (HTTPS, the adapter's certificate
// pinned by its SHA-256 fingerprint, as the controllers' TLS link is). Every failure is a
// DeviceOperationError with the same codes as the controller driver; no message carries a password, a
// passphrase or a backup's bytes. The API is the virtual adapter's: a real adapter's web API is not
// public, so for a real unit the steps are operator-performed (observe-from-pc.ts checks what the PC sees).
import https from 'node:https';
import tls from 'node:tls';
import type { Duplex } from 'node:stream';
import { DeviceOperationError, type DeviceErrorCode } from '../device-error';
import { normalizeFingerprint } from '../../links/tls-link';
import { SNAPSHOT_SCHEMA_VERSION, type AdapterSnapshot, type Reading } from '../../model/device-snapshot';
import { ADAPTER_SETTING_KEYS, type AdapterSettingKey, type AdapterSettings } from '../../model/security-settings';
import {
  INITIALIZE_CONFIRMATION,
  type AdapterIdentityAnswer,
  type AdapterLogEntry,
  type AdapterRefusalAnswer,
  type AdapterStatusAnswer,
  type BackupRequest,
  type FirmwareAnswer,
  type FirmwareRequest,
  type InitializeRequest,
  type LogonAnswer,
  type LogonRequest,
  type PasswordChangeRequest,
  type RadiusCertificateRequest,
  type RestoreRequest,
  type SettingWriteRequest,
} from '../../model/wlan-adapter-api';

export interface AdapterEndpoint {
  host: string;
  port: number;
  /** The web interface's certificate, pinned; absent on the first connection (then recorded and shown). */
  fingerprint256?: string;
}

const ENDPOINT = /^https:\/\/(127\.\d{1,3}\.\d{1,3}\.\d{1,3}|localhost|\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3}):(\d{1,5})\/?(?:#sha256=([0-9A-Fa-f:]+))?$/;

/** `https://HOST:PORT#sha256=FP`: the adapter's address in the app and in `mxc`. */
export function parseAdapterEndpoint(text: string): AdapterEndpoint {
  const m = ENDPOINT.exec(text.trim());
  const port = Number(m?.[2]);
  if (!m || port < 1 || port > 65535) throw new DeviceOperationError('invalid-request', { headline: `"${text.slice(0, 80)}" is not an adapter address.`, whatToDo: 'Write it as https://192.0.2.20:443 (optionally #sha256= and the certificate fingerprint).' });
  return { host: m[1]!, port, ...(m[3] ? { fingerprint256: normalizeFingerprint(m[3]) } : {}) };
}

/** The status and a log record as the web interface answers them (model/wlan-adapter-api.ts, the one schema). */
export type { AdapterStatusAnswer as AdapterStatusReading, AdapterLogEntry as AdapterLogReading } from '../../model/wlan-adapter-api';

/** The adapter's refusal codes, in the controller driver's vocabulary; the adapter's own code stays in details. */
const CODE_MAP: Record<string, { code: DeviceErrorCode; whatToDo: string; ref?: string }> = {
  'wrong-credentials': { code: 'wrong-credentials', whatToDo: 'Check the password and try again; each wrong try slows the next.', ref: '4.4.5' },
  'not-logged-on': { code: 'not-logged-on', whatToDo: 'Log in to the adapter first.', ref: '4.4.5' },
  'session-expired': { code: 'session-expired', whatToDo: 'Log in again.', ref: '4.4.5' },
  'password-change-required': { code: 'password-expired', whatToDo: 'Replace the factory password first (Table 44 rows 6 and 7).', ref: '4.4.5' },
  'password-rule': { code: 'password-rule', whatToDo: 'Choose a password that meets the rule shown.', ref: '4.4.5.1' },
  'password-reused': { code: 'password-reused', whatToDo: 'Choose a password not used before (Table 45 row 4).', ref: '4.4.5' },
  'invalid-setting': { code: 'invalid-setting', whatToDo: 'Correct the value and write it again.' },
  'radius-certificate-required': { code: 'invalid-setting', whatToDo: 'Write the RADIUS server certificate first.', ref: '4.4.2.1' },
  'default-passphrase': { code: 'invalid-setting', whatToDo: 'Enter a passphrase of your own.', ref: '4.4.2.1' },
  'backup-wrong-password': { code: 'backup-wrong-password', whatToDo: 'Restore a backup made on this adapter with its current password.', ref: '4.4.7.1' },
  'backup-integrity-failed': { code: 'backup-integrity-failed', whatToDo: 'Do not use this backup; use other backup data.', ref: '4.4.7' },
  'package-refused': { code: 'package-refused', whatToDo: 'Use only the update file downloaded from the vendor for this model.', ref: '4.4.9.1' },
  'confirmation-required': { code: 'confirmation-mismatch', whatToDo: 'Confirm the operation.' },
  'not-found': { code: 'not-supported', whatToDo: 'This adapter does not offer it; do it on its web page.' },
};

const TIMEOUT_MS = 30_000;

export class WlanAdapterDriver {
  private token: string | undefined;
  private readonly agent: https.Agent;
  private observedFingerprint: string | undefined;

  private constructor(readonly endpoint: AdapterEndpoint, readonly model: string) {
    // The adapter's certificate is self-signed: trust comes from the pinned fingerprint, checked on every
    // new connection before a byte of the request (a password, a token) is written to it.
    this.agent = new PinnedAgent(endpoint.fingerprint256, (fp) => (this.observedFingerprint = fp));
  }

  /** Connects to the web interface and reads the model; refuses a certificate other than the pinned one. */
  static async connect(endpoint: AdapterEndpoint): Promise<WlanAdapterDriver> {
    const probe = new WlanAdapterDriver(endpoint, '');
    const identity = await probe.call<AdapterIdentityAnswer>('GET', '/api/identity');
    // Trust on first use when no pin was given: the driver keeps the certificate it saw for its lifetime.
    const driver = new WlanAdapterDriver({ ...endpoint, ...(probe.observedFingerprint ? { fingerprint256: probe.observedFingerprint } : {}) }, identity.model);
    driver.observedFingerprint = probe.observedFingerprint;
    probe.agent.destroy();
    return driver;
  }

  /** The model the web interface announces without a logon (the login page's identity). */
  async identity(): Promise<{ model: string }> {
    return this.call<AdapterIdentityAnswer>('GET', '/api/identity');
  }

  /** The SHA-256 fingerprint of the web interface's certificate, as seen on this connection. */
  get fingerprint256(): string | undefined {
    return this.observedFingerprint;
  }

  async close(): Promise<void> {
    if (this.token) await this.call('POST', '/api/logoff').catch(() => undefined);
    this.token = undefined;
    this.agent.destroy();
  }

  /** Logs in; `mustChangePassword` when the factory password was used (only the password change is allowed then). */
  async logon(password: string): Promise<{ mustChangePassword: boolean }> {
    if (!password) throw new DeviceOperationError('invalid-request', { headline: 'No password was entered.', whatToDo: 'Enter the adapter password.' });
    const r = await this.call<LogonAnswer>('POST', '/api/logon', { password } satisfies LogonRequest);
    this.token = r.token;
    return { mustChangePassword: r.mustChangePassword };
  }

  /** Replaces the login password; the adapter ends every session, so the driver logs in again with the new one. */
  async changePassword(current: string, next: string): Promise<void> {
    await this.call('POST', '/api/password', { current, next } satisfies PasswordChangeRequest);
    this.token = undefined;
    await this.logon(next);
  }

  async readSettings(): Promise<{ settings: AdapterSettings; status: AdapterStatusAnswer }> {
    return this.call('GET', '/api/settings');
  }

  async writeSetting<K extends AdapterSettingKey>(key: K, value: AdapterSettings[K], secrets: { passphrase?: string } = {}): Promise<AdapterSettings[K]> {
    const r = await this.call<{ value: AdapterSettings[K] }>('PUT', `/api/settings/${key}`, { value, ...(secrets.passphrase !== undefined ? { passphrase: secrets.passphrase } : {}) } satisfies SettingWriteRequest);
    return r.value;
  }

  async writeRadiusCertificate(pem: string): Promise<{ fingerprint256: string }> {
    return this.call('PUT', '/api/radius-certificate', { pem } satisfies RadiusCertificateRequest);
  }

  async readLogs(): Promise<AdapterLogEntry[]> {
    return (await this.call<{ entries: AdapterLogEntry[] }>('GET', '/api/logs')).entries;
  }

  /** The text export of the logs to this PC (4.4.6); the adapter records the read-out time. */
  async exportLogs(): Promise<string> {
    return this.call<string>('GET', '/api/logs/export');
  }

  async deleteLogs(): Promise<void> {
    await this.call('DELETE', '/api/logs');
  }

  async backup(password: string): Promise<Buffer> {
    return Buffer.from((await this.call<{ file: string }>('POST', '/api/backup', { password } satisfies BackupRequest)).file, 'base64');
  }

  async restore(file: Uint8Array, password: string): Promise<void> {
    await this.call('POST', '/api/restore', { file: Buffer.from(file).toString('base64'), password } satisfies RestoreRequest);
  }

  /** 4.4.8: factory settings and password; the logs stay. The session ends: log in with the factory password next. */
  async initialize(): Promise<void> {
    await this.call('POST', '/api/initialize', { confirm: INITIALIZE_CONFIRMATION } satisfies InitializeRequest);
    this.token = undefined;
  }

  async updateFirmware(pkg: Uint8Array): Promise<FirmwareAnswer> {
    return this.call('POST', '/api/firmware', { package: Buffer.from(pkg).toString('base64') } satisfies FirmwareRequest);
  }

  async restart(): Promise<void> {
    await this.call('POST', '/api/restart');
    this.token = undefined;
  }

  /** Everything the adapter reports, as the snapshot Table 44's checks judge. */
  async readSnapshot(): Promise<AdapterSnapshot> {
    const { settings, status } = await this.readSettings();
    const at = new Date().toISOString();
    const read = <T>(value: T): Reading<T> => ({ value, readAt: at });
    const readings: AdapterSnapshot['settings'] = {};
    for (const key of ADAPTER_SETTING_KEYS) if (key in settings) (readings as Record<string, unknown>)[key] = read(settings[key]);
    return {
      schemaVersion: SNAPSHOT_SCHEMA_VERSION,
      system: 'wlan-adapter',
      takenAt: at,
      identity: { model: status.model, modelCode: null, firmware: status.firmware, serial: status.serial },
      link: { kind: 'https', description: `web interface https://${this.endpoint.host}:${this.endpoint.port}` },
      observed: { portProbes: [], tlsHandshakes: this.observedFingerprint ? [{ function: 'web-interface', ok: true, peerFingerprint256: this.observedFingerprint, at }] : [] },
      settings: readings,
      status: {
        initialPasswordReplaced: read(status.initialPasswordReplaced),
        passwordChangedAt: read(status.passwordChangedAt),
        logLastReadOutAt: read(status.logLastReadOutAt),
        radiusCertificate: read(status.radiusCertificate),
        lastSettingsBackupAt: read(status.lastSettingsBackupAt),
      },
    };
  }

  /** Only the logon answer: what a snapshot can hold when the adapter still has its factory password. */
  static factoryPasswordSnapshot(model: string, link: string): AdapterSnapshot {
    const at = new Date().toISOString();
    return {
      schemaVersion: SNAPSHOT_SCHEMA_VERSION,
      system: 'wlan-adapter',
      takenAt: at,
      identity: { model, modelCode: null, firmware: null, serial: null },
      link: { kind: 'https', description: link },
      observed: { portProbes: [], tlsHandshakes: [] },
      settings: {},
      status: { initialPasswordReplaced: { value: false, readAt: at } },
    };
  }

  private call<T>(method: string, path: string, body?: unknown): Promise<T> {
    const data = body === undefined ? undefined : Buffer.from(JSON.stringify(body), 'utf8');
    return new Promise<T>((resolve, reject) => {
      const req = https.request(
        {
          host: this.endpoint.host,
          port: this.endpoint.port,
          method,
          path,
          agent: this.agent,
          timeout: TIMEOUT_MS,
          headers: { ...(data ? { 'Content-Type': 'application/json', 'Content-Length': data.length } : {}), ...(this.token ? { Authorization: `Bearer ${this.token}` } : {}) },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('error', (e) => reject(linkLost(e)));
          res.on('end', () => {
            const text = Buffer.concat(chunks).toString('utf8');
            const json = (res.headers['content-type'] ?? '').startsWith('application/json');
            let parsed: unknown = text;
            if (json) {
              try {
                parsed = JSON.parse(text);
              } catch {
                return reject(new DeviceOperationError('malformed-response', { headline: 'The adapter answered something that is not JSON.', whatToDo: 'Read it again; report this if it repeats.' }));
              }
            }
            if ((res.statusCode ?? 500) < 300) return resolve(parsed as T);
            const err = (parsed as Partial<AdapterRefusalAnswer> | undefined)?.error;
            const mapped = CODE_MAP[err?.code ?? ''];
            reject(
              new DeviceOperationError(
                mapped?.code ?? 'refused',
                { headline: err?.message ?? `The adapter refused the request (HTTP ${res.statusCode}).`, whatToDo: mapped?.whatToDo ?? 'Check the adapter and try again.', guidelineRef: mapped?.ref },
                { causeCode: err?.code ?? `http-${res.statusCode}`, command: `${method} ${path}` },
              ),
            );
          });
        },
      );
      req.on('timeout', () => req.destroy(new DeviceOperationError('timeout', { headline: 'The adapter did not answer in time.', whatToDo: 'Check the cable or the wireless link and try again.' })));
      req.on('error', (e) => reject(e instanceof DeviceOperationError ? e : linkLost(e)));
      req.end(data);
    });
  }
}

class PinnedAgent extends https.Agent {
  constructor(private pin: string | undefined, private readonly seen: (fingerprint256: string) => void) {
    super({ keepAlive: true, maxSockets: 2 });
  }

  override createConnection(options: tls.ConnectionOptions, callback: (error: Error | null, socket?: Duplex) => void): undefined {
    const socket = tls.connect({ host: options.host, port: options.port, servername: undefined, rejectUnauthorized: false, minVersion: 'TLSv1.2' });
    const fail = (e: Error): void => callback(e);
    socket.once('error', fail);
    socket.once('secureConnect', () => {
      socket.removeListener('error', fail);
      const fp = socket.getPeerCertificate().fingerprint256;
      if (this.pin && fp !== this.pin) {
        socket.destroy();
        return callback(new Error(`certificate ${fp} is not the pinned ${this.pin}`));
      }
      this.pin ??= fp;
      this.seen(fp);
      callback(null, socket);
    });
    return undefined;
  }
}

function linkLost(e: Error): DeviceOperationError {
  const code = (e as NodeJS.ErrnoException).code;
  if (/pinned/.test(e.message))
    return new DeviceOperationError('device-proof-failed', { headline: "The adapter's web interface presented a certificate other than the one recorded.", whatToDo: 'Do not enter a password: check that this is the right adapter; if its certificate was renewed, confirm the new fingerprint.' }, { causeCode: 'certificate-changed' }, { cause: e });
  return new DeviceOperationError('link-lost', { headline: "The adapter's web interface cannot be reached.", whatToDo: 'Check the address, the cable and that the adapter is on, then try again.' }, code ? { causeCode: code } : {}, { cause: e });
}
