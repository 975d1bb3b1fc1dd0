// Kinds of session of the one engine: first commissioning, a maintenance visit on a commissioned device,
// disposal. A kind is data plus, where it needs one, a handler for a step kind; the engine's shape is the
// same for every kind.
//
// HOW A KIND PLUGS IN
//   1. Add its id to SessionKindId and write a `SessionKind` (see FIRST_COMMISSIONING below), e.g. in
//      commissioning/kinds/<kind>.ts: its name, whether it may initialize the device, and handlers for
//      the step kinds it runs differently (`steps`; each handler journals before every write it makes).
//   2. Give each family the kind's procedure data: `procedures['<kind id>']` in the family (the steps,
//      references and table rows, as commissioning/guideline/procedures/ holds them for Figure 8/22/36).
//   3. Add it to SESSION_KINDS below. The session core (session/) opens a session of the kind the host
//      asks for; the engine refuses a kind its family has no procedure for (KIND_NOT_FOR_FAMILY).
// The journal's session entry names the kind, so a resume continues the same kind.
import type { SessionDriver, WriteOptions } from '../../devices/session-driver';
import type { Endpoint } from '../../devices/endpoint';
import type { Message } from '../../messages/catalogue';
import type { Deviation } from '../engine/deviations';
import type { NetworkProbe } from '../engine/network-probe';
import type { ProbeTarget } from '../../model/controller-services';
import type { VerificationResult } from '../verification/verification-check';
import type { LinkKind } from '../../links/link';
import type { DeviceSnapshot, ObservedFromPc } from '../../model/device-snapshot';
import type { SecurityProfile } from '../../model/security-settings';
import type { RowVerdict } from '../guideline/tables/evaluate';
import type { Bilingual, ProcedureStep, StepKind } from '../guideline/types';
import type { Journal } from '../journal/journal';
import type { StepResult } from './step-result';
import type { CommissioningSecrets, Operator } from '../engine/operator';
import { msg } from '../../messages/catalogue';

export type SessionKindId = 'first-commissioning' | 'maintenance-visit' | 'disposal';

/**
 * What a step handler (of a kind or a family) gets from the engine. `D` is the family's driver: the engine
 * holds it as a SessionDriver and hands it on; a family's handler names its own (StepContext<its driver>).
 */
export interface StepContext<D extends SessionDriver = SessionDriver> {
  readonly step: ProcedureStep;
  readonly profile: SecurityProfile;
  readonly journal: Journal;
  readonly operator: Operator;
  readonly secrets: CommissioningSecrets;
  readonly now: () => Date;
  /** The driver on a connected, identified device (reconnects when the link was lost). */
  connected(): Promise<D>;
  capabilities(): CapabilitiesOf<D> | undefined;
  /** Whether the connected driver declares this operation (else the operator does it in the tool). */
  can(operation: string): boolean;
  /** Logs on as an Administrator of the profile whose password the secrets hold. */
  logonAsAdministrator(): Promise<void>;
  /** Logs on with these credentials (e.g. a used device's previous Administrator); journaled, Administrators only. */
  logon(userName: string, password: string): Promise<void>;
  /** Where a secret may travel on the current link (2.4.7.1), for a driver call that carries one. */
  writeOptions(): WriteOptions;
  /** Whether an error means the link went away (the operation may or may not have landed). */
  isLinkLoss(error: unknown): boolean;
  /** Closes the link and reaches the device again at the session's first endpoint (after it restarted). */
  reconnectToTarget(): Promise<D>;
  /**
   * Closes the link and reaches the device again after it restarted: over TLS with the pinned certificate
   * when the family reconnects so (a different certificate is refused), else at the session's first endpoint.
   */
  reconnectAfterRestart(): Promise<D>;
  /** The link the session talks over now (its kind and the technician's description of it). */
  link(): { kind: LinkKind; description: string };
  /** Records the device's TLS address with its pin once the session reached it there (a later visit finds it). */
  recordTlsEndpoint(): void;
  /** The device certificate of the session (created at the write step or read back), once there is one. */
  certificate(): DeviceCertificate | undefined;
  /** Keeps the device certificate for the report and the connection destination devices (never its key). */
  keepCertificate(certificate: DeviceCertificate): void;
  /**
   * The device's self-diagnosis as its family read it at the error check (the report's; the MX family's
   * step 12 probes the services they announce). Opaque to the engine: the family reads back its own type.
   */
  keepDiagnostics(diagnostics: unknown): void;
  diagnostics(): unknown;
  /**
   * Judges the whole settings table on the last snapshot: the session's verdicts from now on (the report's).
   * `withNetwork`: rows the network judged (guide-and-verify) replace the device's.
   */
  judgeTable(options: { withNetwork: boolean }): RowVerdict[];
  /** The session's verdicts so far. */
  judged(): RowVerdict[];
  /** The rows met of the whole table, and those not met (steps 11 and 14 count alike). */
  tally(): Message[];
  /** The departures from the guideline's recommendations so far (the running step is not "not completed"). */
  deviations(runningStepId: string): Deviation[];
  /** Where the device is reached and what this PC is (the session's plan). */
  plan(): SessionPlanView;
  /** Probes a port or a TLS handshake from this PC (real sockets; a test may give its own). */
  readonly probe: NetworkProbe;
  /** Whether the family verifies from the network (guide-and-verify), and doing it: the step's result. */
  verifiesFromNetwork(): boolean;
  verifyFromNetwork(): Promise<StepResult>;
  /** What this PC observed of the device (into the snapshot the rows judge, when asked). */
  observe(observed: ObservedFromPc, options: { intoSnapshot: boolean }): void;
  /** A TLS handshake with the pinned certificate succeeded (a rule relies on the TLS path being proven). */
  markTlsPathVerified(): void;
  /** The test operation battery: 'skip' only in the engine's unit tests on a fake controller. */
  readonly testOperation: 'run' | 'skip';
  /** Opens another session to the device where the session reaches it now (the battery's logon checks). */
  openSession(): Promise<D>;
  /** The test operation's results (the report's). */
  keepTestOperation(results: VerificationResult[]): void;
  /** Reads the device through the family into the session's evidence (the report's snapshot). */
  readSnapshot(): Promise<DeviceSnapshot>;
  /** Judges these rows of the family's settings table on the last snapshot. */
  evaluate(rowIds: readonly string[]): RowVerdict[];
  info(message: string): void;
}

/** A device certificate as the session keeps it: PEM, DER, fingerprint and validity (never the key). */
export interface DeviceCertificate {
  pem: string;
  der: Buffer;
  fingerprint256: string;
  notBefore: string;
  notAfter: string;
}

/** What a step handler may know of the session's plan. */
export interface SessionPlanView {
  readonly target: Endpoint;
  /** The device's TLS listener after the restart, when known. */
  tls(): { host: string; port: number } | undefined;
  readonly pcAddress?: string;
  readonly probeTargets?: ProbeTarget[];
}

/** A step handler; typed on its family's driver (the engine hands every handler the driver it connected). */
// `any` by default: a kind's handlers (lifecycle/) run on whichever family's driver the session connected.
/** What a driver's capabilities() answers (the family's own capabilities type). */
export type CapabilitiesOf<D extends SessionDriver> = Awaited<ReturnType<D['capabilities']>>;

export type StepHandler<D extends SessionDriver = any> = (ctx: StepContext<D>) => Promise<StepResult>;

export interface SessionKind {
  readonly id: SessionKindId;
  readonly name: Bilingual;
  /** Whether the kind may initialize the device (a maintenance visit never does). */
  readonly mayInitialize: boolean;
  /** Handlers for the step kinds this kind runs its own way; the engine's own run the rest. */
  readonly steps?: Partial<Record<StepKind, StepHandler>>;
}

export const FIRST_COMMISSIONING: SessionKind = {
  id: 'first-commissioning',
  name: msg('kind.firstCommissioning.name'),
  mayInitialize: true,
};

/**
 * A maintenance visit (2.5.2 / 3.5.2): never initializes, never writes a setting. Its step handlers (read
 * and compare, Tables 15/33, the battery, Tables 18/36) come from lifecycle/visit-session.ts, which runs
 * the engine with `{ ...MAINTENANCE_VISIT, steps }`: they build the visit report, a layer above this one.
 */
export const MAINTENANCE_VISIT: SessionKind = {
  id: 'maintenance-visit',
  name: msg('kind.maintenanceVisit.name'),
  mayInitialize: false,
};

/** Removal and disposal (2.6 / 3.6): initializes on the typed model; handlers from lifecycle/disposal-session.ts. */
export const DISPOSAL: SessionKind = {
  id: 'disposal',
  name: msg('kind.disposal.name'),
  mayInitialize: true,
};

/** Every kind the core knows. */
export const SESSION_KINDS: readonly SessionKind[] = [FIRST_COMMISSIONING, MAINTENANCE_VISIT, DISPOSAL];

export function sessionKind(id: string | undefined): SessionKind | undefined {
  return SESSION_KINDS.find((k) => k.id === (id ?? 'first-commissioning'));
}
