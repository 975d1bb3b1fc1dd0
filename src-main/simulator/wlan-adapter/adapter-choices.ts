// Every value of the virtual wireless LAN adapter that the guideline does not give, in one place
// (listed in docs/project-choices.md). The real adapter's values are in its user's manual, not public.
import type { AdapterSettings } from '../../model/security-settings';

/** Project choice: the model name the app already uses for the adapter (commissioning/recommended-profile.ts). */
export const ADAPTER_MODEL = 'wlan-adapter';
/** Project choice: the firmware version a factory-fresh virtual adapter reports. */
export const FACTORY_FIRMWARE = '1.000';
/**
 * Project choice: the factory login password of the web interface. It only lets the technician set a new
 * one (Table 44 rows 6-7, 4.4.5): every other request is refused until the password is replaced.
 */
export const FACTORY_PASSWORD = 'wlan-initial';
/**
 * Project choice: the factory passphrase ("encryption key", 4.4.2.1) of the personal modes. A personal mode
 * cannot be enabled with it: 4.4.2.1 says to change the default authentication information before enabling.
 */
export const FACTORY_PASSPHRASE = 'wlan-default-key';
/** Project choice: the web session ends after 10 minutes without a request (4.4.5, the HMI's default). */
export const SESSION_IDLE_MS = 10 * 60_000;
/**
 * Project choice: after a wrong password the web interface answers the next logon of that client no sooner
 * than 500 ms, doubling per further failure up to 8 s (an online guesser gets ~10 tries a minute at best).
 */
export const LOGON_DELAY_MS = { first: 500, max: 8_000 } as const;
/** Project choice: the log keeps the last 1000 entries, then overwrites the oldest (4.4.6, Table 44 row 8). */
export const LOG_CAPACITY = 1000;
/** Project choice: the web interface remembers the last 4 login passwords and refuses them (Table 45 row 4, not reused). */
export const PASSWORD_HISTORY = 4;
/** Project choice: scrypt 2^14 for the settings backup (the backup format's lowest accepted cost; a practice device). */
export const BACKUP_KDF = { log2N: 14, r: 8, p: 1 } as const;
/** Project choice: a beacon every 100 TU is 102.4 ms on a real AP; the virtual AP sends one every 200 ms. */
export const BEACON_INTERVAL_MS = 200;
/** Project choice: a station retries to join every 500 ms, each attempt bounded to 3 s. */
export const JOIN_RETRY_MS = 500;
export const JOIN_ATTEMPT_TIMEOUT_MS = 3_000;

/** The settings of a factory-fresh adapter (4.4.8 restores these): nothing secured yet. */
export function factorySettings(mac: string): AdapterSettings {
  return {
    webPassword: { minLength: 8, changeIntervalDays: 180 },
    operationMode: 'AP',
    ssid: `MX-WLAN-${mac.replace(/:/g, '').slice(-6)}`,
    channel: 1,
    // Not a Table 46 row: a factory unit sends in clear until the technician sets a mode (Table 44 row 1 fails).
    security: { authentication: 'Open', encryption: 'none' },
    macFilter: { wired: { enabled: false, entries: [] }, wireless: { enabled: false, entries: [] } },
    stealthSsid: false,
    logging: { enabled: true, readOutIntervalDays: 30 },
    settingsBackup: { intervalDays: 30 },
  };
}
