// `mxc commission` end to end over the FAKE controller (the virtual controller does not offer every
// security function yet): files written, exit code, signed report verified, a tampered report refused,
// and no secret of the session (passwords, the certificate's private key) in any file or output.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EXIT_WITH_DEVIATIONS, runCommission } from './commission-command';
import { runReport } from './report-command';
import { runProfile } from './profile-command';
import { readyProfile, TEST_PASSWORDS } from '../commissioning/engine/testing/engine-fixture';
import { FakeControllerDevice, fakeConnector, fakeProbe } from '../commissioning/engine/testing/fake-controller-driver';
import { INSTALLATION_KEY_FILE } from '../report/installation-key';

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((d) => (d.isDirectory() ? filesUnder(join(dir, d.name)) : d.isFile() ? [join(dir, d.name)] : []));
}

test('mxc commission: factory MX-R to a signed report; exit 3 (step 14 fails on the fake); report verify; tampering detected; no secret anywhere', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'mxc-commission-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const profileFile = join(dir, 'profile.json');
  writeFileSync(profileFile, JSON.stringify(readyProfile('MXR300-32')));
  const secretsFile = join(dir, 'secrets.json');
  writeFileSync(secretsFile, JSON.stringify({ version: 1, users: Object.fromEntries(TEST_PASSWORDS) }));
  chmodSync(secretsFile, 0o600);
  const out = join(dir, 'out');
  const data = join(dir, 'data');
  const lines: string[] = [];
  const io = { stdout: (l: string) => lines.push(l), stderr: (l: string) => lines.push(`ERR ${l}`) };
  const device = new FakeControllerDevice('MXR300-32');
  const code = await runCommission(
    ['--profile', profileFile, '--secrets', secretsFile, '--target', 'usb-socket:/fake/usb.sock', '--tls-target', '127.0.0.1:5011', '--pc-address', '127.0.0.1', '--out', out, '--data-dir', data, '--operator', 'T. Tester'],
    io,
    { connect: fakeConnector(device), probe: fakeProbe(device), reconnect: { attempts: 3, delayMs: 1 } },
  );
  // The fake controller has neither event history nor sockets: step 14's test operation fails there, so the
  // run is "met with deviations" (Figure 8 step 14), never "as the guideline says".
  assert.equal(code, EXIT_WITH_DEVIATIONS, lines.join('\n'));
  assert.deepEqual(lines.filter((l) => /^ {2}deviation, /.test(l)).map((l) => l.split(':')[0]), ['  deviation, Figure 8 step 14']);
  assert.ok(lines.some((l) => /^\[ 9\] .*: done/.test(l)), 'progress per step');
  for (const f of ['report.json', 'report.html', 'certificate.der', 'certificate.pem']) assert.ok(statSync(join(out, f)).size > 0, f);
  assert.equal(statSync(join(data, INSTALLATION_KEY_FILE)).mode & 0o777, 0o600);
  const html = readFileSync(join(out, 'report.html'), 'utf8');
  assert.doesNotMatch(html, /<script|https?:\/\/|<link /i, 'self-contained, no external resource');

  const verify: string[] = [];
  assert.equal(await runReport(['verify', join(out, 'report.json')], { stdout: (l) => verify.push(l), stderr: (l) => verify.push(l) }), 0, verify.join('\n'));
  // Any edit breaks the signature: a failed row turned into a pass.
  const signed = JSON.parse(readFileSync(join(out, 'report.json'), 'utf8'));
  signed.report.rows[0].status = 'fail';
  writeFileSync(join(dir, 'tampered.json'), JSON.stringify(signed));
  const msgs: string[] = [];
  assert.equal(await runReport(['verify', join(dir, 'tampered.json')], { stdout: (l) => msgs.push(l), stderr: (l) => msgs.push(l) }), 1);
  assert.match(msgs.join(' '), /changed after it was signed/);

  // The secrets of the session: the users' passwords and the certificate's private key the device got.
  assert.ok(device.secretsSeen.size >= 3);
  const keyBodies = [...device.secretsSeen].filter((s) => s.includes('PRIVATE KEY')).map((s) => s.split('\n')[1]!);
  const needles = [...TEST_PASSWORDS.values(), ...keyBodies];
  const files = filesUnder(dir).filter((f) => f !== secretsFile);
  assert.ok(files.some((f) => f.endsWith('.journal.json')) && files.some((f) => f.endsWith('config.json')));
  for (const f of files) {
    const text = readFileSync(f, 'latin1');
    for (const n of needles) assert.ok(!text.includes(n), `a secret appears in ${f}`);
  }
  for (const n of needles) assert.ok(!lines.join('\n').includes(n), 'a secret appears in the output');
});

test('mxc commission refuses passwords in arguments and an invalid profile names the field', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'mxc-commission-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const io = { stdout: () => undefined, stderr: () => undefined };
  await assert.rejects(runCommission(['--profile', 'p.json', '--target', 'usb-socket:/x', '--out', dir], io), /--secrets/);
  await assert.rejects(runCommission(['--profile', 'p.json', '--password', 'x', '--out', dir], io), /password/);
  const bad = join(dir, 'bad.json');
  writeFileSync(bad, JSON.stringify({ ...readyProfile('MXR300-32'), settings: { ...readyProfile('MXR300-32').settings, lockout: { failures: 99, minutes: 1 } } }));
  const secretsFile = join(dir, 's.json');
  writeFileSync(secretsFile, JSON.stringify({ version: 1 }), { mode: 0o600 });
  const errs: string[] = [];
  const code = await runCommission(['--profile', bad, '--secrets', secretsFile, '--target', 'usb-socket:/x', '--out', dir], { stdout: () => undefined, stderr: (l) => errs.push(l) });
  assert.equal(code, 1);
  assert.match(errs.join('\n'), /settings\.lockout\.failures/);
});

test('mxc profile recommended prints a valid profile with this PC allowed in the IP filter', async () => {
  const lines: string[] = [];
  assert.equal(await runProfile(['recommended', '--model', 'MXF100-16-N32', '--pc-address', '192.0.2.5'], { stdout: (l) => lines.push(l), stderr: () => undefined }), 0);
  const p = JSON.parse(lines.join('\n'));
  assert.equal(p.system, 'mx-f');
  assert.deepEqual(p.settings.ipFilter.entries, [{ address: '192.0.2.5', note: 'commissioning PC' }]);
});

test('mxc commission against the virtual MX-F over its USB cable, then TLS: exit 0 and a verifiable report', async (t) => {
  const { startVirtualController } = await import('../simulator/start-virtual-controller');
  const net = await import('node:net');
  const dir = mkdtempSync(join(tmpdir(), 'mxc-commission-vc-'));
  // A free loopback port for the controller's TLS listener, so --tls-target can name it in advance.
  const spare = net.createServer();
  await new Promise<void>((r) => spare.listen(0, '127.0.0.1', r));
  const tlsPort = (spare.address() as { port: number }).port;
  await new Promise<void>((r) => spare.close(() => r()));
  const usb = join(dir, 'usb.sock');
  const running = await startVirtualController({ model: 'MXF100-16-N32', usbSocket: usb, stateDir: join(dir, 'state'), security: { sdCardDir: join(dir, 'sd'), tls: { host: '127.0.0.1', port: tlsPort } } });
  t.after(async () => {
    await running.stop();
    rmSync(dir, { recursive: true, force: true });
  });
  const profileFile = join(dir, 'profile.json');
  writeFileSync(profileFile, JSON.stringify(readyProfile('MXF100-16-N32')));
  const secretsFile = join(dir, 'secrets.json');
  writeFileSync(secretsFile, JSON.stringify({ version: 1, users: Object.fromEntries(TEST_PASSWORDS) }), { mode: 0o600 });
  const lines: string[] = [];
  const code = await runCommission(
    ['--profile', profileFile, '--secrets', secretsFile, '--target', `usb-socket:${usb}`, '--tls-target', `127.0.0.1:${tlsPort}`, '--pc-address', '127.0.0.1', '--out', join(dir, 'out'), '--data-dir', join(dir, 'data'), '--operator', 'T. Tester', '--lang', 'ja', '--run-disruptive-checks'],
    { stdout: (l) => lines.push(l), stderr: (l) => lines.push(`ERR ${l}`) },
  );
  assert.equal(code, 0, lines.join('\n'));
  assert.ok(lines.some((l) => /\[10\] .*: done .*TLS with the pinned certificate/.test(l)), lines.join('\n'));
  assert.equal(await runReport(['verify', join(dir, 'out', 'report.json')], { stdout: () => undefined, stderr: () => undefined }), 0);
  assert.match(readFileSync(join(dir, 'out', 'report.html'), 'utf8'), /適合レポート/);
  // --run-disruptive-checks: step 14 ran the confirmed lockout check (temporary user removed again).
  assert.ok(lines.some((l) => /step 14: table35\.row3 .*: run \(--run-disruptive-checks\)/.test(l)), lines.join('\n'));
  const signed = JSON.parse(readFileSync(join(dir, 'out', 'report.json'), 'utf8')) as { report: { testOperation?: { items: Array<{ checkId: string; status: string }> } } };
  const lockout = signed.report.testOperation?.items.find((i) => i.checkId === 'row3.lockout');
  assert.equal(lockout?.status, 'pass', JSON.stringify(lockout));
  assert.match(readFileSync(join(dir, 'out', 'report.html'), 'utf8'), /動作確認（表17\/35）/);
  const files = filesUnder(dir).filter((f) => f !== secretsFile && !f.includes(`${join(dir, 'state')}`) && !f.includes(join(dir, 'sd')));
  for (const f of files) for (const pw of TEST_PASSWORDS.values()) assert.ok(!readFileSync(f, 'latin1').includes(pw), `a password appears in ${f}`);
});

test('issue 12: mxc commission with enhanced security off and "continue" on error exits 3 and names both deviations; never "as the guideline says"', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'mxc-commission-dev-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const base = readyProfile('MXR300-32');
  const profileFile = join(dir, 'profile.json');
  writeFileSync(profileFile, JSON.stringify({ ...base, settings: { ...base.settings, enhancedSecurity: { enabled: false }, operationSetting: { onError: 'continue' } } }));
  const secretsFile = join(dir, 'secrets.json');
  writeFileSync(secretsFile, JSON.stringify({ version: 1, users: Object.fromEntries(TEST_PASSWORDS) }), { mode: 0o600 });
  const lines: string[] = [];
  const device = new FakeControllerDevice('MXR300-32');
  const code = await runCommission(
    ['--profile', profileFile, '--secrets', secretsFile, '--target', 'usb-socket:/fake/usb.sock', '--tls-target', '127.0.0.1:5011', '--pc-address', '127.0.0.1', '--out', join(dir, 'out'), '--data-dir', join(dir, 'data'), '--operator', 'T. Tester'],
    { stdout: (l) => lines.push(l), stderr: (l) => lines.push(`ERR ${l}`) },
    { connect: fakeConnector(device), probe: fakeProbe(device), reconnect: { attempts: 3, delayMs: 1 } },
  );
  const out = lines.join('\n');
  assert.equal(code, EXIT_WITH_DEVIATIONS, out);
  assert.match(out, /Verdict: Every row is met, with deviations/);
  assert.match(out, /deviation, Figure 8 step 6: The enhanced security setting \(step 6\) is turned off/);
  assert.match(out, /deviation, Table 14 row 2: /);
  assert.doesNotMatch(out, /as the guideline says/);
  const signed = JSON.parse(readFileSync(join(dir, 'out', 'report.json'), 'utf8'));
  assert.equal(signed.report.summary.verdict, 'with-deviations');
  assert.deepEqual(signed.report.deviations.map((d: { reference: string }) => d.reference).sort(), ['Figure 8 step 14', 'Figure 8 step 6', 'Table 14 row 2']);
  assert.doesNotMatch(readFileSync(join(dir, 'out', 'report.html'), 'utf8'), /as the guideline says/);
});

test('issue 12: after mxc commission with the recommended profile every port the device still accepts is in the report, and every service the profile marks not in use refuses connections', async (t) => {
  const { startVirtualController } = await import('../simulator/start-virtual-controller');
  const net = await import('node:net');
  const dir = mkdtempSync(join(tmpdir(), 'mxc-commission-svc-'));
  const spare = net.createServer();
  await new Promise<void>((r) => spare.listen(0, '127.0.0.1', r));
  const tlsPort = (spare.address() as { port: number }).port;
  await new Promise<void>((r) => spare.close(() => r()));
  const usb = join(dir, 'usb.sock');
  const running = await startVirtualController({ model: 'MXR300-32', usbSocket: usb, slmpPort: 0, stateDir: join(dir, 'state'), security: { sdCardDir: join(dir, 'sd'), tls: { host: '127.0.0.1', port: tlsPort } } });
  t.after(async () => {
    await running.stop();
    rmSync(dir, { recursive: true, force: true });
  });
  // At the factory the controller listens for OPC UA and plain SLMP (and MELSOFT) on the Ethernet side.
  const tcpPort = (service: string) => {
    const l = running.listeners.find((x) => x.service === service && x.transport === 'tcp');
    return l && 'port' in l ? l.port : undefined;
  };
  const factory = { opcUa: tcpPort('opc-ua'), slmp: tcpPort('slmp') };
  assert.ok(factory.opcUa && factory.slmp, JSON.stringify(running.listeners));

  const profileFile = join(dir, 'profile.json');
  const profile = readyProfile('MXR300-32');
  assert.equal(profile.settings.defaultOpenPorts.port3?.['opc-ua'], 'closed', 'the recommended profile closes OPC UA (the OPC UA function is not in use)');
  assert.equal(profile.settings.encryptedCommunication.functions.slmp.inUse, false);
  writeFileSync(profileFile, JSON.stringify(profile));
  const secretsFile = join(dir, 'secrets.json');
  writeFileSync(secretsFile, JSON.stringify({ version: 1, users: Object.fromEntries(TEST_PASSWORDS) }), { mode: 0o600 });
  const lines: string[] = [];
  const code = await runCommission(
    ['--profile', profileFile, '--secrets', secretsFile, '--target', `usb-socket:${usb}`, '--tls-target', `127.0.0.1:${tlsPort}`, '--pc-address', '127.0.0.1', '--out', join(dir, 'out'), '--data-dir', join(dir, 'data'), '--operator', 'T. Tester'],
    { stdout: (l) => lines.push(l), stderr: (l) => lines.push(`ERR ${l}`) },
  );
  assert.equal(code, 0, lines.join('\n'));
  // Step 14 is not its own deviation while it runs.
  assert.ok(lines.some((l) => /^\[14\] .*No deviation from the guideline/.test(l)), lines.join('\n'));
  // Step 12 probed the ports the device announced, not nominal numbers: MELSOFT TCP is seen open where it is.
  const melsoft = tcpPort('melsoft-tcp')!;
  assert.ok(lines.some((l) => new RegExp(`\\[12\\] .*melsoft-tcp ${melsoft}/tcp open`).test(l)), lines.join('\n'));

  // Every service the profile marks not in use refuses a connection from this PC.
  const connect = (port: number) =>
    new Promise<string>((resolve) => {
      const s = net.connect({ host: '127.0.0.1', port });
      s.once('connect', () => (s.destroy(), resolve('open')));
      s.once('error', (e: NodeJS.ErrnoException) => resolve(e.code ?? 'error'));
    });
  assert.equal(await connect(factory.opcUa!), 'ECONNREFUSED', 'OPC UA (set closed) refuses');
  assert.equal(await connect(factory.slmp!), 'ECONNREFUSED', 'plain SLMP (not in use) refuses');
  assert.equal(tcpPort('ftp'), undefined, 'FTP (not in use) has no listener');

  // Row 18's "this PC is let in" is taken with its other side: the same handshake from 127.0.0.2, outside
  // the filter, was refused; and a TLS client from there receives no certificate.
  const report18 = JSON.parse(readFileSync(join(dir, 'out', 'report.json'), 'utf8')).report.rows.find((r: { rowId: string }) => r.rowId === 'table9.row18');
  const seenFromPc = report18.evidence.find((e: { what: string }) => e.what === 'IP filter as seen from this PC').value;
  assert.equal(seenFromPc.accepted, true);
  assert.deepEqual({ address: seenFromPc.outside?.address, accepted: seenFromPc.outside?.accepted }, { address: '127.0.0.2', accepted: false });
  const tls = await import('node:tls');
  const certificateSeen = await new Promise<boolean>((resolve) => {
    const c = tls.connect({ host: '127.0.0.1', port: tlsPort, rejectUnauthorized: false, ...{ localAddress: '127.0.0.2' } });
    c.once('secureConnect', () => (resolve(Object.keys(c.getPeerCertificate() ?? {}).length > 0), c.destroy()));
    c.once('error', () => resolve(false));
    c.once('close', () => resolve(false));
  });
  assert.equal(certificateSeen, false, 'no certificate for an address outside the filter');

  // Every TCP port the device still accepts connections on is listed in the report's row 19 evidence.
  const signed = JSON.parse(readFileSync(join(dir, 'out', 'report.json'), 'utf8')) as { report: { rows: Array<{ rowId: string; status: string; evidence: Array<{ what: string; value: unknown }> }> } };
  const row19 = signed.report.rows.find((r) => r.rowId === 'table9.row19')!;
  assert.equal(row19.status, 'pass', JSON.stringify(row19));
  const seen = (row19.evidence.find((e) => e.what === 'services open as seen from this PC')!.value as Array<{ en: string }>).map((s) => s.en);
  const stillOpen = running.listeners.filter((l) => l.transport === 'tcp').map((l) => (l as { port: number }).port);
  for (const port of stillOpen) {
    assert.equal(await connect(port), 'open');
    assert.ok(seen.some((s) => s.endsWith(` ${port}/tcp`)), `port ${port} (${running.listeners.find((l) => 'port' in l && l.port === port)?.service}) is in the report: ${seen.join(', ')}`);
  }
});
