import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { createBackupFile } from '../crypto/backup-file';
import { isSecurityCommand } from '../slmp/security-commands';
import { Command } from '../slmp/commands';
import { startScriptedResponder, typeNameAnswer } from '../devices/mx-controller/testing/scripted-responder';
import { startFixture, commissionUsers, ADMIN } from '../devices/mx-controller/testing/virtual-controller-fixture';
import { runCli } from './run-cli';
import { createBackupCommand, EXIT } from './backup-command';
import { CliUsageError, type CliIo } from './cli-command';

const BACKUP_PASSWORD = 'Bk7-Nightly-Secret';

function capture(): CliIo & { out: string[]; err: string[]; all: () => string } {
  const out: string[] = [];
  const err: string[] = [];
  return { out, err, stdout: (l) => out.push(l), stderr: (l) => err.push(l), all: () => [...out, ...err].join('\n') };
}

/** No terminal: a missing secret is an error, never a hang. */
const command = createBackupCommand(() => ({ terminal: { input: Object.assign(new PassThrough(), { isTTY: false }), output: new PassThrough() } }));

async function run(args: string[]) {
  const io = capture();
  let code: number;
  try {
    code = await command.run(args, io);
  } catch (e) {
    if (!(e instanceof CliUsageError)) throw e;
    io.stderr(e.message);
    code = EXIT.usage;
  }
  return { code, io };
}

function workDir(t: { after: (f: () => void) => void }): string {
  const dir = mkdtempSync(join(tmpdir(), 'mxc-backup-cli-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

let secretsFiles = 0;
function secretsFile(dir: string, content: object, mode = 0o600): string {
  const path = join(dir, `secrets-${++secretsFiles}.json`);
  writeFileSync(path, JSON.stringify({ version: 1, ...content }));
  chmodSync(path, mode);
  return path;
}

async function backupFile(dir: string, encrypted: boolean): Promise<string> {
  const file = await createBackupFile(
    [
      { name: 'parameter/security.json', data: Buffer.from('{"lockout":{"failures":4}}') },
      { name: 'program/MAIN.prg', data: Buffer.alloc(3000, 7) },
    ],
    {
      ...(encrypted ? { password: BACKUP_PASSWORD, kdf: { log2N: 14, r: 8, p: 1 } } : {}),
      metadata: { model: 'MXR300-32', serial: 'VS000123', firmware: '1.000', createdAt: new Date('2026-11-01T02:30:00Z'), encryption: encrypted },
    },
  );
  const path = join(dir, encrypted ? 'enc.mxcbak' : 'plain.mxcbak');
  writeFileSync(path, file);
  return path;
}

test('mxc backup is registered in the dispatcher', async () => {
  const io = capture();
  assert.equal(await runCli(['backup', '--help'], io), 0);
  assert.match(io.all(), /Exit codes:/);
});

test('inspect shows the header without a password', async (t) => {
  const dir = workDir(t);
  const { code, io } = await run(['inspect', await backupFile(dir, true)]);
  assert.equal(code, EXIT.ok);
  assert.match(io.all(), /Model:\s+MXR300-32/);
  assert.match(io.all(), /Encrypted:\s+yes/);
  const plain = await run(['inspect', await backupFile(dir, false), '--json']);
  assert.equal(JSON.parse(plain.io.out[0]!).encrypted, false);
  const notBackup = join(dir, 'other.bin');
  writeFileSync(notBackup, 'hello');
  assert.equal((await run(['inspect', notBackup])).code, EXIT.fileRefused);
});

test('decrypt verifies and extracts; wrong password or a modified file: clear error, non-zero exit, nothing written', async (t) => {
  const dir = workDir(t);
  const file = await backupFile(dir, true);

  const wrong = await run(['decrypt', file, '--out', join(dir, 'out-wrong'), '--secrets', secretsFile(dir, { backupPassword: 'Not-The-Password-1' })]);
  assert.equal(wrong.code, EXIT.fileRefused);
  assert.match(wrong.io.all(), /password is wrong/);
  assert.match(wrong.io.all(), /Nothing was written/);
  assert.ok(!existsSync(join(dir, 'out-wrong')));
  assert.ok(!readdirSync(dir).some((n) => n.includes('partial')), 'no staging directory left');

  const modified = join(dir, 'modified.mxcbak');
  const bytes = readFileSync(file);
  bytes[bytes.length - 100]! ^= 0x40;
  writeFileSync(modified, bytes);
  const tampered = await run(['decrypt', modified, '--out', join(dir, 'out-mod'), '--secrets', secretsFile(dir, { backupPassword: BACKUP_PASSWORD })]);
  assert.equal(tampered.code, EXIT.fileRefused);
  assert.match(tampered.io.all(), /modified|damaged/);
  assert.ok(!existsSync(join(dir, 'out-mod')));

  const ok = await run(['decrypt', file, '--out', join(dir, 'out'), '--secrets', secretsFile(dir, { backupPassword: BACKUP_PASSWORD })]);
  assert.equal(ok.code, EXIT.ok, ok.io.all());
  assert.equal(readFileSync(join(dir, 'out', 'program', 'MAIN.prg')).length, 3000);
  const meta = JSON.parse(readFileSync(join(dir, 'out', 'backup-metadata.json'), 'utf8'));
  assert.equal(meta.serial, 'VS000123');
  // No output, error or success, ever shows the password.
  for (const r of [wrong, tampered, ok]) assert.ok(!r.io.all().includes(BACKUP_PASSWORD));
});

test('decrypt without a password source and no terminal is a usage error naming the fix', async (t) => {
  const dir = workDir(t);
  const r = await run(['decrypt', await backupFile(dir, true), '--out', join(dir, 'x')]);
  assert.equal(r.code, EXIT.usage);
  assert.match(r.io.all(), /--secrets FILE/);
});

test('create: usage errors, a too-open secrets file and an invalid endpoint are exit code 2', async (t) => {
  const dir = workDir(t);
  assert.equal((await run(['create', '--out', join(dir, 'b.mxcbak')])).code, EXIT.usage);
  const badTarget = await run(['create', '--target', 'plc:5010', '--out', join(dir, 'b.mxcbak')]);
  assert.equal(badTarget.code, EXIT.usage);
  assert.match(badTarget.io.all(), /tcp:\/\//);
  const open = await run(['create', '--target', 'tcp://127.0.0.1:1', '--out', join(dir, 'b.mxcbak'), '--secrets', secretsFile(dir, { logon: { user: 'admin', password: 'x-Secret-9' } }, 0o644)]);
  assert.equal(open.code, EXIT.usage);
  assert.match(open.io.all(), /chmod 600/);
  // A password typed as an argument is refused without being echoed.
  const arg = await run(['create', '--target', 'tcp://127.0.0.1:1', '--out', join(dir, 'b.mxcbak'), '--password=Typed-Secret-1']);
  assert.equal(arg.code, EXIT.usage);
  assert.ok(!arg.io.all().includes('Typed-Secret-1'));
});

test('create against a real controller (an in-test stand-in answering C059) exits 3: use the engineering tool', async (t) => {
  const dir = workDir(t);
  const device = await startScriptedResponder((r) =>
    isSecurityCommand(r.command) ? { endCode: 0xc059 } : r.command === Command.ReadTypeName ? { data: typeNameAnswer() } : { endCode: 0xc059 },
  );
  t.after(() => device.close());
  const r = await run(['create', '--target', `tcp://127.0.0.1:${device.port}`, '--out', join(dir, 'b.mxcbak'), '--secrets', secretsFile(dir, {})]);
  assert.equal(r.code, EXIT.notSupported);
  assert.match(r.io.all(), /engineering tool/);
  assert.ok(!existsSync(join(dir, 'b.mxcbak')));
});

test('create against an unreachable device exits 7', async (t) => {
  const dir = workDir(t);
  const r = await run(['create', '--target', 'tcp://127.0.0.1:1', '--out', join(dir, 'b.mxcbak'), '--secrets', secretsFile(dir, {})]);
  assert.equal(r.code, EXIT.unreachable, r.io.all());
});

test('create against the virtual controller over the USB cable: logs on, writes an encrypted backup that decrypts', async (t) => {
  const dir = workDir(t);
  const f = await startFixture(t);
  await commissionUsers(f);
  const usbPath = (f.running.listeners.find((l) => l.service === 'usb') as { path: string }).path;
  const secrets = secretsFile(dir, { logon: { user: ADMIN.name, password: ADMIN.password }, backupPassword: BACKUP_PASSWORD });
  const out = join(dir, 'nightly.mxcbak');

  const wrongLogon = await run(['create', '--target', `usb-socket:${usbPath}`, '--out', out, '--secrets', secretsFile(dir, { logon: { user: ADMIN.name, password: 'Wrong-Pass-42' } })]);
  assert.equal(wrongLogon.code, EXIT.logonFailed);
  assert.ok(!existsSync(out));

  const made = await run(['create', '--target', `usb-socket:${usbPath}`, '--out', out, '--secrets', secrets, '--encrypt', '--json']);
  assert.equal(made.code, EXIT.ok, made.io.all());
  assert.equal(JSON.parse(made.io.out[0]!).encrypted, true);
  assert.ok(!made.io.all().includes(ADMIN.password) && !made.io.all().includes(BACKUP_PASSWORD));
  // A second run with the same name refuses to overwrite (scheduled jobs name files by date).
  assert.equal((await run(['create', '--target', `usb-socket:${usbPath}`, '--out', out, '--secrets', secrets, '--encrypt'])).code, EXIT.outputProblem);
  const opened = await run(['decrypt', out, '--out', join(dir, 'extracted'), '--secrets', secrets]);
  assert.equal(opened.code, EXIT.ok, opened.io.all());
});
