// The app's maintenance visit (issue 11) over the one session core: the same lifecycle/visit.ts that
// `mxc visit` runs, here started from the home screen's list. Main finds the baseline (this installation's
// last signed report of the device, lifecycle/report-archive.ts), connects over TLS to the pinned
// certificate, logs on as the Administrator the technician names, runs the visit (only the disruptive
// checks confirmed one by one), signs the visit report and keeps it as the device's next baseline.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ExportResult } from '../../ipc/wizard-contract';
import type { DisposalExportKind, DisposalView, DisruptiveCheckChoice, RealAdapterCheckView, EventRowView, LifecycleRequest, RenewalView, VisitCheckView, VisitExportKind, VisitPlanView, VisitResultView } from '../../ipc/lifecycle-contract';
import type { LifecycleService } from '../../ipc/lifecycle-service';
import type { KeyValueStore } from '../../store/store';
import { DeviceRegistry, deviceIdOf } from '../../commissioning/engine/device-registry';
import { Journal } from '../../commissioning/journal/journal';
import { FileJournalStore } from '../../commissioning/journal/journal-store';
import { checksFor, disruptiveView, rowOf } from '../../commissioning/verification/verification-battery';
import { formatReferences } from '../../commissioning/guideline/references';
import { eventsToWatchFor } from '../../commissioning/guideline/tables/events-to-watch';
import { MxControllerDriver } from '../../devices/mx-controller/mx-controller-driver';
import { openEndpoint, type Endpoint } from '../../devices/endpoint';
import { signReport, type SignedReport } from '../../crypto/report-signature';
import { verifySignedDocument } from '../../report/signed-document';
import { signedDigest } from '../../report/report-chain';
import { loadOrCreateInstallationKey } from '../../report/installation-key';
import { eventHistoryCsv, type EventHistoryExport } from '../../report/event-history-export';
import type { VisitCheck, VisitReport } from '../../report/visit-report';
import type { DisposalCertificate } from '../../report/disposal-certificate';
import { renderDisposalCertificateHtml, renderVisitReportHtml } from '../../report/lifecycle-report-html';
import { archiveReport, lastReport } from '../../lifecycle/report-archive';
import { certificateStanding } from '../../lifecycle/certificate-calendar';
import { runVisit } from '../../lifecycle/visit';
import { renewCertificate } from '../../lifecycle/certificate-renewal';
import { runDisposal } from '../../lifecycle/disposal';
import { bilingual, verbatim } from '../../messages/catalogue';
import { evidenceLines } from '../../report/evidence-text';
import { ServiceError } from '../service-error';
import type { LifecycleLinkView } from '../../ipc/contract';
import { LifecycleLinks } from './lifecycle-links';
import { unfinishedSessionAt } from '../../lifecycle/unfinished-session';
import type { CertificateStanding } from '../../model/known-device';
import { knownController, LOOPBACK, splitEndpoint, type KnownController } from './known-device-link';
import { localAddressTowards } from '../wizard/local-address';
import { observeRealAdapter, realAdapterSteps, type RealAdapterCheckDeps } from '../../commissioning/families/wlan-adapter/real-adapter';

export interface VisitServiceOptions {
  store: KeyValueStore;
  dataDir: string;
  appVersion: string;
  /**
   * The second link that proves factory state after the initialization (the certificate, and with it TLS,
   * is gone): the practice device's virtual USB cable. None for a real controller (its USB protocol is not
   * public): its disposal is `mxc dispose --verify-target`.
   */
  verifyEndpoint?: (model: string) => Promise<Endpoint | undefined>;
  /** Prints HTML to PDF; only the Electron host has one (printToPDF), as for the commissioning report. */
  renderPdf?: (html: string) => Promise<Buffer>;
  /** Told when a link of a visit, renewal or disposal opens or closes (the header's link indicator). */
  onLink?: (link: LifecycleLinkView | null) => void;
  /** Or the counter shared with the device-care service (one header for every lifecycle operation). */
  links?: LifecycleLinks;
  /** The real adapter's observations: the OS Wi-Fi scan and the probes (a test gives recorded scan outputs). */
  realAdapter?: RealAdapterCheckDeps;
}

interface LastVisit {
  sessionId: string;
  model: string;
  signedVisit: SignedReport;
  events: EventHistoryExport;
  signedEvents: SignedReport;
}

const checkView = (c: VisitCheck): VisitCheckView => ({
  id: c.id,
  reference: c.table ? `Table ${c.table} row ${c.row}` : c.references,
  title: c.title,
  status: c.status,
  evidence: ((en, ja) => en.map((line, i) => ({ en: line, ja: ja[i]! })))(evidenceLines(c.evidence, 'en'), evidenceLines(c.evidence, 'ja')),
  ...(c.reason ? { reason: c.reasonText ?? verbatim(c.reason) } : {}),
});

const shown = (v: unknown): string => (v === undefined ? '—' : typeof v === 'string' ? v : JSON.stringify(v));

export class VisitService implements LifecycleService {
  #last: LastVisit | undefined;
  #lastDisposal: { dir: string; certificate: DisposalCertificate } | undefined;
  #running = false;

  readonly #links: LifecycleLinks;

  constructor(private readonly o: VisitServiceOptions) {
    this.#links = o.links ?? new LifecycleLinks(o.onLink);
  }

  /** The link this service holds open now (the newest), or null. */
  get openLink(): LifecycleLinkView | null {
    return this.#links.current;
  }

  /** Every link this service opens is counted while open (the header shows it). */
  async #driver(e: Endpoint, virtual: boolean, notAfter?: string): Promise<MxControllerDriver> {
    const link = await openEndpoint(e, { virtual });
    return new MxControllerDriver(this.#links.track(link, e.kind === 'tls' && e.fingerprint256 ? { fingerprint256: e.fingerprint256, ...(notAfter ? { notAfter } : {}) } : undefined));
  }

  #record(deviceId: string): KnownController {
    return knownController(this.o.store, deviceId);
  }

  /** A real adapter: its Figure 36 steps for the operator and what this PC observes (nothing is written). */
  async observeRealAdapter(request: LifecycleRequest<'adapter:observe'>): Promise<RealAdapterCheckView> {
    return { steps: realAdapterSteps(), observations: await observeRealAdapter(request, this.o.realAdapter ?? {}) };
  }

  async visitPlan(request: LifecycleRequest<'visit:plan'>): Promise<VisitPlanView> {
    const r = this.#record(request.deviceId);
    const standing = certificateStanding({ notAfter: r.notAfter }, new Date());
    const baseline = lastReport(this.o.dataDir, r.deviceId);
    const disruptive: DisruptiveCheckChoice[] = checksFor(r.system)
      .filter((c) => c.disruptive)
      .map((c) => {
        const view = disruptiveView(r.system, c);
        const row = rowOf(r.system, c.row);
        return { checkId: view.checkId, reference: `Table ${row.table} row ${row.row}`, title: view.title, consequences: view.consequences };
      });
    const at = r.tlsEndpoint ? splitEndpoint(r.tlsEndpoint) : undefined;
    const unfinished = at ? unfinishedSessionAt(new FileJournalStore(join(this.o.dataDir, 'journals')), 'maintenance-visit', { kind: 'tls', host: at.host, port: at.port, fingerprint256: r.fingerprint256 }) : undefined;
    const blocked = !r.tlsEndpoint ? bilingual('lifecycle.visit.blockedNoTls') : !baseline ? bilingual('lifecycle.visit.blockedNoBaseline') : undefined;
    return {
      deviceId: r.deviceId,
      model: r.model,
      serial: r.serial,
      system: r.system,
      link: { kind: 'ethernet-tls', endpoint: r.tlsEndpoint ?? '', fingerprint256: r.fingerprint256, notAfter: standing.notAfter, standing: standing.standing, daysLeft: standing.daysLeft },
      baseline: baseline ? { kind: (baseline.report as { format?: string }).format === 'mx-commissioner-visit-report' ? 'maintenance-visit' : 'commissioning', at: String((baseline.report as { generatedAt?: string }).generatedAt ?? ''), digest: signedDigest(baseline) } : null,
      ...(blocked ? { blocked } : {}),
      ...(unfinished ? { unfinished: { sessionId: unfinished.sessionId, startedAt: unfinished.startedAt, lastActivityAt: unfinished.lastActivityAt, stepsDone: unfinished.stepsDone } } : {}),
      disruptive,
    };
  }

  async runVisit(request: LifecycleRequest<'visit:run'>): Promise<VisitResultView> {
    if (this.#running) throw new ServiceError('busy', { id: 'lifecycle.errors.visitRunning' });
    this.#running = true;
    try {
      return await this.#run(request);
    } finally {
      this.#running = false;
    }
  }

  async #run(request: LifecycleRequest<'visit:run'>): Promise<VisitResultView> {
    const r = this.#record(request.deviceId);
    const at = r.tlsEndpoint ? splitEndpoint(r.tlsEndpoint) : undefined;
    if (!at) throw new ServiceError('no-session', { id: 'lifecycle.visit.blockedNoTls' });
    const baseline = lastReport(this.o.dataDir, r.deviceId);
    if (!baseline) throw new ServiceError('no-session', { id: 'lifecycle.visit.blockedNoBaseline' });
    // The baseline is this installation's own file: still, a changed one is refused before any connection.
    const integrity = verifySignedDocument(baseline);
    if (!integrity.valid) throw new ServiceError('no-session', { id: 'lifecycle.errors.baselineChanged' }, integrity.messages.join(' '));
    const known = new Set(checksFor(r.system).filter((c) => c.disruptive).map((c) => c.id));
    const unknown = request.disruptive.filter((id) => !known.has(id));
    if (unknown.length) throw new ServiceError('invalid-payload', { id: 'errors.unknownChecks', params: { checks: unknown.join(', ') } });

    const target: Endpoint = { kind: 'tls', host: at.host, port: at.port, fingerprint256: r.fingerprint256 };
    const virtual = LOOPBACK.test(at.host);
    const connect = (e: Endpoint) => this.#driver(e, virtual, r.notAfter);
    const registry = new DeviceRegistry(this.o.store);
    // An interrupted visit of this device resumes from its own journal (the plan said so), never as a commissioning.
    const journals = new FileJournalStore(join(this.o.dataDir, 'journals'));
    const unfinished = unfinishedSessionAt(journals, 'maintenance-visit', target);
    const journal = (unfinished && Journal.open(journals, unfinished.sessionId)) || Journal.create(journals);
    const backupDir = join(this.o.dataDir, 'backups', journal.sessionId);
    const pcAddress = await localAddressTowards(at.host, at.port);
    let outcome;
    try {
      outcome = await runVisit({
        target,
        connect,
        journal,
        registry,
        logon: { user: request.userName, password: request.password },
        baseline,
        operatorName: request.operatorName,
        appVersion: this.o.appVersion,
        ...(pcAddress ? { pcAddress } : {}),
        ...(request.backupPassword
          ? {
              backup: {
                password: request.backupPassword,
                save: async (name: string, file: Buffer) => {
                  mkdirSync(backupDir, { recursive: true, mode: 0o700 });
                  const path = join(backupDir, name.replace(/[^\w.-]/g, '_') || 'backup.mxbak');
                  writeFileSync(path, file, { mode: 0o600 });
                  return path;
                },
              },
            }
          : {}),
        confirmDisruptive: async (c) => request.disruptive.includes(c.checkId),
      });
    } catch (error) {
      if ((error as { code?: string }).code === 'NOT_ADMINISTRATOR') throw new ServiceError('password-rejected', { id: 'lifecycle.errors.notAdministrator' }, (error as Error).message);
      if ((error as { code?: string }).code === 'OTHER_DEVICE') throw new ServiceError('device-error', { id: 'lifecycle.errors.otherDevice' }, (error as Error).message);
      throw error;
    }
    const key = await loadOrCreateInstallationKey(this.o.dataDir);
    const { report, events } = outcome;
    const signedVisit = await signReport(report, key.privateKeyPem, key.keyId);
    const signedEvents = await signReport(events, key.privateKeyPem, key.keyId);
    const deviceId = deviceIdOf(report.device.model, report.device.serialNumber);
    const savedTo = archiveReport(this.o.dataDir, deviceId, signedVisit);
    registry.noteReport(deviceId, { kind: 'maintenance-visit', at: report.generatedAt, digest: signedDigest(signedVisit) }, report.nextPeriodicCheck?.dueBy);
    this.#last = { sessionId: journal.sessionId, model: report.device.model, signedVisit, events, signedEvents };
    return this.#view(deviceId, report, events, signedVisit, savedTo);
  }

  #view(deviceId: string, report: VisitReport, events: EventHistoryExport, signed: SignedReport, savedTo: string): VisitResultView {
    const toWatch = eventsToWatchFor(report.device.system).map((row) => ({ id: row.id, reference: formatReferences(row.references) || `Table ${row.table} row ${row.row}`, title: row.title, meaning: row.meaning, action: row.action }));
    const records: EventRowView[] = events.records.map((e) => ({ seq: e.seq, at: e.at, code: e.code, name: e.name, ...(e.user ? { user: e.user } : {}), ...(e.peer ? { peer: e.peer } : {}), ...(e.watch ? { watch: e.watch } : {}) }));
    return {
      deviceId,
      model: report.device.model,
      serial: report.device.serialNumber,
      link: report.link.description,
      generatedAt: report.generatedAt,
      drift: report.drift.items.map((d) => ({ path: d.path, baseline: shown(d.baseline), now: shown(d.now), references: d.references })),
      noDrift: report.drift.none,
      continuous: report.continuous.map(checkView),
      verification: report.verification.map(checkView),
      settingChecks: report.settingChecks.map(checkView),
      ...(report.certificate ? { certificate: { notAfter: report.certificate.notAfter, standing: report.certificate.standing as CertificateStanding, daysLeft: report.certificate.daysLeft } } : {}),
      summary: { ok: report.summary.ok, drift: report.summary.drift, failed: report.summary.failed, warnings: report.summary.warnings, notRun: report.summary.notRun },
      predecessorDigest: report.predecessor.digest,
      session: { id: report.session.id, resumedTimes: report.session.resumedTimes },
      ...(report.nextPeriodicCheck ? { nextPeriodicCheck: report.nextPeriodicCheck.dueBy } : {}),
      reportDigest: signedDigest(signed),
      savedTo,
      events: { total: events.records.length, deviceCheckOk: events.deviceCheck.ok, records, toWatch },
    };
  }

  async renewCertificate(request: LifecycleRequest<'renewal:run'>): Promise<RenewalView> {
    if (this.#running) throw new ServiceError('busy', { id: 'lifecycle.errors.visitRunning' });
    this.#running = true;
    try {
      return await this.#renew(request);
    } finally {
      this.#running = false;
    }
  }

  async #renew(request: LifecycleRequest<'renewal:run'>): Promise<RenewalView> {
    const r = this.#record(request.deviceId);
    const at = r.tlsEndpoint ? splitEndpoint(r.tlsEndpoint) : undefined;
    if (!at) throw new ServiceError('no-session', { id: 'lifecycle.visit.blockedNoTls' });
    // 2.4.7.3: renewal is due from 90 days before expiry; before that the app does not offer it.
    const standing = certificateStanding({ notAfter: r.notAfter }, new Date());
    if (standing.standing === 'valid') throw new ServiceError('step-locked', { id: 'lifecycle.renewal.notDue', params: { days: standing.daysLeft } });
    const virtual = LOOPBACK.test(at.host);
    const open = (fingerprint256: string) => this.#driver({ kind: 'tls', host: at.host, port: at.port, fingerprint256 }, virtual, fingerprint256 === r.fingerprint256 ? r.notAfter : undefined);
    const driver = await open(r.fingerprint256);
    try {
      const logon = await driver.logon(request.userName, request.password);
      if (logon.group !== 'Administrators') throw new ServiceError('password-rejected', { id: 'lifecycle.errors.notAdministrator' });
    } catch (error) {
      await driver.close().catch(() => undefined);
      throw error;
    }
    // The proof reads the device over the new pin: a commissioned device answers only after a logon.
    const proofConnection = async (fingerprint256: string) => {
      const d = await open(fingerprint256);
      try {
        await d.logon(request.userName, request.password);
      } catch (error) {
        await d.close().catch(() => undefined);
        throw error;
      }
      return d;
    };
    const result = await renewCertificate({ driver, registry: new DeviceRegistry(this.o.store), tlsEndpoint: at, connectPinned: proofConnection });
    const dir = join(this.o.dataDir, 'exports', `renewal-${result.renewed.fingerprint256.replace(/:/g, '').slice(0, 16)}`);
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    const files: ExportResult[] = (
      [
        [`${r.model}-certificate.pem`, 'application/x-pem-file', Buffer.from(result.renewed.pem, 'utf8')],
        [`${r.model}-certificate.der`, 'application/pkix-cert', result.renewed.der],
      ] as const
    ).map(([fileName, mime, content]) => {
      const savedTo = join(dir, fileName);
      writeFileSync(savedTo, content, { mode: 0o600 });
      return { fileName, savedTo, mime, contentBase64: content.toString('base64') };
    });
    return {
      deviceId: result.pin.deviceId,
      model: r.model,
      old: result.old,
      renewed: { fingerprint256: result.renewed.fingerprint256, notBefore: result.renewed.notBefore, notAfter: result.renewed.notAfter },
      files,
    };
  }

  async dispose(request: LifecycleRequest<'disposal:run'>): Promise<DisposalView> {
    if (this.#running) throw new ServiceError('busy', { id: 'lifecycle.errors.visitRunning' });
    this.#running = true;
    try {
      return await this.#dispose(request);
    } finally {
      this.#running = false;
    }
  }

  async #dispose(request: LifecycleRequest<'disposal:run'>): Promise<DisposalView> {
    const r = this.#record(request.deviceId);
    // The typed model is checked here before anything is sent (and again by the disposal kind itself).
    if (request.typedModel.trim() !== r.model) throw new ServiceError('step-locked', { id: 'lifecycle.disposal.modelMismatch', params: { model: r.model } });
    const at = r.tlsEndpoint ? splitEndpoint(r.tlsEndpoint) : undefined;
    if (!at) throw new ServiceError('no-session', { id: 'lifecycle.visit.blockedNoTls' });
    const verify = await this.o.verifyEndpoint?.(r.model);
    if (!verify) throw new ServiceError('not-in-this-host', { id: 'lifecycle.disposal.noVerifyLink' });
    const virtual = LOOPBACK.test(at.host);
    const connect = (e: Endpoint) => this.#driver(e, virtual, r.notAfter);
    const registry = new DeviceRegistry(this.o.store);
    const journal = Journal.create(new FileJournalStore(join(this.o.dataDir, 'journals')));
    const dir = join(this.o.dataDir, 'exports', `disposal-${journal.sessionId}`);
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    const predecessor = lastReport(this.o.dataDir, r.deviceId);
    const outcome = await runDisposal({
      target: { kind: 'tls', host: at.host, port: at.port, fingerprint256: r.fingerprint256 },
      connect,
      journal,
      registry,
      logon: { user: request.userName, password: request.password },
      confirmModel: request.typedModel.trim(),
      reconnect: () => connect(verify),
      operatorName: request.operatorName,
      appVersion: this.o.appVersion,
      sdCard: request.sdCard,
      destination: request.destination,
      ...(predecessor ? { predecessor } : {}),
      finalBackup: request.backupPassword
        ? {
            password: request.backupPassword,
            save: async (name: string, file: Buffer) => {
              const path = join(dir, name.replace(/[^\w.-]/g, '_') || 'final-backup.mxbak');
              writeFileSync(path, file, { mode: 0o600 });
              return path;
            },
          }
        : { declined: 'not asked for on the disposal screen' },
    });
    const key = await loadOrCreateInstallationKey(this.o.dataDir);
    const c = outcome.certificate;
    const signed = await signReport(c, key.privateKeyPem, key.keyId);
    const content = Buffer.from(JSON.stringify(signed, null, 2), 'utf8');
    const fileName = `${c.device.model}-disposal-certificate.json`;
    const savedTo = join(dir, fileName);
    writeFileSync(savedTo, content, { mode: 0o600 });
    if (outcome.finalEvents) writeFileSync(join(dir, 'events-before-initialization.json'), JSON.stringify(await signReport(outcome.finalEvents, key.privateKeyPem, key.keyId), null, 2), { mode: 0o600 });
    // Only a device proven in factory state leaves this installation (its pin goes with it).
    const removed = c.verification.factoryState ? registry.remove(r.deviceId) : undefined;
    this.#lastDisposal = { dir, certificate: c };
    return {
      model: c.device.model,
      serial: c.device.serialNumber,
      factoryState: c.verification.factoryState,
      readings: c.verification.readings,
      verifiedOver: c.verification.link,
      finalBackup: c.sanitization.finalBackup.taken ? (c.sanitization.finalBackup as { file?: string }).file ?? '' : null,
      pinRemoved: removed !== undefined,
      certificate: { fileName, savedTo, mime: 'application/json', contentBase64: content.toString('base64') },
    };
  }

  async exportVisit(request: LifecycleRequest<'visit:export'>): Promise<ExportResult> {
    const last = this.#last;
    if (!last) throw new ServiceError('no-session', { id: 'lifecycle.errors.noVisitYet' });
    const kind: VisitExportKind = request.kind;
    const base = `${last.model}-${last.sessionId}`;
    const dir = join(this.o.dataDir, 'exports', last.sessionId);
    if (kind.startsWith('visit-report-html') || kind.startsWith('visit-report-pdf')) {
      const lang = kind.endsWith('-ja') ? 'ja' : 'en';
      const html = renderVisitReportHtml(last.signedVisit.report as VisitReport, lang);
      return this.#printable(dir, `${base}-visit-report${lang === 'ja' ? '.ja' : ''}`, html, kind.includes('-pdf'));
    }
    const [fileName, mime, content] =
      kind === 'visit-report-json'
        ? [`${base}-visit-report.json`, 'application/json', Buffer.from(JSON.stringify(last.signedVisit, null, 2), 'utf8')]
        : kind === 'events-json'
          ? [`${base}-events.json`, 'application/json', Buffer.from(JSON.stringify(last.signedEvents, null, 2), 'utf8')]
          : [`${base}-events.csv`, 'text/csv; charset=utf-8', Buffer.from(eventHistoryCsv(last.events, 'en'), 'utf8')];
    return saveExport(dir, fileName, mime, content);
  }

  async exportDisposal(request: LifecycleRequest<'disposal:export'>): Promise<ExportResult> {
    const last = this.#lastDisposal;
    if (!last) throw new ServiceError('no-session', { id: 'lifecycle.errors.noDisposalYet' });
    const kind: DisposalExportKind = request.kind;
    const lang = kind.endsWith('-ja') ? 'ja' : 'en';
    return this.#printable(last.dir, `${last.certificate.device.model}-disposal-certificate${lang === 'ja' ? '.ja' : ''}`, renderDisposalCertificateHtml(last.certificate, lang), kind.includes('-pdf'));
  }

  /** A report page as HTML, or printed to PDF where the host has a printer (the browser host prints the HTML). */
  async #printable(dir: string, base: string, html: string, pdf: boolean): Promise<ExportResult> {
    if (!pdf) return saveExport(dir, `${base}.html`, 'text/html; charset=utf-8', Buffer.from(html, 'utf8'));
    if (!this.o.renderPdf) throw new ServiceError('not-in-this-host', { id: 'errors.service.noPdfHere' });
    return saveExport(dir, `${base}.pdf`, 'application/pdf', await this.o.renderPdf(html));
  }
}

function saveExport(dir: string, fileName: string, mime: string, content: Buffer): ExportResult {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const savedTo = join(dir, fileName);
  writeFileSync(savedTo, content, { mode: 0o600 });
  return { fileName, savedTo, mime, contentBase64: content.toString('base64') };
}
