// Automatic restoration (Table 35 row 6) on the real controller: backups are made with 7E07 over a real
// socket, the setting is written as 7E03 writes it, and the controller is restarted as a remote RESET does.
// Device memory is read in-process (retained R and latched D survive a restart; SD is volatile).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { SecurityCommand as C, SecurityOperation as Op } from '../../slmp/security-commands';
import { checkBlock } from '../security-commands/parameter-blocks';
import { cryptoHarnessesForTests, type CryptoHarness } from './testing/crypto-harness';
import { readD, remoteStop } from './testing/device-words';
import type { AutomaticRestorationSetting } from './automatic-restoration';
import { BackupEngine } from './backup-engine';
import { registerBackupSection } from './backup-sections';

const start = cryptoHarnessesForTests('mxc-auto-restore-');

const PASSWORD = 'Auto-Restore#2026';
const OTHER_PASSWORD = 'Other-Backup#2027';
const SETTING: AutomaticRestorationSetting = { enabled: true, backup: 'latest', timing: 'every-start', restoreSpecialDevices: false, initializeOtherDrives: false };

const word = (h: CryptoHarness, device: string, address: number): number => h.controller.memory.readWords(device, address, 1)[0]!;
const setWord = (h: CryptoHarness, device: string, address: number, value: number): void => h.controller.memory.writeWords(device, address, [value]);
const lockout = (h: CryptoHarness, which: 'written' | 'active' = 'written'): unknown => (which === 'written' ? h.security.writtenBlocks() : h.security.activeBlocks()).lockout;

/** A backup to the SD card through 7E07; an encrypted one makes its password the device's kept one. */
async function backupToCard(h: CryptoHarness, password?: string): Promise<string> {
  const c = await h.connect();
  const made = await c.ok(C.Backup, Op.Backup.Create, { destination: 'sd-card', ...(password !== undefined && { password, trustBoundaryAttested: true }) });
  c.close();
  return made.name as string;
}

/**
 * A remote RESET: asserts that it is exactly one boot (the restoration adds no restart of its own, even
 * after a while) and that no connection is refused meanwhile, then that a client is served right after it.
 */
async function restart(h: CryptoHarness): Promise<void> {
  let boots = 0;
  let refused = 0;
  const off = h.controller.onEvent((e) => {
    if (e.type === 'booted') boots++;
    if (e.type === 'refused') refused++;
  });
  try {
    await h.restart();
    const c = await h.connect();
    await readD(c, 0); // served: the device answers at once
    c.close();
    // Long enough for a restart the restoration added to show itself.
    await sleep(100);
    assert.equal(boots, 1, 'a start is exactly one boot');
    assert.equal(refused, 0, 'no connection is refused during or right after the start');
  } finally {
    off();
  }
}

const detailsOf = (h: CryptoHarness, name: 'restore-success' | 'restore-failure'): string[] => h.events(name).map((e) => e.detail ?? '');

test('Table 35 row 6: automatic restoration at start returns the state at the time of backup, in effect from that one boot', async () => {
  const h = await start();
  h.writeBlocks({ lockout: { failures: 4, minutes: 2 } });
  setWord(h, 'R', 0, 111);
  setWord(h, 'D', 8000, 5);
  const name = await backupToCard(h);
  h.writeBlocks({ lockout: { failures: 8, minutes: 8 }, automaticRestoration: { ...SETTING, backup: name } });
  setWord(h, 'R', 0, 222);
  setWord(h, 'D', 8000, 6);

  await restart(h);
  assert.deepEqual(lockout(h), { failures: 4, minutes: 2 }, 'parameters at the time of backup');
  assert.deepEqual(lockout(h, 'active'), { failures: 4, minutes: 2 }, 'and in effect');
  assert.equal(word(h, 'R', 0), 111, 'file register at the time of backup');
  assert.equal(word(h, 'D', 8000), 5, 'latched register at the time of backup');
  assert.deepEqual(h.security.writtenBlocks().automaticRestoration, { ...SETTING, backup: name }, 'the setting itself is not restored away');
  const success = detailsOf(h, 'restore-success');
  assert.equal(success.length, 1);
  assert.match(success[0]!, new RegExp(`^Automatic restoration from the SD memory card \\(${name}\\)`));
  assert.equal(h.controller.cpu.operatingState, 'RUN', 'the controller runs afterwards');

  // every-start: the next start restores again, once.
  setWord(h, 'R', 0, 333);
  await restart(h);
  assert.equal(word(h, 'R', 0), 111);
  assert.equal(detailsOf(h, 'restore-success').length, 2);
});

test('Table 35 row 6: at process start the restoration is in effect from the first boot, and the controller serves at once', async () => {
  const stateDir = start.folder();
  const first = await start(undefined, stateDir);
  first.writeBlocks({ lockout: { failures: 4, minutes: 2 } });
  const name = await backupToCard(first);
  first.writeBlocks({ lockout: { failures: 8, minutes: 8 }, automaticRestoration: { ...SETTING, backup: name } });
  await first.stop();

  const h = await start(undefined, stateDir);
  assert.deepEqual(lockout(h, 'active'), { failures: 4, minutes: 2 }, 'the restored parameters are in effect as soon as start() returns');
  assert.equal(h.security.pendingRestart(), false, 'nothing is left for a further restart to put in effect');
  const c = await h.connect();
  assert.equal(await readD(c, 0), 0, 'served right away');
  c.close();
  assert.equal(detailsOf(h, 'restore-success').length, 1);
});

test('Table 35 row 6: timing "once" restores a backup file at one start only; "latest" takes the newest file', async () => {
  const h = await start();
  setWord(h, 'R', 0, 111);
  const first = await backupToCard(h);
  h.writeBlocks({ automaticRestoration: { ...SETTING, backup: first, timing: 'once' } });
  setWord(h, 'R', 0, 222);
  await restart(h);
  assert.equal(word(h, 'R', 0), 111);

  setWord(h, 'R', 0, 333);
  await restart(h);
  assert.equal(word(h, 'R', 0), 333, 'device memory changed after the restoration stays');
  assert.equal(detailsOf(h, 'restore-success').length, 1);

  // "latest" with "once": a newer backup is another file, restored once.
  await sleep(5); // a later device time than the first backup
  await backupToCard(h);
  h.writeBlocks({ automaticRestoration: { ...SETTING, backup: 'latest', timing: 'once' } });
  setWord(h, 'R', 0, 444);
  await restart(h);
  assert.equal(word(h, 'R', 0), 333, 'the newest backup');
  setWord(h, 'R', 0, 555);
  await restart(h);
  assert.equal(word(h, 'R', 0), 555);
});

test('automatic restoration: initialization of all information forgets which file was restored "once"', async () => {
  const h = await start();
  setWord(h, 'R', 0, 111);
  const name = await backupToCard(h);
  const once = { ...SETTING, backup: name, timing: 'once' as const };
  h.writeBlocks({ automaticRestoration: once });
  await restart(h);
  assert.equal(detailsOf(h, 'restore-success').length, 1);

  await h.security.initializeAll({});
  await restart(h); // the restart after initialization: no setting left, nothing restored
  assert.equal(detailsOf(h, 'restore-success').length, 0, 'the history starts afresh too');
  setWord(h, 'R', 0, 222);
  h.writeBlocks({ automaticRestoration: once });
  await restart(h);
  assert.equal(word(h, 'R', 0), 111, 'the same file is restored once again after initialization');
  assert.equal(detailsOf(h, 'restore-success').length, 1);
});

test('Table 35 row 6: an encrypted backup is restored with the kept password; a wrong or missing one fails and changes nothing', async () => {
  const h = await start();
  h.writeBlocks({ lockout: { failures: 4, minutes: 2 } });
  setWord(h, 'R', 0, 111);
  const encrypted = await backupToCard(h, PASSWORD);
  await sleep(5);
  await backupToCard(h, OTHER_PASSWORD); // the kept password is now this one
  h.writeBlocks({ lockout: { failures: 8, minutes: 8 }, automaticRestoration: { ...SETTING, backup: encrypted } });
  setWord(h, 'R', 0, 222);

  await restart(h);
  assert.match(detailsOf(h, 'restore-failure').at(-1)!, /decryption failed/);
  assert.deepEqual(lockout(h), { failures: 8, minutes: 8 }, 'nothing changed');
  assert.equal(word(h, 'R', 0), 222);

  new BackupEngine(h.security).forgetAutomaticPassword();
  await restart(h);
  assert.match(detailsOf(h, 'restore-failure').at(-1)!, /keeps no backup password/);
  assert.deepEqual(lockout(h), { failures: 8, minutes: 8 });

  // With the right password kept (an encrypted backup made by hand with it), it succeeds, users included.
  await backupToCard(h, PASSWORD);
  await restart(h);
  assert.deepEqual(lockout(h), { failures: 4, minutes: 2 });
  assert.equal(word(h, 'R', 0), 111);
  assert.match(detailsOf(h, 'restore-success').at(-1)!, /users/);
  assert.ok(!JSON.stringify(h.events()).includes(PASSWORD), 'no password in the event history');
});

test('Table 35 row 6: a modified file, a file of another model or a missing file fails and changes nothing', async () => {
  const h = await start();
  setWord(h, 'R', 0, 111);
  const name = await backupToCard(h);
  const card = h.security.sdCardDir;
  const bytes = readFileSync(join(card, name));
  bytes.writeUInt8(bytes.readUInt8(bytes.length - 10) ^ 0xff, bytes.length - 10);
  writeFileSync(join(card, 'MODIFIED.mxcbak'), bytes);
  const other = await start('MXF100-16-N32');
  copyFileSync(join(other.security.sdCardDir, await backupToCard(other)), join(card, 'OTHER-MODEL.mxcbak'));
  setWord(h, 'R', 0, 222);

  for (const [file, reason] of [
    ['MODIFIED.mxcbak', /integrity check failed/],
    ['OTHER-MODEL.mxcbak', /made on a MXF100-16-N32/],
    ['MISSING.mxcbak', /no backup named MISSING.mxcbak/],
  ] as const) {
    h.writeBlocks({ automaticRestoration: { ...SETTING, backup: file } });
    await restart(h);
    assert.match(detailsOf(h, 'restore-failure').at(-1)!, reason);
    assert.equal(word(h, 'R', 0), 222, `${file}: nothing changed`);
  }
  assert.equal(detailsOf(h, 'restore-success').length, 0);
});

test('Table 35 row 6: special relays and registers are restored only when set', async () => {
  const h = await start();
  setWord(h, 'SD', 1500, 0x1234);
  setWord(h, 'R', 0, 111);
  h.controller.cpu.set('STOP'); // SD203 = 2 in the backup
  const name = await backupToCard(h);
  h.writeBlocks({ automaticRestoration: { ...SETTING, backup: name, restoreSpecialDevices: false } });
  await restart(h);
  assert.equal(word(h, 'R', 0), 111, 'restored');
  assert.equal(word(h, 'SD', 1500), 0, 'special register not restored (a restart clears it)');

  h.writeBlocks({ automaticRestoration: { ...SETTING, backup: name, restoreSpecialDevices: true } });
  await restart(h);
  assert.equal(word(h, 'SD', 1500), 0x1234, 'special register restored');
  assert.equal(word(h, 'SD', 203), 0, 'SD203 shows the CPU state now (RUN = 0), not the STOP of the backup');
});

test('Table 35 row 6: initialization for automatic restoration initializes the drives other than the target, never security information', async () => {
  const h = await start();
  let moduleDrive = 'factory';
  const off = registerBackupSection(h.controller, {
    name: 'practice-module',
    capture: () => Buffer.from(moduleDrive),
    prepare: (data) => () => void (moduleDrive = Buffer.from(data).toString()),
    initialize: () => void (moduleDrive = 'factory'),
  });
  try {
    h.writeBlocks({ lockout: { failures: 4, minutes: 2 } });
    moduleDrive = 'at backup';
    setWord(h, 'R', 0, 111);
    const name = await backupToCard(h);
    const target = { ...SETTING, backup: name, targets: ['parameters'] };

    // Not enabled: the drives outside the target keep their data.
    h.writeBlocks({ lockout: { failures: 8, minutes: 8 }, automaticRestoration: { ...target, initializeOtherDrives: false } });
    setWord(h, 'R', 0, 222);
    moduleDrive = 'changed';
    await restart(h);
    assert.deepEqual(lockout(h), { failures: 4, minutes: 2 }, 'the target drive is restored');
    assert.equal(word(h, 'R', 0), 222, 'device memory (not a target) kept');
    assert.equal(moduleDrive, 'changed', 'module drive (not a target) kept');
    assert.match(detailsOf(h, 'restore-success').at(-1)!, /other drives kept/);

    // Enabled: they return to their factory state; users and certificate are never initialized here.
    h.writeBlocks({ lockout: { failures: 8, minutes: 8 }, automaticRestoration: { ...target, initializeOtherDrives: true } });
    await restart(h);
    assert.deepEqual(lockout(h), { failures: 4, minutes: 2 });
    assert.equal(word(h, 'R', 0), 0, 'device memory initialized');
    assert.equal(moduleDrive, 'factory', 'module drive initialized');
    assert.match(detailsOf(h, 'restore-success').at(-1)!, /other drives initialized: device-memory, practice-module \(security information kept: users, certificate\)/);

    // A target the backup does not hold (users are only in encrypted backups) is refused.
    h.writeBlocks({ lockout: { failures: 8, minutes: 8 }, automaticRestoration: { ...target, targets: ['parameters', 'users'], initializeOtherDrives: true } });
    setWord(h, 'R', 0, 222);
    await restart(h);
    assert.match(detailsOf(h, 'restore-failure').at(-1)!, /holds no users drive/);
    assert.equal(word(h, 'R', 0), 222, 'nothing initialized on a refusal');
    assert.deepEqual(lockout(h), { failures: 8, minutes: 8 });
  } finally {
    off();
  }
});

test('automatic restoration: a fault while restoring is recorded and the controller still starts and serves', async () => {
  const h = await start();
  let fault = false;
  const off = registerBackupSection(h.controller, {
    name: 'faulty-module',
    capture: () => Buffer.from('data'),
    prepare: () => {
      if (fault) throw new Error('the module broke while reading its drive');
      return () => undefined;
    },
  });
  try {
    const name = await backupToCard(h);
    h.writeBlocks({ automaticRestoration: { ...SETTING, backup: name } });
    fault = true;
    await restart(h); // one boot, nobody refused, a client served
    assert.match(detailsOf(h, 'restore-failure').at(-1)!, /^Automatic restoration failed: the module broke while reading its drive/);
    assert.equal(detailsOf(h, 'restore-success').length, 0);
  } finally {
    off();
  }
});

test('automatic restoration: the restart that ends a 7E07 restoration is not a restoration request', async () => {
  const h = await start();
  h.writeBlocks({ lockout: { failures: 4, minutes: 2 } });
  setWord(h, 'R', 0, 111);
  const automatic = await backupToCard(h);
  h.writeBlocks({ lockout: { failures: 6, minutes: 6 } });
  setWord(h, 'R', 0, 222);
  await sleep(5);
  const manual = await backupToCard(h);
  const setting = { ...SETTING, backup: automatic };
  h.writeBlocks({ automaticRestoration: setting });
  await restart(h);
  assert.equal(word(h, 'R', 0), 111);
  assert.deepEqual(lockout(h), { failures: 4, minutes: 2 });

  const c = await h.connect();
  await remoteStop(c);
  const { restoreId } = (await c.ok(C.Backup, Op.Backup.RestoreBegin, { source: 'sd-card', name: manual })) as { restoreId: string };
  let boots = 0;
  let booted!: () => void;
  const firstBoot = new Promise<void>((resolve) => (booted = resolve));
  const off = h.controller.onEvent((e) => {
    if (e.type !== 'booted') return;
    boots++;
    booted();
  });
  try {
    await c.ok(C.Backup, Op.Backup.RestoreCommit, { restoreId });
    await firstBoot;
    await sleep(100);
  } finally {
    off();
  }
  // That boot sees the automatic restoration setting enabled (the restoration keeps the device's own), yet
  // does not restore the other backup over the one just restored by hand.
  assert.deepEqual(h.security.writtenBlocks().automaticRestoration, setting);
  assert.deepEqual(lockout(h, 'active'), { failures: 6, minutes: 6 }, 'the manual restoration stands');
  assert.equal(word(h, 'R', 0), 222);
  assert.equal(detailsOf(h, 'restore-success').length, 2, 'one automatic, one manual');
  assert.equal(boots, 1, 'one restart');

  // The start after it is a request again.
  await restart(h);
  assert.deepEqual(lockout(h, 'active'), { failures: 4, minutes: 2 });
  assert.equal(detailsOf(h, 'restore-success').length, 3);
});

test('7E03 automaticRestoration: the device checks the block by its own rules', () => {
  assert.deepEqual(checkBlock('automaticRestoration', SETTING, 'MX-F'), []);
  assert.deepEqual(checkBlock('automaticRestoration', { ...SETTING, backup: 'BACKUP-20260301-120000.mxcbak', targets: ['device-memory', 'parameters'] }, 'MX-F'), []);
  const paths = (value: unknown): string[] => [...new Set(checkBlock('automaticRestoration', value, 'MX-F').map((r) => r.path))];
  assert.deepEqual(paths({ ...SETTING, backup: '../etc/passwd' }), ['blocks.automaticRestoration.backup']);
  assert.deepEqual(paths({ ...SETTING, timing: 'sometimes' }), ['blocks.automaticRestoration.timing']);
  assert.deepEqual(paths({ ...SETTING, targets: [] }), ['blocks.automaticRestoration.targets']);
  assert.deepEqual(paths({ ...SETTING, targets: ['parameters', 'parameters'] }), ['blocks.automaticRestoration.targets']);
  assert.deepEqual(paths({ ...SETTING, restoreSpecialDevices: 'yes' }), ['blocks.automaticRestoration.restoreSpecialDevices']);
  assert.deepEqual(paths({ enabled: true }).sort(), [
    'blocks.automaticRestoration.backup',
    'blocks.automaticRestoration.initializeOtherDrives',
    'blocks.automaticRestoration.restoreSpecialDevices',
    'blocks.automaticRestoration.timing',
  ]);
  assert.match(checkBlock('automaticRestoration', { ...SETTING, backup: 'x' }, 'MX-F')[0]!.message, /backup file on the SD memory card/);
});
