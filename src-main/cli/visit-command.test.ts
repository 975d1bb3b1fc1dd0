// `mxc visit` refuses before touching any device: no baseline, or a baseline changed after signing (a
// visit chained to a forged predecessor would make the whole chain worthless).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runVisitCommand } from './visit-command';
import { CliUsageError } from './cli-command';
import { createInstallationKey, signReport } from '../crypto/report-signature';

test('mxc visit: a missing baseline is a usage error; a tampered baseline is refused before connecting', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'mxc-visit-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const io = { stdout: () => undefined, stderr: (l: string) => said.push(l) };
  const said: string[] = [];
  await assert.rejects(runVisitCommand(['--target', 'tls://127.0.0.1:1', '--secrets', 'x', '--out', dir], io), (e: unknown) => e instanceof CliUsageError && /--baseline REPORT is required/.test(e.message));
  const key = await createInstallationKey();
  const signed = await signReport({ format: 'mx-commissioner-compliance-report', generatedAt: '2026-12-01T00:00:00Z', device: { model: 'MXR300-32', serialNumber: 'A1' }, summary: { compliant: true } }, key.privateKeyPem, key.keyId);
  (signed.report as { summary: { compliant: boolean } }).summary.compliant = false;
  writeFileSync(join(dir, 'baseline.json'), JSON.stringify(signed));
  let connected = false;
  const code = await runVisitCommand(['--target', 'tls://127.0.0.1:1', '--secrets', join(dir, 'none.json'), '--baseline', join(dir, 'baseline.json'), '--out', join(dir, 'out')], io, {
    connect: async () => {
      connected = true;
      throw new Error('must not connect');
    },
  });
  assert.equal(code, 1);
  assert.equal(connected, false);
  assert.match(said.join('\n'), /baseline .* does not verify: The signature does not match/);
});
