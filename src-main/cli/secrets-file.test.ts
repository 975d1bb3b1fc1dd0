import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { inspect } from 'node:util';
import { readSecrets, SecretsError, type TerminalIo } from './secrets-file';

const SECRET = 'Tr0ub4dor&3-never-shown';

function tempDir(t: { after: (f: () => void) => void }): string {
  const dir = mkdtempSync(join(tmpdir(), 'mxc-secrets-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

function writeSecrets(dir: string, content: unknown, mode = 0o600): string {
  const path = join(dir, 'secrets.json');
  writeFileSync(path, typeof content === 'string' ? content : JSON.stringify(content), { mode });
  chmodSync(path, mode);
  return path;
}

/** A terminal: `typed` is what the person types (one string per prompt); `shown` is what appeared on screen. */
function terminal(typed: string[], tty = true): TerminalIo & { shown: () => string; rawModes: boolean[] } {
  const input = new PassThrough() as PassThrough & { isTTY?: boolean; setRawMode?: (m: boolean) => void };
  const output = new PassThrough();
  let shown = '';
  const rawModes: boolean[] = [];
  output.on('data', (d: Buffer) => {
    shown += d.toString();
    // Answer each prompt once it appears, as a person would.
    if (/: $/.test(shown) && typed.length > 0) setImmediate(() => input.write(typed.shift()! + '\r'));
  });
  input.isTTY = tty;
  input.setRawMode = (m: boolean) => void rawModes.push(m);
  return { input, output, shown: () => shown, rawModes };
}

test('a secrets file gives the logon, user passwords and the backup password', async (t) => {
  const path = writeSecrets(tempDir(t), { version: 1, logon: { user: 'admin', password: SECRET }, users: { op1: 'Op-Pass-12' }, backupPassword: 'Bk-Pass-123' });
  const s = await readSecrets(path, { logon: 'required', backupPassword: 'new' }, terminal([], false));
  assert.deepEqual(s.logon, { user: 'admin', password: SECRET });
  assert.equal(s.users.get('op1'), 'Op-Pass-12');
  assert.equal(s.backupPassword, 'Bk-Pass-123');
  // Printing or serializing the secrets by mistake shows nothing.
  assert.ok(!inspect(s).includes(SECRET));
  assert.ok(!JSON.stringify(s).includes(SECRET));
});

test('a secrets file readable by group or others is refused, naming the fix (POSIX)', { skip: process.platform === 'win32' ? 'POSIX permission bits' : false }, async (t) => {
  const dir = tempDir(t);
  for (const mode of [0o640, 0o604, 0o660]) {
    const path = writeSecrets(dir, { version: 1, backupPassword: SECRET }, mode);
    await assert.rejects(readSecrets(path, {}, terminal([], false)), (e: unknown) => {
      assert.ok(e instanceof SecretsError);
      assert.equal(e.code, 'secrets-permissions');
      assert.match(e.message, /chmod 600/);
      return true;
    });
  }
});

test('invalid secrets files name the path at fault but never echo a value', async (t) => {
  const dir = tempDir(t);
  const cases: Array<[unknown, RegExp]> = [
    [`{"version": 1, "backupPassword": "${SECRET}"`, /not valid JSON/],
    [{ version: 2, backupPassword: SECRET }, /version: must be 1/],
    [{ version: 1, logon: { user: 'admin' }, backupPassword: SECRET }, /logon\.password/],
    [{ version: 1, password: SECRET }, /unknown field\(s\) "password"/],
    [{ version: 1, users: { op1: 12 } }, /users\.op1/],
  ];
  for (const [content, expected] of cases) {
    const path = writeSecrets(dir, content);
    await assert.rejects(readSecrets(path, {}, terminal([], false)), (e: unknown) => {
      assert.ok(e instanceof SecretsError);
      assert.equal(e.code, 'secrets-invalid');
      assert.match(e.message, expected);
      assert.ok(!e.message.includes(SECRET), `no secret in: ${e.message}`);
      return true;
    });
  }
  await assert.rejects(readSecrets(join(dir, 'missing.json'), {}, terminal([], false)), { code: 'secrets-not-found' });
});

test('--secrets - reads the same JSON from standard input', async () => {
  const io = terminal([], false);
  const stdin = io.input as PassThrough;
  stdin.end(JSON.stringify({ version: 1, logon: { user: 'admin', password: SECRET } }));
  const s = await readSecrets('-', { logon: 'required' }, io);
  assert.equal(s.logon?.password, SECRET);
});

test('without a file, a terminal is asked; passwords are typed without echo', async () => {
  const io = terminal(['admin', SECRET, 'Bk-Pass-123', 'Bk-Pass-123']);
  const s = await readSecrets(undefined, { logon: 'optional', backupPassword: 'new' }, io);
  assert.deepEqual(s.logon, { user: 'admin', password: SECRET });
  assert.equal(s.backupPassword, 'Bk-Pass-123');
  assert.ok(!io.shown().includes(SECRET), 'the password was not echoed');
  assert.match(io.shown(), /Password of admin: /);
  // Raw mode (no echo) was on for each of the three hidden prompts and turned off again.
  assert.deepEqual(io.rawModes, [true, false, true, false, true, false]);
});

test('two different new backup passwords are refused; without a terminal a missing secret is an error', async () => {
  await assert.rejects(readSecrets(undefined, { backupPassword: 'new' }, terminal(['One-Pass-1', 'Two-Pass-2'])), /differ/);
  await assert.rejects(readSecrets(undefined, { logon: 'required' }, terminal([], false)), (e: unknown) => {
    assert.ok(e instanceof SecretsError);
    assert.equal(e.code, 'secrets-missing');
    assert.match(e.message, /--secrets FILE/);
    return true;
  });
});
