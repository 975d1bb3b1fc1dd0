// Journey: an engineer checks a large encrypted backup on the PC with the shipped command line
// (`mxc backup decrypt`), as they would after a scheduled backup. The shipped bundles carry the backup
// encryption worker beside them (scripts/build.mjs); this journey runs the BUILT command, so a bundle
// without its worker (which would still decrypt, on one core, with a warning) fails here.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { createBackupFile } from '../src-main/crypto/backup-file';
import { stopSegmentWorkers } from '../src-main/crypto/segment-worker-pool';
import { repoRoot } from './support/host-process';

const run = promisify(execFile);

test('a 12 MiB encrypted backup decrypts with the built mxc, on its worker threads, byte for byte', async (t) => {
  if (availableParallelism() < 2) {
    t.skip('one core: the built command decrypts on the main thread, and no worker is started to check');
    return;
  }
  const dir = mkdtempSync(join(tmpdir(), 'mxc-e2e-backup-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const password = 'Backup-Password-2026!';
  const data = randomBytes(12 * 1024 * 1024 + 7);
  const file = await createBackupFile([{ name: 'filereg/R.bin', data }], {
    password,
    kdf: { log2N: 14, r: 8, p: 1 },
    metadata: { model: 'MXR300-32', serial: 'SN-9', firmware: '1.000', createdAt: new Date('2026-11-28T08:00:00Z'), encryption: true },
  });
  await stopSegmentWorkers();
  writeFileSync(join(dir, 'big.mxcbak'), file);
  writeFileSync(join(dir, 'secrets.json'), JSON.stringify({ version: 1, backupPassword: password }), { mode: 0o600 });
  const { stderr } = await run(
    process.execPath,
    [join(repoRoot, 'build/cli/mxc.js'), 'backup', 'decrypt', join(dir, 'big.mxcbak'), '--out', join(dir, 'out'), '--secrets', join(dir, 'secrets.json')],
    { cwd: repoRoot, timeout: 60_000 },
  );
  assert.doesNotMatch(stderr, /worker threads are unavailable/, stderr);
  assert.ok(readFileSync(join(dir, 'out', 'filereg', 'R.bin')).equals(data));
});
