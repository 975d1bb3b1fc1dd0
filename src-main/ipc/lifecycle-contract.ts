// The later life of a known device in the app (issue 11): a maintenance visit started from the home
// screen's list, its signed report and the event history it read. Main owns everything: the baseline
// (this installation's last signed report of the device), the pinned TLS link, the logon, the checks and
// the signing; the renderer sends the technician's decisions and shows the views below.
import { z } from 'zod';
import type { Bilingual } from '../messages/catalogue';
import type { CertificateStanding } from '../model/known-device';
import type { ExportResult } from './wizard-contract';
import { MAX_CHOSEN_FILE_BYTES } from './chosen-file-limit';

export interface DisruptiveCheckChoice {
  checkId: string;
  /** "Table 17 row 4" */
  reference: string;
  title: Bilingual;
  consequences: Bilingual[];
}

/** What the visit screen shows before anything is read: the device, the link it will use, the baseline. */
export interface VisitPlanView {
  deviceId: string;
  model: string;
  serial: string | null;
  system: 'mx-r' | 'mx-f';
  /** Ethernet with TLS to the pinned certificate (2.4.7.1): host:port, fingerprint and expiry. */
  link: { kind: 'ethernet-tls'; endpoint: string; fingerprint256: string; notAfter: string; standing: CertificateStanding; daysLeft: number };
  /** The report the visit follows (this installation's last signed report of the device). */
  baseline: { kind: 'commissioning' | 'maintenance-visit'; at: string; digest: string } | null;
  /** Why a visit cannot start (no baseline, no TLS endpoint), in the technician's words. */
  blocked?: Bilingual;
  /** An interrupted visit of this device: "Start the visit" resumes it from its journal (the steps done are kept). */
  unfinished?: { sessionId: string; startedAt: string; lastActivityAt: string; stepsDone: number };
  disruptive: DisruptiveCheckChoice[];
}

export type VisitCheckStatus = 'pass' | 'fail' | 'warning' | 'not-run';

export interface VisitCheckView {
  id: string;
  reference: string;
  title: Bilingual;
  status: VisitCheckStatus;
  /** One line per item in both languages (the signed report keeps the English and the catalogue messages). */
  evidence: Bilingual[];
  reason?: Bilingual;
}

export interface EventRowView {
  seq: number;
  at: string;
  code: string;
  name: string;
  user?: string;
  peer?: string;
  /** The Table 12/30 row id when the event is one to watch. */
  watch?: string;
}

export interface EventToWatchView {
  id: string;
  reference: string;
  title: Bilingual;
  meaning: Bilingual;
  action: Bilingual;
}

export interface VisitResultView {
  deviceId: string;
  model: string;
  serial: string | null;
  link: string;
  generatedAt: string;
  drift: Array<{ path: string; baseline: string; now: string; references: string }>;
  noDrift: boolean;
  continuous: VisitCheckView[];
  verification: VisitCheckView[];
  settingChecks: VisitCheckView[];
  certificate?: { notAfter: string; standing: CertificateStanding; daysLeft: number };
  summary: { ok: boolean; drift: number; failed: number; warnings: number; notRun: number };
  /** The visit report names its predecessor by this hash (mxc report verify --predecessor). */
  predecessorDigest: string;
  /** The visit's session (its journal) and how often it was resumed after an interruption. */
  session: { id: string; resumedTimes: number };
  /** Figure 8 / 22 step 15: the next periodic check this visit scheduled (2.5.2 / 3.5.2). */
  nextPeriodicCheck?: string;
  reportDigest: string;
  savedTo: string;
  events: { total: number; deviceCheckOk: boolean; records: EventRowView[]; toWatch: EventToWatchView[] };
}

export interface RenewalView {
  deviceId: string;
  model: string;
  old: { fingerprint256: string; notAfter: string } | null;
  renewed: { fingerprint256: string; notBefore: string; notAfter: string };
  /** The new certificate for the connection destination devices (PEM and DER), saved under the exports. */
  files: ExportResult[];
}

export interface DisposalView {
  model: string;
  serial: string | null;
  factoryState: boolean;
  readings: Array<{ what: string; value: string; factory: boolean }>;
  verifiedOver: string;
  finalBackup: string | null;
  pinRemoved: boolean;
  /** The signed disposal certificate, saved under the exports. */
  certificate: ExportResult;
}

/** Firmware or add-on update (2.4.2 / 2.4.3, Table 17/35 row 2): what was checked, sent and read back. */
export interface FirmwareUpdateView {
  model: string;
  kind: 'firmware' | 'add-on';
  name?: string;
  /** SHA-256 of the package as checked on this PC (vendor signature, model, image) before sending. */
  packageSha256: string;
  before: string;
  expected: string;
  after: string;
  ok: boolean;
  /** The version read back was not the package's and a package to go back to was given. */
  rolledBack?: { to: string; ok: boolean };
}

/** A user of the controller as the users screen shows it (2.4.4.3), with what removing them would do. */
export interface ControllerUserView {
  name: string;
  group: string;
  administrator: boolean;
  locked: boolean;
  lockedUntil?: string;
  passwordExpiresAt?: string;
  /** The Administrator logged on in this screen. */
  you: boolean;
  /** Main's verdict before anything is sent: refused (the last Administrator) or allowed with a warning to acknowledge. */
  removal: { allowed: boolean; warning?: Bilingual; refused?: Bilingual };
}

export interface UsersView {
  deviceId: string;
  model: string;
  loggedOnAs: string;
  groups: Array<{ name: string; administrators: boolean }>;
  users: ControllerUserView[];
  /** The device's password rule in effect (Table 9 row 2), which the app checks before sending. */
  policy: { strength: 'weak' | 'medium' | 'strong'; minLength: number };
  /** What the last change did (and any warning), in the technician's words. */
  done?: Bilingual;
  warning?: Bilingual;
}

/** Restoration with the correct password (Table 17/35 row 6) and backup encryption set again (2.4.6.1). */
export interface RestorationView {
  model: string;
  restored: string[];
  /** What the device held right after the restoration: not restored, so the value from before. */
  encryptionAfterRestore: boolean | null;
  /** What it must be (the last report of this device; encrypted when none says, Table 9 row 14). */
  encryptionExpected: boolean;
  /** Read back from the device at the end. */
  encryptionNow: boolean;
  setAgain: boolean;
  /** What the app did about 2.4.6.1, in the technician's words. */
  message: Bilingual;
}

/** A file the technician chose on this PC (chosen-file-limit.ts). */
const ChosenFile = z
  .object({ name: z.string().min(1).max(255), base64: z.string().min(1).max(Math.ceil(MAX_CHOSEN_FILE_BYTES / 3) * 4).regex(/^[A-Za-z0-9+/]+={0,2}$/) })
  .strict();
const UserName = z.string().min(1).max(64);

const Password = z.string().min(1).max(256);

export const VisitExportKindSchema = z.enum(['visit-report-json', 'visit-report-html', 'visit-report-html-ja', 'visit-report-pdf', 'visit-report-pdf-ja', 'events-csv', 'events-json']);
export type VisitExportKind = z.infer<typeof VisitExportKindSchema>;
/** The last disposal's certificate to read or print (the signed JSON comes with the disposal's result). */
export const DisposalExportKindSchema = z.enum(['disposal-certificate-html', 'disposal-certificate-html-ja', 'disposal-certificate-pdf', 'disposal-certificate-pdf-ja']);
export type DisposalExportKind = z.infer<typeof DisposalExportKindSchema>;

/**
 * A REAL wireless LAN adapter (its web API is not public): Figure 36's steps as the operator performs them on
 * the adapter's web page, and what this PC observed (commissioning/families/wlan-adapter/real-adapter.ts).
 */
export interface RealAdapterCheckView {
  steps: Array<{ stepId: string; number: number; title: Bilingual; state: 'operator-performed'; operatorDoes: Bilingual }>;
  /** A Table 44 row id or "4.3.1"; 'not-verified' says what the operator confirms instead. */
  observations: Array<{ id: string; status: 'pass' | 'fail' | 'not-verified'; seen: string; confirm?: string }>;
}

export const lifecycleChannels = {
  /**
   * A real adapter seen from this PC: the web interface, the factory password (one logon try, only when the
   * operator allows it: the adapter logs it), the OS Wi-Fi scan matched by the radio's MAC address.
   */
  'adapter:observe': {
    request: z
      .object({
        host: z.string().min(1).max(253).regex(/^[A-Za-z0-9.:-]+$/),
        port: z.number().int().min(1).max(65535),
        bssid: z.string().regex(/^([0-9A-Fa-f]{2}:){5}[0-9A-Fa-f]{2}$/).optional(),
        testLogon: z.object({ factoryPassword: Password }).strict().optional(),
      })
      .strict(),
    response: {} as RealAdapterCheckView,
  },
  /** The visit of a known device, before anything is read (device, link, baseline, disruptive checks). */
  'visit:plan': { request: z.object({ deviceId: z.string().min(1).max(200) }).strict(), response: {} as VisitPlanView },
  /**
   * Runs the visit: logon as an existing Administrator (never an initialization), drift, Tables 15/33,
   * the battery with only the disruptive checks the technician confirmed one by one, Tables 18/36; signs it.
   */
  'visit:run': {
    request: z
      .object({
        deviceId: z.string().min(1).max(200),
        operatorName: z.string().trim().min(1).max(100),
        userName: z.string().min(1).max(64),
        password: Password,
        backupPassword: Password.optional(),
        disruptive: z.array(z.string().min(1).max(100)).max(20),
      })
      .strict(),
    response: {} as VisitResultView,
  },
  /**
   * Renews the certificate of a known device (2.4.7.3: delete, create, set), over TLS pinned to the current
   * certificate, logged on as an Administrator; offered from 90 days before expiry. The old pin is kept
   * until the device answers over TLS with the new certificate.
   */
  'renewal:run': {
    request: z.object({ deviceId: z.string().min(1).max(200), userName: z.string().min(1).max(64), password: Password }).strict(),
    response: {} as RenewalView,
  },
  /**
   * Disposes of a known device (2.6 / 3.6): the model typed to confirm, an optional final backup, the
   * initialization of all information, factory state proven over a second link (the certificate is gone),
   * the SD card's fate stated by the operator, the signed disposal certificate; the device leaves the list.
   */
  'disposal:run': {
    request: z
      .object({
        deviceId: z.string().min(1).max(200),
        operatorName: z.string().trim().min(1).max(100),
        userName: z.string().min(1).max(64),
        password: Password,
        typedModel: z.string().max(64),
        backupPassword: Password.optional(),
        sdCard: z.enum(['removed-kept', 'removed-destroyed', 'none-inserted']),
        destination: z.enum(['disposal', 'transfer', 'reuse-in-plant', 'return-to-vendor']),
      })
      .strict(),
    response: {} as DisposalView,
  },
  /**
   * Firmware or add-on update (2.4.2 / 2.4.3): logged on as an Administrator, the CPU in STOP (read from the
   * device) and the operator's confirmation that the system is disconnected from other networks; the
   * package checked on this PC before anything is sent; the version read back; the rollback package (if
   * given) sent when the version read back is wrong. Every condition is checked in main.
   */
  'firmware:run': {
    request: z
      .object({
        deviceId: z.string().min(1).max(200),
        userName: UserName,
        password: Password,
        confirmedStoppedAndDisconnected: z.boolean(),
        package: ChosenFile,
        rollbackPackage: ChosenFile.optional(),
      })
      .strict(),
    response: {} as FirmwareUpdateView,
  },
  /** Logs on as an Administrator and lists the users (2.4.4.3); main keeps the logged-on link for the screen. */
  'users:open': { request: z.object({ deviceId: z.string().min(1).max(200), userName: UserName, password: Password }).strict(), response: {} as UsersView },
  /** Adds a user with a first password that passes the device's rule (checked in main first). */
  'users:add': { request: z.object({ name: UserName, group: z.string().min(1).max(64), password: Password, confirmation: Password }).strict(), response: {} as UsersView },
  /** Removes a user: never the last Administrator; leaving one Administrator needs the warning acknowledged. */
  'users:remove': { request: z.object({ name: UserName, acknowledgedWarning: z.boolean() }).strict(), response: {} as UsersView },
  /** Releases a lockout (Administrators only, 2.4.4.3). */
  'users:unlock': { request: z.object({ name: UserName }).strict(), response: {} as UsersView },
  /** The logged-on Administrator changes their own password (an Administrator's is reset only by themselves). */
  'users:own-password': { request: z.object({ current: Password, next: Password, confirmation: Password }).strict(), response: {} as UsersView },
  'users:close': { request: z.object({}).strict(), response: {} as { closed: true } },
  /**
   * Restores a backup chosen on this PC with its password (Table 17/35 row 6): opened on this PC first (a
   * wrong password or a changed file is refused before sending), the CPU in STOP, then backup encryption
   * set again and read back (2.4.6.1). `restoredPassword`: the Administrator's password in the backup, when
   * it differs from the current one (the app logs on again after the restart).
   */
  'restoration:run': {
    request: z
      .object({
        deviceId: z.string().min(1).max(200),
        userName: UserName,
        password: Password,
        backup: ChosenFile,
        backupPassword: Password,
        restoredPassword: Password.optional(),
      })
      .strict(),
    response: {} as RestorationView,
  },
  /** The last visit's signed report, or its event history as CSV or as a signed file. */
  'visit:export': { request: z.object({ kind: VisitExportKindSchema }).strict(), response: {} as ExportResult },
  /** The last disposal certificate as HTML or PDF (PDF only where the host prints one: Electron). */
  'disposal:export': { request: z.object({ kind: DisposalExportKindSchema }).strict(), response: {} as ExportResult },
} as const;

export type LifecycleRequest<C extends keyof typeof lifecycleChannels> = z.output<(typeof lifecycleChannels)[C]['request']>;
