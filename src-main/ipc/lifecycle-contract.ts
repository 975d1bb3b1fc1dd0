// The later life of a known device in the app (issue 11): a maintenance visit started from the home
// screen's list, its signed report and the event history it read. Main owns everything: the baseline
// (this installation's last signed report of the device), the pinned TLS link, the logon, the checks and
// the signing; the renderer sends the technician's decisions and shows the views below.
import { z } from 'zod';
import type { Bilingual } from '../messages/catalogue';
import type { CertificateStanding } from '../model/known-device';
import type { ExportResult } from './wizard-contract';

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
  disruptive: DisruptiveCheckChoice[];
}

export type VisitCheckStatus = 'pass' | 'fail' | 'warning' | 'not-run';

export interface VisitCheckView {
  id: string;
  reference: string;
  title: Bilingual;
  status: VisitCheckStatus;
  evidence: Array<{ what: string; value: string }>;
  reason?: string;
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

const Password = z.string().min(1).max(256);

export const VisitExportKindSchema = z.enum(['visit-report-json', 'visit-report-html', 'visit-report-html-ja', 'visit-report-pdf', 'visit-report-pdf-ja', 'events-csv', 'events-json']);
export type VisitExportKind = z.infer<typeof VisitExportKindSchema>;
/** The last disposal's certificate to read or print (the signed JSON comes with the disposal's result). */
export const DisposalExportKindSchema = z.enum(['disposal-certificate-html', 'disposal-certificate-html-ja', 'disposal-certificate-pdf', 'disposal-certificate-pdf-ja']);
export type DisposalExportKind = z.infer<typeof DisposalExportKindSchema>;

export const lifecycleChannels = {
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
  /** The last visit's signed report, or its event history as CSV or as a signed file. */
  'visit:export': { request: z.object({ kind: VisitExportKindSchema }).strict(), response: {} as ExportResult },
  /** The last disposal certificate as HTML or PDF (PDF only where the host prints one: Electron). */
  'disposal:export': { request: z.object({ kind: DisposalExportKindSchema }).strict(), response: {} as ExportResult },
} as const;

export type LifecycleRequest<C extends keyof typeof lifecycleChannels> = z.output<(typeof lifecycleChannels)[C]['request']>;
