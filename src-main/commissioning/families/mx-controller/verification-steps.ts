// Steps 11, 12 and 14 of Figures 8 and 22, the MX family's verification step handlers: 11 reads the
// controller's errors and its settings (Table 9 / 27 judged on the device), 12 probes the network from this
// PC (or, guide-and-verify, judges the settings from what the network shows), 14 runs the test operation
// of Table 17 / 35 and counts every row. What they find is the session's evidence (the report's): the
// context keeps it; the engine runs none of these checks itself.
import type { ObservedFromPc, PortProbe } from '../../../model/device-snapshot';
import type { ControllerProfile } from '../../../model/security-settings';
import { isMessageId, render, type Message, type MessageId } from '../../../messages/catalogue';
import { rowAccepted } from '../../guideline/tables/evaluate';
import { ethernetPortOf } from './controller-guards';
import { addressOutsideFilter, probeTargetsOf } from './probe-targets';
import type { EngineCheck } from '../../family/device-family';
import type { ControllerSecurityDriver, Diagnostics } from '../../../devices/controller-security-driver';
import type { StepContext as SessionStepContext, StepHandler } from '../../family/session-kind';

type StepContext = SessionStepContext<ControllerSecurityDriver>;
/** The diagnostics this family kept at step 11 (the engine holds them without knowing their shape). */
const diagnosticsOf = (ctx: StepContext): Diagnostics | undefined => ctx.diagnostics() as Diagnostics | undefined;
import { said, type StepResult } from '../../family/step-result';
import { runVerificationBattery, summarizeBattery } from '../../verification/verification-battery';
import { tlsFunctions } from './certificate-export-step';

/** Step 11: the controller's errors, then the settings the device shows (the attestation rows wait for 14). */
async function errorCheck(ctx: StepContext): Promise<StepResult> {
  const driver = await ctx.connected();
  if (ctx.can('diagnostics')) ctx.keepDiagnostics(await driver.readDiagnostics());
  await ctx.readSnapshot();
  // The whole table, counted as step 14 counts it; the step fails only on the rows the device shows.
  ctx.judgeTable({ withNetwork: false });
  const deviceRows = ctx.evaluate(ctx.step.verifies);
  const errors = diagnosticsOf(ctx)?.errors ?? [];
  // Guide-and-verify: the device cannot show its settings to the app; they are verified from the network at
  // step 12 (or attested), so only a row the device shows wrong fails here.
  const failed = deviceRows.filter((r) => (ctx.capabilities()?.mode === 'observe-only' ? r.status === 'fail' : !rowAccepted(r)));
  const found: Message = errors.length ? { id: 'step.result.deviceErrorCodes', params: { count: errors.length, codes: errors.map((e) => e.code).join(', ') } } : { id: 'step.result.deviceErrors', params: { count: 0 } };
  return said(errors.length || failed.length ? 'failed' : 'done', found, ...ctx.tally());
}

/** Step 12: the network diagnosis from this PC (ports, the TLS handshake with the pin, the IP filter both ways). */
async function networkDiagnosis(ctx: StepContext): Promise<StepResult> {
  const plan = ctx.plan();
  const profile = ctx.profile as ControllerProfile;
  if (ctx.capabilities()?.mode === 'observe-only' && ctx.verifiesFromNetwork() && plan.target.kind === 'tcp' && plan.pcAddress) return ctx.verifyFromNetwork();
  const tls = plan.tls();
  const host = tls?.host ?? (plan.target.kind === 'tcp' ? plan.target.host : undefined);
  if (!host) {
    ctx.observe({ portProbes: [], tlsHandshakes: [] }, { intoSnapshot: false });
    const ok = await ctx.operator.performManually(ctx.step, render('manual.networkDiagnosis', undefined, 'en'), render('manual.networkDiagnosis', undefined, 'ja'));
    return said(ok ? 'operator-performed' : 'failed', { id: 'step.result.noEthernetAddress' });
  }
  const probe = ctx.probe;
  const iso = () => ctx.now().toISOString();
  const targets = probeTargetsOf({ explicit: plan.probeTargets, announced: diagnosticsOf(ctx)?.services, ethernetPort: ethernetPortOf(profile.system), tls, target: plan.target });
  const portProbes: PortProbe[] = [];
  for (const t of targets) {
    const state = await probe.probeTcp(host, t.port);
    portProbes.push({ address: host, port: t.port, protocol: 'tcp', service: t.service, ...(t.networkPort ? { networkPort: t.networkPort } : {}), state, probedAt: iso() });
  }
  const observed: ObservedFromPc = { portProbes, tlsHandshakes: [] };
  const pin = ctx.journal.pin();
  if (tls && pin) {
    const hs = await probe.tlsHandshake(tls.host, tls.port, pin.fingerprint256);
    for (const f of tlsFunctions(profile)) observed.tlsHandshakes.push({ function: f, ...hs, at: iso() });
    if (hs.ok) ctx.markTlsPathVerified();
  }
  if (plan.pcAddress) {
    const accepted = observed.tlsHandshakes.some((h) => h.ok) || portProbes.some((p) => p.state === 'open');
    // The filter's other side: on loopback this PC can also speak from an address the filter does not
    // allow; that handshake must fail, or "this PC is let in" proves nothing (anyone would be).
    const outsideAddress = tls && pin ? addressOutsideFilter(host, profile.settings.ipFilter) : undefined;
    const outside = outsideAddress ? await probe.tlsHandshake(tls!.host, tls!.port, pin!.fingerprint256, outsideAddress) : undefined;
    observed.ipFilterFromPc = { pcAddress: plan.pcAddress, accepted, at: iso(), ...(outside ? { outside: { address: outsideAddress!, accepted: outside.ok, ...(outside.error ? { error: outside.error } : {}) } } : {}) };
  }
  ctx.observe(observed, { intoSnapshot: true });
  const rows = ctx.evaluate(ctx.step.verifies);
  const failed = rows.filter((r) => !rowAccepted(r));
  const pinMismatch = observed.tlsHandshakes.filter((h) => !h.ok);
  const found: Message[] = [
    ...(portProbes.length
      ? portProbes.map((p): Message => ({ id: 'step.result.portProbe', params: { service: p.service, port: p.port, state: isMessageId(`evidence.value.${p.state}`) ? { list: [`evidence.value.${p.state}` as MessageId] } : p.state } }))
      : [{ id: 'step.result.noPortProbed' } as const]),
    { id: observed.tlsHandshakes.length ? (pinMismatch.length ? 'step.result.tlsHandshakeFailed' : 'step.result.tlsHandshakeOk') : 'step.result.tlsNotTried' },
    ...(observed.ipFilterFromPc ? [{ id: observed.ipFilterFromPc.accepted ? 'step.result.pcLetIn' : 'step.result.pcNotLetIn' } as const] : []),
    ...(observed.ipFilterFromPc?.outside
      ? [{ id: observed.ipFilterFromPc.outside.accepted ? 'step.result.outsideLetIn' : 'step.result.outsideRefused', params: { address: observed.ipFilterFromPc.outside.address } } as const]
      : []),
  ];
  return said(failed.length || pinMismatch.length ? 'failed' : 'done', ...found);
}

/** Step 14: the test operation (Table 17 / 35), then every row of the settings table counted. */
async function testOperation(ctx: StepContext): Promise<StepResult> {
  const driver = await ctx.connected();
  await ctx.readSnapshot();
  ctx.judgeTable({ withNetwork: true });
  const attested = ctx.evaluate(ctx.step.verifies);
  const battery = ctx.testOperation === 'skip' ? { failed: 0, messages: [{ id: 'step.result.testOperationSkipped' } as const] } : await runTestBattery(ctx, driver);
  const failed = ctx.judged().filter((r) => !rowAccepted(r));
  // Step 14 itself is still running here: it is not "not completed".
  const deviations = ctx.deviations(ctx.step.id);
  return said(
    failed.length || battery.failed ? 'failed' : 'done',
    ...ctx.tally(),
    { id: 'step.result.attestations', params: { attested: attested.filter((r) => r.status === 'attested').length, total: attested.length } },
    deviations.length ? { id: 'step.result.deviations', params: { count: deviations.length, references: deviations.map((d) => d.reference).join(', ') } } : { id: 'step.result.noDeviation' },
    ...battery.messages,
  );
}

/** The operation verification items of Table 17 / 35 (verification/), then the table read again if a disruptive one ran. */
async function runTestBattery(ctx: StepContext, driver: Awaited<ReturnType<StepContext['connected']>>): Promise<ReturnType<typeof summarizeBattery>> {
  const plan = ctx.plan();
  const profile = ctx.profile as ControllerProfile;
  const pin = ctx.journal.pin();
  const tls = plan.tls();
  const host = tls?.host ?? (plan.target.kind === 'tcp' ? plan.target.host : undefined);
  const operator = ctx.operator;
  const results = await runVerificationBattery(
    {
      profile,
      operatorName: operator.name,
      capabilities: ctx.capabilities()!,
      driver,
      openSession: () => ctx.openSession(),
      ...(tls && pin && tlsFunctions(profile).length > 0 ? { tls: { host: tls.host, port: tls.port, fingerprint256: pin.fingerprint256 } } : {}),
      ...(host ? { deviceHost: host } : {}),
      ...(plan.pcAddress ? { pcAddress: plan.pcAddress } : {}),
      secrets: ctx.secrets,
      writeOptions: ctx.writeOptions(),
      now: ctx.now,
    },
    {
      ...(operator.confirmDisruptive ? { confirmDisruptive: (c) => operator.confirmDisruptive!(c) } : {}),
      onResult: (r) => ctx.info(`Table ${r.table} row ${r.row} ${r.checkId}: ${r.status}${r.reason ? ` (${r.reason})` : ''}`),
    },
  );
  ctx.keepTestOperation(results);
  // A disruptive check put the device back; reading the table again proves it (the report shows these readings).
  if (results.some((r) => r.disruptive && r.status !== 'not-run')) {
    await ctx.readSnapshot();
    ctx.judgeTable({ withNetwork: true });
  }
  return summarizeBattery(results);
}

/** The MX family's verification steps, told apart by the family's `checkOf` (11, 12, otherwise 14). */
export function controllerVerificationStep(checkOf: (step: StepContext['step']) => EngineCheck | undefined): StepHandler {
  return async (ctx) => {
    const check = checkOf(ctx.step);
    if (check === 'error-check') return errorCheck(ctx);
    if (check === 'network-diagnosis') return networkDiagnosis(ctx);
    return testOperation(ctx);
  };
}
