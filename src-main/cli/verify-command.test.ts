// `mxc verify` against `mxc sim --stock` as separate processes talk: the factory-state controller fails with
// what the network shows wrong; commissioned through the engineering-tool stand-in with the recommended
// profile it passes; its signed report verifies with `mxc report verify`, and an edited one does not.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { runCli } from './run-cli';
import type { ControllerProfile } from '../model/security-settings';
import { recommendedProfile } from '../commissioning/recommended-profile';
import { EngineeringToolClient } from '../simulator/testing/engineering-tool-client';
import { uniqueLoopbackAddress } from '../simulator/testing/stock-bench';

const root = new URL('../..', import.meta.url).pathname;
const tmp = mkdtempSync(join(tmpdir(), 'mxc-verify-test-'));
const children: ChildProcess[] = [];
after(() => {
  for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
  rmSync(tmp, { recursive: true, force: true });
});

const HOST = uniqueLoopbackAddress();
const STATE = join(tmp, 'state');
const TOOL = join(tmp, 'tool.sock');

/** Starts `mxc sim --stock` and resolves once it announces its listeners. */
async function sim(extra: string[]): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src-main/cli/mxc.ts', 'sim', '--stock', '--model', 'MXR300-32', '--host', HOST, '--nominal-ports', '--tls-port', '5443', '--state', STATE, '--engineering-tool-socket', TOOL, '--json', ...extra], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  let err = '';
  child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
  const lines = createInterface({ input: child.stdout! })[Symbol.asyncIterator]();
  const first = await Promise.race([lines.next(), new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`mxc sim did not start: ${err}`)), 30_000))]);
  assert.match(String(first.value), /"event":"listening"/);
  return child;
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  await exited;
}

function io(): { io: { stdout: (l: string) => void; stderr: (l: string) => void }; out: () => string } {
  let text = '';
  return { io: { stdout: (l) => (text += l + '\n'), stderr: (l) => (text += l + '\n') }, out: () => text };
}

// This PC verifies over the SLMP port the technician opened (guide-and-verify): SLMP is in use inside the
// trust boundary, so the profile says so; with SLMP "not in use" the controller keeps that port closed
// (Table 13, issue 12).
function slmpInUse<T extends { settings: { encryptedCommunication: { functions: Record<string, unknown> } } }>(p: T): T {
  const ec = p.settings.encryptedCommunication;
  return { ...p, settings: { ...p.settings, encryptedCommunication: { ...ec, functions: { ...ec.functions, slmp: { inUse: true, beyondTrustBoundary: false, tls: false } } } } };
}

const profileFile = join(tmp, 'profile.json');
writeFileSync(profileFile, JSON.stringify(slmpInUse(recommendedProfile('MXR300-32', { pcAddress: '127.0.0.1' }) as ControllerProfile)));
const verifyArgs = (out: string) => ['verify', '--profile', profileFile, '--target', `tcp://${HOST}:1025`, '--tls-target', `${HOST}:5443`, '--pc-address', '127.0.0.1', '--second-address', '127.0.0.2', '--out', out, '--data-dir', join(tmp, 'data'), '--operator', 'Auditor A'];

test('mxc verify: a factory-state stock controller exits 1 listing what the network shows; commissioned through the stand-in it exits 0; the report verifies', { timeout: 180_000 }, async () => {
  const factory = await sim([]);
  const first = io();
  assert.equal(await runCli(verifyArgs(join(tmp, 'factory')), first.io), 1);
  assert.match(first.out(), /FAIL Identity.*did not answer Read Type Name/);
  assert.match(first.out(), /FAIL Table 9 row 17.*No TLS service/);
  assert.match(first.out(), /FAIL Table 9 row 18.*accepted 127\.0\.0\.2/);
  await stop(factory);

  // The technician opens an SLMP port and writes the recommended settings in GX Works3, then resets the CPU.
  const commissioned = await sim(['--slmp-port', '1025']);
  const tool = await EngineeringToolClient.connect(TOOL);
  try {
    const { users: _u, certificate: _c, ...blocks } = slmpInUse(recommendedProfile('MXR300-32', { pcAddress: '127.0.0.1' }) as ControllerProfile).settings as Record<string, unknown>;
    assert.deepEqual((await tool.writeParameters(blocks)).rejected, []);
    await tool.writeCertificate({ validityDays: 365 });
    await tool.reset();
  } finally {
    tool.close();
  }
  const second = io();
  const out = join(tmp, 'commissioned');
  assert.equal(await runCli(verifyArgs(out), second.io), 0, second.out());
  assert.doesNotMatch(second.out(), /FAIL/);
  const signed = JSON.parse(readFileSync(join(out, 'report.json'), 'utf8')) as { report: { rows: Array<{ provenance: string }>; summary: { provenance: { network: number } } } };
  assert.ok(signed.report.summary.provenance.network >= 2, 'rows seen from the network are counted');
  assert.ok(signed.report.rows.every((r) => r.provenance === 'network' || r.provenance === 'none'));
  assert.match(readFileSync(join(out, 'report.html'), 'utf8'), /seen from the network/);

  const check = io();
  assert.equal(await runCli(['report', 'verify', join(out, 'report.json')], check.io), 0, check.out());
  assert.match(check.out(), /Signature valid.*verification from the network is unchanged/);
  const tampered = readFileSync(join(out, 'report.json'), 'utf8').replace('"status": "fail"', '"status": "pass"').replace('"met": true', '"met": false');
  writeFileSync(join(out, 'tampered.json'), tampered);
  assert.equal(await runCli(['report', 'verify', join(out, 'tampered.json')], io().io), 1);
  await stop(commissioned);
});

test('mxc verify refuses a usage it cannot carry out, and says why', async () => {
  const u = io();
  assert.equal(await runCli(['verify', '--profile', profileFile, '--target', 'tcp://127.0.0.1:1025', '--out', join(tmp, 'x')], u.io), 2);
  assert.match(u.out(), /--pc-address is required/);
  const help = io();
  assert.equal(await runCli(['verify', '--help'], help.io), 0);
  assert.match(help.out(), /no setting is written and nobody logs on/);
});
