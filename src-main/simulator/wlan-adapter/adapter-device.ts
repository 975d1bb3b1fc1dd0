// The wireless LAN adapter's own rules (chapter 4), independent of how they are reached: the web interface
// (adapter-web.ts) calls these, the radio (air-roles.ts) reads the settings in effect. Every refusal is an
// AdapterRefusal with a stable code, the HTTP status the web interface answers, and the technician's words.
import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { createBackupFile, openBackupFile } from '../../crypto/backup-file';
import { isCryptoError } from '../../crypto/crypto-error';
import { parseCertificate } from '../../crypto/certificate';
import { verifyFirmwarePackage } from '../../crypto/firmware-package';
import { hashPassword, verifyPassword, type StoredPassword } from '../../crypto/password-hash';
import { practiceVendorPublicKey } from '../../crypto/practice-vendor-key';
import { ADAPTER_LOG_TEXT, type AdapterLogEntry, type AdapterStatusAnswer } from '../../model/wlan-adapter-api';
import { ADAPTER_SETTING_KEYS, WirelessSecurityBaseSchema, adapterSettingsShape, isEnterprise, isTable46Combination, type AdapterSettingKey, type AdapterSettings } from '../../model/security-settings';
import { DEVICE_KDF } from '../security/device-choices';
import { passwordRuleProblem } from '../security/password-rules';
import { BACKUP_KDF, FACTORY_FIRMWARE, FACTORY_PASSPHRASE, FACTORY_PASSWORD, LOG_CAPACITY, PASSWORD_HISTORY, factorySettings } from './adapter-choices';
import { PASSPHRASE_RULE, passphraseKeepsRule } from '../../device-rules/passphrase-rule';

export type AdapterRefusalCode =
  | 'wrong-credentials'
  | 'not-logged-on'
  | 'session-expired'
  | 'password-change-required'
  | 'password-rule'
  | 'password-reused'
  | 'invalid-setting'
  | 'radius-certificate-required'
  | 'default-passphrase'
  | 'backup-wrong-password'
  | 'backup-integrity-failed'
  | 'package-refused'
  | 'confirmation-required'
  | 'not-found';

export class AdapterRefusal extends Error {
  constructor(readonly status: number, readonly code: AdapterRefusalCode, message: string) {
    super(message);
    this.name = 'AdapterRefusal';
  }
}

/** The log record and the status the web interface answers: the API's own shapes (model/wlan-adapter-api.ts). */
export type { AdapterLogEntry, AdapterStatusAnswer as AdapterStatusReport } from '../../model/wlan-adapter-api';

/** What a settings backup holds (4.4.7.1: no RADIUS certificate, no login password). */
const BackupBodySchema = z.object({ settings: z.record(z.string(), z.unknown()), passphrase: z.string() }).strict();

// WPA personal passphrase: 8-63 ASCII (802.11 J.4.1), the rule the app judges by too.
export { PASSPHRASE_RULE };

export class WlanAdapterDevice {
  settings: AdapterSettings;
  firmware = FACTORY_FIRMWARE;
  private password!: StoredPassword;
  private passwordIsFactory = true;
  private passwordChangedAt: string | null = null;
  private history: StoredPassword[] = [];
  private passphrase = FACTORY_PASSPHRASE;
  private radiusCertificate: { fingerprint256: string } | null = null;
  private logs: AdapterLogEntry[] = [];
  private logSeq = 0;
  private logLastReadOutAt: string | null = null;
  private lastSettingsBackupAt: string | null = null;
  private readonly changeListeners = new Set<() => void>();
  /** Set by the running adapter: what its radio is connected to. */
  radioPeers: () => string[] = () => [];
  private ready: Promise<void>;

  constructor(
    readonly model: string,
    readonly serial: string,
    readonly wiredMac: string,
    readonly wirelessMac: string,
    readonly now: () => Date = () => new Date(),
  ) {
    this.settings = factorySettings(wirelessMac);
    this.ready = this.resetPassword();
  }

  static async create(model: string, options: { now?: () => Date } = {}): Promise<WlanAdapterDevice> {
    const mac = (): string => ['02', ...[...randomBytes(5)].map((b) => b.toString(16).padStart(2, '0'))].join(':').toUpperCase();
    const d = new WlanAdapterDevice(model, randomBytes(4).toString('hex').toUpperCase(), mac(), mac(), options.now);
    await d.ready;
    d.log('event', 'Adapter started');
    return d;
  }

  private async resetPassword(): Promise<void> {
    this.password = await hashPassword(FACTORY_PASSWORD, DEVICE_KDF);
    this.passwordIsFactory = true;
    this.passwordChangedAt = null;
  }

  onChange(listener: () => void): () => void {
    this.changeListeners.add(listener);
    return () => this.changeListeners.delete(listener);
  }

  private changed(): void {
    for (const l of this.changeListeners) l();
  }

  // ---------------------------------------------------------------------------------------------
  // 4.4.6 logging

  log(kind: AdapterLogEntry['kind'], text: string): void {
    // Logging disabled: connection-status entries stop; events about the security functions are kept.
    if (kind === 'connection' && !this.settings.logging.enabled) return;
    this.logs.push({ seq: ++this.logSeq, at: this.now().toISOString(), kind, text });
    if (this.logs.length > LOG_CAPACITY) this.logs.splice(0, this.logs.length - LOG_CAPACITY);
  }

  readLogs(): AdapterLogEntry[] {
    return this.logs.map((e) => ({ ...e }));
  }

  /** The text export to the PC (4.4.6); it is the read-out Table 44 row 8 asks for. */
  exportLogs(): string {
    this.logLastReadOutAt = this.now().toISOString();
    const text = this.logs.map((e) => `${e.at}\t${e.kind}\t${e.text}`).join('\n') + '\n';
    this.log('event', 'Logs read out to a personal computer');
    return text;
  }

  /** The logging function's own deletion: the only way logs go (4.4.8: never by initialization). */
  deleteLogs(): void {
    this.logs = [];
    this.log('event', ADAPTER_LOG_TEXT.logsDeleted);
  }

  // ---------------------------------------------------------------------------------------------
  // 4.4.5 password authentication (cannot be disabled: there is no setting that turns it off)

  /** 'factory' when the factory password was entered: it only lets the technician set a new one. */
  async checkPassword(candidate: string): Promise<'ok' | 'factory' | 'wrong'> {
    if (!(await verifyPassword(candidate, this.password))) return 'wrong';
    return this.passwordIsFactory ? 'factory' : 'ok';
  }

  async setPassword(current: string, next: string): Promise<void> {
    if ((await this.checkPassword(current)) === 'wrong') throw new AdapterRefusal(403, 'wrong-credentials', 'The current password is wrong.');
    const problem = passwordRuleProblem(next, { strength: 'strong', minimumLength: this.settings.webPassword.minLength }, '');
    if (problem) throw new AdapterRefusal(400, 'password-rule', problem);
    if (next === FACTORY_PASSWORD) throw new AdapterRefusal(400, 'password-rule', 'The new password must not be the factory password.');
    for (const old of [this.password, ...this.history]) {
      if (await verifyPassword(next, old)) throw new AdapterRefusal(400, 'password-reused', 'This password was used before; choose one not used before (Table 45 row 4).');
    }
    this.history = [this.password, ...this.history].slice(0, PASSWORD_HISTORY);
    this.password = await hashPassword(next, DEVICE_KDF);
    this.passwordIsFactory = false;
    this.passwordChangedAt = this.now().toISOString();
    this.log('event', 'Login password changed');
  }

  // ---------------------------------------------------------------------------------------------
  // 4.4.1-4.4.4 settings

  status(): AdapterStatusAnswer {
    return {
      model: this.model,
      serial: this.serial,
      firmware: this.firmware,
      wiredMac: this.wiredMac,
      wirelessMac: this.wirelessMac,
      initialPasswordReplaced: !this.passwordIsFactory,
      passwordChangedAt: this.passwordChangedAt,
      logLastReadOutAt: this.logLastReadOutAt,
      lastSettingsBackupAt: this.lastSettingsBackupAt,
      radiusCertificate: this.radiusCertificate ? { ...this.radiusCertificate } : null,
      passphraseIsFactory: this.passphrase === FACTORY_PASSPHRASE,
      logEntries: this.logs.length,
      wireless: { role: this.settings.operationMode, peers: this.radioPeers() },
    };
  }

  /** The passphrase in effect, for the radio only (never answered on the web interface). */
  radioPassphrase(): string {
    return this.passphrase;
  }

  writeSetting(key: string, value: unknown, secrets: { passphrase?: string } = {}): unknown {
    if (!(ADAPTER_SETTING_KEYS as readonly string[]).includes(key)) throw new AdapterRefusal(404, 'not-found', `The adapter has no setting "${key}".`);
    const k = key as AdapterSettingKey;
    const checked = k === 'security' ? this.checkSecurity(value, secrets) : this.parse(k, value);
    (this.settings as Record<string, unknown>)[k] = checked;
    this.log('event', ADAPTER_LOG_TEXT.settingChanged(k));
    this.changed();
    return structuredClone(checked);
  }

  private parse(key: Exclude<AdapterSettingKey, 'security'>, value: unknown): unknown {
    const r = adapterSettingsShape[key].safeParse(value);
    if (!r.success) throw new AdapterRefusal(400, 'invalid-setting', r.error.issues.map((i) => i.message).join(' '));
    return r.data;
  }

  private checkSecurity(value: unknown, secrets: { passphrase?: string }): AdapterSettings['security'] {
    const r = WirelessSecurityBaseSchema.safeParse(value);
    if (!r.success) throw new AdapterRefusal(400, 'invalid-setting', r.error.issues.map((i) => i.message).join(' '));
    const s = r.data;
    // Exactly the rows of Table 46; anything else is refused by the adapter.
    if (!isTable46Combination(s.authentication, s.encryption)) throw new AdapterRefusal(400, 'invalid-setting', `"${s.authentication}" with "${s.encryption}" is not a combination the adapter supports (Table 46).`);
    if (isEnterprise(s.authentication)) {
      // 4.4.2.1: the certificate generated by the RADIUS server is written first.
      if (!this.radiusCertificate) throw new AdapterRefusal(409, 'radius-certificate-required', 'Write the certificate generated by the RADIUS server before choosing an Enterprise mode (4.4.2.1).');
      if (!s.radius) throw new AdapterRefusal(400, 'invalid-setting', 'An Enterprise mode needs the RADIUS server address.');
    }
    if (s.authentication.includes('Personal')) {
      const p = secrets.passphrase;
      if (p !== undefined) {
        if (!passphraseKeepsRule(p))
          throw new AdapterRefusal(400, 'invalid-setting', `The passphrase must be ${PASSPHRASE_RULE.min}-${PASSPHRASE_RULE.max} printable ASCII characters.`);
        if (p === FACTORY_PASSPHRASE) throw new AdapterRefusal(400, 'default-passphrase', 'Change the default encryption key before enabling the mode (4.4.2.1).');
        this.passphrase = p;
        this.log('event', 'Wireless passphrase changed');
      } else if (this.passphrase === FACTORY_PASSPHRASE) {
        throw new AdapterRefusal(400, 'default-passphrase', 'Set a passphrase of your own: the default encryption key cannot be used (4.4.2.1).');
      }
    }
    return s as AdapterSettings['security'];
  }

  writeRadiusCertificate(pem: string): { fingerprint256: string } {
    let fp: string;
    try {
      fp = parseCertificate(pem).fingerprint256;
    } catch {
      throw new AdapterRefusal(400, 'invalid-setting', 'This is not a certificate (PEM) the adapter can read.');
    }
    this.radiusCertificate = { fingerprint256: fp };
    this.log('event', 'RADIUS server certificate written');
    return { fingerprint256: fp };
  }

  // ---------------------------------------------------------------------------------------------
  // 4.4.7 backup and restoration: encrypted with the login password, so only an adapter with the same
  // password restores it; the RADIUS certificate and the login password are never in the file.

  async backup(password: string): Promise<Buffer> {
    if ((await this.checkPassword(password)) !== 'ok') throw new AdapterRefusal(403, 'wrong-credentials', 'Enter the login password of this adapter to back up its settings.');
    const body = Buffer.from(JSON.stringify({ settings: this.settings, passphrase: this.passphrase }), 'utf8');
    const at = this.now();
    const file = await createBackupFile([{ name: 'adapter-settings.json', data: body }], {
      password,
      kdf: { ...BACKUP_KDF },
      metadata: { model: this.model, serial: this.serial, firmware: this.firmware, createdAt: at, encryption: true },
    });
    body.fill(0);
    this.lastSettingsBackupAt = at.toISOString();
    this.log('event', 'Settings backed up');
    return file;
  }

  async restore(file: Uint8Array, password: string): Promise<void> {
    if ((await this.checkPassword(password)) !== 'ok') throw new AdapterRefusal(403, 'wrong-credentials', 'Enter the login password of this adapter to restore settings.');
    let parsed: z.infer<typeof BackupBodySchema>;
    try {
      const opened = await openBackupFile(file, password);
      if (opened.metadata.model !== this.model) throw new AdapterRefusal(400, 'backup-integrity-failed', 'This backup is of another model.');
      const entry = opened.entries.find((e) => e.name === 'adapter-settings.json');
      parsed = BackupBodySchema.parse(JSON.parse(Buffer.from(entry?.data ?? []).toString('utf8')));
    } catch (e) {
      this.log('event', 'Settings restoration refused');
      if (e instanceof AdapterRefusal) throw e;
      if (isCryptoError(e, 'wrong-password'))
        throw new AdapterRefusal(400, 'backup-wrong-password', 'This backup was made on an adapter with another password; it restores only to an adapter with the same password (4.4.7.1).');
      throw new AdapterRefusal(400, 'backup-integrity-failed', 'The backup data has been manipulated or rewritten; do not use it, use other backup data (4.4.7).');
    }
    // Validate everything before changing anything: a refused restoration leaves the adapter as it was.
    const next = structuredClone(this.settings);
    for (const key of ADAPTER_SETTING_KEYS) {
      if (!(key in parsed.settings)) throw new AdapterRefusal(400, 'backup-integrity-failed', 'The backup data is incomplete; use other backup data (4.4.7).');
      const r = key === 'security' ? WirelessSecurityBaseSchema.safeParse(parsed.settings[key]) : adapterSettingsShape[key].safeParse(parsed.settings[key]);
      if (!r.success) throw new AdapterRefusal(400, 'backup-integrity-failed', 'The backup data holds a value the adapter does not accept; use other backup data (4.4.7).');
      (next as Record<string, unknown>)[key] = r.data;
    }
    this.settings = next;
    this.passphrase = parsed.passphrase;
    this.log('event', ADAPTER_LOG_TEXT.restored);
    this.changed();
  }

  // ---------------------------------------------------------------------------------------------
  // 4.4.8 initialization: factory settings and password; the logs stay

  async initialize(): Promise<void> {
    this.settings = factorySettings(this.wirelessMac);
    this.passphrase = FACTORY_PASSPHRASE;
    this.radiusCertificate = null;
    this.history = [];
    this.lastSettingsBackupAt = null;
    await this.resetPassword();
    this.log('event', ADAPTER_LOG_TEXT.initialized);
    this.changed();
  }

  // ---------------------------------------------------------------------------------------------
  // 4.4.9 firmware update: a vendor-signed package for this model (crypto/firmware-package.ts)

  async updateFirmware(pkg: Uint8Array): Promise<{ from: string; to: string }> {
    try {
      const v = await verifyFirmwarePackage(pkg, { vendorPublicKeys: [practiceVendorPublicKey()], model: this.model });
      if (v.kind !== 'firmware') throw new AdapterRefusal(400, 'package-refused', 'This package is not a firmware update.');
      const from = this.firmware;
      this.firmware = v.version;
      this.log('event', ADAPTER_LOG_TEXT.firmwareUpdated(from, v.version));
      return { from, to: v.version };
    } catch (e) {
      this.log('event', 'Firmware update refused');
      if (e instanceof AdapterRefusal) throw e;
      if (isCryptoError(e)) throw new AdapterRefusal(400, 'package-refused', e.message);
      throw e;
    }
  }
}
