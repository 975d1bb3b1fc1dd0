// One session core for every host: the same profile run through the wizard (step by step, as the UI
// drives it) and through `mxc commission` (headless), each against its own factory-fresh virtual MX-R
// over its USB cable and then TLS, gives the same compliance report apart from times and ids (session
// id, certificate fingerprints, ports, socket paths, the signing key).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EXIT_WITH_DEVIATIONS, runCommission } from '../cli/commission-command';
import { freePort } from '../cli/testing/lifecycle-controller';
import { memoryStore } from '../commissioning/engine/device-registry';
import { GUIDELINE } from '../commissioning/guideline';
import type { SessionView } from '../ipc/wizard-contract';
import { WizardSessionService } from '../services/wizard/wizard-service';
import { startVirtualController } from '../simulator/start-virtual-controller';

const MODEL = 'MXR300-32';
const PASSWORDS: Record<string, string> = { admin1: 'Kq7-Cabinet-North!', admin2: 'Zr4-Cabinet-South!' };
const VERSION = (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version;

async function controller(dir: string, t: { after(fn: () => Promise<void> | void): void }) {
  const tlsPort = await freePort();
  const usb = join(dir, 'usb.sock');
  const running = await startVirtualController({ model: MODEL, usbSocket: usb, stateDir: join(dir, 'state'), security: { sdCardDir: join(dir, 'sd'), tls: { host: '127.0.0.1', port: tlsPort } } });
  t.after(() => running.stop());
  return { usb, tlsPort };
}

/** The report without what differs by nature between two sessions: times, ids, fingerprints, ports, paths. */
function comparable(report: Record<string, unknown>, variable: string[]): unknown {
  let text = JSON.stringify({ ...report, session: { ...(report.session as object), id: '<id>' } });
  for (const v of variable) {
    // A port as a JSON number becomes a string placeholder (the text stays JSON); elsewhere it is text.
    if (/^\d+$/.test(v)) text = text.replace(new RegExp(`:${v}(?=[,}\\]])`, 'g'), ':"<var>"');
    text = text.split(v).join('<var>');
  }
  text = text
    .replace(/\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z/g, '<time>')
    .replace(/([0-9A-F]{2}:){31}[0-9A-F]{2}/g, '<fingerprint>')
    .replace(/([0-9A-F]{2}:){7}[0-9A-F]{2}…/g, '<fingerprint>')
    // The same as a message parameter (evidence in the catalogue's words): the first eight bytes.
    .replace(/"fingerprint":"([0-9A-F]{2}:){7}[0-9A-F]{2}"/g, '"fingerprint":"<fingerprint>"')
    .replace(/"durationMs":\d+/g, '"durationMs":0')
    // The ports each virtual controller announces (7E0A) and step 12 probes are chosen by the system.
    .replace(/"port":\d+/g, '"port":0')
    .replace(/\b\d{4,5}\/(tcp|udp)\b/g, '<port>/$1')
    .replace(/"seconds":"[\d.]+"/g, '"seconds":"<duration>"')
    .replace(/ in \d+(\.\d+)? s\b/g, ' in <duration>')
    .replace(/"(sessionId|keyId|serialNumber|serial)":"[^"]*"/g, '"$1":"<id>"')
    // The device clock against this PC's, measured at each reading (both within the allowance).
    .replace(/-?\d+\.\d+ s \(allowed/g, '<offset> s (allowed')
    .replace(/"(offsetSeconds)":-?[\d.e-]+/g, '"$1":0')
    .replace(/"offset":"-?\d+\.\d+"/g, '"offset":"<offset>"');
  return JSON.parse(text);
}

test('the wizard and mxc commission give the same report for the same profile (apart from times and ids)', async (t) => {
  const root = mkdtempSync(join(tmpdir(), 'mxc-same-report-'));
  t.after(() => rmSync(root, { recursive: true, force: true }));

  // 1. The wizard, step by step, as the renderer drives it.
  const a = await controller(join(root, 'a'), t);
  const data = join(root, 'wizard-data');
  let wizard!: WizardSessionService;
  wizard = new WizardSessionService({
    dataDir: data,
    store: memoryStore(),
    appVersion: VERSION,
    // Step 14 asks before each disruptive check: declined, as `mxc commission` does without --run-disruptive-checks.
    emit: (e) => {
      const q = e.type === 'wizard-changed' ? e.session.question : undefined;
      if (q?.kind === 'confirm-disruptive') setImmediate(() => void wizard.answer({ questionId: q.id, confirmed: false }).catch(() => undefined));
    },
    connection: async () => ({
      system: 'mx-r',
      model: MODEL,
      endpoint: { kind: 'usb-socket', path: a.usb },
      virtual: true,
      linkKind: 'usb',
      linkDescription: 'practice cable',
      takeDriver: () => undefined,
      tlsEndpoint: () => ({ host: '127.0.0.1', port: a.tlsPort }),
      pcAddress: '127.0.0.1',
    }),
  });
  t.after(() => wizard.dispose());
  const run = async (n: number): Promise<SessionView> => {
    const v = await wizard.runStep({ stepId: `fig8.step${n}` });
    assert.equal(v.error, undefined, `step ${n}: ${JSON.stringify(v.error)}`);
    return v;
  };
  let v = await wizard.start({ operatorName: 'T. Tester' });
  await wizard.attest({ id: 'fig8.step1', text: 'Cabinet locked; SD memory card for backups only; wiring checked.' });
  // Everything the technician attests is attested before the device is read, so the CLI's profile (the one
  // the wizard ends with) is the wizard's at every step.
  await wizard.attest({ id: 'fig8.step13', text: 'Certificate and TLS 1.3 set on the engineering PC.' });
  for (const row of GUIDELINE['mx-r'].settingsTable.filter((r) => r.verification === 'attestation')) await wizard.attest({ id: row.id, text: `Checked on site: ${row.item.en}` });
  for (const item of GUIDELINE['mx-r'].implementationMatters) await wizard.attest({ id: item.id, text: `In place: ${item.item.en}` });

  for (const [userName, password] of Object.entries(PASSWORDS)) await wizard.setPassword({ userName, password, confirmation: password });
  for (let n = 1; n <= 13; n++) await run(n);
  await run(14);
  v = await run(15);
  const fromWizard = JSON.parse(Buffer.from((await wizard.export({ kind: 'report-json' })).contentBase64, 'base64').toString('utf8')) as { report: Record<string, unknown> };

  // 2. `mxc commission` with the profile the wizard ended with, against a second factory-fresh controller.
  const b = await controller(join(root, 'b'), t);
  const profileFile = join(root, 'profile.json');
  writeFileSync(profileFile, JSON.stringify(v.profile));
  const secretsFile = join(root, 'secrets.json');
  writeFileSync(secretsFile, JSON.stringify({ version: 1, users: PASSWORDS }), { mode: 0o600 });
  const lines: string[] = [];
  const code = await runCommission(
    ['--profile', profileFile, '--secrets', secretsFile, '--target', `usb-socket:${b.usb}`, '--tls-target', `127.0.0.1:${b.tlsPort}`, '--pc-address', '127.0.0.1', '--out', join(root, 'out'), '--data-dir', join(root, 'cli-data'), '--operator', 'T. Tester'],
    { stdout: (l) => lines.push(l), stderr: (l) => lines.push(`ERR ${l}`) },
  );
  // Every row met; the declined disruptive checks of step 14 are a deviation both hosts report (exit 3).
  assert.ok(code === 0 || code === EXIT_WITH_DEVIATIONS, lines.join('\n'));
  const fromCli = JSON.parse(readFileSync(join(root, 'out', 'report.json'), 'utf8')) as { report: Record<string, unknown> };

  assert.equal((fromCli.report.summary as { compliant: boolean }).compliant, true);
  const variable = [a.usb, b.usb, String(a.tlsPort), String(b.tlsPort), 'usb.sock'];
  assert.deepEqual(comparable(fromWizard.report, variable), comparable(fromCli.report, variable));
});
