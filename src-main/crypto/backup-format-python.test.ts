// docs/backup-format.md promises that a tool written without MX Commissioner's code can open a backup. This
// test holds the document to it: it runs the document's own Python reader (the `cryptography` package,
// Debian's python3-cryptography) on a file this module wrote, with two segments and a short last one.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { createBackupFile } from './backup-file';

const run = promisify(execFile);
const DOC = new URL('../../docs/backup-format.md', import.meta.url);

async function pythonCanReadBackups(): Promise<string | undefined> {
  try {
    await run('python3', ['-c', 'import cryptography'], { timeout: 10_000 });
    return undefined;
  } catch {
    return 'python3 with the cryptography package is not installed (Debian: python3-cryptography; .ci/run installs it)';
  }
}

test("the document's Python reader opens a backup this module wrote", async (t) => {
  const missing = await pythonCanReadBackups();
  if (missing) {
    t.skip(missing);
    return;
  }
  const snippet = /```python\n([\s\S]*?)```/.exec(readFileSync(DOC, 'utf8'))?.[1];
  assert.ok(snippet, 'docs/backup-format.md has a Python reader');
  const password = 'Grüße-aus-Tokyo-7';
  const data = randomBytes(1024 * 1024 + 4321);
  const file = await createBackupFile([{ name: 'filereg/R.bin', data }], {
    password,
    kdf: { log2N: 14, r: 8, p: 1 },
    metadata: { model: 'MXF100-16-N32', serial: 'SN-1', firmware: '1.000', createdAt: new Date('2026-11-28T10:00:00Z'), encryption: true },
  });
  const dir = mkdtempSync(join(tmpdir(), 'mxc-backup-python-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  writeFileSync(join(dir, 'backup.mxcbak'), file);
  const script = snippet.replace('"the password"', JSON.stringify(password)) + `\nimport sys\nsys.stdout.write(hashlib.sha256(plain[-${data.length}:]).hexdigest() + " " + meta["model"])\n`;
  assert.notEqual(script, snippet, 'the snippet names the password as "the password"');
  const { stdout } = await run('python3', ['-c', script], { cwd: dir, timeout: 60_000 });
  const [digest, model] = stdout.trim().split(' ');
  assert.equal(model, 'MXF100-16-N32');
  // The archive ends with the last entry's data.
  assert.equal(digest, createHash('sha256').update(data).digest('hex'));
  const wrong = script.replace(JSON.stringify(password), JSON.stringify(`${password}x`));
  await assert.rejects(run('python3', ['-c', wrong], { cwd: dir, timeout: 60_000 }), /wrong password/);
});
