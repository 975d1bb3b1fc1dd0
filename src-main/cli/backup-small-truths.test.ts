// Issue 12 item 9, `mxc backup create`: what the messages and exit codes say must be what happened.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { startFixture, commissionUsers, ADMIN } from '../devices/mx-controller/testing/virtual-controller-fixture';
import { createBackupCommand, EXIT } from './backup-command';
import type { CliIo } from './cli-command';

const command = createBackupCommand(() => ({ terminal: { input: Object.assign(new PassThrough(), { isTTY: false }), output: new PassThrough() } }));

async function run(args: string[]) {
  const lines: string[] = [];
  const io: CliIo = { stdout: (l) => lines.push(l), stderr: (l) => lines.push(l) };
  return { code: await command.run(args, io), text: lines.join('\n') };
}

test('backup create: no --encrypt on a device with backup encryption on says a password is needed; a secrets file without "logon" on a device that needs one exits with the logon code', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'mxc-backup-truths-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const f = await startFixture(t);
  const admin = await commissionUsers(f);
  const usbPath = (f.running.listeners.find((l) => l.service === 'usb') as { path: string }).path;
  const write = (name: string, content: object) => {
    const p = join(dir, name);
    writeFileSync(p, JSON.stringify({ version: 1, ...content }));
    chmodSync(p, 0o600);
    return p;
  };
  const withLogon = write('s1.json', { logon: { user: ADMIN.name, password: ADMIN.password }, backupPassword: 'Bk7-Nightly-Secret' });
  const out = join(dir, 'b.mxcbak');

  const noLogon = await run(['create', '--target', `usb-socket:${usbPath}`, '--out', out, '--secrets', write('s2.json', {})]);
  assert.equal(noLogon.code, EXIT.logonFailed, noLogon.text);
  assert.match(noLogon.text, /"logon"/);
  assert.ok(!existsSync(out));

  // Backup encryption on (2.4.6.1), then a backup asked without --encrypt.
  assert.equal((await run(['create', '--target', `usb-socket:${usbPath}`, '--out', join(dir, 'first.mxcbak'), '--secrets', withLogon, '--encrypt'])).code, EXIT.ok);
  assert.deepEqual(await admin.writeParameters({ backupEncryption: { enabled: true } }), []);
  await admin.restart().catch(() => undefined);
  await new Promise((r) => setTimeout(r, 1500));
  const plain = await run(['create', '--target', `usb-socket:${usbPath}`, '--out', out, '--secrets', withLogon]);
  assert.equal(plain.code, EXIT.failed, plain.text);
  assert.match(plain.text, /encrypts its backups.*needs a password/);
  assert.match(plain.text, /--encrypt/);
  assert.doesNotMatch(plain.text, /password is wrong/);
  assert.ok(!existsSync(out));
});
