// The guided wizard in main: an adapter of the session core (session/) for the renderer. One session at a
// time over the connection the MainService holds; the renderer runs one step at a time. The session core
// owns the engine, the journal, the profile, the passwords (in memory only), the questions and the
// report; this adapter keeps what the UI needs besides (selected step, notes, busy state, the refusals
// of a settings change) and turns it all into the SessionView it pushes as { type: 'wizard-changed' } on
// every change. See docs/wizard.md for the statuses and questions the UI draws.
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import type { MainEvent, SystemId } from '../../ipc/contract';
import type { BandwidthMeasurementView, Bilingual, BusyView, ExportResult, LinkView, PasswordCheck, QuestionView, ReportView, SessionSummary, SessionView, SettingIssueView, WizardRequest as R } from '../../ipc/wizard-contract';
import type { WizardService } from '../../ipc/wizard-service';
import type { KeyValueStore } from '../../store/store';
import type { ProgressEvent } from '../../commissioning/engine/commissioning-engine';
import type { ProbeTarget } from '../../model/controller-services';
import { EngineError } from '../../commissioning/engine/engine-errors';
import type { NetworkProbe } from '../../commissioning/engine/network-probe';
import { checkRule, type ProcedureStep } from '../../commissioning/guideline';
import { Journal } from '../../commissioning/journal/journal';
import { FileJournalStore } from '../../commissioning/journal/journal-store';
import { recommendedProfile } from '../../commissioning/recommended-profile';
import type { ControllerSecurityDriver } from '../../devices/controller-security-driver';
import { formatEndpointText, parseEndpoint, type Endpoint } from '../../devices/endpoint';
import type { LinkKind } from '../../links/link';
import { ADAPTER_SETTING_KEYS, CONTROLLER_SETTING_KEYS, isControllerProfile, type AdapterProfile, type SecurityProfile, type ControllerProfile, type ControllerSettingKey, type ProfileIssue } from '../../model/security-settings';
import { checkProfile, type CheckedProfile } from '../../session/checked-profile';
import { CommissioningSession } from '../../session/commissioning-session';
import type { OperatorAnswer, OperatorQuestion } from '../../session/operator-questions';
import { evidenceLines } from '../../report/evidence-text';
import { ServiceError } from '../service-error';
import { ADAPTER_ACCOUNT, PASSPHRASE_SECRET } from '../../commissioning/families/wlan-adapter/adapter-settings-writers';
import { FACTORY_SECRET } from '../../commissioning/families/wlan-adapter/adapter-steps';

const ADAPTER_SECRET_NAMES: readonly string[] = [ADAPTER_ACCOUNT, FACTORY_SECRET, PASSPHRASE_SECRET];
import { errorView } from './error-view';
import { exportDirectory, writeExport } from './exports';
import { checkAdapterSecret, checkPassword, deviceRuleFailures, loginPasswordFailures, passphraseFailures } from './password-check';
import { listUnfinishedSessions, SessionFiles, type SessionFile } from './session-list';
import { attestationItems, attestationStep, buildSessionView, journalFinished, settingTitle, stepStatus } from './session-view';
import { runAgainRefusal, type AgainRefusal } from './run-again';
import { selfLockoutIssues } from './self-lockout-issues';
import { bandwidthView } from './bandwidth-view';
import { confirmParts, issueOnKeys, newPartsState, openPart, partViews, type PartsState } from './step-parts';
import { lockText, stepLock, trustBoundaryAttestationId, type StepLock } from './step-locks';
import { bilingualEach, joinSentences, msg, verbatim } from '../../messages/catalogue';

/** The device connection the wizard starts on, as the MainService holds it. */
export interface WizardConnection {
  system: SystemId;
  model: string;
  /** The first endpoint, in the engine's terms (usb-socket:PATH for a practice device, tcp://H:P). */
  endpoint: Endpoint;
  virtual: boolean;
  linkKind: LinkKind;
  linkDescription: string;
  practiceModel?: string;
  /** The open driver, handed over once: the wizard owns it from then on (one cable, one session). */
  takeDriver(): ControllerSecurityDriver | undefined;
  /** The device's SLMP-over-TLS listener after the restart, once it is known. */
  tlsEndpoint?: () => { host: string; port: number } | undefined;
  /** This PC's address on the controller's Ethernet (self-lockout guard of the IP filter). */
  pcAddress?: string;
  /** The wireless LAN adapter: this PC's MAC address on its wired side (self-lockout guard of the MAC filter, 4.4.3). */
  pcMac?: string;
  /** A practice wireless LAN adapter: its role (the profile's operation mode) and its counterpart in the pair. */
  adapter?: { role: 'AP' | 'STA'; counterpart: { role: 'AP' | 'STA'; wirelessMac: string } };
  /** Listeners step 12 probes from this PC (default: the public MELSOFT TCP port). */
  probeTargets?: ProbeTarget[];
  /** Guide-and-verify: a second address of this PC, to see the IP filter refuse what the profile does not allow. */
  secondAddress?: string;
  /** The device answers C059 (a stock practice controller): the app verifies over its SLMP port, so the profile keeps SLMP in use. */
  guideAndVerify?: boolean;
}

export interface WizardHostOptions {
  dataDir: string;
  store: KeyValueStore;
  appVersion: string;
  emit(event: MainEvent): void;
  connection(): Promise<WizardConnection | undefined>;
  /** Tests: a faster reconnect and an injected probe. */
  reconnect?: { attempts: number; delayMs: number };
  probe?: NetworkProbe;
  /** The Electron host prints the report to PDF; the browser host has none. */
  renderPdf?: (html: string) => Promise<Buffer>;
}

interface PendingQuestion {
  view: QuestionView;
  resolve(answer: OperatorAnswer): void;
  reject(error: Error): void;
}

interface Session {
  /** What a resume needs beside the journal; the profile itself is the core's (one copy). */
  file: Omit<SessionFile, 'profile'>;
  core: CommissioningSession;
  connection: WizardConnection | undefined;
  profileIssues: SettingIssueView[];
  profileWarnings: ProfileIssue[];
  /** Pointers from another block to the last refusal (e.g. the IP filter block to the enhanced security setting). */
  issuePointers: SettingIssueView[];
  /** Settings steps changed since they were last confirmed (see ViewInput.valuesSet). */
  valuesSet: Set<string>;
  notes: Map<string, Bilingual>;
  selected?: string;
  /** The sub-pages of split settings steps (step 7): open one, looked at, changed since confirmed. */
  parts: PartsState;
  running?: string;
  busy?: BusyView;
  abort?: AbortController;
  question?: PendingQuestion;
  error?: SessionView['error'];
  reportView?: ReportView;
  certificate?: { pem: string; der: Buffer };
  clock?: { deviceTime: string; pcTime: string; offsetSeconds: number };
  bandwidth?: BandwidthMeasurementView;
  /** The engine has had a link of its own (see #link). */
  engineLinkSeen?: boolean;
}

export class WizardSessionService implements WizardService {
  readonly #o: WizardHostOptions;
  readonly #journals: FileJournalStore;
  readonly #files: SessionFiles;
  #session: Session | undefined;

  constructor(options: WizardHostOptions) {
    this.#o = options;
    this.#journals = new FileJournalStore(join(options.dataDir, 'journals'));
    this.#files = new SessionFiles(join(options.dataDir, 'wizard'));
  }

  // ---------------------------------------------------------------------------------------------
  // Sessions
  // ---------------------------------------------------------------------------------------------
  async sessions(): Promise<SessionSummary[]> {
    return listUnfinishedSessions(this.#journals, this.#files);
  }

  async start(request: R<'wizard:start'>): Promise<SessionView> {
    const connection = await this.#o.connection();
    if (!connection) throw new ServiceError('not-connected', { id: 'errors.service.connectFirst' });
    await this.#closeSession();
    const checked = checkProfile(recommendedProfile(connection.model, { ...(connection.pcAddress ? { pcAddress: connection.pcAddress } : {}), ...(connection.pcMac ? { pcMac: connection.pcMac } : {}), ...(connection.adapter ? { operationMode: connection.adapter.role } : {}), ...(connection.guideAndVerify ? { slmpForVerification: true } : {}) }));
    if (!checked.ok) throw new ServiceError('invalid-setting', { id: 'errors.service.recommendedProfileInvalid', params: { model: connection.model, path: checked.issues[0]!.path, problem: checked.issues[0]!.message } });
    const operatorName = request.operatorName.trim();
    const core = this.#core(connection, operatorName, checked.profile);
    const file: Omit<SessionFile, 'profile'> = {
      sessionId: core.sessionId,
      system: connection.system,
      model: connection.model,
      operatorName,
      startedAt: new Date().toISOString(),
      endpoint: formatEndpointText(connection.endpoint),
      ...(connection.practiceModel ? { practiceModel: connection.practiceModel } : {}),
      ...(connection.pcAddress ? { pcAddress: connection.pcAddress } : {}),
      valuesSet: [],
    };
    this.#open(file, core, connection);
    this.#save(this.#session!);
    return this.#changed();
  }

  async resume(request: R<'wizard:resume'>): Promise<SessionView> {
    const file = this.#files.load(request.sessionId);
    const journal = file ? Journal.open(this.#journals, request.sessionId) : undefined;
    if (!file || !journal) throw new ServiceError('no-session', { id: 'errors.service.noInterruptedSession', params: { session: request.sessionId.slice(0, 64) } });
    if (journal.entries.some((e) => e.type === 'end' && e.result === 'completed')) throw new ServiceError('no-session', { id: 'errors.service.sessionFinished' });
    await this.#closeSession();
    // Reconnect by the session's device: the connection held now when it is the same model, else the
    // endpoint the session started on.
    const current = await this.#o.connection();
    let connection = current && current.model === file.model ? current : undefined;
    if (!connection) {
      let endpoint: Endpoint;
      try {
        endpoint = parseEndpoint(file.endpoint);
      } catch {
        throw new ServiceError('not-connected', { id: 'errors.service.connectToResume', params: { model: file.model } });
      }
      connection = {
        system: file.system,
        model: file.model,
        endpoint,
        virtual: endpoint.kind === 'usb-socket',
        linkKind: endpoint.kind === 'usb-socket' ? 'usb' : 'ethernet',
        linkDescription: file.endpoint,
        takeDriver: () => undefined,
        ...(file.pcAddress ? { pcAddress: file.pcAddress } : {}),
      };
    }
    const checked = checkProfile(file.profile);
    if (!checked.ok) throw new ServiceError('no-session', { id: 'errors.service.sessionProfileInvalid', params: { session: request.sessionId.slice(0, 64), path: checked.issues[0]!.path, problem: checked.issues[0]!.message } });
    this.#open(file, this.#core(connection, file.operatorName, checked.profile, request.sessionId, file.pcAddress), connection);
    const s = this.#session!;
    s.notes.set(s.core.procedure.steps[0]!.id, msg('wizard.note.resumed', { count: journal.resumes() + 1 }));
    return this.#changed();
  }

  async state(): Promise<SessionView | null> {
    return this.#session ? this.#view() : null;
  }

  async close(): Promise<void> {
    const s = this.#session;
    if (s?.running) throw new ServiceError('busy', { id: 'errors.service.stepRunningClose' });
    await this.#closeSession();
  }

  // ---------------------------------------------------------------------------------------------
  // Steps 3, 5-8: the profile
  // ---------------------------------------------------------------------------------------------
  async selectStep(request: R<'wizard:select-step'>): Promise<SessionView> {
    const s = this.#require();
    const step = this.#stepOf(s, request.stepId);
    s.selected = request.stepId;
    const part = openPart(s.parts, step, request.part);
    // The clock settings show how far the device is from this PC; read it fresh each time they open.
    if (step.writes.includes('clock') && (part === undefined || part === 'clock') && !s.running) {
      s.clock = await s.core.engine.readClockOffset().catch(() => undefined);
    }
    return this.#changed();
  }

  async updateSettings(request: R<'wizard:update-settings'>): Promise<SessionView> {
    const s = this.#requireIdle();
    const keys: readonly string[] = isControllerProfile(s.core.profile as SecurityProfile) ? CONTROLLER_SETTING_KEYS : ADAPTER_SETTING_KEYS;
    if (!keys.includes(request.key))
      throw new ServiceError('invalid-setting', { id: 'errors.service.notASetting', params: { key: request.key.slice(0, 64), model: s.file.model, keys: keys.join(', ') } });
    const locked = s.core.engine.settingsLocked();
    if (locked) throw new ServiceError('step-locked', { id: locked.messageId, params: locked.params }, undefined, locked.message);
    const key = request.key as ControllerSettingKey;
    const current = s.core.profile;
    const v = checkProfile({ ...current, settings: { ...current.settings, [key]: request.value } });
    const owners = s.core.procedure.steps.filter((st) => st.kind === 'settings' && (st.writes as readonly string[]).includes(key));
    const guarded = v.ok ? this.#guardIssues(s, v.profile, key) : { issues: v.issues, pointers: [] };
    const issues = guarded.issues.map((i) => withAdapterText(i, request.value));
    s.error = undefined;
    s.issuePointers = guarded.pointers;
    if (issues.length) {
      // Not applied: the device would refuse it or the PC would lock itself out. The last valid profile stays.
      s.profileIssues = issues;
    } else if (v.ok) {
      s.core.updateProfile(v.profile);
      s.profileIssues = [];
      s.profileWarnings = this.#warnings(v.profile, v.warnings);
      for (const st of owners) s.valuesSet.add(st.id);
      s.parts.changedKeys.add(key);
      s.file.valuesSet = [...s.valuesSet];
      s.file.changedKeys = [...s.parts.changedKeys];
      this.#save(s);
    }
    return this.#changed();
  }

  async keepSettings(request: R<'wizard:keep-settings'>): Promise<SessionView> {
    const s = this.#requireIdle();
    // The refused change was never applied: the profile already holds the values in force. Only the
    // refusal (and the pointers to it) go; the step's status stays what its confirmations made it.
    const refused = s.profileIssues.filter((i) => issueOnKeys(i, [request.key]));
    if (!refused.length) return this.#changed();
    s.profileIssues = s.profileIssues.filter((i) => !refused.includes(i));
    if (!s.profileIssues.length) s.issuePointers = [];
    s.error = undefined;
    return this.#changed();
  }

  async measureBandwidth(): Promise<SessionView> {
    const s = this.#requireIdle();
    const step = s.core.procedure.steps.find((x) => x.writes.includes('bandwidthLimit' as never) && x.kind === 'settings');
    if (!step) throw new ServiceError('invalid-setting', { id: 'errors.service.notASetting', params: { key: 'bandwidthLimit', model: s.file.model, keys: '' } });
    s.running = step.id;
    s.busy = { what: msg('setting.title.bandwidthLimit'), cancellable: false };
    this.#changed();
    try {
      s.bandwidth = bandwidthView(await s.core.engine.measureLinkThroughput(), new Date());
    } catch (error) {
      s.error = errorView(error);
    } finally {
      s.running = undefined;
      s.busy = undefined;
    }
    return this.#changed();
  }

  async attest(request: R<'wizard:attest'>): Promise<SessionView> {
    const s = this.#requireIdle();
    if (request.withdraw) {
      // Taken back as long as no confirmed step relies on it; after that it is part of the record.
      const item = attestationItems(s.core.procedure, s.core.profile, { records: s.core.engine.stepRecords(), journal: s.core.journal }).find((i) => i.id === request.id);
      if (!item?.attested) return this.#changed();
      if (item.final) {
        const step = attestationStep(s.core.procedure, item);
        throw new ServiceError('step-locked', step ? { id: 'errors.attestationOnRecordStep', params: { step: step.number } } : { id: 'errors.attestationOnRecord' });
      }
      const current = s.core.profile;
      const v = checkProfile({ ...current, attestations: current.attestations.filter((a) => a.id !== request.id) });
      if (!v.ok) throw new ServiceError('invalid-setting', { id: 'errors.withdrawLeavesProfileInvalid', params: { path: v.issues[0]!.path } }, v.issues[0]!.path, v.issues[0]!.message);
      s.core.updateProfile(v.profile);
      this.#save(s);
      return this.#changed();
    }
    const attestation = { id: request.id, by: s.file.operatorName, at: new Date().toISOString(), text: request.text.trim() };
    const current = s.core.profile;
    const v = checkProfile({ ...current, attestations: [...current.attestations.filter((a) => a.id !== request.id), attestation] });
    if (!v.ok) throw new ServiceError('invalid-setting', { id: 'errors.service.notAnAttestation', params: { id: request.id.slice(0, 64), problem: v.issues[0]!.message } });
    s.core.updateProfile(v.profile);
    this.#save(s);
    return this.#changed();
  }

  async checkPassword(request: R<'wizard:password-check'>): Promise<PasswordCheck> {
    const profile = this.#session?.core.profile as SecurityProfile | undefined;
    if (profile && !isControllerProfile(profile)) {
      const name = request.userName === FACTORY_SECRET ? 'factory' : request.userName === PASSPHRASE_SECRET ? 'passphrase' : 'login';
      return checkAdapterSecret(name, request.userName, request.password, profile.settings.webPassword.minLength, this.#session?.core.secrets.userPassword(FACTORY_SECRET));
    }
    const policy = this.#session?.core.profile.settings.passwordPolicy ?? { strength: 'strong' as const, minLength: 12 };
    return checkPassword(request.userName, request.password, policy);
  }

  async setPassword(request: R<'wizard:set-password'>): Promise<SessionView> {
    const s = this.#require();
    if (request.purpose === 'backup') {
      if (request.password.length === 0) throw new ServiceError('password-rejected', { id: 'errors.service.backupPasswordEmpty' });
      if (request.password !== request.confirmation) throw new ServiceError('password-rejected', { id: 'errors.service.backupEntriesDiffer' });
      s.core.secrets.setBackupPassword(request.password);
      return this.#changed();
    }
    if (request.purpose === 'previous-administrator') {
      // The controller's current Administrator (a used device, step 4): checked by the device at the
      // logon, not against this profile's policy; kept only until the initialization is done.
      if (request.password !== request.confirmation) throw new ServiceError('password-rejected', { id: 'errors.service.entriesDiffer' });
      s.core.secrets.setPreviousAdministrator({ userName: request.userName, password: request.password });
      s.error = undefined;
      return this.#changed();
    }
    const profile = s.core.profile as SecurityProfile;
    if (!isControllerProfile(profile)) return this.#setAdapterSecret(s, profile, request);
    if (!s.core.profile.settings.users.users.some((u) => u.name === request.userName))
      throw new ServiceError('password-rejected', { id: 'errors.service.notAUser', params: { user: request.userName.slice(0, 64) } });
    if (request.password !== request.confirmation) throw new ServiceError('password-rejected', { id: 'errors.service.newEntriesDiffer' });
    const failures = deviceRuleFailures(request.userName, request.password, s.core.profile.settings.passwordPolicy);
    if (failures.length)
      throw ServiceError.withText(
        'password-rejected',
        joinSentences([msg('errors.service.deviceWouldRefuse', { user: request.userName }), ...failures]),
        `The device would refuse this password for "${request.userName}": ${failures.map((f) => f.en).join(' ')}`,
        failures.map((f) => f.en).join(' | '),
      );
    s.core.secrets.setUserPassword(request.userName, request.password);
    return this.#changed();
  }

  /**
   * The adapter's secrets of a session (docs/project-choices.md): its new login password (`admin`, checked
   * by the adapter's rule before it is kept), the factory password from its manual (`factory`) and the
   * personal modes' passphrase (`passphrase`, 8-63 characters, 802.11).
   */
  #setAdapterSecret(s: Session, profile: AdapterProfile, request: R<'wizard:set-password'>): SessionView {
    if (!ADAPTER_SECRET_NAMES.includes(request.userName)) throw new ServiceError('password-rejected', { id: 'errors.service.notAUser', params: { user: request.userName.slice(0, 64) } });
    if (request.password !== request.confirmation) throw new ServiceError('password-rejected', { id: 'errors.service.newEntriesDiffer' });
    // The login password by the adapter's rule, the passphrase by 802.11's; the factory one is the manual's.
    const failures =
      request.userName === ADAPTER_ACCOUNT ? loginPasswordFailures(request.userName, request.password, profile.settings.webPassword.minLength, s.core.secrets.userPassword(FACTORY_SECRET)) : request.userName === PASSPHRASE_SECRET ? passphraseFailures(request.password) : [];
    if (failures.length)
      throw ServiceError.withText('password-rejected', joinSentences([msg('errors.service.deviceWouldRefuse', { user: request.userName }), ...failures]), `The device would refuse this password for "${request.userName}": ${failures.map((f) => f.en).join(' ')}`, failures.map((f) => f.en).join(' | '));
    s.core.secrets.setUserPassword(request.userName, request.password);
    s.error = undefined;
    return this.#changed();
  }

  // ---------------------------------------------------------------------------------------------
  // Running a step
  // ---------------------------------------------------------------------------------------------
  async runStep(request: R<'wizard:run-step'>): Promise<SessionView> {
    const s = this.#requireIdle();
    const step = this.#stepOf(s, request.stepId);
    const lock = this.#locks(s).get(step.id);
    if (lock) throw ServiceError.withText('step-locked', joinSentences([lock.reason, lock.unlock]), lockText(lock), lock.references.join('; '));
    // A finished initialization, write or restart is not repeated by the engine: say so instead of a run that does nothing.
    const again = this.#againRefusal(s, step);
    if (again) throw ServiceError.withText('step-locked', joinSentences([again.reason, again.unlock]), lockText(again), again.references.join('; '));
    const abort = new AbortController();
    s.running = step.id;
    s.selected = step.id;
    s.abort = abort;
    s.error = undefined;
    s.notes.delete(step.id);
    const total = step.kind === 'write' ? s.core.engine.writePlan().filter((p) => p.action === 'write').length : undefined;
    s.busy = { what: step.title, cancellable: step.kind !== 'device-operation' && step.kind !== 'restart', ...(total ? { progress: { done: this.#writesDone(s), total } } : {}) };
    this.#changed();
    try {
      await s.core.runThrough(step.id, { signal: abort.signal });
      if (step.kind === 'settings') {
        s.valuesSet.delete(step.id);
        confirmParts(s.parts, step);
        s.file.valuesSet = [...s.valuesSet];
        s.file.changedKeys = [...s.parts.changedKeys];
        this.#save(s);
      }
      await this.#afterStep(s, step);
    } catch (error) {
      if (error instanceof EngineError && error.code === 'CANCELLED') {
        s.notes.set(step.id, { en: error.message, ja: error.text('ja') === msg('errors.engine.CANCELLED').ja ? msg('wizard.note.cancelled').ja : error.text('ja') });
      } else {
        s.error = errorView(error);
        // The engine closes nothing on failure: a dropped link is reopened by the next run.
      }
    } finally {
      s.running = undefined;
      s.busy = undefined;
      s.abort = undefined;
      if (s.question) {
        s.question.reject(new EngineError('CANCELLED', 'The step ended.'));
        s.question = undefined;
      }
    }
    return this.#changed();
  }

  async answer(request: R<'wizard:answer'>): Promise<SessionView> {
    const s = this.#require();
    const q = s.question;
    if (!q || q.view.id !== request.questionId) throw new ServiceError('no-session', { id: 'errors.service.questionClosed' });
    if (request.confirmed && q.view.typeToConfirm !== undefined && request.typed !== q.view.typeToConfirm)
      throw new ServiceError('invalid-setting', { id: 'errors.service.typeModel', params: { model: q.view.typeToConfirm ?? '' } });
    if (request.confirmed && q.view.choices && !q.view.choices.some((c) => c.id === request.choice))
      throw new ServiceError('invalid-setting', { id: 'errors.service.chooseOne', params: { choices: q.view.choices.map((c) => c.label.en).join(', ') } });
    // The backup to this PC is encrypted (2.4.6.1): without its password it is refused now, not by the device later.
    if (request.confirmed && q.view.kind === 'backup-before-initialization' && request.choice === 'to-pc' && !s.core.secrets.backupPassword())
      throw new ServiceError('password-rejected', { id: 'errors.service.backupPasswordFirst' });
    s.question = undefined;
    const running = s.running ? s.core.procedure.steps.find((x) => x.id === s.running) : undefined;
    if (s.busy && running && (running.kind === 'device-operation' || running.kind === 'restart')) s.busy = { ...s.busy, cancellable: false };
    q.resolve({ confirmed: request.confirmed, ...(request.typed !== undefined ? { typed: request.typed } : {}), ...(request.choice !== undefined ? { choice: request.choice } : {}) });
    return this.#changed();
  }

  async cancel(): Promise<SessionView> {
    const s = this.#require();
    if (s.question) {
      const q = s.question;
      s.question = undefined;
      q.reject(new EngineError('CANCELLED', 'Cancelled by the operator at the question; nothing was changed on the device by it.'));
    }
    s.abort?.abort();
    return this.#changed();
  }

  async export(request: R<'wizard:export'>): Promise<ExportResult> {
    const s = this.#require();
    return writeExport(request.kind, {
      dataDir: this.#o.dataDir,
      sessionId: s.file.sessionId,
      model: s.file.model,
      ...(s.core.report ? { report: s.core.report, signedReport: async () => (await s.core.signedReport()).signed } : {}),
      ...(s.certificate ? { certificate: s.certificate } : {}),
      ...(this.#o.renderPdf ? { renderPdf: this.#o.renderPdf } : {}),
    });
  }

  /** Stops the session (the app is closing); the journal keeps its place for a resume. */
  async dispose(): Promise<void> {
    const s = this.#session;
    if (s) {
      s.question?.reject(new EngineError('CANCELLED', 'The app is closing.'));
      s.abort?.abort();
    }
    await this.#closeSession();
  }

  // ---------------------------------------------------------------------------------------------
  // Internals
  // ---------------------------------------------------------------------------------------------
  /** The session core for this connection: the wizard answers the operator's questions in the UI. */
  #core(connection: WizardConnection, operatorName: string, profile: CheckedProfile, resume?: string, pcAddress = connection.pcAddress): CommissioningSession {
    return CommissioningSession.open(
      {
        dataDir: this.#o.dataDir,
        store: this.#o.store,
        appVersion: this.#o.appVersion,
        operatorName,
        ask: (question) => this.#ask(question),
        onProgress: (e) => this.#progress(e),
        connectTimeoutMs: 5000,
        ...(this.#o.probe ? { probe: this.#o.probe } : {}),
        ...(this.#o.reconnect ? { reconnect: this.#o.reconnect } : {}),
      },
      {
        target: connection.endpoint,
        virtual: connection.virtual,
        handover: () => connection.takeDriver(),
        ...(connection.tlsEndpoint ? { tlsEndpoint: connection.tlsEndpoint } : {}),
        ...(pcAddress ? { pcAddress } : {}),
        ...(connection.pcMac ? { pcMac: connection.pcMac, pcSide: 'wired' as const } : {}),
        ...(connection.probeTargets ? { probeTargets: connection.probeTargets } : {}),
        ...(connection.secondAddress ? { secondAddress: connection.secondAddress } : {}),
      },
      profile,
      resume !== undefined ? { resume } : {},
    );
  }

  #open(file: Omit<SessionFile, 'profile'>, core: CommissioningSession, connection: WizardConnection): void {
    this.#session = {
      file,
      core,
      connection,
      profileIssues: [],
      profileWarnings: [],
      issuePointers: [],
      valuesSet: new Set(file.valuesSet),
      notes: new Map(),
      parts: newPartsState(file.changedKeys ?? []),
    };
    const v = checkProfile(core.profile);
    if (v.ok) this.#session.profileWarnings = this.#warnings(core.profile, v.warnings);
  }

  /** The session file on disk: what a resume needs, with the core's profile. */
  #save(s: Session): void {
    this.#files.save({ ...s.file, profile: s.core.profile });
  }

  async #closeSession(): Promise<void> {
    const s = this.#session;
    this.#session = undefined;
    if (s) await s.core.close();
  }

  #ask(view: OperatorQuestion): Promise<OperatorAnswer> {
    const s = this.#require();
    return new Promise((resolve, reject) => {
      s.question = { view: { id: randomUUID(), ...view }, resolve, reject };
      // The step waits for the technician; cancelling now is safe (nothing is on the wire).
      if (s.busy) s.busy = { ...s.busy, cancellable: true };
      this.#changed();
    });
  }

  #progress(e: ProgressEvent): void {
    const s = this.#session;
    if (!s?.busy) return;
    if (e.type === 'write') {
      const onWire = e.state === 'intended' || e.state === 'written';
      const title = e.key;
      s.busy = {
        what: onWire ? bilingualEach('wizard.busy.writing', (l) => ({ setting: settingTitle(title, e.scope)[l] })) : s.busy.what,
        cancellable: !onWire,
        ...(s.busy.progress ? { progress: { done: this.#writesDone(s), total: s.busy.progress.total } } : {}),
      };
      this.#changed();
    } else if (e.type === 'step') {
      this.#changed();
    }
  }

  #writesDone(s: Session): number {
    return s.core.journal.writes().filter((w) => w.state === 'verified' || w.state === 'reconciled' || w.state === 'operator-performed').length;
  }

  async #afterStep(s: Session, step: ProcedureStep): Promise<void> {
    // The certificate is exportable from the step that hands it to the connection-destination devices.
    const certificate = s.core.engine.certificate;
    if (certificate) s.certificate = { pem: certificate.pem, der: certificate.der };
    const report = s.core.report;
    if (report && s.core.engine.issuesReport(step)) {
      const key = await s.core.signingKey();
      s.reportView = {
        rows: report.rows.map((r) => ({
          id: r.rowId,
          table: r.table,
          row: r.row,
          item: r.item,
          status: r.status,
          provenance: r.provenance,
          evidence: ((en, ja) => en.map((line, i) => ({ en: line, ja: ja[i]! })))(evidenceLines(r.evidence, 'en'), evidenceLines(r.evidence, 'ja')),
          iec: r.iec.map((m) => m.id),
          ...(r.exception ? { exception: r.exception.justification } : {}),
        })),
        provenance: report.summary.provenance,
        compliant: report.summary.compliant,
        verdict: report.summary.verdict,
        verdictText: report.summary.verdictText,
        deviations: report.deviations.map((d) => ({ reference: d.reference, text: d.text })),
        signedAt: report.generatedAt,
        keyId: key.keyId,
        device: { model: report.device.model, serialNumber: report.device.serialNumber, firmwareVersion: report.device.firmwareVersion },
        link: { initial: report.link.initial.kind, final: report.link.final.kind, ...(report.certificate ? { certificate: { fingerprint256: report.certificate.fingerprint256, notAfter: report.certificate.notAfter } } : {}) },
        procedure: report.steps.map((st) => ({ number: st.number, title: st.title, state: st.state, ...(st.finishedAt ? { finishedAt: st.finishedAt } : {}) })),
        ...(report.testOperation ? { testOperationTable: report.testOperation.table, testOperation: report.testOperation.items.map((i) => ({ row: i.row, title: i.title, status: i.status, ...(i.reason ? { reason: i.reasonText ?? verbatim(i.reason) } : {}) })) } : {}),
        attestations: report.attestations.map((a) => ({ id: a.id, by: a.by, at: a.at, text: a.text })),
      };
    }
  }

  /** Refusals of a settings change (not applied) and pointers to them from the other block involved. */
  #guardIssues(s: Session, profile: ControllerProfile, changedKey: string): { issues: SettingIssueView[]; pointers: SettingIssueView[] } {
    const lockout = selfLockoutIssues({ procedure: s.core.procedure, profile, changedKey, pcAddress: s.file.pcAddress, linkKind: s.core.engine.link?.kind ?? s.connection?.linkKind, keptFilterMode: s.core.profile.settings.ipFilter?.mode });
    const issues = [...lockout.issues];
    if (s.core.family.administrators(profile).length === 0) {
      const verdict = checkRule('guard.last-administrator', { system: profile.system, administratorsAfterChange: 0 });
      issues.push({ path: 'settings.users.users', message: `${verdict.message!.en} (2.4.4.3)` });
    }
    return { issues, pointers: lockout.pointers };
  }

  #warnings(profile: ControllerProfile, warnings: ProfileIssue[]): ProfileIssue[] {
    // The adapter has no IP filter; its wired MAC filter keeps this PC by the profile's own rule (4.4.3).
    if (!isControllerProfile(profile as SecurityProfile)) return warnings;
    return warnings.concat(this.#session && !this.#session.file.pcAddress && profile.settings.ipFilter.enabled ? [{ path: 'settings.ipFilter.entries', message: "This PC's address on the controller's network is not known: check yourself that the IP filter lets this PC in (2.4.8)." }] : []);
  }

  #locks(s: Session): Map<string, StepLock> {
    const records = s.core.engine.stepRecords();
    const linkKind = s.core.engine.link?.kind ?? s.connection?.linkKind;
    const usersWritten = ['verified', 'reconciled'].includes(s.core.journal.lastWrite('users')?.state ?? '');
    const profile = s.core.profile;
    const entered = s.core.secrets.usersEntered();
    const complete = (st: ProcedureStep) => {
      const r = records.find((x) => x.id === st.id)!;
      // A settings step changed since its confirmation waits for the confirmation again.
      return journalFinished(r.state) && !(st.kind === 'settings' && s.valuesSet.has(st.id));
    };
    const out = new Map<string, StepLock>();
    for (const step of s.core.procedure.steps) {
      const lock = stepLock(step, {
        procedure: s.core.procedure,
        complete,
        profile,
        profileValid: s.profileIssues.length === 0,
        profileIssueCount: s.profileIssues.length,
        linkKind,
        passwordsEntered: entered,
        accounts: this.#accounts(s),
        usersWritten,
        administratorPasswordEntered: s.core.family.administrators(profile).some((n: string) => entered.has(n)),
        settingsTable: s.core.family.guideline(profile.system).settingsTable,
      });
      const refusal = lock ? undefined : this.#refusalLock(s, step);
      if (lock) out.set(step.id, lock);
      else if (refusal) out.set(step.id, { ...refusal, ownWork: true });
    }
    return out;
  }

  /**
   * A settings step with a change refused on its keys (not applied) is not confirmed until that is settled:
   * corrected, or the values in force kept deliberately (docs/project-choices.md, "a refused change
   * blocks its step"). Its own work, so the step stays "to do"; runStep refuses it through #locks.
   */
  #refusalLock(s: Session, step: ProcedureStep): StepLock | undefined {
    if (step.kind !== 'settings') return undefined;
    const refused = s.profileIssues.filter((i) => issueOnKeys(i, step.writes));
    if (!refused.length) return undefined;
    const titles = [...new Set(refused.map((i) => i.path.split('.')[1]!))].map((k) => settingTitle(k));
    return {
      reason: bilingualEach('lock.refusedChange.reason', (l) => ({ settings: titles.map((t) => t[l]).join(l === 'ja' ? '、' : ', ') })),
      references: [...new Set(refused.flatMap((i) => i.references ?? []))],
      unlock: msg('lock.refusedChange.unlock'),
    };
  }

  #againRefusal(s: Session, step: ProcedureStep, records = s.core.engine.stepRecords()): AgainRefusal | undefined {
    const record = records.find((r) => r.id === step.id);
    return runAgainRefusal(step, {
      procedure: s.core.procedure,
      state: record?.state,
      writesBegan: s.core.journal.entries.some((e) => e.type === 'write'),
      procedureEnded: s.core.journal.entries.some((e) => e.type === 'end'),
    });
  }

  /** Why each finished step cannot run again now: never repeated in this session, or locked for now. */
  #again(s: Session, locks: ReadonlyMap<string, StepLock>): Map<string, AgainRefusal> {
    const out = new Map<string, AgainRefusal>();
    const records = s.core.engine.stepRecords();
    for (const step of s.core.procedure.steps) {
      const refusal = this.#againRefusal(s, step, records);
      const lock = locks.get(step.id);
      if (refusal) out.set(step.id, refusal);
      else if (lock) out.set(step.id, { ...lock, permanent: false });
    }
    return out;
  }

  #link(s: Session): LinkView | null {
    const live = s.core.engine.link;
    const attested = s.core.profile.attestations.some((a) => a.id === trustBoundaryAttestationId(s.core.procedure));
    const pin = s.core.journal.pin();
    if (live) {
      s.engineLinkSeen = true;
      return {
        kind: live.kind,
        description: live.description,
        virtual: live.virtual,
        ...(live.kind === 'ethernet-tls' && pin ? { tls: { fingerprint256: pin.fingerprint256, notAfter: pin.notAfter, pinned: true } } : {}),
        trustBoundaryAttested: attested,
      };
    }
    // Once the engine has had its own link, a closed one means "not connected" (after step 15, or a
    // pulled cable), never the connection the session started from.
    if (s.engineLinkSeen || !s.connection) return null;
    return { kind: s.connection.linkKind, description: s.connection.linkDescription, virtual: s.connection.virtual, trustBoundaryAttested: attested };
  }

  #view(): SessionView {
    const s = this.#require();
    const link = this.#link(s);
    const locks = this.#locks(s);
    const view = buildSessionView({
      sessionId: s.file.sessionId,
      firmwareVersion: s.core.engine.firmwareVersion,
      operatorName: s.file.operatorName,
      procedure: s.core.procedure,
      journal: s.core.journal,
      records: s.core.engine.stepRecords(),
      profile: s.core.profile,
      profileIssues: s.profileIssues,
      profileWarnings: [...s.profileWarnings, ...s.issuePointers],
      valuesSet: s.valuesSet,
      ...(s.running ? { running: s.running } : {}),
      notes: s.notes,
      ...(s.selected ? { selected: s.selected } : {}),
      link,
      passwordsEntered: this.#accounts(s).filter((n) => s.core.secrets.usersEntered().has(n)),
      writePlan: s.core.engine.writePlan(),
      plannedLink: link?.kind ?? 'usb',
      locks,
      again: this.#again(s, locks),
      ...(s.question ? { question: s.question.view } : {}),
      ...(s.clock ? { clock: s.clock } : {}),
      ...(s.busy ? { busy: s.busy } : {}),
      ...(s.reportView ? { report: s.reportView } : {}),
      ...(s.error ? { error: s.error } : {}),
    });
    this.#withParts(s, view, locks);
    if (s.bandwidth) view.bandwidth = s.bandwidth;
    const counterpart = s.connection?.adapter?.counterpart;
    return {
      ...view,
      accounts: this.#accounts(s),
      administrators: s.core.family.administrators(s.core.profile),
      ...(counterpart ? { practiceCounterpart: counterpart } : {}),
      ...(s.connection?.pcMac ? { thisPcMac: s.connection.pcMac.toUpperCase() } : {}),
      ...(s.certificate ? { certificateReady: true } : {}),
    };
  }

  /**
   * The sub-pages of split settings steps (step 7) with their status, and the refusal that keeps a settings
   * step from being confirmed (its own work: the step stays "to do" and says why next to its action).
   */
  #withParts(s: Session, view: SessionView, locks: ReadonlyMap<string, StepLock>): void {
    const references = view.settingReferences ?? {};
    for (const st of view.steps) {
      const step = s.core.procedure.steps.find((x) => x.id === st.id)!;
      const lock = locks.get(st.id);
      if (step.kind === 'settings' && lock?.ownWork && !st.lock) st.lock = lock;
      // The step on screen shows its open sub-page (the first until another is chosen): it has been opened.
      if (st.id === view.currentStepId) openPart(s.parts, step);
      const parts = partViews(step, { state: s.parts, confirmed: st.status === 'values-set', issues: s.profileIssues, references });
      if (parts) Object.assign(st, parts);
    }
  }

  /**
   * The accounts whose passwords the technician enters: a controller's users; the adapter's login password,
   * its factory one, and the passphrase only while a personal mode is chosen (4.4.2.1).
   */
  #accounts(s: Session): string[] {
    const profile = s.core.profile as SecurityProfile;
    if (isControllerProfile(profile)) return profile.settings.users.users.map((u) => u.name);
    return ADAPTER_SECRET_NAMES.filter((n) => n !== PASSPHRASE_SECRET || profile.settings.security.authentication.includes('Personal'));
  }

  #changed(): SessionView {
    const view = this.#view();
    this.#o.emit({ type: 'wizard-changed', session: view });
    return view;
  }

  #require(): Session {
    if (!this.#session) throw new ServiceError('no-session', { id: 'errors.service.noSession' });
    return this.#session;
  }

  #requireIdle(): Session {
    const s = this.#require();
    if (s.running) throw new ServiceError('busy', { id: 'errors.service.stepRunning' });
    return s;
  }

  #stepOf(s: Session, stepId: string): ProcedureStep {
    const step = s.core.procedure.steps.find((x) => x.id === stepId);
    if (!step) throw new ServiceError('invalid-setting', { id: 'errors.service.notAStep', params: { step: stepId.slice(0, 64), figure: s.core.procedure.figure } });
    return step;
  }
}

export { exportDirectory };

/**
 * The adapter's refusals of Table 46 in the technician's language: the schema words them in English (the
 * profile file's errors); the wizard adds the catalogue's words in both languages.
 */
function withAdapterText(issue: SettingIssueView, value: unknown): SettingIssueView {
  const v = value as { authentication?: unknown; encryption?: unknown } | undefined;
  if (issue.path === 'settings.security.encryption' && typeof v?.authentication === 'string' && typeof v.encryption === 'string')
    return { ...issue, text: msg('errors.adapter.notTable46', { authentication: v.authentication, encryption: v.encryption }), references: ['Table 46', '4.4.2.1'] };
  if (issue.path === 'settings.security.radius') return { ...issue, text: msg('errors.adapter.radiusNeeded'), references: ['4.4.2.1'] };
  return issue;
}
