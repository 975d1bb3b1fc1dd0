import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createMainService } from './create-main-service';
import { PracticeDevices } from './practice-devices';
import { memoryStore } from '../commissioning/engine/device-registry';

test('10 overlapping connection:open calls then connection:close leave no link open on the practice device (a double-click cannot leak links)', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'mxc-main-service-'));
  const practice = new PracticeDevices(dir);
  const service = await createMainService({ host: 'browser', store: memoryStore(), dataDir: dir, practiceDevices: practice });
  try {
    for (let round = 0; round < 3; round++) {
      const answers = await Promise.allSettled(
        Array.from({ length: 10 }, () => service.connect({ via: 'practice', system: 'mx-r', model: 'MXR300-32' })),
      );
      assert.ok(answers.every((a) => a.status === 'fulfilled'), `round ${round}: every open answered ok`);
      const device = (await practice.get('MXR300-32')).controller.controller;
      assert.ok(device.openConnections().length <= 1, `round ${round}: at most the current link is open (${device.openConnections().length})`);
      await service.disconnect();
      const deadline = Date.now() + 3000;
      while (device.openConnections().length > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
      assert.equal(device.openConnections().length, 0, `round ${round}: no link left open after close`);
      assert.equal(await service.currentConnection(), null);
    }
  } finally {
    await service.dispose();
    rmSync(dir, { recursive: true, force: true });
  }
});
