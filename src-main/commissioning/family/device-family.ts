// A device family as a plug-in of the session core. The engine knows no product: everything that differs
// between an MX controller and the wireless LAN adapter comes from the family the profile's system names.
//
// HOW A FAMILY REGISTERS
//   1. Write a `DeviceFamily` in commissioning/families/<family>/ (see mx-controller/ and wlan-adapter/):
//      - `systems`: the profile systems it serves ('mx-r', 'mx-f', 'wlan-adapter');
//      - `guideline(system)`: the procedure and tables it runs (data under commissioning/guideline/);
//      - `procedures`: per kind of session (session-kind.ts), the procedure data of that kind;
//      - `driver`: how a driver is put on an open Link and how the device is identified; leave it
//        undefined while no driver exists: the engine then refuses the family with FAMILY_HAS_NO_DRIVER;
//      - `writers`: one SettingWriter per setting key, in a Map keyed by the setting;
//      - `readSnapshot`: reads the device into the DeviceSnapshot the table rows judge;
//      - `writePlan` / `orderingFacts`: the guideline's write order and the facts its rules need.
//   2. Add it to FAMILIES in commissioning/families/index.ts (one line). Nothing in the engine changes.
//
// The engine talks to every driver through the family-neutral session driver (devices/session-driver.ts:
// identify, log on, read the clock, close) and the capabilities the driver declares; everything else a
// device does is called by the family's own writers and step handlers, typed on the family's driver (`D`).
// An operation a driver does not declare becomes "the operator does it in the tool, the app verifies what
// it can read". A family also tells the engine which of its settings matter to the session itself
// (`SettingWriter.enablesLogon`, `setsClock`), so the engine names no setting of any product. The device's own steps (its
// initialization, restart, and the checks that prove the settings) are the family's handlers for those
// step kinds (`steps`), as a session kind may bring its own; the engine runs none of them itself.
import type { DeviceCapabilities, SessionDriver, WriteOptions } from '../../devices/session-driver';
import type { Endpoint } from '../../devices/endpoint';
import type { Link, LinkKind } from '../../links/link';
import type { DeviceSnapshot, ObservedFromPc } from '../../model/device-snapshot';
import type { SecurityProfile, SecuritySystem } from '../../model/security-settings';
import type { SystemGuideline } from '../guideline';
import type { OrderingContext, OrderingRuleId, WritePlanItem } from '../guideline/ordering-rules';
import type { Bilingual, Procedure, ProcedureStep } from '../guideline/types';
import type { CommissioningSecrets } from '../engine/operator';
import type { Deviation } from '../engine/deviations';
import type { CapabilitiesOf, SessionKindId, StepHandler } from './session-kind';

/** The operations a family's driver declares (its capabilities' operation names). */
export type OperationOf<D extends SessionDriver> = CapabilitiesOf<D>['operations'] extends ReadonlySet<infer O> ? O : never;
import type { NetworkJudgement, NetworkObservation } from '../network-verification/network-verification';

/** How the driver of a family is put on a link and how the device proves it is what the profile says. */
export interface FamilyDriver<D extends SessionDriver = SessionDriver> {
  /** Puts the family's driver on an open link (the link is the driver's from then on). */
  open(link: Link): D;
  /**
   * A family whose device is not reached through a byte link (the adapter's web interface) connects to the
   * endpoint itself; the session core then uses this instead of opening a link and calling `open`.
   */
  connect?(endpoint: Endpoint): Promise<D>;
  /**
   * Undefined when the device the driver reports is the one the profile is for; else what the technician
   * reads (the wrong device or the wrong profile). Any device may answer, so it sees the neutral capabilities.
   */
  mismatch(capabilities: DeviceCapabilities, profile: SecurityProfile): string | undefined;
}

/** What a settings writer gets from the engine for one write; the journal calls go through it. */
export interface SettingWriteContext<D extends SessionDriver = SessionDriver, P extends SecurityProfile = SecurityProfile> {
  readonly driver: D;
  readonly profile: P;
  readonly capabilities: CapabilitiesOf<D>;
  readonly scope: 'engineering-tool' | 'other-functions' | undefined;
  /** Where a secret may travel (2.4.7.1): set by the engine from the link and the operator's attestation. */
  readonly options: WriteOptions;
  readonly secrets: CommissioningSecrets;
  readonly now: () => Date;
  /** The device's TLS listener after the restart, when known (the certificate's subject alternative name). */
  readonly tlsEndpoint: { host: string; port: number } | undefined;
  /** Journals the write: 'intended' before the request is sent, 'written' once the device acknowledged it. */
  journal(state: 'intended' | 'written', intended: unknown): void;
  /** The device refused parts of the write: journals 'failed' and throws WRITE_REJECTED (no-op when empty). */
  refused(intended: unknown, rejected: ReadonlyArray<{ path: string; message: string }>): void;
  /** Reads back through this writer, journals 'verified' or throws READ_BACK_MISMATCH. */
  verify(intended: unknown): Promise<'verified'>;
  /** Logs on as an Administrator of the profile (a read-back that needs one). */
  logonAsAdministrator(): Promise<void>;
  /** Whether an error means the link went away (the write may or may not have landed). */
  isLinkLoss(error: unknown): boolean;
  /** A certificate this write created: the report and step 13 export it (never its key). */
  keepCertificate(certificate: { pem: string; der: Buffer; fingerprint256: string; notBefore: string; notAfter: string }): void;
}

/** One setting of a family: how it is written, read back and compared. Registered by its family. */
export interface SettingWriter<D extends SessionDriver = SessionDriver, P extends SecurityProfile = SecurityProfile> {
  readonly key: string;
  /** The driver operation it needs; a driver without it leaves the setting to the operator. */
  readonly operation: OperationOf<D>;
  /** Ordering rules this setting needs beyond the write plan's (e.g. secrets only over an accepted link). */
  readonly requires?: readonly OrderingRuleId[];
  /** Reading the device clock is a fact its rules need (certificate dates, 2.4.7.3). */
  readonly needsClockOffset?: boolean;
  /** A verified read-back pins the device certificate it shows (the certificate writer). */
  readonly pinsCertificate?: boolean;
  /**
   * Once verified, the profile's accounts are on the device: the session logs on as an Administrator on
   * every connection after it (the MX user information).
   */
  readonly enablesLogon?: boolean;
  /** Sets the device clock: confirmed by the operator (observe-only), it stands for the clock reading. */
  readonly setsClock?: boolean;
  /** The value the profile wants, as the journal and the read-back compare it. */
  intended(profile: P): unknown;
  write(ctx: SettingWriteContext<D, P>): Promise<'verified'>;
  readBack(ctx: SettingWriteContext<D, P>, intended: unknown): Promise<{ matches: boolean; value: unknown }>;
}

export interface SnapshotReadContext<D extends SessionDriver = SessionDriver> {
  system: SecuritySystem;
  capabilities: CapabilitiesOf<D>;
  now: () => Date;
  observed?: ObservedFromPc;
}

/** The checks a family's procedure names (its verification handlers tell them apart; the session core issues the report after the test operation). */
export type EngineCheck = 'error-check' | 'network-diagnosis' | 'certificate-export' | 'test-operation';

export interface DeviceFamily<D extends SessionDriver = SessionDriver, P extends SecurityProfile = SecurityProfile> {
  /** 'mx-controller', 'wlan-adapter'. */
  readonly id: string;
  readonly name: Bilingual;
  readonly systems: readonly SecuritySystem[];
  /** The guideline's data for one system of the family: procedure, settings table, attestations, checks. */
  guideline(system: SecuritySystem): SystemGuideline;
  /** The procedure of each kind of session the family supports (absent: the kind is refused). */
  readonly procedures: Partial<Record<SessionKindId, (system: SecuritySystem) => Procedure>>;
  /** Undefined until a driver exists: the engine refuses the family (FAMILY_HAS_NO_DRIVER). */
  readonly driver: FamilyDriver<D> | undefined;
  /** One writer per setting key. */
  readonly writers: ReadonlyMap<string, SettingWriter<D, P>>;
  readSnapshot(driver: D, ctx: SnapshotReadContext<D>): Promise<DeviceSnapshot>;
  /** The guideline's write order for this profile over a link of this kind. */
  writePlan(profile: P, context: { linkKind: LinkKind; usesTls: boolean }): WritePlanItem[];
  /**
   * The facts of the profile the ordering rules need before writing `key` (the engine adds the link's);
   * `session` is what the session knows of the device (the adapter: a logon as Administrator proves the
   * initial password is replaced).
   */
  orderingFacts(profile: P, key: string, linkKind: LinkKind, session?: { loggedOnAsAdministrator: boolean }): Partial<OrderingContext>;
  /** Whether the profile has the device speak TLS (a certificate is written and exported). */
  usesTls(profile: P): boolean;
  /** Whether the app reaches the device over TLS with the pinned certificate after the restart. */
  reconnectsOverTls(profile: P): boolean;
  /** The profile's Administrators (the engine logs on as one whose password the secrets hold). */
  administrators(profile: P): string[];
  /**
   * Which check a step of the family's procedure is (verification steps; a checklist step that hands the
   * certificate over). The engine asks it only whether a step is the test operation (the report follows it).
   */
  readonly checkOf?: (step: ProcedureStep) => EngineCheck | undefined;
  /**
   * The device's idle timers, for keeping the link alive while the operator is asked (operator-wait.ts):
   * the alive check it enforces (seconds) and how long a question may hold the link open (ms).
   */
  readonly linkTimers?: (profile: P) => { aliveCheckSeconds: number | undefined; maxWaitMs: number };
  /** What the profile itself departs from that only this family knows (engine/deviations.ts adds the rest). */
  readonly deviations?: (profile: P, procedure: Procedure) => Deviation[];
  /** Handlers for the device-specific step kinds (device-operation, restart, verification), and any other it runs its own way. */
  readonly steps?: Partial<Record<ProcedureStep['kind'], StepHandler<D>>>;
  /**
   * Guide-and-verify, chosen by what the device answers (a driver in 'observe-only' mode: C059 to the app's
   * security commands): the instruction for one setting in the engineering tool (its name there, the
   * profile's value, where to set it), asked of the operator in the write plan's order.
   */
  readonly instruction?: (key: string, profile: P, scope: string | undefined) => Bilingual;
  /** Guide-and-verify: what a PC on the device's network can see, judged row by row against the profile. */
  readonly verifyFromNetwork?: (plan: NetworkVerificationRequest<P>) => Promise<{ observation: NetworkObservation; judgement: NetworkJudgement }>;
}

export interface NetworkVerificationRequest<P extends SecurityProfile = SecurityProfile> {
  profile: P;
  target: { host: string; port: number };
  tlsTarget?: { host: string; port: number };
  pcAddress: string;
  secondAddress?: string;
  pinned?: { fingerprint256: string; pinnedAt: string };
}
