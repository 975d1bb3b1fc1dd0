// The guided wizard in main: one commissioning session at a time over the connection the MainService
// holds. The renderer runs one step at a time; main owns the engine, the journal, the profile, the
// passwords (in memory only) and every guard, and pushes { type: 'wizard-changed', session } on every
// change. See docs/wizard.md for the statuses and questions the UI draws.
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import type { MainEvent } from '../../ipc/contract';
import type { Bilingual, BusyView, ExportKind, ExportResult, LinkView, PasswordCheck, QuestionView, ReportView, SessionSummary, SessionView, SettingIssueView } from '../../ipc/wizard-contract';
import type { WizardService } from '../../ipc/wizard-service';
import type { KeyValueStore } from '../../store/store';
import { CommissioningEngine, type ProbeTarget, type ProgressEvent } from '../../commissioning/engine/commissioning-engine';
import type { ConnectDriver, Endpoint } from '../../commissioning/engine/connect-driver';
import { DeviceRegistry } from '../../commissioning/engine/device-registry';
import { EngineError } from '../../commissioning/engine/engine-errors';
import { administratorsIn } from '../../commissioning/engine/guards';
import type { NetworkProbe } from '../../commissioning/engine/network-probe';
import type { BackupChoice, CommissioningSecrets, Operator } from '../../commissioning/engine/operator';
import { INITIALIZATION_CLEARS, INITIALIZATION_KEEPS } from '../../commissioning/engine/operator';
import { checkRule, GUIDELINE, unknownProfileReferences, type Procedure, type ProcedureStep } from '../../commissioning/guideline';
import { Journal } from '../../commissioning/journal/journal';
import { FileJournalStore } from '../../commissioning/journal/journal-store';
import { recommendedProfile } from '../../commissioning/recommended-profile';
import type { ControllerSecurityDriver } from '../../devices/controller-security-driver';
import { formatEndpointText, openEndpoint, parseEndpoint } from '../../devices/endpoint';
import { MxControllerDriver } from '../../devices/mx-controller/mx-controller-driver';
import type { LinkKind } from '../../links/link';
import { CONTROLLER_SETTING_KEYS, validateProfile, type ControllerProfile, type ControllerSettingKey, type ProfileIssue } from '../../model/security-settings';
import { buildComplianceReport, type ComplianceReport } from '../../report/compliance-report';
import { loadOrCreateInstallationKey } from '../../report/installation-key';
import { ServiceError } from '../service-error';
import { errorView } from './error-view';
import { exportDirectory, writeExport } from './exports';
import { checkPassword, deviceRuleFailures } from './password-check';
import { listUnfinishedSessions, SessionFiles, type SessionFile } from './session-list';
import { attestationItems, attestationStep, buildSessionView, journalFinished, SETTING_TITLES, stepStatus } from './session-view';
import { runAgainRefusal, type AgainRefusal } from './run-again';
import { selfLockoutIssues } from './self-lockout-issues';
import { lockText, stepLock, trustBoundaryAttestationId, type StepLock } from './step-locks';

/** The device connection the wizard starts on, as the MainService holds it. */
export interface WizardConnection {
  system: 'mx-r' | 'mx-f';
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
  /** Listeners step 12 probes from this PC (default: the public MELSOFT TCP port). */
  probeTargets?: ProbeTarget[];
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
  resolve(answer: { confirmed: boolean; typed?: string; choice?: string }): void;
  reject(error: Error): void;
}

interface Session {
  file: SessionFile;
  procedure: Procedure;
  journal: Journal;
  engine: CommissioningEngine;
  connection: WizardConnection | undefined;
  profileIssues: SettingIssueView[];
  profileWarnings: ProfileIssue[];
  /** Pointers from another block to the last refusal (e.g. the IP filter block to the enhanced security setting). */
  issuePointers: SettingIssueView[];
  /** Settings steps changed since they were last confirmed (see ViewInput.valuesSet). */
  valuesSet: Set<string>;
  notes: Map<string, Bilingual>;
  selected?: string;
  running?: string;
  busy?: BusyView;
  abort?: AbortController;
  question?: PendingQuestion;
  error?: SessionView['error'];
  report?: ComplianceReport;
  reportView?: ReportView;
  certificate?: { pem: string; der: Buffer };
  clock?: { deviceTime: string; pcTime: string; offsetSeconds: number };
  /** The engine has had a link of its own (see #link). */
  engineLinkSeen?: boolean;
}

// Project choice: the identifier sent with a backup taken before initialization lives beside the journals.
const BACKUP_DIR = 'backups';

export class WizardSessionService implements WizardService {
  readonly #o: WizardHostOptions;
  readonly #journals: FileJournalStore;
  readonly #files: SessionFiles;
  readonly #registry: DeviceRegistry;
  /** New passwords by user name: memory only, never logged, never in a view; wiped once written. */
  readonly #passwords = new Map<string, string>();
  /** A used controller's Administrator, for the logon before its initialization (step 4); memory only. */
  #previousAdministrator: { userName: string; password: string } | undefined;
  /** Encrypts the backup taken before the initialization (2.4.6.1); memory only, wiped after step 4. */
  #backupPassword: string | undefined;
  #session: Session | undefined;

  constructor(options: WizardHostOptions) {
    this.#o = options;
    this.#journals = new FileJournalStore(join(options.dataDir, 'journals'));
    this.#files = new SessionFiles(join(options.dataDir, 'wizard'));
    this.#registry = new DeviceRegistry(options.store);
  }

  // ---------------------------------------------------------------------------------------------
  // Sessions
  // ---------------------------------------------------------------------------------------------
  async sessions(): Promise<SessionSummary[]> {
    return listUnfinishedSessions(this.#journals, this.#files);
  }

  async start(request: { operatorName: string }): Promise<SessionView> {
    const connection = await this.#o.connection();
    if (!connection) throw new ServiceError('not-connected', 'Connect to the device first (USB recommended for the first commissioning, 2.4.7.1 procedure A), then start commissioning.');
    await this.#closeSession();
    const profile = recommendedProfile(connection.model, connection.pcAddress ? { pcAddress: connection.pcAddress } : {}) as ControllerProfile;
    const journal = Journal.create(this.#journals);
    const file: SessionFile = {
      sessionId: journal.sessionId,
      system: connection.system,
      model: connection.model,
      operatorName: request.operatorName.trim(),
      startedAt: new Date().toISOString(),
      endpoint: formatEndpointText(connection.endpoint),
      ...(connection.practiceModel ? { practiceModel: connection.practiceModel } : {}),
      ...(connection.pcAddress ? { pcAddress: connection.pcAddress } : {}),
      profile,
      valuesSet: [],
    };
    this.#files.save(file);
    this.#open(file, journal, connection);
    return this.#changed();
  }

  async resume(request: { sessionId: string }): Promise<SessionView> {
    const file = this.#files.load(request.sessionId);
    const journal = file ? Journal.open(this.#journals, request.sessionId) : undefined;
    if (!file || !journal) throw new ServiceError('no-session', `There is no interrupted session ${request.sessionId.slice(0, 64)} in this installation.`);
    if (journal.entries.some((e) => e.type === 'end' && e.result === 'completed')) throw new ServiceError('no-session', 'That session is finished; its report is in the exports folder.');
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
        throw new ServiceError('not-connected', `Connect to the ${file.model} first, then resume.`);
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
    this.#open(file, journal, connection);
    const s = this.#session!;
    s.notes.set(s.procedure.steps[0]!.id, { en: `Resumed: ${journal.resumes() + 1} resumption(s); what was verified before stays verified, the rest is read again from the device.`, ja: '再開しました。確認済みの項目は保持され、残りは機器から再度読み出します。' });
    return this.#changed();
  }

  async state(): Promise<SessionView | null> {
    return this.#session ? this.#view() : null;
  }

  async close(): Promise<void> {
    const s = this.#session;
    if (s?.running) throw new ServiceError('busy', 'A step is running: cancel it first (or wait until it ends), then close the session.');
    await this.#closeSession();
  }

  // ---------------------------------------------------------------------------------------------
  // Steps 3, 5-8: the profile
  // ---------------------------------------------------------------------------------------------
  async selectStep(request: { stepId: string }): Promise<SessionView> {
    const s = this.#require();
    const step = this.#stepOf(s, request.stepId);
    s.selected = request.stepId;
    // The clock settings show how far the device is from this PC; read it fresh each time they open.
    if (step.writes.includes('clock') && !s.running) {
      s.clock = await s.engine.readClockOffset().catch(() => undefined);
    }
    return this.#changed();
  }

  async updateSettings(request: { key: string; value: unknown }): Promise<SessionView> {
    const s = this.#requireIdle();
    if (!(CONTROLLER_SETTING_KEYS as readonly string[]).includes(request.key))
      throw new ServiceError('invalid-setting', `"${request.key.slice(0, 64)}" is not a setting of the ${s.file.model}; the settings are ${CONTROLLER_SETTING_KEYS.join(', ')}.`);
    if (s.journal.entries.some((e) => e.type === 'write'))
      throw new ServiceError('step-locked', 'The settings are already being written to the device (step 9 began), so they cannot change in this session. Finish the procedure, or initialize the device in a new session to commission it with other values.');
    const key = request.key as ControllerSettingKey;
    const candidate = { ...s.file.profile, settings: { ...s.file.profile.settings, [key]: request.value } };
    const v = validateProfile(candidate);
    const owners = s.procedure.steps.filter((st) => st.kind === 'settings' && (st.writes as readonly string[]).includes(key));
    const guarded = v.ok ? this.#guardIssues(s, v.profile as ControllerProfile, key) : { issues: v.issues, pointers: [] };
    const issues = guarded.issues;
    s.error = undefined;
    s.issuePointers = guarded.pointers;
    if (issues.length) {
      // Not applied: the device would refuse it or the PC would lock itself out. The last valid profile stays.
      s.profileIssues = issues;
    } else if (v.ok) {
      const profile = v.profile as ControllerProfile;
      s.engine.updateProfile(profile);
      s.file.profile = profile;
      s.profileIssues = [];
      s.profileWarnings = this.#warnings(profile, v.warnings);
      for (const st of owners) s.valuesSet.add(st.id);
      s.file.valuesSet = [...s.valuesSet];
      this.#files.save(s.file);
    }
    return this.#changed();
  }

  async attest(request: { id: string; text: string; withdraw?: true }): Promise<SessionView> {
    const s = this.#requireIdle();
    if (request.withdraw) {
      // Taken back as long as no confirmed step relies on it; after that it is part of the record.
      const item = attestationItems(s.procedure, s.file.profile, { records: s.engine.stepRecords(), journal: s.journal }).find((i) => i.id === request.id);
      if (!item?.attested) return this.#changed();
      if (item.final) {
        const step = attestationStep(s.procedure, item);
        throw new ServiceError('step-locked', step ? `This attestation is on record: step ${step.number} was confirmed with it. Run the step again to change it.` : 'This attestation is on record: settings were already written relying on it.');
      }
      const profile: ControllerProfile = { ...s.file.profile, attestations: s.file.profile.attestations.filter((a) => a.id !== request.id) };
      s.engine.updateProfile(profile);
      s.file.profile = profile;
      this.#files.save(s.file);
      return this.#changed();
    }
    const attestation = { id: request.id, by: s.file.operatorName, at: new Date().toISOString(), text: request.text.trim() };
    const profile: ControllerProfile = { ...s.file.profile, attestations: [...s.file.profile.attestations.filter((a) => a.id !== request.id), attestation] };
    const unknown = unknownProfileReferences(profile);
    if (unknown.length) throw new ServiceError('invalid-setting', `"${request.id.slice(0, 64)}" is not an item to attest in this procedure: ${unknown[0]!.message}`);
    s.engine.updateProfile(profile);
    s.file.profile = profile;
    this.#files.save(s.file);
    return this.#changed();
  }

  async checkPassword(request: { userName: string; password: string }): Promise<PasswordCheck> {
    const policy = this.#session?.file.profile.settings.passwordPolicy ?? { strength: 'strong' as const, minLength: 12 };
    return checkPassword(request.userName, request.password, policy);
  }

  async setPassword(request: { userName: string; password: string; confirmation: string; purpose?: 'new' | 'previous-administrator' | 'backup' }): Promise<SessionView> {
    const s = this.#require();
    if (request.purpose === 'backup') {
      if (request.password.length === 0) throw new ServiceError('password-rejected', 'Type a backup password: the backup is encrypted with it (2.4.6.1).');
      if (request.password !== request.confirmation) throw new ServiceError('password-rejected', 'The two entries differ: type the backup password again in both fields.');
      this.#backupPassword = request.password;
      return this.#changed();
    }
    if (request.purpose === 'previous-administrator') {
      // The controller's current Administrator (a used device, step 4): checked by the device at the
      // logon, not against this profile's policy; kept only until the initialization is done.
      if (request.password !== request.confirmation) throw new ServiceError('password-rejected', 'The two entries differ: type the password again in both fields.');
      this.#previousAdministrator = { userName: request.userName, password: request.password };
      s.error = undefined;
      return this.#changed();
    }
    if (!s.file.profile.settings.users.users.some((u) => u.name === request.userName))
      throw new ServiceError('password-rejected', `"${request.userName.slice(0, 64)}" is not a user of this profile: add the user in step 3 first.`);
    if (request.password !== request.confirmation) throw new ServiceError('password-rejected', 'The two entries differ: type the new password again in both fields.');
    const failures = deviceRuleFailures(request.userName, request.password, s.file.profile.settings.passwordPolicy);
    if (failures.length)
      throw new ServiceError('password-rejected', `The device would refuse this password for "${request.userName}": ${failures.map((f) => f.en).join(' ')}`, failures.map((f) => f.en).join(' | '));
    this.#passwords.set(request.userName, request.password);
    return this.#changed();
  }

  // ---------------------------------------------------------------------------------------------
  // Running a step
  // ---------------------------------------------------------------------------------------------
  async runStep(request: { stepId: string }): Promise<SessionView> {
    const s = this.#requireIdle();
    const step = this.#stepOf(s, request.stepId);
    const lock = this.#locks(s).get(step.id);
    if (lock) throw new ServiceError('step-locked', lockText(lock), lock.references.join('; '));
    // A finished initialization, write or restart is not repeated by the engine: say so instead of a run that does nothing.
    const again = this.#againRefusal(s, step);
    if (again) throw new ServiceError('step-locked', lockText(again), again.references.join('; '));
    const abort = new AbortController();
    s.running = step.id;
    s.selected = step.id;
    s.abort = abort;
    s.error = undefined;
    s.notes.delete(step.id);
    const total = step.kind === 'write' ? s.engine.writePlan().filter((p) => p.action === 'write').length : undefined;
    s.busy = { what: step.title, cancellable: step.kind !== 'device-operation' && step.kind !== 'restart', ...(total ? { progress: { done: this.#writesDone(s), total } } : {}) };
    this.#changed();
    try {
      await s.engine.runThrough(step.id, { signal: abort.signal });
      if (step.kind === 'settings' && s.valuesSet.delete(step.id)) {
        s.file.valuesSet = [...s.valuesSet];
        this.#files.save(s.file);
      }
      await this.#afterStep(s, step);
    } catch (error) {
      if (error instanceof EngineError && error.code === 'CANCELLED') {
        s.notes.set(step.id, { en: `${error.message}`, ja: '作業者が中止しました。書込み済みの項目はすべて確認済みです。手順を再実行すると続きから実行します。' });
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

  async answer(request: { questionId: string; confirmed: boolean; typed?: string; choice?: string }): Promise<SessionView> {
    const s = this.#require();
    const q = s.question;
    if (!q || q.view.id !== request.questionId) throw new ServiceError('no-session', 'That question is no longer open.');
    if (request.confirmed && q.view.typeToConfirm !== undefined && request.typed !== q.view.typeToConfirm)
      throw new ServiceError('invalid-setting', `Type the device's model name exactly as shown ("${q.view.typeToConfirm}") to confirm, or cancel.`);
    if (request.confirmed && q.view.choices && !q.view.choices.some((c) => c.id === request.choice))
      throw new ServiceError('invalid-setting', `Choose one of: ${q.view.choices.map((c) => c.label.en).join(', ')}.`);
    // The backup to this PC is encrypted (2.4.6.1): without its password it is refused now, not by the device later.
    if (request.confirmed && q.view.kind === 'backup-before-initialization' && request.choice === 'to-pc' && !this.#backupPassword)
      throw new ServiceError('password-rejected', 'Type the backup password (twice) first: the backup to this PC is encrypted with it (2.4.6.1).');
    s.question = undefined;
    const running = s.running ? s.procedure.steps.find((x) => x.id === s.running) : undefined;
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

  async export(request: { kind: ExportKind }): Promise<ExportResult> {
    const s = this.#require();
    return writeExport(request.kind, {
      dataDir: this.#o.dataDir,
      sessionId: s.file.sessionId,
      model: s.file.model,
      ...(s.report ? { report: s.report } : {}),
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
  #open(file: SessionFile, journal: Journal, connection: WizardConnection): void {
    const procedure = GUIDELINE[file.system].procedure;
    const secrets: CommissioningSecrets = {
      userPassword: (name) => this.#passwords.get(name),
      previousAdministrator: () => this.#previousAdministrator,
      backupPassword: () => this.#backupPassword,
    };
    const connect: ConnectDriver<ControllerSecurityDriver> = async (endpoint) => {
      if (formatEndpointText(endpoint) === formatEndpointText(connection.endpoint)) {
        const handed = connection.takeDriver();
        if (handed && !handed.link.closed) return handed;
      }
      return new MxControllerDriver(await openEndpoint(endpoint, { virtual: connection.virtual, timeoutMs: 5000 }));
    };
    const engine = new CommissioningEngine(
      {
        profile: file.profile,
        target: connection.endpoint,
        ...(connection.tlsEndpoint ? { tlsEndpoint: connection.tlsEndpoint } : {}),
        ...(file.pcAddress ? { pcAddress: file.pcAddress } : {}),
        ...(connection.probeTargets ? { probeTargets: connection.probeTargets } : {}),
      },
      {
        connect,
        journal,
        registry: this.#registry,
        operator: this.#operator(file),
        secrets,
        onProgress: (e) => this.#progress(e),
        ...(this.#o.probe ? { probe: this.#o.probe } : {}),
        ...(this.#o.reconnect ? { reconnect: this.#o.reconnect } : {}),
      },
    );
    const v = validateProfile(file.profile);
    this.#session = {
      file,
      procedure,
      journal,
      engine,
      connection,
      profileIssues: [],
      profileWarnings: v.ok ? this.#warnings(file.profile, v.warnings) : [],
      issuePointers: [],
      valuesSet: new Set(file.valuesSet),
      notes: new Map(),
    };
  }

  async #closeSession(): Promise<void> {
    const s = this.#session;
    this.#session = undefined;
    this.#passwords.clear();
    this.#previousAdministrator = undefined;
    this.#backupPassword = undefined;
    if (s) await s.engine.close();
  }

  #operator(file: SessionFile): Operator {
    return {
      name: file.operatorName,
      confirmInitialization: async (model, clears) => {
        const a = await this.#ask({
          kind: 'confirm-initialization',
          title: { en: `Initialize all information of this ${model}?`, ja: `この${model}の全情報を初期化しますか？` },
          text: {
            en: `This ${model} was used before. Initialization of all information clears ${clears.join(', ')}. Kept: ${INITIALIZATION_KEEPS.join(', ')}. It cannot be undone. Type the model name to confirm.`,
            ja: `この${model}は使用済みです。全情報初期化により、デバイス/ラベル、ファイル、セキュリティ設定、ユーザ情報、イベント履歴、証明書が消去されます（SDメモリカードは保持）。元に戻せません。確認のため形名を入力してください。`,
          },
          typeToConfirm: model,
          consequences: INITIALIZATION_CLEARS.map((c) => ({ en: `Cleared: ${c}`, ja: `消去：${c}` })),
        });
        return a.confirmed ? a.typed : undefined;
      },
      backupBeforeInitialization: async (model): Promise<BackupChoice> => {
        const a = await this.#ask({
          kind: 'backup-before-initialization',
          title: { en: `Back up the ${model} before it is initialized?`, ja: `初期化の前に${model}をバックアップしますか？` },
          text: { en: 'Initialization deletes the data on the controller (2.4.1, 2.6). Back it up to this PC or to its SD memory card, or decline if the data is not needed (type why).', ja: '初期化によりコントローラ内のデータは削除されます（2.4.1、2.6）。このパソコンまたはSDメモリカードへバックアップするか、データが不要な場合は理由を入力して不要としてください。' },
          choices: [
            { id: 'to-pc', label: { en: 'Back up to this PC', ja: 'このパソコンへバックアップ' } },
            { id: 'to-sd-card', label: { en: 'Back up to the SD memory card', ja: 'SDメモリカードへバックアップ' } },
            { id: 'declined', label: { en: 'Not needed (say why)', ja: '不要（理由を入力）' } },
          ],
        });
        if (!a.confirmed) throw new EngineError('INITIALIZATION_NOT_CONFIRMED', 'The backup question was not answered; the controller was not initialized.');
        if (a.choice === 'to-sd-card') return { kind: 'to-sd-card' };
        if (a.choice === 'to-pc')
          return {
            kind: 'to-pc',
            save: async (name, content) => {
              const { mkdirSync, writeFileSync } = await import('node:fs');
              const dir = join(this.#o.dataDir, BACKUP_DIR, file.sessionId);
              mkdirSync(dir, { recursive: true, mode: 0o700 });
              const path = join(dir, name.replace(/[^A-Za-z0-9._-]/g, '_'));
              writeFileSync(path, content, { mode: 0o600 });
              return path;
            },
          };
        return { kind: 'declined', reason: a.typed?.trim() || 'The operator confirmed the data on the controller is not needed.' };
      },
      performManually: async (step, what) => {
        const a = await this.#ask({
          kind: 'perform-manually',
          title: { en: `Step ${step.number}: do this in the engineering tool`, ja: `手順${step.number}：エンジニアリングツールで実施してください` },
          text: { en: what, ja: what },
        });
        return a.confirmed;
      },
      // Step 14: a disruptive check of Table 17 / 35 runs only if the technician confirms it; Cancel declines it.
      confirmDisruptive: async (check) => {
        const a = await this.#ask({
          kind: 'confirm-disruptive',
          title: { en: `Run the check "${check.title.en}" on this device?`, ja: `この機器で「${check.title.ja}」を確認しますか？` },
          text: {
            en: `Test operation, ${check.rowId.replace(/^table(\d+)\.row(\d+)$/, 'Table $1 row $2')}. The check changes the device for a moment and puts it back; the device is read back afterwards. Cancel to skip it: the report then lists it as not run, declined by you.`,
            ja: `動作確認（${check.rowId.replace(/^table(\d+)\.row(\d+)$/, '表$1 No.$2')}）。確認中は機器を一時的に変更し、元に戻した後に読み出して確認します。キャンセルすると実施せず、レポートには辞退として記録されます。`,
          },
          consequences: check.consequences,
        });
        return a.confirmed;
      },
    };
  }

  #ask(view: Omit<QuestionView, 'id'>): Promise<{ confirmed: boolean; typed?: string; choice?: string }> {
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
      const title = SETTING_TITLES[e.key] ?? { en: e.key, ja: e.key };
      s.busy = {
        what: onWire ? { en: `Writing: ${title.en} — do not disconnect`, ja: `書込み中：${title.ja} — 接続を切らないでください` } : s.busy.what,
        cancellable: !onWire,
        ...(s.busy.progress ? { progress: { done: this.#writesDone(s), total: s.busy.progress.total } } : {}),
      };
      this.#changed();
    } else if (e.type === 'step') {
      this.#changed();
    }
  }

  #writesDone(s: Session): number {
    return s.journal.writes().filter((w) => w.state === 'verified' || w.state === 'reconciled' || w.state === 'operator-performed').length;
  }

  async #afterStep(s: Session, step: ProcedureStep): Promise<void> {
    if (step.kind === 'device-operation') {
      this.#previousAdministrator = undefined;
      this.#backupPassword = undefined;
    }
    if (step.kind === 'write' && s.journal.stepState(step.id) === 'done') {
      // The passwords are on the device: keep one Administrator's for the logons after the restart
      // (steps 10-14 reconnect), wipe the rest now.
      const keep = administratorsIn(s.file.profile).find((n) => this.#passwords.has(n));
      for (const name of [...this.#passwords.keys()]) if (name !== keep) this.#passwords.delete(name);
    }
    // The certificate is exportable from the step that hands it to the connection-destination devices.
    const certificate = s.engine.certificate;
    if (certificate) s.certificate = { pem: certificate.pem, der: certificate.der };
    if ((step.kind === 'verification' && step.number === 14) || step.kind === 'report') {
      const outcome = s.engine.outcome();
      const report = buildComplianceReport(outcome, { appVersion: this.#o.appVersion });
      const key = await loadOrCreateInstallationKey(this.#o.dataDir);
      s.report = report;
      if (outcome.certificate) s.certificate = { pem: outcome.certificate.pem, der: outcome.certificate.der };
      s.reportView = {
        rows: report.rows.map((r) => ({
          id: r.rowId,
          table: r.table,
          row: r.row,
          item: r.item,
          status: r.status,
          evidence: r.evidence.map((e) => ({ what: e.what, value: typeof e.value === 'string' ? e.value : JSON.stringify(e.value) ?? 'null' })),
          iec: r.iec.map((m) => m.id),
          ...(r.exception ? { exception: r.exception.justification } : {}),
        })),
        compliant: report.summary.compliant,
        signedAt: report.generatedAt,
        keyId: key.keyId,
      };
    }
    if (step.kind === 'report') {
      // The procedure is over: nothing secret stays in memory, and the device is left to its users.
      this.#passwords.clear();
      await s.engine.close();
    }
  }

  /** Refusals of a settings change (not applied) and pointers to them from the other block involved. */
  #guardIssues(s: Session, profile: ControllerProfile, changedKey: string): { issues: SettingIssueView[]; pointers: SettingIssueView[] } {
    const lockout = selfLockoutIssues({ procedure: s.procedure, profile, changedKey, pcAddress: s.file.pcAddress, linkKind: s.engine.link?.kind ?? s.connection?.linkKind });
    const issues = [...lockout.issues];
    if (administratorsIn(profile).length === 0) {
      const verdict = checkRule('guard.last-administrator', { system: profile.system, administratorsAfterChange: 0 });
      issues.push({ path: 'settings.users.users', message: `${verdict.message!.en} (2.4.4.3)` });
    }
    return { issues, pointers: lockout.pointers };
  }

  #warnings(profile: ControllerProfile, warnings: ProfileIssue[]): ProfileIssue[] {
    return warnings.concat(this.#session && !this.#session.file.pcAddress && profile.settings.ipFilter.enabled ? [{ path: 'settings.ipFilter.entries', message: "This PC's address on the controller's network is not known: check yourself that the IP filter lets this PC in (2.4.8)." }] : []);
  }

  #locks(s: Session): Map<string, StepLock> {
    const records = s.engine.stepRecords();
    const linkKind = s.engine.link?.kind ?? s.connection?.linkKind;
    const usersWritten = ['verified', 'reconciled'].includes(s.journal.lastWrite('users')?.state ?? '');
    const complete = (st: ProcedureStep) => {
      const r = records.find((x) => x.id === st.id)!;
      // A settings step changed since its confirmation waits for the confirmation again.
      return journalFinished(r.state) && !(st.kind === 'settings' && s.valuesSet.has(st.id));
    };
    const out = new Map<string, StepLock>();
    for (const step of s.procedure.steps) {
      const lock = stepLock(step, {
        procedure: s.procedure,
        complete,
        profile: s.file.profile,
        profileValid: s.profileIssues.length === 0,
        profileIssueCount: s.profileIssues.length,
        linkKind,
        passwordsEntered: new Set(this.#passwords.keys()),
        usersWritten,
        administratorPasswordEntered: administratorsIn(s.file.profile).some((n) => this.#passwords.has(n)),
        settingsTable: GUIDELINE[s.file.system].settingsTable,
      });
      if (lock) out.set(step.id, lock);
    }
    return out;
  }

  #againRefusal(s: Session, step: ProcedureStep, records = s.engine.stepRecords()): AgainRefusal | undefined {
    const record = records.find((r) => r.id === step.id);
    return runAgainRefusal(step, {
      procedure: s.procedure,
      state: record?.state,
      writesBegan: s.journal.entries.some((e) => e.type === 'write'),
      procedureEnded: s.journal.entries.some((e) => e.type === 'end'),
    });
  }

  /** Why each finished step cannot run again now: never repeated in this session, or locked for now. */
  #again(s: Session, locks: ReadonlyMap<string, StepLock>): Map<string, AgainRefusal> {
    const out = new Map<string, AgainRefusal>();
    const records = s.engine.stepRecords();
    for (const step of s.procedure.steps) {
      const refusal = this.#againRefusal(s, step, records);
      const lock = locks.get(step.id);
      if (refusal) out.set(step.id, refusal);
      else if (lock) out.set(step.id, { ...lock, permanent: false });
    }
    return out;
  }

  #link(s: Session): LinkView | null {
    const live = s.engine.link;
    const attested = s.file.profile.attestations.some((a) => a.id === trustBoundaryAttestationId(s.procedure));
    const pin = s.journal.pin();
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
      operatorName: s.file.operatorName,
      procedure: s.procedure,
      journal: s.journal,
      records: s.engine.stepRecords(),
      profile: s.file.profile,
      profileIssues: s.profileIssues,
      profileWarnings: [...s.profileWarnings, ...s.issuePointers],
      valuesSet: s.valuesSet,
      ...(s.running ? { running: s.running } : {}),
      notes: s.notes,
      ...(s.selected ? { selected: s.selected } : {}),
      link,
      passwordsEntered: s.file.profile.settings.users.users.map((u) => u.name).filter((n) => this.#passwords.has(n)),
      writePlan: s.engine.writePlan(),
      plannedLink: link?.kind ?? 'usb',
      locks,
      again: this.#again(s, locks),
      ...(s.question ? { question: s.question.view } : {}),
      ...(s.clock ? { clock: s.clock } : {}),
      ...(s.busy ? { busy: s.busy } : {}),
      ...(s.reportView ? { report: s.reportView } : {}),
      ...(s.error ? { error: s.error } : {}),
    });
    return s.certificate ? { ...view, certificateReady: true } : view;
  }

  #changed(): SessionView {
    const view = this.#view();
    this.#o.emit({ type: 'wizard-changed', session: view });
    return view;
  }

  #require(): Session {
    if (!this.#session) throw new ServiceError('no-session', 'No commissioning session is open: start one (or resume one) first.');
    return this.#session;
  }

  #requireIdle(): Session {
    const s = this.#require();
    if (s.running) throw new ServiceError('busy', 'A step is running; wait for it to end (or cancel it) first.');
    return s;
  }

  #stepOf(s: Session, stepId: string): ProcedureStep {
    const step = s.procedure.steps.find((x) => x.id === stepId);
    if (!step) throw new ServiceError('invalid-setting', `"${stepId.slice(0, 64)}" is not a step of Figure ${s.procedure.figure}.`);
    return step;
  }
}

export { exportDirectory };
