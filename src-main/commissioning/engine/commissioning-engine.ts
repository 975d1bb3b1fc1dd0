// The commissioning engine: runs a procedure of the guideline (as data) against a device through the
// driver its family puts on the link. It settles the profile, writes in the order the rules require with
// every guard checked in main, and hands the device-specific steps (initialization, restart, the checks
// that prove) to the family's step handlers, keeping what they find as the session's evidence. Every
// write is journaled before it is sent (intended), when acknowledged (written) and when the read-back
// matches (verified); a step is done only when verified. An interrupted session is resumed by running a
// new engine on the same journal: it re-reads the device, reconciles what may or may not have landed, and
// continues.
//
// The engine knows no product and imports no family (engine-knows-no-product.test.ts): the session core
// hands it the device family of the profile's system (commissioning/families/), which brings the procedure
// and tables, the driver, one writer per setting, the snapshot reader and its step handlers; the kind of
// session (family/session-kind.ts) picks the family's procedure for it and may run step kinds its own
// way. How each registers is written at the head of family/device-family.ts and family/session-kind.ts.
import { nextPeriodicCheck } from '../guideline/periodic-check-schedule';
import { canonicalize } from '../../crypto/report-signature';
import { ADMINISTRATORS_GROUP, SESSION_OPERATIONS, type DeviceCapabilities, type SessionDriver, type WriteOptions } from '../../devices/session-driver';
import { isLinkError } from '../../links/link-error';
import { isDeviceOperationError } from '../../devices/device-error';
import type { LinkKind } from '../../links/link';
import type { DeviceSnapshot, ObservedFromPc } from '../../model/device-snapshot';
import type { Attestation, SecurityProfile } from '../../model/security-settings';
import { evaluateTable, unknownProfileReferences, type RowVerdict, type SystemGuideline } from '../guideline';
import { rowAccepted } from '../guideline/tables/evaluate';
import { checkRule, type OrderingContext, type OrderingRuleId, type RuleVerdict, type WritePlanItem } from '../guideline/ordering-rules';
import type { DeviceFamily, SettingWriteContext, SettingWriter } from '../family/device-family';
import { FIRST_COMMISSIONING, type DeviceCertificate, type SessionKind, type SessionPlanView, type StepContext } from '../family/session-kind';
import { ref } from '../guideline/references';
import type { Procedure, ProcedureStep } from '../guideline/types';
import type { Journal } from '../journal/journal';
import type { StepState, WriteState } from '../journal/journal-entry';
import { deviceIdOf, type DeviceRecord, type DeviceRegistry } from './device-registry';
import { formatEndpointText as formatEndpoint } from '../../devices/endpoint';
import { formatEndpoint as formatHostPort } from '../../links/address';
import type { ConnectDriver, Endpoint } from './connect-driver';
import type { NetworkJudgement, NetworkObservation } from '../network-verification/network-verification';
import { findDeviations, type Deviation } from './deviations';
import { EngineError } from './engine-errors';
import { measureThroughput, type ThroughputReading } from '../../devices/link-throughput';
import { enforceRules } from './guards';
import { socketProbe, type NetworkProbe } from './network-probe';
import type { CommissioningSecrets, Operator } from './operator';
import { operatorKeepingLinkAlive } from './operator-wait';
import { isMessageId, render, type Message, type MessageId, type MessageParams } from '../../messages/catalogue';
import { said, type StepResult } from '../family/step-result';
import { checklistResult } from '../family/checklist-step';
import type { VerificationResult } from '../verification/verification-check';


export interface CommissioningPlan {
  profile: SecurityProfile;
  /** Where the device is reached first (USB recommended for the first commissioning, 2.4.7.1 A). */
  target: Endpoint;
  /**
   * The device's TLS listener after the restart; the engine adds the pin. A function when the address is
   * only known once the device announces it (a practice device on port 0).
   */
  tlsEndpoint?: { host: string; port: number } | (() => { host: string; port: number } | undefined);
  /** This PC's address on the device's network (IP filter self-lockout guard, network diagnosis). */
  pcAddress?: string;
  /** The wireless LAN adapter: this PC's MAC address and the side it reaches the adapter from (MAC filter guard, 4.4.3). */
  pcMac?: string;
  pcSide?: 'wired' | 'wireless';
  /** Listeners step 12 probes from this PC; default: the public MELSOFT TCP port on the device's address. */
  probeTargets?: SessionPlanView['probeTargets'];
  /** Guide-and-verify: a second address of this PC, to see the IP filter refuse what the profile does not allow. */
  secondAddress?: string;
}

export type ProgressEvent =
  | { type: 'step'; step: ProcedureStep; state: StepState; detail?: string }
  | { type: 'write'; key: string; scope?: string; state: WriteState; detail?: string }
  | { type: 'info'; message: string };

export interface EngineDependencies {
  /** Opens the endpoint and puts the family's driver on it (the session core's, or a test's). */
  connect: ConnectDriver<SessionDriver>;
  /**
   * The device family of the profile's system (the session core looks it up in commissioning/families/):
   * the engine imports no family, so nothing of a product is written into it.
   */
  family: DeviceFamily<any, any>;
  /** The kind of session; by default the first commissioning. */
  kind?: SessionKind;
  journal: Journal;
  registry: DeviceRegistry;
  operator: Operator;
  secrets: CommissioningSecrets;
  probe?: NetworkProbe;
  now?: () => Date;
  onProgress?: (event: ProgressEvent) => void;
  /** Reconnection after a restart or initialization: attempts and pause between them. */
  reconnect?: { attempts: number; delayMs: number };
  /**
   * Step 14's test operation battery (verification/): 'run' (default). 'skip' only for the engine's unit
   * tests on the fake device, which has neither an event history nor sockets to check.
   */
  testOperation?: 'run' | 'skip';
}

export interface StepRecord {
  id: string;
  number: number;
  kind: ProcedureStep['kind'];
  state: StepState | 'not-run';
  startedAt?: string;
  finishedAt?: string;
  /** What the step found, in English (the journal's words). */
  detail?: string;
  /** The same as messages of the catalogue, for views in the technician's language. */
  messages?: Message[];
}

export type { StepResult } from '../family/step-result';

/** What the operator does by hand, in English and Japanese (Operator.performManually's two texts). */
function manually(id: MessageId, params?: MessageParams): [string, string] {
  return [render(id, params, 'en'), render(id, params, 'ja')];
}

export interface CommissioningOutcome {
  sessionId: string;
  profile: SecurityProfile;
  procedure: Procedure;
  operatorName: string;
  startedAt: string;
  finishedAt: string;
  resumedTimes: number;
  steps: StepRecord[];
  writes: Array<{ writeId: string; key: string; scope?: string; state: WriteState; at: string }>;
  capabilities: { mode: DeviceCapabilities['mode']; model: string; family: string; firmwareVersion: string | null; serialNumber: string | null };
  linkInitial: { kind: LinkKind; description: string };
  linkFinal: { kind: LinkKind; description: string };
  trustBoundaryAttestation?: Attestation;
  snapshot: DeviceSnapshot;
  verdicts: RowVerdict[];
  recommendations: RuleVerdict[];
  /** Every departure from the guideline's recommendations, with its reference (deviations.ts). */
  deviations: Deviation[];
  /** The device's self-diagnosis as its family read it (opaque to the engine; the report keeps it). */
  diagnostics?: unknown;
  pinned?: DeviceRecord;
  certificate?: DeviceCertificate;
  /** Step 14's test operation: the Table 17 / 35 checks with their results, evidence and times. */
  testOperation?: VerificationResult[];
}

// Project choice: after a restart or an initialization the device is given 40 attempts 250 ms apart
// (10 s) to accept a connection again; a virtual device restarts in well under a second.
const DEFAULT_RECONNECT = { attempts: 40, delayMs: 250 };

// Which row verdicts count as met: one rule, beside the table evaluation (the report and the families use it).
export { ACCEPTED_STATUSES, rowAccepted } from '../guideline/tables/evaluate';

/** Whether the journal shows a step finished (what the steps after it may rely on). */
export function stepFinished(state: StepState | 'not-run' | undefined): boolean {
  return state === 'done' || state === 'operator-performed' || state === 'profile-set' || state === 'not-applicable';
}

/**
 * Whether the engine never performs this step again in the session: a finished initialization, write or
 * restart (asked again, the engine returns at once and changes nothing). The steps that only read or
 * record (connect, settings, checklists, verification, report) may run again. The wizard's "run again"
 * says why from this same rule.
 */
export function neverRepeated(kind: ProcedureStep['kind'], state: StepState | 'not-run' | undefined): boolean {
  return stepFinished(state) && (kind === 'device-operation' || kind === 'write' || kind === 'restart');
}

/** Refuses a profile the family cannot run yet, or a kind of session the family has no procedure for. */
function resolveProcedure(family: DeviceFamily<any, any>, kind: SessionKind, system: SecurityProfile['system']): Procedure {
  const procedure = family.procedures[kind.id]?.(system);
  if (!procedure) throw new EngineError('KIND_NOT_FOR_FAMILY', `A ${kind.name.en.toLowerCase()} of the ${family.name.en} is not part of this version.`);
  if (!family.driver) throw new EngineError('FAMILY_HAS_NO_DRIVER', `The ${family.name.en} cannot be commissioned yet: its driver is not part of this version. Its procedure (Figure ${procedure.figure}) and settings table are.`);
  return procedure;
}

export class CommissioningEngine {
  readonly #plan: CommissioningPlan;
  readonly #deps: EngineDependencies;
  #profile: SecurityProfile;
  readonly #procedure: Procedure;
  readonly #family: DeviceFamily<SessionDriver, SecurityProfile>;
  readonly #kind: SessionKind;
  readonly #guideline: SystemGuideline;
  readonly #now: () => Date;
  #driver: SessionDriver | undefined;
  #caps: DeviceCapabilities | undefined;
  #linkKind: LinkKind | undefined;
  #linkDescription = '';
  #linkInitial: { kind: LinkKind; description: string } | undefined;
  #loggedOnAsAdministrator = false;
  #tlsPathVerified = false;
  #observed: ObservedFromPc = { portProbes: [], tlsHandshakes: [] };
  #snapshot: DeviceSnapshot | undefined;
  #verdicts: RowVerdict[] = [];
  /** Guide-and-verify: what the network showed at step 12, judged (undefined on a device that reads back). */
  #network: { observation: NetworkObservation; judgement: NetworkJudgement } | undefined;
  #diagnostics: unknown;
  #resumePending = false;
  #certificate: DeviceCertificate | undefined;
  #testOperationResults: VerificationResult[] | undefined;
  #stepDetails = new Map<string, { detail: string; messages?: Message[] }>();
  #begun = false;
  /** Steps this engine instance finished: re-running a read-only step between two others is not needed. */
  #ranHere = new Set<string>();
  #signal: AbortSignal | undefined;
  /** The operator of the dependencies, asked with the link kept alive (operator-wait.ts). */
  readonly #operator: Operator;

  constructor(plan: CommissioningPlan, deps: EngineDependencies) {
    // The session core (session/checked-profile.ts) validated the profile once; the engine takes it as given.
    const profile = plan.profile;
    const family = deps.family;
    const kind = deps.kind ?? FIRST_COMMISSIONING;
    this.#procedure = resolveProcedure(family, kind, profile.system);
    this.#family = family;
    this.#kind = kind;
    this.#guideline = family.guideline(profile.system);
    this.#plan = plan;
    this.#deps = deps;
    this.#profile = profile as SecurityProfile;
    this.#now = deps.now ?? (() => new Date());
    this.#operator = operatorKeepingLinkAlive(deps.operator, {
      driver: () => this.#driver,
      // The alive check in effect is the profile's once written; before that the device's default is
      // not known, and the 10 s keep-alive is short enough for any default seen in practice.
      // The timers are the family's (the MX profile's session timers); a family without them keeps no link alive.
      aliveCheckSeconds: () => this.#family.linkTimers?.(this.#profile).aliveCheckSeconds,
      maxWaitMs: () => this.#family.linkTimers?.(this.#profile).maxWaitMs ?? 0,
    });
    // A new session starts now, not when its first step runs: an attestation given before step 1 (the
    // checklist) is then never earlier than the session it belongs to (issue 12 item 8).
    if (!deps.journal.entries.some((e) => e.type === 'session')) {
      deps.journal.append({ ...this.#sessionBody(), operatorName: deps.operator.name });
      this.#begun = true;
    }
  }

  get profile(): SecurityProfile {
    return this.#profile;
  }

  /** The procedure this session runs (the family's, for the kind of session). */
  get procedure(): Procedure {
    return this.#procedure;
  }

  /** Runs (or resumes) the whole procedure. Throws on anything that needs the technician; the journal keeps the place. */
  async run(): Promise<CommissioningOutcome> {
    const j = this.#deps.journal;
    this.#begin();
    try {
      for (const step of this.#procedure.steps) await this.#runStep(step);
      j.append({ type: 'end', result: 'completed' });
      return this.#outcome();
    } finally {
      await this.#closeDriver();
    }
  }

  /**
   * Step-wise driving (the app's wizard): runs every step up to and including `stepId` that is not
   * finished yet, then stops with the connection kept open for the next call. The target step itself
   * always runs (a verification step run again reads again). `signal` cancels between two writes or
   * two steps, never while a request is on the wire; the cancelled step stays 'started' in the journal
   * and runs again (reconciling by read-back) on the next call. After the last step the journal ends.
   */
  async runThrough(stepId: string, options: { signal?: AbortSignal } = {}): Promise<StepRecord> {
    const index = this.#procedure.steps.findIndex((s) => s.id === stepId);
    if (index < 0) throw new EngineError('PROFILE_NOT_FOR_DEVICE', `"${stepId}" is not a step of ${this.#procedure.figure === '8' ? 'Figure 8' : `Figure ${this.#procedure.figure}`}.`);
    this.#begin();
    this.#signal = options.signal;
    try {
      for (const step of this.#procedure.steps.slice(0, index + 1)) {
        this.#checkCancelled(`step ${step.number}`);
        const target = step.id === stepId;
        if (!target && this.#ranHere.has(step.id)) continue;
        await this.#runStep(step, target);
      }
    } finally {
      this.#signal = undefined;
    }
    if (index === this.#procedure.steps.length - 1 && !this.#deps.journal.entries.some((e) => e.type === 'end')) this.#deps.journal.append({ type: 'end', result: 'completed' });
    return this.stepRecords()[index]!;
  }

  /**
   * The wizard edits the profile while the technician goes through steps 3-8. The settings may change
   * until the first write is journaled (the journal gets the new digest, so a resume needs this profile);
   * after that only attestations and exceptions may change, because the device already holds the rest.
   */
  updateProfile(profile: SecurityProfile): void {
    if (profile.system !== this.#profile.system || profile.model !== this.#profile.model)
      throw new EngineError('PROFILE_NOT_FOR_DEVICE', `This session commissions a ${this.#profile.model}; the profile is for ${profile.model}.`);
    const j = this.#deps.journal;
    const settingsChanged = canonicalize(profile.settings) !== canonicalize(this.#profile.settings);
    const locked = this.settingsLocked();
    if (settingsChanged && locked) throw locked;
    const before = canonicalize(this.#profile);
    this.#profile = profile;
    const digest = canonicalize(this.#profile);
    const last = this.#lastSessionEntry();
    // A new session entry carries the new digest; the first one keeps the start time and operator.
    if (last && digest !== before && last.profileDigest !== digest) j.append({ ...this.#sessionBody(), operatorName: last.operatorName });
  }

  /** Why the settings can no longer change in this session (the first write was journaled), or undefined. */
  settingsLocked(): EngineError | undefined {
    if (!this.#deps.journal.entries.some((e) => e.type === 'write')) return undefined;
    return new EngineError('PROFILE_LOCKED', 'The settings are already being written to the device (step 9 began), so they cannot change in this session. Finish the procedure, or initialize the device in a new session to commission it with other values.');
  }

  /** Whether the report can be issued after this step: the test operation (step 14) or the report step. */
  issuesReport(step: ProcedureStep): boolean {
    return step.kind === 'report' || (step.kind === 'verification' && this.#family.checkOf?.(step) === 'test-operation');
  }

  /** Every step with its journaled state, times and last detail (the wizard's step rail). */
  stepRecords(): StepRecord[] {
    const j = this.#deps.journal;
    return this.#procedure.steps.map((s) => {
      const state = j.stepState(s.id) ?? 'not-run';
      const journaled = [...j.entries].reverse().find((e): e is Extract<typeof e, { type: 'step' }> => e.type === 'step' && e.stepId === s.id && e.detail !== undefined);
      const here = this.#stepDetails.get(s.id);
      const detail = here?.detail ?? journaled?.detail;
      const messages = here ? here.messages : journaled?.messages;
      return { id: s.id, number: s.number, kind: s.kind, state, ...j.stepTimes(s.id), ...(detail ? { detail } : {}), ...(messages?.length ? { messages } : {}) };
    });
  }

  /** The link the engine talks over now, or undefined before the connect step. */
  get link(): { kind: LinkKind; description: string; virtual: boolean } | undefined {
    const d = this.#driver;
    return d && !d.link.closed ? { kind: d.link.kind, description: d.link.description, virtual: d.link.virtual } : undefined;
  }

  /**
   * The device clock against this PC's, read now (2.4.7.3: the clock is right before certificates are
   * relied on). Undefined when the device cannot tell (observe-only, or the clock needs a logon).
   */
  async readClockOffset(): Promise<{ deviceTime: string; pcTime: string; offsetSeconds: number } | undefined> {
    const driver = await this.#ensureConnected();
    if (!this.#can(SESSION_OPERATIONS.clock) || !driver.readClock) return undefined;
    try {
      const before = this.#now().getTime();
      const device = (await driver.readClock()).getTime();
      const pc = (before + this.#now().getTime()) / 2;
      return { deviceTime: new Date(device).toISOString(), pcTime: new Date(pc).toISOString(), offsetSeconds: (device - pc) / 1000 };
    } catch (error) {
      if (this.#isLinkLoss(error)) throw error;
      return undefined;
    }
  }

  /**
   * Times the link's throughput with a bounded series of SLMP self tests (devices/link-throughput.ts), for
   * the bandwidth limitation (2.4.10.1). Undefined when the driver cannot echo; a refusal by the device
   * comes back as `refused` with its words; a lost link throws.
   */
  async measureLinkThroughput(signal?: AbortSignal): Promise<{ link: { kind: LinkKind; description: string; virtual: boolean }; reading: ThroughputReading } | { refused: string } | undefined> {
    const driver = await this.#ensureConnected();
    if (!driver.echo) return undefined;
    try {
      const reading = await measureThroughput((text) => driver.echo!(text), signal ? { signal } : {});
      return { link: { kind: driver.link.kind, description: driver.link.description, virtual: driver.link.virtual }, reading };
    } catch (error) {
      if (this.#isLinkLoss(error)) throw error;
      return { refused: error instanceof Error ? error.message : String(error) };
    }
  }

  /** The device certificate created (step 9) or read back (step 13), once there is one. */
  get certificate(): DeviceCertificate | undefined {
    return this.#certificate;
  }

  /** The outcome so far, for the report once the verification steps ran (step 14). */
  /** The firmware version the device reported when the app connected (undefined before the first connection). */
  get firmwareVersion(): string | null | undefined {
    return this.#caps?.firmwareVersion;
  }

  outcome(): CommissioningOutcome {
    if (!this.#caps || !this.#snapshot) throw new EngineError('DRIVER_INCOMPLETE', 'The report needs the verification steps (11-14) to have read the device first.');
    return this.#outcome();
  }

  /** Closes the connection; the journal keeps the place for a resume. */
  async close(): Promise<void> {
    await this.#closeDriver();
  }

  #begin(): void {
    if (this.#begun) return;
    const j = this.#deps.journal;
    const digest = canonicalize(this.#profile);
    const existing = this.#lastSessionEntry();
    if (!existing) {
      j.append({ ...this.#sessionBody(), operatorName: this.#deps.operator.name });
    } else {
      if (existing.profileDigest !== digest || existing.model !== this.#profile.model)
        throw new EngineError('SESSION_NOT_RESUMABLE', `Session ${j.sessionId} was started with another profile; resume it with the same profile, or start a new session (the device will be read again).`);
      // Counted once the device answers: a retry that never reached it resumed nothing (resumedTimes).
      this.#resumePending = true;
      this.#info(`Resuming session ${j.sessionId}.`);
    }
    this.#begun = true;
  }

  #sessionBody() {
    const j = this.#deps.journal;
    return {
      type: 'session' as const,
      sessionId: j.sessionId,
      system: this.#profile.system,
      model: this.#profile.model,
      procedureId: this.#procedure.id,
      ...(this.#kind.id !== FIRST_COMMISSIONING.id ? { kind: this.#kind.id } : {}),
      target: formatEndpoint(this.#plan.target),
      profileDigest: canonicalize(this.#profile),
    };
  }

  /** The profile may have changed before the first write (updateProfile): the last session entry holds its digest. */
  #lastSessionEntry() {
    return [...this.#deps.journal.entries].reverse().find((e): e is Extract<typeof e, { type: 'session' }> => e.type === 'session');
  }

  #checkCancelled(before: string): void {
    if (this.#signal?.aborted) throw new EngineError('CANCELLED', `Cancelled by the operator before ${before}. Everything written so far was verified; run the step again to continue.`);
  }

  // -------------------------------------------------------------------------------------------------
  // Steps
  // -------------------------------------------------------------------------------------------------
  async #runStep(step: ProcedureStep, force = false): Promise<void> {
    const j = this.#deps.journal;
    const previous = j.stepState(step.id);
    // Verification steps only read; they run again on resume so the report holds fresh readings. Settings
    // and checklists run again only when forced (the wizard's explicit re-run).
    const recordOnly = step.kind === 'settings' || step.kind === 'operator-checklist';
    if (neverRepeated(step.kind, previous) || (stepFinished(previous) && recordOnly && !force)) {
      this.#ranHere.add(step.id);
      return;
    }
    this.#stepState(step, 'started');
    let result: StepResult;
    try {
      result = await this.#perform(step);
    } catch (error) {
      // A cancel leaves the step 'started': nothing failed, the next run continues where it stopped.
      if (!(error instanceof EngineError && error.code === 'CANCELLED')) this.#stepState(step, 'failed', (error as Error).message);
      throw error;
    }
    if (result.detail) this.#stepDetails.set(step.id, { detail: result.detail, ...(result.messages ? { messages: result.messages } : {}) });
    this.#stepState(step, result.state, result.detail, result.messages);
    if (result.state !== 'failed') this.#ranHere.add(step.id);
  }

  async #perform(step: ProcedureStep): Promise<StepResult> {
    const own = this.#kind.steps?.[step.kind];
    if (own) return own(this.#stepContext(step));
    if (step.kind === 'device-operation' && !this.#kind.mayInitialize) throw new EngineError('KIND_NOT_FOR_FAMILY', `A ${this.#kind.name.en.toLowerCase()} never initializes the device (step ${step.number}).`);
    const family = this.#family.steps?.[step.kind];
    if (family) return family(this.#stepContext(step));
    switch (step.kind) {
      case 'operator-checklist':
        // A checklist step that also reads the device (the MX certificate export, step 13) is its family's handler.
        return checklistResult(step, this.#profile.attestations);
      case 'connect':
        await this.#ensureConnected();
        return said('done', { id: 'step.result.connected', params: { link: this.#linkDescription, kind: this.#linkKind ?? '' } });
      case 'settings':
        return this.#settingsStep(step);
      case 'device-operation':
        // The device's own operations (the MX initialization, 7E09) are its family's step handlers.
        throw new EngineError('KIND_NOT_FOR_FAMILY', `The ${this.#family.name.en} has no handler for step ${step.number} (${step.title.en}).`);
      case 'write':
        return this.#writeStep(step);
      case 'restart':
        // The restart and the reconnection that proves it are the families' step handlers (family/restart-step.ts).
        throw new EngineError('KIND_NOT_FOR_FAMILY', `The ${this.#family.name.en} has no handler for step ${step.number} (${step.title.en}).`);
      case 'verification':
        // What a verification step checks on the device is its family's (the MX family's steps 11-14).
        throw new EngineError('KIND_NOT_FOR_FAMILY', `The ${this.#family.name.en} has no handler for step ${step.number} (${step.title.en}).`);
      case 'report': {
        // Figure 8 / Figure 22 step 15: the report is issued and the next periodic check scheduled (2.5.2 / 3.5.2).
        const next = nextPeriodicCheck(this.#now(), this.#profile.system);
        return said('done', { id: 'step.result.reportIssuedNextCheck', params: { date: next.dueBy.slice(0, 10) } });
      }
    }
  }

  /** What a kind's or a family's own step handler may use of the session. */
  #stepContext(step: ProcedureStep): StepContext {
    return {
      step,
      profile: this.#profile,
      journal: this.#deps.journal,
      operator: this.#operator,
      secrets: this.#deps.secrets,
      now: this.#now,
      connected: () => this.#ensureConnected(),
      capabilities: () => this.#caps,
      can: (operation) => this.#can(operation),
      logonAsAdministrator: () => this.#logonAsAdministrator(),
      logon: async (userName, password) => this.#logon(await this.#ensureConnected(), userName, password),
      writeOptions: () => this.#writeOptions(),
      isLinkLoss: (error) => this.#isLinkLoss(error),
      reconnectToTarget: async () => {
        await this.#closeDriver();
        return this.#reconnect(this.#plan.target);
      },
      reconnectAfterRestart: () => this.#reconnectAfterRestart(),
      link: () => ({ kind: this.#linkKind!, description: this.#linkDescription }),
      recordTlsEndpoint: () => this.#noteTlsEndpoint(),
      certificate: () => this.#certificate,
      keepCertificate: (c) => {
        this.#certificate = c;
      },
      keepDiagnostics: (d) => {
        this.#diagnostics = d;
      },
      diagnostics: () => this.#diagnostics,
      judgeTable: ({ withNetwork }) => {
        const all = evaluateTable(this.#guideline.settingsTable, this.#profile, this.#snapshot!);
        return (this.#verdicts = withNetwork ? this.#withNetwork(all) : all);
      },
      judged: () => this.#verdicts,
      tally: () => this.#tally(),
      deviations: (runningStepId) => this.deviations(runningStepId),
      plan: () => ({
        target: this.#plan.target,
        tls: () => this.#tls(),
        ...(this.#plan.pcAddress ? { pcAddress: this.#plan.pcAddress } : {}),
        ...(this.#plan.probeTargets ? { probeTargets: this.#plan.probeTargets } : {}),
      }),
      probe: this.#deps.probe ?? socketProbe,
      verifiesFromNetwork: () => this.#family.verifyFromNetwork !== undefined,
      verifyFromNetwork: () => this.#verifyFromNetwork(step),
      observe: (observed, { intoSnapshot }) => {
        this.#observed = observed;
        if (intoSnapshot && this.#snapshot) this.#snapshot = { ...this.#snapshot, observed };
      },
      markTlsPathVerified: () => {
        this.#tlsPathVerified = true;
      },
      testOperation: this.#deps.testOperation ?? 'run',
      openSession: () => {
        const restarted = this.#procedure.steps.some((s) => s.kind === 'restart' && this.#deps.journal.operationState(s.id, 'restart') === 'verified');
        return this.#deps.connect(restarted ? this.#afterRestartEndpoint() : this.#plan.target);
      },
      keepTestOperation: (results) => {
        this.#testOperationResults = results;
      },
      readSnapshot: async () => (this.#snapshot = await this.#readSnapshot(await this.#ensureConnected())),
      // A family's or a kind's verification step judges rows: its verdicts are the session's (the report's).
      evaluate: (rowIds) => {
        const verdicts = this.#evaluate(rowIds);
        this.#verdicts = [...this.#verdicts.filter((v) => !rowIds.includes(v.rowId)), ...verdicts];
        return verdicts;
      },
      info: (message) => this.#info(message),
    };
  }

  /** Steps 3, 5-8: the values are the profile's, validated; nothing reaches the device here. */
  #settingsStep(step: ProcedureStep): StepResult {
    const problems = unknownProfileReferences(this.#profile);
    if (problems.length) throw new EngineError('PROFILE_NOT_FOR_DEVICE', `The profile names items that do not exist: ${problems.map((p) => `${p.path}: ${p.message}`).join(' | ')}`);
    const missing = step.writes.filter((k) => !(k in this.#profile.settings));
    if (missing.length) throw new EngineError('PROFILE_NOT_FOR_DEVICE', `The profile lacks ${missing.join(', ')} set by step ${step.number}.`);
    const titles = step.writes.map((key) => `setting.title.${key}`).filter(isMessageId);
    return titles.length ? said('profile-set', { id: 'step.result.profileSet', params: { settings: { list: titles } } }) : said('profile-set', { id: 'step.result.profileSetNothing' });
  }

  // -------------------------------------------------------------------------------------------------
  // Step 9: writes in the order of orderSettingsWrites, every guard enforced, every write verified
  // -------------------------------------------------------------------------------------------------
  async #writeStep(step: ProcedureStep): Promise<StepResult> {
    await this.#ensureConnected();
    const plan = this.writePlan();
    let manual = 0;
    for (const item of plan) {
      this.#checkCancelled(item.action === 'logon' ? 'the logon' : `writing ${item.key}`);
      if (item.action === 'logon') {
        if (this.#loggedOnAsAdministrator) continue;
        if (this.#can(SESSION_OPERATIONS.logon)) await this.#logonAsAdministrator();
        // Observe-only: the operator logs on in the engineering tool; the rule holds on their word.
        else this.#loggedOnAsAdministrator = await this.#operator.performManually(step, ...manually('manual.logon'));
        continue;
      }
      const state = await this.#writeItem(step, item);
      if (state === 'operator-performed') manual++;
    }
    return manual
      ? said('operator-performed', { id: 'step.result.writtenByOperator', params: { count: manual } })
      : said('done', { id: 'step.result.written', params: { count: plan.filter((p) => p.action === 'write').length } });
  }

  /** The write plan for this profile and the current link (the UI shows it before anything is written). */
  writePlan(): WritePlanItem[] {
    const t = this.#plan.target.kind;
    const linkKind: LinkKind = this.#linkKind ?? (t === 'tls' ? 'ethernet-tls' : t === 'tcp' ? 'ethernet' : 'usb');
    return this.#family.writePlan(this.#profile, { linkKind, usesTls: this.#usesTls() });
  }

  /** Writes one setting with its guards; exported for the UI's "write this now" and for the guard tests. */
  async writeSetting(key: string, scope?: 'engineering-tool' | 'other-functions'): Promise<WriteState> {
    await this.#ensureConnected();
    const item = this.writePlan().find((i): i is Extract<WritePlanItem, { action: 'write' }> => i.action === 'write' && i.key === key && i.scope === scope);
    if (!item) throw new EngineError('PROFILE_NOT_FOR_DEVICE', `"${key}" is not written by this profile${scope ? ` for ${scope}` : ''}.`);
    const stepId = this.#procedure.steps.find((s) => s.kind === 'write')!.id;
    return this.#writeItem(this.#procedure.steps.find((s) => s.id === stepId)!, item);
  }

  async #writeItem(step: ProcedureStep, item: Extract<WritePlanItem, { action: 'write' }>): Promise<WriteState> {
    const j = this.#deps.journal;
    const key = item.key;
    const writer = this.#writer(key);
    const writeId = item.scope ? `${key}:${item.scope}` : key;
    const last = j.lastWrite(writeId);
    if (last && (last.state === 'verified' || last.state === 'reconciled' || last.state === 'operator-performed')) return last.state;
    const driver = await this.#ensureConnected();
    const ctx = this.#writeContext(step, driver, writer, writeId, item.scope);

    if (last && (last.state === 'intended' || last.state === 'written')) {
      // Resume: the write may or may not have landed. Re-read and compare; never repeat blindly.
      const readBack = await writer.readBack(ctx, last.intended);
      if (readBack.matches) {
        if (writer.pinsCertificate) this.#pinFromDevice(readBack.value as { fingerprint256: string; notAfter: string });
        this.#write(step, writeId, key, item.scope, 'reconciled', last.intended, readBack.value, 'The write had landed before the interruption; verified by read-back.');
        return 'reconciled';
      }
    }

    const requires = new Set<OrderingRuleId>([...item.requires, ...(writer.requires ?? [])]);
    const byOperator = this.#caps!.mode === 'observe-only' || !this.#can(writer.operation);
    const ordering = await this.#orderingContext(driver, writer);
    // Guide-and-verify: the operator writes it in the engineering tool over its USB cable (Figures 8/22), so
    // the rules about what travels over a link are judged for that cable, not for the app's Ethernet link.
    enforceRules([...requires], byOperator ? { ...ordering, linkKind: 'usb' } : ordering, `Writing ${key}${item.scope ? ` (${item.scope})` : ''}`);

    if (byOperator) return this.#manualWrite(step, ctx, writer, writeId);
    return writer.write(ctx);
  }

  #writer(key: string): SettingWriter<SessionDriver, SecurityProfile> {
    const writer = this.#family.writers.get(key);
    if (!writer) throw new EngineError('PROFILE_NOT_FOR_DEVICE', `The ${this.#family.name.en} has no writer for "${key}".`);
    return writer;
  }

  /** What a settings writer gets for one write: the journal calls keep their order (intended before the request). */
  #writeContext(step: ProcedureStep, driver: SessionDriver, writer: SettingWriter<SessionDriver, SecurityProfile>, writeId: string, scope: SettingWriteContext['scope']): SettingWriteContext<SessionDriver, SecurityProfile> {
    const key = writer.key;
    const ctx: SettingWriteContext<SessionDriver, SecurityProfile> = {
      driver,
      profile: this.#profile,
      capabilities: this.#caps!,
      scope,
      options: this.#writeOptions(),
      secrets: this.#deps.secrets,
      now: this.#now,
      tlsEndpoint: this.#tls(),
      journal: (state, intended) => this.#write(step, writeId, key, scope, state, intended),
      refused: (intended, rejected) => this.#rejected(step, writeId, key, scope, intended, [...rejected]),
      verify: async (intended) => {
        const readBack = await writer.readBack(ctx, intended);
        if (!readBack.matches) {
          this.#write(step, writeId, key, scope, 'failed', intended, readBack.value, 'The value read back differs from the value written.');
          throw new EngineError('READ_BACK_MISMATCH', `The device did not keep ${key}${scope ? ` (${scope})` : ''} as written: it reads back differently. Check the device's event history and write it again.`);
        }
        if (writer.pinsCertificate) this.#pinFromDevice(readBack.value as { fingerprint256: string; notAfter: string });
        this.#write(step, writeId, key, scope, 'verified', intended, readBack.value);
        return 'verified';
      },
      logonAsAdministrator: () => this.#logonAsAdministrator(),
      isLinkLoss: (error) => this.#isLinkLoss(error),
      keepCertificate: (c) => {
        this.#certificate = c;
      },
    };
    return ctx;
  }

  async #manualWrite(step: ProcedureStep, ctx: SettingWriteContext<SessionDriver, SecurityProfile>, writer: SettingWriter<SessionDriver, SecurityProfile>, writeId: string): Promise<WriteState> {
    const { key } = writer;
    const scope = ctx.scope;
    const intended = writer.intended(this.#profile);
    const instruction = this.#family.instruction?.(key, this.#profile, scope);
    const done = instruction
      ? await this.#operator.performManually(step, instruction.en, instruction.ja)
      : await this.#operator.performManually(step, ...manually('manual.setSetting', { setting: `${key}${scope ? ` (${scope})` : ''}` }));
    if (!done) throw new EngineError('WRITE_REJECTED', `${key} was not set by the operator; set it in the engineering tool and continue.`);
    // A certificate made by the operator has another fingerprint than anything the profile can name.
    if (this.#can(writer.operation) && !writer.pinsCertificate) {
      try {
        const readBack = await writer.readBack(ctx, intended);
        if (readBack.matches) {
          this.#write(step, writeId, key, scope, 'verified', intended, readBack.value, 'Set by the operator; verified by read-back.');
          return 'verified';
        }
      } catch (error) {
        if (this.#isLinkLoss(error)) throw error;
      }
    }
    this.#write(step, writeId, key, scope, 'operator-performed', intended, undefined, 'Set by the operator in the engineering tool; the app cannot read it back.');
    return 'operator-performed';
  }

  async #orderingContext(driver: SessionDriver, writer: SettingWriter<SessionDriver, SecurityProfile>): Promise<OrderingContext> {
    const ctx: OrderingContext = {
      system: this.#profile.system,
      linkKind: this.#linkKind!,
      loggedOnAsAdministrator: this.#loggedOnAsAdministrator,
      tlsPathVerified: this.#tlsPathVerified,
      ...this.#family.orderingFacts(this.#profile, writer.key, this.#linkKind!, { loggedOnAsAdministrator: this.#loggedOnAsAdministrator }),
    };
    if (this.#plan.pcMac) ctx.pcMac = this.#plan.pcMac;
    if (this.#plan.pcSide) ctx.pcSide = this.#plan.pcSide;
    const attestation = this.#trustBoundaryAttestation();
    if (attestation) ctx.insideTrustBoundary = true;
    else if (this.#linkKind === 'ethernet') ctx.insideTrustBoundary = false;
    if (this.#plan.pcAddress) ctx.pcAddress = this.#plan.pcAddress;
    if (this.#plan.tlsEndpoint) ctx.laterLinkKind = 'ethernet-tls';
    if (writer.needsClockOffset && this.#can(SESSION_OPERATIONS.clock) && driver.readClock) ctx.clockOffsetSeconds = await this.#clockOffsetSeconds(driver.readClock.bind(driver));
    // Observe-only: the app cannot read the clock; the operator's confirmed clock setting (the family's
    // writer that sets the clock) stands for it.
    else if (this.#writerKeys((w) => w.setsClock).some((k) => this.#deps.journal.lastWrite(k)?.state === 'operator-performed')) ctx.clockOffsetSeconds = 0;
    return ctx;
  }

  // -------------------------------------------------------------------------------------------------
  // Step 10's reconnection (the restart itself is the families' step handler, family/restart-step.ts)
  // -------------------------------------------------------------------------------------------------
  async #reconnectAfterRestart(): Promise<SessionDriver> {
    await this.#closeDriver();
    return this.#reconnect(this.#afterRestartEndpoint());
  }

  #afterRestartEndpoint(): Endpoint {
    const pin = this.#deps.journal.pin();
    const tls = this.#tls();
    if (tls && pin && this.#family.reconnectsOverTls(this.#profile))
      return { kind: 'tls', host: tls.host, port: tls.port, fingerprint256: pin.fingerprint256 };
    return this.#plan.target;
  }

  // -------------------------------------------------------------------------------------------------
  // Evidence the families' verification steps gather (their handlers run the checks themselves)
  // -------------------------------------------------------------------------------------------------
  /**
   * Guide-and-verify, step 12: the settings the operator wrote in the engineering tool count only once the
   * network shows them. Every reading names its probe, address and time; rows the network judges replace
   * the device's (unreadable) rows with provenance 'network'; a difference refuses the step with the list.
   */
  async #verifyFromNetwork(step: ProcedureStep): Promise<StepResult> {
    const target = this.#plan.target as { host: string; port: number };
    const tls = this.#tls();
    const pin = this.#deps.journal.pin();
    const { observation, judgement } = await this.#family.verifyFromNetwork!({
      profile: this.#profile,
      target: { host: target.host, port: target.port },
      ...(tls ? { tlsTarget: tls } : {}),
      pcAddress: this.#plan.pcAddress!,
      ...(this.#plan.secondAddress ? { secondAddress: this.#plan.secondAddress } : {}),
      ...(pin ? { pinned: { fingerprint256: pin.fingerprint256, pinnedAt: pin.at } } : {}),
    });
    this.#network = { observation, judgement };
    const failed = [...judgement.checks.filter((c) => c.status === 'fail').map((c) => `${c.title.en}: ${c.reason ?? ''}`), ...judgement.rows.filter((r) => r.status === 'fail').map((r) => `Table ${r.table} row ${r.row}: ${r.reason ?? ''}`)];
    const judged = judgement.rows.filter((r) => r.provenance === 'network').length;
    if (failed.length) return said('failed', { id: 'step.result.networkShowsOtherwise', params: { failures: failed.join(' ') } });
    return said('done', { id: 'step.result.verifiedFromNetwork', params: { readings: observation.readings.length, from: [observation.pcAddress, ...(observation.secondAddress ? [observation.secondAddress] : [])].join(', '), judged } });
  }

  /**
   * Guide-and-verify: rows the network judged replace the device's (unreadable) rows, citing the readings
   * (provenance 'network'); a row the network cannot show, whose every setting the operator said was written
   * in the engineering tool, rests on that person's word (provenance 'attestation', name and time); any other
   * row stays not verified.
   */
  #withNetwork(verdicts: RowVerdict[]): RowVerdict[] {
    const network = this.#network;
    if (!network) return verdicts;
    const readings = new Map(network.observation.readings.map((r) => [r.id, r]));
    const byOperator = new Map<string, { at: string }>();
    for (const w of this.#deps.journal.writes()) if (w.state === 'operator-performed') byOperator.set(w.key, { at: w.at });
    return verdicts.map((v) => {
      const n = network.judgement.rows.find((r) => r.rowId === v.rowId);
      if (!n || n.provenance !== 'network') {
        const row = this.#guideline.settingsTable.find((r) => r.id === v.rowId);
        const keys = row?.settingKeys ?? [];
        if (v.status !== 'not-verified' || !row || row.verification !== 'device' || keys.length === 0 || !keys.every((k) => byOperator.has(k))) return v;
        const at = keys.map((k) => byOperator.get(k)!.at).sort().at(-1)!;
        return {
          rowId: v.rowId,
          status: 'attested',
          evidence: [
            { what: 'attestation', value: { by: this.#deps.operator.name, at, text: `Set in the engineering tool as the app instructed (${keys.join(', ')}); not visible from the network.` } },
            ...(n?.reason ? [{ what: 'from the network', value: n.reason }] : []),
          ],
          provenance: 'attestation',
          ...(v.exception ? { exception: v.exception } : {}),
        };
      }
      return {
        rowId: v.rowId,
        status: n.status === 'not-judged' ? 'not-verified' : n.status,
        evidence: n.readingIds.map((id) => ({ what: readings.get(id)?.probe ?? id, value: { result: readings.get(id)?.result, from: readings.get(id)?.from, at: readings.get(id)?.at } })),
        ...(n.reason ? { reason: n.reason } : {}),
        provenance: 'network',
        ...(v.exception ? { exception: v.exception } : {}),
      };
    });
  }

  /** Steps 11 and 14 count the same rows: the whole settings table. */
  #tally(): Message[] {
    const failed = this.#verdicts.filter((r) => !rowAccepted(r));
    return [
      { id: 'step.result.rowsMet', params: { met: this.#verdicts.length - failed.length, total: this.#verdicts.length, table: this.#guideline.settingsTable[0]!.table } },
      ...(failed.length ? [{ id: 'step.result.rowsNotMet', params: { rows: failed.map((f) => f.rowId).join(', ') } } as const] : []),
    ];
  }

  /** What this commissioning does differently from the guideline's recommendations (deviations.ts). */
  deviations(runningStepId?: string): Deviation[] {
    return findDeviations({ profile: this.#profile, family: this.#family, steps: this.stepRecords().filter((s) => s.id !== runningStepId), verdicts: this.#verdicts, recommendations: this.#recommendations() });
  }

  #recommendations(): RuleVerdict[] {
    return [checkRule('recommend.second-administrator', { system: this.#profile.system, administratorsAfterChange: this.#family.administrators(this.#profile).length })];
  }

  #evaluate(rowIds: readonly string[]): RowVerdict[] {
    if (!this.#snapshot) return [];
    const rows = this.#guideline.settingsTable.filter((r) => rowIds.includes(r.id));
    return this.#withNetwork(evaluateTable(rows, this.#profile, this.#snapshot));
  }

  async #readSnapshot(driver: SessionDriver): Promise<DeviceSnapshot> {
    return (await this.#family.readSnapshot(driver, { system: this.#profile.system, capabilities: this.#caps!, now: this.#now, observed: this.#observed })) as DeviceSnapshot;
  }

  // -------------------------------------------------------------------------------------------------
  // Connection and session
  // -------------------------------------------------------------------------------------------------
  async #ensureConnected(): Promise<SessionDriver> {
    if (this.#driver && !this.#driver.link.closed) return this.#driver;
    await this.#closeDriver();
    // After a verified restart the device is reached over TLS with the pin; before, over the target.
    const restarted = this.#procedure.steps.some((s) => s.kind === 'restart' && this.#deps.journal.operationState(s.id, 'restart') === 'verified');
    return this.#connect(restarted ? this.#afterRestartEndpoint() : this.#plan.target);
  }

  async #connect(endpoint: Endpoint): Promise<SessionDriver> {
    let driver: SessionDriver;
    try {
      driver = await this.#deps.connect(endpoint);
    } catch (error) {
      throw this.#connectError(error, endpoint);
    }
    this.#driver = driver;
    this.#loggedOnAsAdministrator = false;
    if (this.#resumePending) {
      this.#resumePending = false;
      this.#deps.journal.append({ type: 'resume', detail: 'Re-reading the device and reconciling unverified writes.' });
    }
    // The capability query needs no logon (protocol 7E00), so the device is identified before anything
    // else; reading its memory (Read Type Name aside) waits for the Administrator once authentication is on.
    const caps = await driver.capabilities();
    const mismatch = this.#family.driver!.mismatch(caps, this.#profile);
    if (mismatch) throw new EngineError('PROFILE_NOT_FOR_DEVICE', mismatch);
    this.#caps = caps;
    this.#linkKind = driver.link.kind;
    this.#linkDescription = driver.link.description;
    this.#linkInitial ??= { kind: driver.link.kind, description: driver.link.description };
    if (driver.link.kind === 'ethernet-tls') this.#tlsPathVerified = true;
    // Re-establish the Administrator session once the profile's accounts are on the device (the family's
    // writer that turns the logon on, verified).
    const accountsVerified = this.#writerKeys((w) => w.enablesLogon).some((k) => ['verified', 'reconciled'].includes(this.#deps.journal.lastWrite(k)?.state ?? ''));
    if (accountsVerified && this.#can(SESSION_OPERATIONS.logon)) await this.#logonAsAdministrator();
    return driver;
  }

  async #reconnect(endpoint: Endpoint): Promise<SessionDriver> {
    const { attempts, delayMs } = this.#deps.reconnect ?? DEFAULT_RECONNECT;
    let lastError: unknown;
    for (let i = 0; i < attempts; i++) {
      try {
        const d = await this.#connect(endpoint);
        this.#deps.journal.append({ type: 'operation', stepId: 'reconnect', operation: 'reconnect', state: 'done', detail: formatEndpoint(endpoint) });
        return d;
      } catch (error) {
        if (error instanceof EngineError && error.code === 'PINNED_CERTIFICATE_MISMATCH') throw error;
        lastError = error;
        await this.#closeDriver();
        await new Promise((r) => setTimeout(r, delayMs));
      }
    }
    throw new EngineError('DEVICE_NOT_REACHABLE', `The device did not answer at ${formatEndpoint(endpoint)} after its restart (${(lastError as Error)?.message ?? 'no answer'}). Check the cable and power, then resume the session.`, [], { cause: lastError });
  }

  #connectError(error: unknown, endpoint: Endpoint): Error {
    if (isLinkError(error, 'certificate-mismatch') && endpoint.kind === 'tls')
      return new EngineError(
        'PINNED_CERTIFICATE_MISMATCH',
        `The device at ${endpoint.host}:${endpoint.port} presented a certificate different from the one pinned for it when it was commissioned (${endpoint.fingerprint256 ?? 'none'}). The connection was refused: another device may be answering at this address, or the certificate was replaced. Check the device over USB before trusting it.`,
        [ref.section('2.4.7.2'), ref.section('2.4.7.3')],
        { cause: error },
      );
    return error as Error;
  }

  async #logonAsAdministrator(): Promise<void> {
    const driver = this.#driver!;
    const admin = this.#family.administrators(this.#profile).find((n) => this.#deps.secrets.userPassword(n) !== undefined);
    if (!admin) throw new EngineError('SECRET_MISSING', 'Enter the password of an Administrator of the profile: the remaining settings are written logged on as an Administrator.', [ref.table(this.#guideline.settingsTable[0]!.table, 1)]);
    await this.#logon(driver, admin, this.#deps.secrets.userPassword(admin)!);
  }

  async #logon(driver: SessionDriver, userName: string, password: string): Promise<void> {
    const result = await driver.logon(userName, password);
    if (result.group !== ADMINISTRATORS_GROUP)
      throw new EngineError('LOGON_NOT_ADMINISTRATOR', `"${userName}" logged on in group "${result.group}"; the settings are written by a user of the Administrators group.`, [ref.section('2.4.4.3')]);
    const ua = await driver.readUserAuthentication();
    this.#loggedOnAsAdministrator = ua.enabled;
    this.#deps.journal.append({ type: 'operation', stepId: 'session', operation: 'logon', state: 'done', detail: `Logged on as ${userName} (${ADMINISTRATORS_GROUP}).` });
  }

  async #closeDriver(): Promise<void> {
    const d = this.#driver;
    this.#driver = undefined;
    this.#loggedOnAsAdministrator = false;
    if (d) await d.close().catch(() => undefined);
  }

  // -------------------------------------------------------------------------------------------------
  // Helpers
  // -------------------------------------------------------------------------------------------------
  #can(op: string): boolean {
    return this.#caps !== undefined && this.#caps.operations.has(op);
  }

  /** The setting keys whose family writer has this property (the family says what the engine needs). */
  #writerKeys(has: (writer: SettingWriter<SessionDriver, SecurityProfile>) => boolean | undefined): string[] {
    return [...this.#family.writers.values()].filter((w) => has(w)).map((w) => w.key);
  }

  #tls(): { host: string; port: number } | undefined {
    const t = this.#plan.tlsEndpoint;
    return typeof t === 'function' ? t() : t;
  }

  #usesTls(): boolean {
    return this.#family.usesTls(this.#profile);
  }

  /** 2.4.7.1 B: the operator's attestation that this PC is inside the trust boundary (the connect step's id). */
  #trustBoundaryAttestation(): Attestation | undefined {
    const connectStep = this.#procedure.steps.find((s) => s.kind === 'connect')!;
    return this.#profile.attestations.find((a) => a.id === connectStep.id);
  }

  #writeOptions(): WriteOptions {
    return this.#linkKind === 'ethernet' && this.#trustBoundaryAttestation() ? { trustBoundaryAttested: true } : {};
  }

  async #clockOffsetSeconds(readClock: () => Promise<Date>): Promise<number> {
    const before = this.#now().getTime();
    const device = (await readClock()).getTime();
    const after = this.#now().getTime();
    return (device - (before + after) / 2) / 1000;
  }

  #isLinkLoss(error: unknown): boolean {
    return isConnectionLoss(error) || this.#driver?.link.closed === true;
  }

  /**
   * A device whose TLS listener opens only after the restart (the practice device announces it then): its
   * address is recorded with the pin once the engine reached it there, so a later visit can find it.
   */
  #noteTlsEndpoint(): void {
    const tls = this.#tls();
    if (this.#linkKind !== 'ethernet-tls' || !tls || !this.#caps) return;
    const record = this.#deps.registry.get(deviceIdOf(this.#caps.model, this.#caps.serialNumber));
    const at = formatHostPort(tls.host, tls.port);
    if (record && record.tlsEndpoint !== at) this.#deps.registry.pin({ ...record, tlsEndpoint: at });
  }

  #pinFromDevice(c: { fingerprint256: string; notAfter: string }): void {
    const deviceId = deviceIdOf(this.#caps!.model, this.#caps!.serialNumber);
    const tls = this.#tls();
    const record: DeviceRecord = {
      deviceId,
      model: this.#caps!.model,
      serial: this.#caps!.serialNumber,
      fingerprint256: c.fingerprint256,
      notAfter: c.notAfter,
      pinnedAt: this.#now().toISOString(),
      ...(tls ? { tlsEndpoint: formatHostPort(tls.host, tls.port) } : {}),
    };
    this.#deps.registry.pin(record);
    this.#deps.journal.append({ type: 'pin', deviceId, fingerprint256: c.fingerprint256, notAfter: c.notAfter });
  }

  #rejected(step: ProcedureStep, writeId: string, key: string, scope: string | undefined, intended: unknown, rejected: Array<{ path: string; message: string }>): void {
    if (!rejected.length) return;
    const text = rejected.map((r) => `${r.path}: ${r.message}`).join(' | ');
    this.#write(step, writeId, key, scope, 'failed', intended, undefined, text);
    throw new EngineError('WRITE_REJECTED', `The device refused ${key}: ${text}. Nothing of it was stored; correct the profile and write again.`);
  }

  #write(step: ProcedureStep, writeId: string, key: string, scope: string | undefined, state: WriteState, intended: unknown, readBack?: unknown, detail?: string): void {
    this.#deps.journal.append({ type: 'write', stepId: step.id, writeId, key, ...(scope ? { scope } : {}), state, intended, ...(readBack !== undefined ? { readBack } : {}), ...(detail ? { detail } : {}) });
    this.#deps.onProgress?.({ type: 'write', key, ...(scope ? { scope } : {}), state, ...(detail ? { detail } : {}) });
  }

  #stepState(step: ProcedureStep, state: StepState, detail?: string, messages?: Message[]): void {
    this.#deps.journal.append({ type: 'step', stepId: step.id, state, ...(detail ? { detail } : {}), ...(messages?.length ? { messages } : {}) });
    this.#deps.onProgress?.({ type: 'step', step, state, ...(detail ? { detail } : {}) });
  }

  #info(message: string): void {
    this.#deps.onProgress?.({ type: 'info', message });
  }

  #outcome(): CommissioningOutcome {
    const j = this.#deps.journal;
    const caps = this.#caps!;
    const session = j.session()!;
    const recommendations = this.#recommendations();
    const attestation = this.#trustBoundaryAttestation();
    return {
      sessionId: j.sessionId,
      profile: this.#profile,
      procedure: this.#procedure,
      operatorName: session.operatorName,
      startedAt: session.at,
      finishedAt: this.#now().toISOString(),
      resumedTimes: j.resumes(),
      steps: this.stepRecords(),
      writes: j.writes().map((w) => ({ writeId: w.writeId, key: w.key, ...(w.scope ? { scope: w.scope } : {}), state: w.state, at: w.at })),
      capabilities: { mode: caps.mode, model: caps.model, family: caps.family, firmwareVersion: caps.firmwareVersion, serialNumber: caps.serialNumber },
      linkInitial: this.#linkInitial!,
      linkFinal: { kind: this.#linkKind!, description: this.#linkDescription },
      ...(attestation ? { trustBoundaryAttestation: attestation } : {}),
      snapshot: this.#snapshot!,
      verdicts: this.#verdicts,
      recommendations,
      deviations: findDeviations({ profile: this.#profile, family: this.#family, steps: this.stepRecords(), verdicts: this.#verdicts, recommendations }),
      ...(this.#diagnostics ? { diagnostics: this.#diagnostics } : {}),
      ...(this.#deps.registry.get(deviceIdOf(caps.model, caps.serialNumber)) ? { pinned: this.#deps.registry.get(deviceIdOf(caps.model, caps.serialNumber))! } : {}),
      ...(this.#certificate ? { certificate: this.#certificate } : {}),
      ...(this.#testOperationResults ? { testOperation: this.#testOperationResults } : {}),
    };
  }
}

/**
 * Whether an error means the connection went away (cable pulled, device restarting, answer lost) rather
 * than the device refusing: the write may or may not have landed, and the journal decides on resume.
 */
export function isConnectionLoss(error: unknown): boolean {
  if (isLinkError(error)) return true;
  if (isDeviceOperationError(error)) return ['link-lost', 'timeout', 'logon-interrupted', 'transfer-interrupted'].includes(error.code);
  return (error as { name?: string } | null)?.name === 'SlmpLinkClosedError';
}


