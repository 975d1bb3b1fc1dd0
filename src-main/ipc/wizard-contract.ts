// The guided wizard's part of the IPC contract: what the renderer may ask of a commissioning session
// and what it is shown. Main owns the session (engine, journal, driver, secrets); the renderer only
// renders SessionView and sends the technician's decisions. Every guard is enforced in main; a locked
// step carries the reason and what unlocks it so the UI can explain it.
import { z } from 'zod';
import type { LinkKind as LinkKindName, SystemId } from '../model/device-access';
import type { ControllerProfile, ProfileIssue } from '../model/security-settings';

export interface Bilingual {
  en: string;
  ja: string;
}

export type StepKindName = 'operator-checklist' | 'connect' | 'device-operation' | 'settings' | 'write' | 'restart' | 'verification' | 'report';

/**
 * UX.md: to do, in progress, written but not yet verified, verified on the device, attested by the
 * operator, failed, locked. 'values-set' = a settings step whose values are entered and validated in
 * the app's profile (nothing is on the device yet); 'operator-performed' = done by the technician in the
 * engineering tool, with what the app could verify itself.
 */
export type StepStatus =
  | 'todo'
  | 'in-progress'
  | 'values-set'
  | 'written'
  | 'verified'
  | 'attested'
  | 'operator-performed'
  | 'not-applicable'
  | 'failed'
  | 'locked';

export interface IecRequirementView {
  id: string;
  title: string;
  bestFit: boolean;
}

export interface StepView {
  id: string;
  number: number;
  kind: StepKindName;
  title: Bilingual;
  appDoes: Bilingual;
  operatorDoes: Bilingual;
  /** Formatted guideline references, e.g. "Figure 8 step 3", "Table 9 row 1", "2.4.7.1 procedure A". */
  references: string[];
  iec: IecRequirementView[];
  /** Figures 22 and 36: the sections the step was rebuilt from. */
  reconstructed?: { basis: string[] };
  /** A checklist step's items with their passages; each is ticked before the step is attested. */
  checklist?: Array<{ text: Bilingual; reference: string }>;
  /** What the hands do at this step (cable, port, when to plug); `reference` absent = the project's advice. */
  handsOn?: Array<{ text: Bilingual; reference?: string }>;
  /** What the step records from the device, as read (e.g. the firmware version at Figure 8 step 8). */
  recorded?: Array<{ label: Bilingual; value: Bilingual }>;
  /** Why, in the guideline's words: what each row this step proves requires ("Table 9 row 4" + its requirement). */
  why?: Array<{ reference: string; text: Bilingual }>;
  /** Settings keys this step sets or writes. */
  settingKeys: string[];
  /**
   * A long settings step split into sub-pages, one per function group (step 7), with main's status of
   * each; `part` is the one open now. Absent: the step is one page.
   */
  parts?: StepPartView[];
  part?: string;
  status: StepStatus;
  /** Why the step cannot run now and what unlocks it (present when status is 'locked'). */
  /**
   * Why the step cannot run now. `ownWork`: only what the step itself asks is missing (its checklist to
   * tick): the step is still "to do", not "locked", and the reason stands next to its primary action.
   */
  lock?: { reason: Bilingual; references: string[]; unlock: Bilingual; ownWork?: true };
  /**
   * A finished step that cannot run again now: why, and what to do instead (present only then, so the
   * UI never offers "Run this step again" for a run main would refuse or skip). `permanent`: the step is
   * not repeated in this session at all (an initialization, the writes, the restart); otherwise it is a
   * lock that lifts (e.g. an Administrator password to enter).
   */
  again?: { reason: Bilingual; references: string[]; unlock: Bilingual; permanent: boolean };
  /** The last outcome in a sentence (e.g. the failure and what to do). */
  detail?: Bilingual;
  startedAt?: string;
  finishedAt?: string;
}

/**
 * One sub-page of a split settings step. 'todo' not opened yet; 'seen' opened; 'changed' a change accepted
 * since the step was last confirmed; 'refused' a change refused here and not applied; 'confirmed' covered
 * by the step's confirmation. Never done by a change: only the step's confirm action confirms.
 */
export interface StepPartView {
  id: string;
  title: Bilingual;
  keys: string[];
  status: 'todo' | 'seen' | 'changed' | 'refused' | 'confirmed';
  /** The guideline passages of this function group, formatted for the device's chapter. */
  references?: string;
}

/**
 * The bandwidth measurement main made over the link to the device (2.4.10.1), with what it measured and
 * how, what it cannot see, and the suggested limits the technician may take; or why it could not measure.
 */
export interface BandwidthMeasurementView {
  at: string;
  measured?: { controllerSendKbps: number; controllerReceiveKbps: number; rounds: number; bytesSent: number; bytesReceived: number; elapsedMs: number; link: LinkKindName };
  suggested?: { sendKbps: number; receiveKbps: number };
  /** What was measured and how, then what it cannot see; or why nothing was measured. */
  text: Bilingual[];
}

export interface LinkView {
  kind: LinkKindName;
  description: string;
  virtual: boolean;
  /** Present once TLS is in use: the pinned device certificate. */
  tls?: { fingerprint256: string; notAfter: string; pinned: boolean };
  /** 2.4.7.1 procedure B: the operator attested that this PC is inside the trust boundary. */
  trustBoundaryAttested: boolean;
}

export type WriteItemState = 'planned' | 'intended' | 'written' | 'verified' | 'failed';

/** "See before writing": one change in the order it will be written, with the link it travels over. */
export interface WriteItemView {
  key: string;
  scope?: string;
  title: Bilingual;
  link: LinkKindName;
  state: WriteItemState;
  /** Ordering rules checked before this write, formatted. */
  rules: string[];
}

export type QuestionKind = 'confirm-initialization' | 'backup-before-initialization' | 'settings-backup' | 'perform-manually' | 'confirm-disruptive';

/** The engine needs the technician: an irreversible action, a backup decision, a manual step. */
export interface QuestionView {
  id: string;
  kind: QuestionKind;
  title: Bilingual;
  text: Bilingual;
  /** Irreversible actions: the technician types this (the device's model name) to confirm. */
  typeToConfirm?: string;
  /** Choices for 'backup-before-initialization': 'to-pc' | 'to-sd-card' | 'declined'. */
  choices?: Array<{ id: string; label: Bilingual }>;
  consequences?: Bilingual[];
}

export interface BusyView {
  what: Bilingual;
  progress?: { done: number; total: number };
  /** False while a write is on the wire: cancelling then would leave the device unknown. */
  cancellable: boolean;
}

export interface ReportRowView {
  id: string;
  table: string;
  row: number;
  item: Bilingual;
  status: 'pass' | 'fail' | 'attested' | 'not-applicable' | 'not-verified';
  /** How the row was established (src-main/model/provenance.ts); the renderer shows its catalogue words. */
  provenance: 'device' | 'network' | 'imported-file' | 'attestation' | 'none';
  /** The readings in sentences, one per line, in both languages (the raw readings are in the signed JSON). */
  evidence: Bilingual[];
  iec: string[];
  exception?: string;
}

export interface ReportView {
  rows: ReportRowView[];
  /** Rows per provenance. */
  provenance: Record<ReportRowView['provenance'], number>;
  /** Only when every row is met and nothing deviates from the guideline. */
  compliant: boolean;
  verdict: 'as-guideline' | 'with-deviations' | 'not-met';
  verdictText: Bilingual;
  /** Every deviation from the guideline with its reference ("Figure 8 step 6"). */
  deviations: Array<{ reference: string; text: Bilingual }>;
  signedAt: string;
  keyId: string;
  /** The sections the exported report has beside the rows, so the screen shows what the export shows. */
  device?: { model: string; serialNumber: string | null; firmwareVersion: string | null };
  link?: { initial: string; final: string; certificate?: { fingerprint256: string; notAfter: string } };
  procedure?: Array<{ number: number; title: Bilingual; state: string; finishedAt?: string }>;
  testOperation?: Array<{ row: number; title: Bilingual; status: 'pass' | 'fail' | 'not-run'; reason?: Bilingual }>;
  testOperationTable?: string;
  attestations?: Array<{ id: string; by: string; at: string; text: string }>;
}

/** Something the operator attests with name and time (the ids wizard:attest takes). */
export interface AttestationItemView {
  id: string;
  /** 'trust-boundary': 2.4.7.1 B (the connect step's id); 'checklist': a checklist step (1, 13); 'settings-row': a row of Table 9/27 the device cannot show; 'implementation-matter': Table 10/28. */
  kind: 'trust-boundary' | 'checklist' | 'settings-row' | 'implementation-matter';
  title: Bilingual;
  /** What is attested, in the guideline's words, where the table gives them (Table 45). */
  statement?: Bilingual;
  references: string[];
  attested?: { by: string; at: string; text: string };
  /** The step that relies on it has been confirmed: the attestation is on record and cannot be withdrawn. */
  final?: boolean;
}

/**
 * A refused settings change (or a pointer to one) next to the block it belongs to. `message` is the English
 * text (ProfileIssue); `text` the bilingual one when main has it, with the guideline `references`.
 * `pointsTo`: the step whose block holds the refusal or its cause, for a "go there" control.
 */
export interface SettingIssueView extends ProfileIssue {
  text?: Bilingual;
  references?: string[];
  pointsTo?: { stepId: string; number: number; part?: string };
}

export interface SessionView {
  sessionId: string;
  system: SystemId;
  model: string;
  operatorName: string;
  procedure: { id: string; figure: string; title: Bilingual; reconstructed: boolean; notice?: Bilingual };
  steps: StepView[];
  currentStepId: string;
  link: LinkView | null;
  /** The app's profile for this device (never a secret). */
  profile: ControllerProfile;
  profileIssues: SettingIssueView[];
  profileWarnings: SettingIssueView[];
  /** Users whose new password was entered (the passwords themselves never come back). */
  passwordsEntered: string[];
  writePlan: WriteItemView[];
  /** The device clock against this PC's, read when the clock settings are shown (2.4.7.3). */
  clock?: { deviceTime: string; pcTime: string; offsetSeconds: number };
  question?: QuestionView;
  busy?: BusyView;
  report?: ReportView;
  /** Each settings block's guideline passages, for this device's chapter ("3.4.4.2; Table 27 row 2" on MX-F). */
  settingReferences?: Record<string, string>;
  /** The accounts whose passwords the technician enters (a controller's users; the adapter's login password, factory password and passphrase). */
  accounts?: string[];
  /** Those of them the app logs on with after the writes. */
  administrators?: string[];
  /**
   * A practice wireless LAN adapter: its counterpart in the pair (Figure 36 steps 13-14), whose wireless MAC
   * address a technician would read from the counterpart's rating plate for the MAC address filter.
   */
  practiceCounterpart?: { role: 'AP' | 'STA'; wirelessMac: string };
  /** The wireless LAN adapter: this PC's MAC address, kept in the wired MAC address filter (4.4.3). */
  thisPcMac?: string;
  /** The controller's certificate is in memory and can be saved for the partners (step 13), from the writes on. */
  certificateReady?: boolean;
  /** Every item the operator may attest, with its attestation once given. */
  attestations?: AttestationItemView[];
  /** The last bandwidth measurement over the link (step 7's bandwidth limitation). */
  bandwidth?: BandwidthMeasurementView;
  /** The last error, in the technician's words, with what to do (the device end code in details). */
  error?: { code: string; message: Bilingual; whatToDo?: Bilingual; details?: string; references?: string[] };
}

export interface SessionSummary {
  sessionId: string;
  system: SystemId;
  model: string;
  startedAt: string;
  lastActivityAt: string;
  verifiedSteps: number;
  totalSteps: number;
}

export interface PasswordCheck {
  /** A real strength estimator (zxcvbn-ts): 0 (weakest) to 4. */
  score: 0 | 1 | 2 | 3 | 4;
  /** The estimator's advice, in the UI language keys or plain English (shown as is). */
  /** The strength estimator's warnings and suggestions, in both languages. */
  feedback: Bilingual[];
  /** The device's own rule (the profile's password policy): every failure in words. */
  deviceRule: { ok: boolean; failures: Bilingual[] };
}

/** PDF only where the host can print one (Electron's printToPDF); the browser host prints the preview. */
const ExportKindSchema = z.enum(['report-html', 'report-html-ja', 'report-pdf', 'report-pdf-ja', 'report-json', 'certificate-pem', 'certificate-der']);
export type ExportKind = z.infer<typeof ExportKindSchema>;

export interface ExportResult {
  fileName: string;
  /** Where main saved it (the data folder's exports). */
  savedTo: string;
  mime: string;
  contentBase64: string;
}

const Password = z.string().min(1).max(256);
const UserName = z.string().min(1).max(64);
const Id = z.string().min(1).max(200);

export const wizardChannels = {
  'wizard:sessions': { request: z.undefined().or(z.object({}).strict()), response: {} as SessionSummary[] },
  /** Starts a session on the connected device (connection:open first). */
  'wizard:start': { request: z.object({ operatorName: z.string().trim().min(1).max(100) }).strict(), response: {} as SessionView },
  'wizard:resume': { request: z.object({ sessionId: Id }).strict(), response: {} as SessionView },
  'wizard:state': { request: z.undefined().or(z.object({}).strict()), response: {} as SessionView | null },
  /** Selects a step to look at (the rail); it does not run it. */
  /** `part`: the sub-page of a split settings step to open (step 7's function groups). */
  'wizard:select-step': { request: z.object({ stepId: Id, part: z.string().min(1).max(64).optional() }).strict(), response: {} as SessionView },
  /** Sets one settings block of the profile; main validates and returns the issues. */
  'wizard:update-settings': { request: z.object({ key: z.string().min(1).max(64), value: z.unknown() }).strict(), response: {} as SessionView },
  /**
   * After a refused change (not applied): keep the block's values in force. Clears the refusal, changes
   * nothing, and is no confirmation (the step's own confirm action is).
   */
  'wizard:keep-settings': { request: z.object({ key: z.string().min(1).max(64) }).strict(), response: {} as SessionView },
  /** Times the link to the device for the bandwidth limitation (a bounded series of SLMP self tests). */
  'wizard:measure-bandwidth': { request: z.undefined().or(z.object({}).strict()), response: {} as SessionView },
  /** Records an attestation by the session's operator (trust boundary, Tables 10/28 items, checklist steps). */
  'wizard:attest': { request: z.object({ id: Id, text: z.string().trim().min(1).max(2000), withdraw: z.literal(true).optional() }).strict(), response: {} as SessionView },
  'wizard:password-check': { request: z.object({ userName: UserName, password: Password }).strict(), response: {} as PasswordCheck },
  /** Hands a user's new password to main (kept in memory until written, never stored or shown back). */
  /**
   * 'new' (default): a user's new password. 'previous-administrator': the current password of an
   * Administrator already on a used controller, for its logon before the initialization (step 4).
   * 'backup': the password that encrypts the backup taken before the initialization (2.4.6.1).
   */
  'wizard:set-password': {
    request: z.object({ userName: UserName, password: Password, confirmation: Password, purpose: z.enum(['new', 'previous-administrator', 'backup']).optional() }).strict(),
    response: {} as SessionView,
  },
  /** Runs the step (the primary action of its panel). */
  'wizard:run-step': { request: z.object({ stepId: Id }).strict(), response: {} as SessionView },
  'wizard:answer': {
    request: z.object({ questionId: Id, confirmed: z.boolean(), typed: z.string().max(100).optional(), choice: z.string().max(64).optional() }).strict(),
    response: {} as SessionView,
  },
  'wizard:cancel': { request: z.undefined().or(z.object({}).strict()), response: {} as SessionView },
  'wizard:export': { request: z.object({ kind: ExportKindSchema }).strict(), response: {} as ExportResult },
  'wizard:close': { request: z.undefined().or(z.object({}).strict()), response: {} as { closed: true } },
} as const;

/** A wizard channel's request as main receives it: derived from its zod schema, never restated. */
export type WizardRequest<C extends keyof typeof wizardChannels> = z.output<(typeof wizardChannels)[C]['request']>;

export type WizardEvent = { type: 'wizard-changed'; session: SessionView };
