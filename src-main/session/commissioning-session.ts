// The session core: one commissioning session (or, later, a visit or a disposal) as every host runs it.
// It owns what the wizard and `mxc commission` used to assemble each on their own: the engine for the
// profile's device family and the kind of session, the journal and the resume, the device registry and
// its certificate pins, the custody and wiping of the secrets, the operator's questions, the connection
// to the device through the one endpoint vocabulary, and the report, built and signed. A host adapts it:
// services/wizard turns its state into the view the renderer draws; cli/commission-command runs it to
// the end from a command line. Below services/ and cli/, above commissioning/, devices/ and report/.
import { periodicCheckDueBy } from '../commissioning/guideline/periodic-check-schedule';
import { join } from 'node:path';
import { canonicalize, type InstallationKey, type SignedReport } from '../crypto/report-signature';
import { CommissioningEngine, isConnectionLoss, type CommissioningOutcome, type ProgressEvent, type StepRecord } from '../commissioning/engine/commissioning-engine';
import type { ProbeTarget } from '../model/controller-services';
import type { ConnectDriver } from '../commissioning/engine/connect-driver';
import { DeviceRegistry, deviceIdOf } from '../commissioning/engine/device-registry';
import { EngineError } from '../commissioning/engine/engine-errors';
import type { NetworkProbe } from '../commissioning/engine/network-probe';
import { familyOf } from '../commissioning/families';
import type { DeviceFamily } from '../commissioning/family/device-family';
import { FIRST_COMMISSIONING, sessionKind, type SessionKind } from '../commissioning/family/session-kind';
import type { Procedure, ProcedureStep } from '../commissioning/guideline/types';
import { Journal } from '../commissioning/journal/journal';
import { FileJournalStore } from '../commissioning/journal/journal-store';
import type { ControllerSecurityDriver } from '../devices/controller-security-driver';
import { formatEndpointText, openEndpoint, sameEndpoint, type Endpoint } from '../devices/endpoint';
import { buildComplianceReport, type ComplianceReport } from '../report/compliance-report';
import { signedDigest } from '../report/report-chain';
import { archiveReport } from '../lifecycle/report-archive';
import { loadOrCreateInstallationKey } from '../report/installation-key';
import { signComplianceReport } from '../report/signed-report-file';
import type { KeyValueStore } from '../store/store';
import type { CheckedProfile } from './checked-profile';
import { questioningOperator, type AskOperator } from './operator-questions';
import { SessionSecrets } from './session-secrets';

/** Where and how the device is reached: the one endpoint vocabulary (devices/endpoint.ts). */
export interface SessionDevice {
  /** The first endpoint (USB recommended for the first commissioning, 2.4.7.1 A). */
  target: Endpoint;
  /** The far end is a virtual device (practice, tests). */
  virtual?: boolean;
  /** How a virtual USB cable is named to the technician. */
  label?: string;
  /** A driver the host already opened on `target` (one cable, one session): used once, for that endpoint. */
  handover?: () => ControllerSecurityDriver | undefined;
  /** The device's SLMP-over-TLS listener after the restart (a function when known only later). */
  tlsEndpoint?: { host: string; port: number } | (() => { host: string; port: number } | undefined);
  /** This PC's address on the device's network (IP filter self-lockout guard, network diagnosis). */
  pcAddress?: string;
  /** Listeners step 12 probes from this PC. */
  probeTargets?: ProbeTarget[];
  /** Guide-and-verify: a second address of this PC, to see the IP filter refuse what the profile does not allow. */
  secondAddress?: string;
  /** The wireless LAN adapter: this PC's MAC address and the side it uses (MAC filter self-lockout guard, 4.4.3). */
  pcMac?: string;
  pcSide?: 'wired' | 'wireless';
}

export interface SessionHost {
  /** Journals (journals/), backups taken before an initialization (backups/<session>/), the signing key. */
  dataDir: string;
  /** The device registry (pins) lives here. */
  store: KeyValueStore;
  appVersion: string;
  operatorName: string;
  /** The host's answers to the operator's questions (operator-questions.ts). */
  ask: AskOperator;
  /** Where a backup taken before an initialization goes (default: <dataDir>/backups/<session>). */
  backupDir?: string;
  onProgress?: (event: ProgressEvent) => void;
  /** Tests: another way to reach the device, a network probe, faster reconnects. */
  connect?: ConnectDriver<ControllerSecurityDriver>;
  probe?: NetworkProbe;
  reconnect?: { attempts: number; delayMs: number };
  /** Milliseconds to open a link (default: the link's own). */
  connectTimeoutMs?: number;
}

export interface OpenOptions {
  kind?: SessionKind;
  /** A session to resume by id; 'matching': the unfinished one of this device, target and profile; absent: a new one. */
  resume?: string | 'matching';
  /** Secrets the host has before the session starts (the CLI's secrets file). */
  secrets?: SessionSecrets;
}

const journalsOf = (dataDir: string) => new FileJournalStore(join(dataDir, 'journals'));

export class CommissioningSession {
  readonly family: DeviceFamily<any, any>;
  readonly kind: SessionKind;
  readonly secrets: SessionSecrets;
  readonly registry: DeviceRegistry;
  readonly resumed: boolean;
  readonly #host: SessionHost;
  readonly #device: SessionDevice;
  readonly #journals: FileJournalStore;
  #journal: Journal;
  #engine: CommissioningEngine;
  #report: ComplianceReport | undefined;

  private constructor(host: SessionHost, device: SessionDevice, profile: CheckedProfile, journal: Journal, resumed: boolean, options: OpenOptions) {
    this.#host = host;
    this.#device = device;
    this.#journals = journalsOf(host.dataDir);
    this.#journal = journal;
    this.resumed = resumed;
    this.family = familyOf(profile.system);
    this.kind = options.kind ?? sessionKind(journal.session()?.kind) ?? FIRST_COMMISSIONING;
    this.secrets = options.secrets ?? new SessionSecrets();
    this.registry = new DeviceRegistry(host.store);
    this.#engine = this.#newEngine(profile);
  }

  /** Opens a new session, or resumes one (by id, or the unfinished one matching this device and profile). */
  static open(host: SessionHost, device: SessionDevice, profile: CheckedProfile, options: OpenOptions = {}): CommissioningSession {
    const journals = journalsOf(host.dataDir);
    let journal: Journal | undefined;
    if (options.resume === 'matching') {
      const digest = canonicalize(profile);
      const target = formatEndpointText(device.target);
      const previous = Journal.unfinished(journals).find((d) => {
        const s = d.entries.find((e) => e.type === 'session');
        return s && s.type === 'session' && s.model === profile.model && s.target === target && s.profileDigest === digest;
      });
      if (previous) journal = Journal.open(journals, previous.sessionId);
    } else if (options.resume !== undefined) {
      journal = Journal.open(journals, options.resume);
      if (!journal) throw new EngineError('SESSION_NOT_RESUMABLE', `There is no journal of session ${options.resume.slice(0, 64)} in this installation.`);
    }
    return new CommissioningSession(host, device, profile, journal ?? Journal.create(journals), journal !== undefined, options);
  }

  get sessionId(): string {
    return this.#journal.sessionId;
  }
  get journal(): Journal {
    return this.#journal;
  }
  /** Where the journals are kept (the CLI names it). */
  get journalLocation(): string {
    return this.#journals.location;
  }
  get engine(): CommissioningEngine {
    return this.#engine;
  }
  get procedure(): Procedure {
    return this.#engine.procedure;
  }
  /** The profile, as validated: the engine's, the one copy (the engine refuses what may no longer change). */
  get profile(): CheckedProfile {
    return this.#engine.profile as CheckedProfile;
  }
  /** The report, once the verification steps ran (step 14) or the whole procedure did. */
  get report(): ComplianceReport | undefined {
    return this.#report;
  }

  /** Changes the profile (steps 3-8, attestations). The engine refuses settings changes once writing began. */
  updateProfile(profile: CheckedProfile): void {
    this.#engine.updateProfile(profile);
  }

  /** The wizard's step-wise run: every unfinished step up to `stepId`, then what the step leaves to wipe or issue. */
  async runThrough(stepId: string, options: { signal?: AbortSignal } = {}): Promise<StepRecord> {
    const record = await this.#engine.runThrough(stepId, options);
    const step = this.procedure.steps.find((s) => s.id === stepId)!;
    await this.#afterStep(step);
    return record;
  }

  /**
   * The headless run: the whole procedure, resumed from the journal after a dropped link up to
   * `maxAutomaticResumes` times. Returns the outcome; the report is built from it.
   */
  async runToEnd(options: { maxAutomaticResumes: number; onLinkLost?: (error: Error) => void }): Promise<CommissioningOutcome> {
    for (let attempt = 0; ; attempt++) {
      try {
        const outcome = await this.#engine.run();
        this.secrets.wipe();
        this.#report = buildComplianceReport(outcome, { appVersion: this.#host.appVersion });
        this.#noteReport(this.#report);
        return outcome;
      } catch (error) {
        const linkLost = isConnectionLoss(error) || (error instanceof EngineError && error.code === 'DEVICE_NOT_REACHABLE');
        if (!linkLost || attempt >= options.maxAutomaticResumes) throw error;
        options.onLinkLost?.(error as Error);
        this.#journal = Journal.open(this.#journals, this.#journal.sessionId)!;
        this.#engine = this.#newEngine(this.profile);
      }
    }
  }

  /** The report signed with this installation's key (mxc report verify checks it). */
  async signedReport(): Promise<{ signed: SignedReport; key: InstallationKey }> {
    if (!this.#report) throw new EngineError('DRIVER_INCOMPLETE', 'The report is issued after the verification steps (11-14); run them first.');
    const key = await this.signingKey();
    const signed = await signComplianceReport(this.#report, key);
    this.#noteReport(this.#report, signedDigest(signed));
    // The next maintenance visit in the app starts from this report (lifecycle/report-archive.ts).
    archiveReport(this.#host.dataDir, deviceIdOf(this.#report.device.model, this.#report.device.serialNumber), signed);
    return { signed, key };
  }

  /** The home list's "last report" and next periodic check start here (lifecycle/known-devices.ts). */
  #noteReport(report: ComplianceReport, digest?: string): void {
    // Figure 8 / 22 step 15: the end of the commissioning schedules the next periodic check (2.5.2 / 3.5.2).
    this.registry.noteReport(deviceIdOf(report.device.model, report.device.serialNumber), { kind: 'commissioning', at: report.generatedAt, ...(digest ? { digest } : {}) }, periodicCheckDueBy(report.generatedAt));
  }

  signingKey(): Promise<InstallationKey> {
    return loadOrCreateInstallationKey(this.#host.dataDir);
  }

  /** Closes the connection and wipes the secrets; the journal keeps the place for a resume. */
  async close(): Promise<void> {
    this.secrets.wipe();
    await this.#engine.close();
  }

  async #afterStep(step: ProcedureStep): Promise<void> {
    const finished = this.#journal.stepState(step.id) === 'done';
    this.secrets.afterStep(step.kind, finished, this.family.administrators(this.profile));
    if (this.#engine.issuesReport(step)) {
      this.#report = buildComplianceReport(this.#engine.outcome(), { appVersion: this.#host.appVersion });
      this.#noteReport(this.#report);
      // Signed and kept at once, so a visit can follow it even if the technician exports nothing.
      await this.signedReport();
    }
    // The procedure is over: the device is left to its users.
    if (step.kind === 'report') await this.#engine.close();
  }

  #newEngine(profile: CheckedProfile): CommissioningEngine {
    const host = this.#host;
    const device = this.#device;
    return new CommissioningEngine(
      {
        profile,
        target: device.target,
        ...(device.tlsEndpoint ? { tlsEndpoint: device.tlsEndpoint } : {}),
        ...(device.pcAddress ? { pcAddress: device.pcAddress } : {}),
        ...(device.probeTargets ? { probeTargets: device.probeTargets } : {}),
        ...(device.secondAddress ? { secondAddress: device.secondAddress } : {}),
        ...(device.pcMac ? { pcMac: device.pcMac } : {}),
        ...(device.pcSide ? { pcSide: device.pcSide } : {}),
      },
      {
        connect: host.connect ?? this.#connector(),
        family: this.family,
        kind: this.kind,
        journal: this.#journal,
        registry: this.registry,
        operator: questioningOperator(host.operatorName, host.ask, { backupDir: host.backupDir ?? join(host.dataDir, 'backups', this.#journal.sessionId) }),
        secrets: this.secrets,
        ...(host.onProgress ? { onProgress: host.onProgress } : {}),
        ...(host.probe ? { probe: host.probe } : {}),
        ...(host.reconnect ? { reconnect: host.reconnect } : {}),
      },
    );
  }

  /**
   * Opens the endpoint the engine asks for and puts the family's driver on it. The driver the host handed
   * over is used once, for the endpoint it was opened on; a tls:// endpoint without a fingerprint is
   * opened with the pin the registry holds for that device.
   */
  #connector(): ConnectDriver<ControllerSecurityDriver> {
    const device = this.#device;
    const driver = this.family.driver;
    return async (endpoint) => {
      if (device.handover && sameEndpoint(endpoint, device.target)) {
        const handed = device.handover();
        if (handed && !handed.link.closed) return handed;
      }
      // A device without a byte link (the adapter's web interface): the family connects itself.
      if (driver?.connect) return driver.connect(endpoint);
      const link = await openEndpoint(endpoint, {
        pins: this.registry,
        virtual: device.virtual ?? endpoint.kind === 'usb-socket',
        ...(device.label ? { label: device.label } : {}),
        ...(this.#host.connectTimeoutMs !== undefined ? { timeoutMs: this.#host.connectTimeoutMs } : {}),
      });
      // The engine refused a family without a driver before anything connects.
      return driver!.open(link);
    };
  }
}
